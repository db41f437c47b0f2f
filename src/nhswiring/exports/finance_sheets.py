"""The finance views as rows: the same rows feed the terminal table, the CSV and the XLSX, so
the three can never disagree. Amounts stay exact decimal text in CSV and become numbers in
XLSX (pounds, with the unit in the header); a missing figure is an empty cell with its reason
beside it, never a zero.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

JsonDict = dict[str, Any]
Rows = list[list[str]]

#: The arguments of NHS England's finance actions that are sums of money.
MONEY_ARGUMENTS = ("amount", "revenue", "capital")

SHOW_HEADER = ["section", "item", "measure", "amount (£)", "status", "basis", "source"]
COMPARE_FIXED = ["code", "name"]


def _growth(line: JsonDict) -> str:
    return (
        f"growth {line['growth_percent']}% on {line['previous']['year']}"
        if (line.get("growth_percent") is not None)
        else ""
    )


def duty_rows(duties: Sequence[JsonDict]) -> Rows:
    rows: Rows = []
    for d in duties:
        missing = d.get("missing") or []
        status = d["status"] + (f" (missing: {', '.join(missing)})" if missing else "")
        margin = d.get("margin")
        rows.append(["duty", d["title"], d["body"], margin or "", status, d["citation"], ""])
    return rows


def show_rows(view: JsonDict) -> Rows:
    """One row per stream, decision, recorded figure and duty of ``finance show``."""
    rows: Rows = []
    for line in view.get("streams", []):
        source = line.get("source") or {}
        rows.append(
            [
                "allocation",
                line["name"],
                line["measure"],
                line["amount"] or "",
                _growth(line) or ("" if line["amount"] else "missing"),
                line.get("missing", "") if not line["amount"] else "published",
                " ".join(filter(None, [source.get("publication"), source.get("table")])),
            ]
        )
    for key in ("objectives", "limits"):
        for d in view.get(key, []):
            # one row per sum the decision set (an FT's limit; a system's revenue and capital
            # limits), so that no sum is hidden behind another
            sums = [
                (f"{d['action']} ({arg})", d["details"][arg])
                for arg in MONEY_ARGUMENTS
                if d["details"].get(arg) not in (None, "None", "")
            ] or [(d["action"], "")]
            rows.extend(
                [key[:-1], item, d["by"], amount, d["effective"], d["basis"] or "", ""]
                for item, amount in sums
            )
    rows.extend(
        recorded_row("recorded", r["figure"], r["measure"] or "", r)
        for r in view.get("recorded", [])
    )
    rows.extend(duty_rows(view.get("duties", [])))
    return rows


def recorded_row(section: str, item: str, detail: str, r: JsonDict) -> list[str]:
    """A user's recorded figure as a row: whether it is current, when, and its source."""
    status = "current" if r["current"] else "superseded"
    return [section, item, detail, r["amount"], status, r["effective"], r["source"] or ""]


def compare_header(view: JsonDict) -> list[str]:
    streams = list(view["measures"])
    duties = sorted({d for row in view["icbs"] for d in row["duties"]})
    return [*COMPARE_FIXED, *(f"{s} (£)" for s in streams), "core growth (%)", *duties]


def compare_rows(view: JsonDict) -> Rows:
    streams = list(view["measures"])
    duties = sorted({d for row in view["icbs"] for d in row["duties"]})
    return [
        [
            row["code"],
            row["name"],
            *(row[s] or "" for s in streams),
            row["core_growth_percent"] or "",
            *(row["duties"].get(d, "") for d in duties),
        ]
        for row in view["icbs"]
    ]


def system_rows(view: JsonDict) -> Rows:
    rows: Rows = []
    for member in view["members"]:
        body = member["body"]
        if not member["recorded"]:
            rows.append(["member", body["name"], body["code"], "", "no figures recorded", "", ""])
        rows.extend(
            recorded_row("member", body["name"], r["figure"], r) for r in member["recorded"]
        )
    rows.extend(duty_rows(view.get("duties", [])))
    return rows


def to_csv(header: Sequence[str], rows: Rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def to_xlsx(title: str, header: Sequence[str], rows: Rows, path: Path) -> None:
    """An XLSX of ``rows`` whose amount columns (headers ending "(£)") are numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Finance"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(header))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    money_columns = {i for i, h in enumerate(header) if h.endswith("(£)")}
    for row in rows:
        cells: list[Any] = [
            Decimal(v) if i in money_columns and v not in ("",) and _number(v) else v
            for i, v in enumerate(row)
        ]
        sheet.append(cells)
        for i in money_columns:
            sheet.cell(row=sheet.max_row, column=i + 1).number_format = "#,##0.00"
    book.save(path)


def _number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True
