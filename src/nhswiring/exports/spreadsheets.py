"""The reg 25 annual summary and reg 26 monitoring report as CSV and XLSX, the forms
authorities publish them in."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nhswiring.service.psr.monitoring import MonitoringReport
    from nhswiring.service.psr.summary import AnnualSummary


REPRESENTATION_HEADER = ("Case", "Provider", "Received", "Nature", "Decision", "Impact")


def representation_rows(summary: AnnualSummary) -> list[list[str]]:
    """Reg 25(2)(i): each representation, its nature and its impact (the decision on it)."""
    return [
        [
            r["case"],
            r["provider"],
            r["received_on"],
            r["summary"],
            r.get("decision") or "",
            r.get("reasons") or "",
        ]
        for r in summary.representations
    ]


def summary_csv(summary: AnnualSummary) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["measure", "count", "basis"])
    writer.writerows(summary.rows())
    writer.writerow([])
    writer.writerow([h.lower() for h in REPRESENTATION_HEADER])
    writer.writerows(representation_rows(summary))
    return out.getvalue()


def summary_xlsx(summary: AnnualSummary, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Summary"
    sheet.append(
        [
            f"PSR annual summary (reg 25): {summary.authority}, {summary.year} "
            f"({summary.period.start} to {summary.period.end}, end exclusive)"
        ]
    )
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Measure", "Count", "Basis"])
    for row in summary.rows():
        sheet.append([row[0], int(row[1]), row[2]])
    sheet.append([])
    sheet.append(["Nature and impact of representations (reg 25(2)(i))"])
    sheet.append([summary.representation_summary() or "None received"])
    _table(
        book.create_sheet("Representations"),
        list(REPRESENTATION_HEADER),
        representation_rows(summary),
    )
    extra = book.create_sheet("Breakdowns")
    _table(extra, ["Awards by process", "Count"], list(summary.by_process.items()))
    extra.append([])
    _table(extra, ["Awards by CPV code", "Count"], list(summary.by_cpv.items()))
    extra.append([])
    _table(
        extra, ["Modifications by ground", "Count"], list(summary.modifications_by_ground.items())
    )
    extra.append([])
    extra.append(["New providers", ", ".join(summary.new_providers)])
    extra.append(["Lost providers", ", ".join(summary.lost_providers)])
    extra.append(["Total lifetime value awarded (£)", float(summary.value_awarded)])
    book.save(path)


def monitoring_csv(report: MonitoringReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["case", "check", "result", "finding", "how it will be addressed", "basis"])
    for f in report.findings:
        writer.writerow([f.case, f.check, f.result, f.detail, f.remedy, f.citation])
    return out.getvalue()


def monitoring_xlsx(report: MonitoringReport, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Monitoring"
    sheet.append([f"PSR monitoring report (reg 26): {report.authority}, {report.year}"])
    _table(
        sheet,
        ["Case", "Check", "Result", "Finding", "How it will be addressed", "Basis"],
        [[f.case, f.check, f.result, f.detail, f.remedy, f.citation] for f in report.findings],
    )
    book.save(path)


def _table(sheet: Any, header: list[str], rows: list[Any]) -> None:
    from openpyxl.styles import Font

    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
