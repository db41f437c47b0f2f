"""Recording a user's own finance figures: one at a time, or a CSV of the published accounts'
headline figures, always as attributed ledger events beside NHS England's published figures.

Every row is checked before anything is written (the body existed in the year; the figure is
a stream or an outturn or limit item; the amount is pounds), and a whole file is one
transaction: a bad row leaves the ledger as it was and names its line and field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.finance import (
    FinanceFigureRecorded,
    FinancialYear,
    Item,
    Stream,
    pounds,
)
from nhswiring.domain.limits import CODE_MAX, TEXT_MAX, bounded
from nhswiring.domain.register import Register
from nhswiring.ledger.store import RequestKey
from nhswiring.service.finance import body_in_year
from nhswiring.service.system import System, new_entry
from nhswiring.service.writes import Recorded

#: How a user's allocation figure stands beside the published one.
ALLOCATION_MEASURES = ("plan", "in_year_change")
#: The columns of an import file (the first four are required).
COLUMNS = ("body", "year", "figure", "amount", "measure", "source", "note")
#: A file of more rows than this is not a file of headline figures.
MOST_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class FigureRow:
    body: str
    year: str
    figure: str
    amount: str
    measure: str = ""
    source: str = ""
    note: str = ""


def figure_event(register: Register, row: FigureRow, where: str = "") -> FinanceFigureRecorded:
    """The event recording ``row``, or a one-line refusal naming the field (prefixed by
    ``where``, e.g. ``line 3: ``)."""

    def field(name: str) -> str:
        return f"{where}{name}"

    year = FinancialYear.parse(row.year, field("year"))
    body = bounded(row.body.strip(), field("body"), CODE_MAX)
    try:
        body_in_year(register, body, year)  # refuses a body that had no such year
    except InvalidInput as exc:
        raise InvalidInput(field("body"), exc.problem, exc.accepted) from None
    figure = row.figure.strip()
    measure = row.measure.strip()
    if figure in {s.value for s in Stream}:
        if measure not in ALLOCATION_MEASURES:
            raise InvalidInput(
                field("measure"),
                f"an allocation figure needs a measure, not {measure or 'none'!r}",
                f"use one of: {', '.join(ALLOCATION_MEASURES)} (published figures are "
                "NHS England's and cannot be recorded over)",
            )
        signed = measure == "in_year_change"
    elif figure in {i.value for i in Item}:
        if measure:
            raise InvalidInput(
                field("measure"),
                f"{figure} takes no measure",
                "leave measure empty for outturns and limits",
            )
        signed = False
    else:
        choices = [s.value for s in Stream] + [i.value for i in Item]
        raise InvalidInput(
            field("figure"), f"{figure!r} is not a figure", f"use one of: {', '.join(choices)}"
        )
    return FinanceFigureRecorded(
        body=body,
        year=year.label,
        figure=figure,
        amount=pounds(row.amount, field("amount"), signed=signed),
        measure=measure,
        source=bounded(row.source.strip(), field("source"), TEXT_MAX),
        note=bounded(row.note.strip(), field("note"), TEXT_MAX),
    )


def parse_figures_csv(text: str) -> list[FigureRow]:
    """Rows of an import file; a missing column or a malformed row is refused by line."""
    try:
        return _rows(text)
    except csv.Error as exc:
        raise InvalidInput(
            "file", f"is not readable as CSV ({exc})", "save it as CSV (UTF-8), one row per line"
        ) from None


def _rows(text: str) -> list[FigureRow]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS[:4] if c not in header]
    if missing:
        raise InvalidInput(
            "file",
            f"the header lacks {', '.join(missing)}",
            f"give a header row with {', '.join(COLUMNS[:4])} (and optionally "
            f"{', '.join(COLUMNS[4:])})",
        )
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise InvalidInput(
            "file", f"unknown column {unknown[0]!r}", f"use only: {', '.join(COLUMNS)}"
        )
    rows: list[FigureRow] = []
    for n, raw in enumerate(reader, start=2):
        if len(rows) >= MOST_ROWS:
            raise InvalidInput("file", f"more than {MOST_ROWS:,} rows", "split the file")
        if None in raw:
            raise InvalidInput(f"line {n}", "has more cells than the header", "quote commas")
        cells = {k.strip(): (v or "") for k, v in raw.items() if k}
        if not any(cells.values()):
            continue
        rows.append(FigureRow(**{c: cells.get(c, "") for c in COLUMNS}))
    if not rows:
        raise InvalidInput("file", "has no rows", "add a row per figure under the header")
    return rows


def record_figures(
    system: System,
    rows: Sequence[FigureRow],
    *,
    actor: str,
    day: date,
    request: RequestKey | None = None,
    numbered: bool = False,
) -> Recorded:
    """Record ``rows`` as one transaction attributed to ``actor``, effective ``day``."""
    actor = bounded(actor.strip(), "by", CODE_MAX * 2)
    if not actor:
        raise InvalidInput("by", "is empty", "say who records the figures")
    if request is not None and (done := system.recorded(request)):
        return done
    register = system.register()
    events = [
        figure_event(register, row, f"line {i}: " if numbered else "")
        for i, row in enumerate(rows, start=2)
    ]
    return system.record([new_entry(day, actor, e) for e in events], request=request)
