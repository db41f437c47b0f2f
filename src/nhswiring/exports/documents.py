"""The decision record as a document people read: HTML (Jinja2) and PDF (fpdf2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from jinja2 import Environment, PackageLoader, select_autoescape

from nhswiring.domain.procurement import PROCESS_NAMES
from nhswiring.service.psr.records import REG_24, DecisionRecord


def record_html(record: DecisionRecord, authority: str) -> str:
    env = Environment(
        loader=PackageLoader("nhswiring.exports", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    return env.get_template("record.html").render(
        record=record,
        authority=authority,
        citation=REG_24,
        process=PROCESS_NAMES.get(record.case.process or "", "not chosen"),
    )


class _Document(FPDF):
    """Every paragraph starts at the left margin on a new line (fpdf2's default leaves the
    cursor to the right of the last cell, leaving no width for the next)."""

    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("new_x", XPos.LMARGIN)
        kwargs.setdefault("new_y", YPos.NEXT)
        return super().multi_cell(*args, **kwargs)


def record_pdf(record: DecisionRecord, authority: str, path: Path) -> None:
    pdf = _Document(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, _latin(f"Decision record: {record.case.service}"))
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(
        0,
        6,
        _latin(
            f"Case {record.case.case_id}, {authority}; process "
            f"{PROCESS_NAMES.get(record.case.process or '', 'not chosen')}; status "
            f"{record.case.status.value}. Kept under {REG_24}."
        ),
    )
    if record.missing:
        pdf.set_text_color(213, 40, 27)
        pdf.multi_cell(0, 6, f"Incomplete: {len(record.missing)} item(s) missing.")
        pdf.set_text_color(0, 0, 0)
    for item in record.items:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 6, _latin(f"{item['item']} {item['label']}"))
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 6, _latin(item["value"] or "MISSING"))
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 7, "Steps")
    pdf.set_font("Helvetica", size=9)
    for step in record.case.history:
        pdf.multi_cell(
            0, 5, _latin(f"{step['date']}  {step['step'].replace('_', ' ')} by {step['by']}")
        )
    pdf.output(str(path))


def _latin(text: str) -> str:
    """The core PDF fonts are Latin-1: replace what they cannot show (e.g. curly quotes)."""
    table = {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
    text = "".join(table.get(ch, ch) for ch in text)
    return text.encode("latin-1", "replace").decode("latin-1")
