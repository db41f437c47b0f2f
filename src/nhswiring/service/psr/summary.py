"""The annual summary (PSR reg 25) and monitoring (reg 26), built from recorded cases.

The counts are exactly those reg 25(2) lists; the breakdowns after them (by process, by CPV
code, values) are what users ask for and are labelled as extra. The first summary covers 1
January 2024 to 31 March 2025; later ones a financial year, 1 April to 31 March.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import CaseState, fold_case
from nhswiring.domain.register import Register
from nhswiring.domain.time import Interval

DIRECT_AWARDS = {"direct_award_a", "direct_award_b", "direct_award_c"}
MEASURES = (
    "direct_awards",
    "most_suitable_provider",
    "competitive",
    "frameworks",
    "call_offs",
    "urgent_awards",
    "modifications",
    "new_providers",
    "lost_providers",
    "representations",
)
REG_25 = "Health Care Services (Provider Selection Regime) Regulations 2023 reg 25(2)"


def financial_year(label: str) -> Interval:
    """'2024/25' (the first summary: 1 January 2024 to 31 March 2025) or 'YYYY/YY'."""
    match = re.fullmatch(r"(\d{4})/(\d{2})", label)
    if not match or int(match[2]) != (int(match[1]) + 1) % 100:
        raise InvalidInput(
            "year",
            f"{label!r} is not a financial year",
            "use YYYY/YY, e.g. 2024/25 (the first summary, from 1 January 2024)",
        )
    first = int(match[1])
    if first < 2024:
        raise InvalidInput(
            "year", f"{label} is before the PSR", "the first annual summary is 2024/25"
        )
    start = date(2024, 1, 1) if first == 2024 else date(first, 4, 1)
    return Interval(start, date(first + 1, 4, 1))


@dataclass
class AnnualSummary:
    authority: str
    year: str
    period: Interval
    counts: dict[str, int] = field(default_factory=dict)
    representations: list[dict[str, Any]] = field(default_factory=list)
    by_process: dict[str, int] = field(default_factory=dict)
    by_cpv: dict[str, int] = field(default_factory=dict)
    value_awarded: Decimal = Decimal(0)

    def rows(self) -> list[tuple[str, str, str]]:
        labels = {
            "direct_awards": "Contracts awarded by Direct Award A, B or C",
            "most_suitable_provider": "Contracts awarded by the Most Suitable Provider process",
            "competitive": "Contracts awarded by the Competitive Process",
            "frameworks": "Framework agreements concluded",
            "call_offs": "Contracts awarded under framework agreements",
            "urgent_awards": "Urgent awards (reg 14)",
            "modifications": "Contracts modified (regs 13-14)",
            "new_providers": "Contracts awarded to a provider that was not the existing provider",
            "lost_providers": "Existing providers that did not retain the services",
            "representations": "Representations received in standstill periods ending in the year",
        }
        return [(labels[k], str(v), REG_25) for k, v in self.counts.items()]

    def to_json(self) -> dict[str, Any]:
        return {
            "authority": self.authority,
            "year": self.year,
            "period": self.period.to_json(),
            "counts": self.counts,
            "representations": self.representations,
            "extra": {
                "by_process": self.by_process,
                "by_cpv": self.by_cpv,
                "value_awarded": str(self.value_awarded),
            },
        }

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["measure", "count", "basis"])
        writer.writerows(self.rows())
        for r in self.representations:
            writer.writerow(
                [
                    f"Representation: {r['provider']} ({r['case']})",
                    r["summary"],
                    f"outcome: {r['decision']}",
                ]
            )
        return out.getvalue()

    def to_xlsx(self, path: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Summary"
        sheet.append(
            [
                f"PSR annual summary: {self.authority}, {self.year} "
                f"({self.period.start} to {self.period.end})"
            ]
        )
        sheet["A1"].font = Font(bold=True)
        sheet.append(["Measure", "Count", "Basis"])
        for row in self.rows():
            sheet.append([row[0], int(row[1]), row[2]])
        reps = book.create_sheet("Representations")
        reps.append(["Case", "Provider", "Received", "Nature", "Decision", "Impact"])
        for r in self.representations:
            reps.append(
                [
                    r["case"],
                    r["provider"],
                    r["received_on"],
                    r["summary"],
                    r["decision"],
                    r.get("reasons") or "",
                ]
            )
        extra = book.create_sheet("Breakdowns")
        extra.append(["Process", "Awards"])
        for k, v in self.by_process.items():
            extra.append([k, v])
        extra.append([])
        extra.append(["CPV code", "Awards"])
        for k, v in self.by_cpv.items():
            extra.append([k, v])
        extra.append([])
        extra.append(["Total lifetime value awarded (£)", float(self.value_awarded)])
        book.save(path)


def cases_of(register: Register, authority: str) -> list[CaseState]:
    out = []
    for case_id in register.case_ids():
        case = fold_case(case_id, register.case_steps(case_id))
        if case.authority == authority:
            out.append(case)
    return out


def annual_summary(register: Register, authority: str, year: str) -> AnnualSummary:
    period = financial_year(year)
    summary = AnnualSummary(authority, year, period)
    counts: Counter[str] = Counter(dict.fromkeys(MEASURES, 0))
    by_process: Counter[str] = Counter()
    by_cpv: Counter[str] = Counter()
    for case in cases_of(register, authority):
        award = case.award
        if award and period.contains(date.fromisoformat(award["awarded_on"])):
            process = case.process or ""
            by_process[process] += 1
            for code in case.cpv_codes:
                by_cpv[code] += 1
            summary.value_awarded += Decimal(award["value"])
            if case.facts.get("framework"):
                counts["frameworks"] += 1
            elif case.facts.get("call_off"):
                counts["call_offs"] += 1
            elif process in DIRECT_AWARDS:
                counts["direct_awards"] += 1
            elif process == "most_suitable_provider":
                counts["most_suitable_provider"] += 1
            elif process == "competitive":
                counts["competitive"] += 1
            elif process == "urgent":
                counts["urgent_awards"] += 1
            if case.existing_provider and award["provider"] != case.existing_provider:
                counts["new_providers"] += 1
                counts["lost_providers"] += 1
            elif not case.existing_provider:
                counts["new_providers"] += 1
        counts["modifications"] += sum(
            1 for m in case.modifications if period.contains(date.fromisoformat(m["on"]))
        )
        if case.standstill and period.contains(date.fromisoformat(case.standstill["last_day"])):
            for r in case.representations:
                counts["representations"] += 1
                summary.representations.append(r | {"case": case.case_id})
    summary.counts = dict(counts)
    summary.by_process = dict(by_process)
    summary.by_cpv = dict(by_cpv)
    return summary
