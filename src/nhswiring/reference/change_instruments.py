"""The instrument behind each change: which order, decision or Act made it, with its reference
and where it is published.

Read from every ``*_instruments.csv`` shipped in ``reference/data`` (``change_instruments.csv``
holds the national instruments and the defaults for each class of change; a research pass may
add per-body tables such as ``trust_instruments.csv`` with the same columns). A row names a
day, a range of days or any day; one body, a kind of body (``kind:ccg``), a function
(``function:commission_specialised_services``) or anything (``*``); and the audit's word for
the change. The most specific row wins. A reference left empty is not known: the instrument
then says so rather than carry a guessed number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from nhswiring.domain.time import parse_optional_date
from nhswiring.reference.tables import Table, load_table

UNKNOWN = "unknown"
COLUMNS = ("date", "code", "change", "title", "reference", "url")


@dataclass(frozen=True, slots=True)
class ChangeInstrument:
    title: str
    reference: str  # a number (SI 2022/734) or "unknown"
    url: str | None

    def to_json(self) -> dict[str, str | None]:
        return {"title": self.title, "reference": self.reference, "url": self.url}


#: The per-body files (``trust_instruments.csv``, ``ccg_instruments.csv``, ...) name what
#: happened to the one body (``dissolved``); the audit names the act (``merger``). A body's
#: row speaks for every act in which that happened to it: a CCG ``dissolved`` in a merger is
#: covered by the merger's instrument, an FT ``merged`` is the s.56 merger itself.
BODY_CHANGES: dict[str, frozenset[str]] = {
    "established": frozenset({"establishment", "merger"}),
    "dissolved": frozenset(
        {
            "dissolution",
            "merger",
            "acquisition",
            "abolition by Act",
            "dissolution after special administration",
        }
    ),
    "merged": frozenset({"merger"}),
    "acquired": frozenset({"acquisition"}),
    "authorised": frozenset({"foundation trust authorisation"}),
    "renamed": frozenset({"change"}),
    "separated": frozenset({"separation"}),
}

#: What a change is when no row speaks for it.
NOT_FOUND = ChangeInstrument("no instrument recorded for this change", UNKNOWN, None)


@dataclass(frozen=True, slots=True)
class _Row:
    start: date | None
    end: date | None  # half-open
    exact: bool
    any_day: bool
    code: str
    change: str
    instrument: ChangeInstrument

    def matches_day(self, day: date) -> bool:
        if self.any_day:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def score(self, day: date, codes: tuple[str, ...], kind: str | None, fn: str | None) -> int:
        """How specifically this row speaks for the change; -1 when it does not."""
        if not self.matches_day(day):
            return -1
        if self.code in codes:
            who = 3
        elif fn is not None and self.code == f"function:{fn}":
            who = 2
        elif kind is not None and self.code == f"kind:{kind}":
            who = 1
        elif self.code == "*":
            who = 0
        else:
            return -1
        when = 2 if self.exact else 0 if self.any_day else 1
        return who * 10 + when


def _parse_row(name: str, number: int, row: dict[str, str]) -> tuple[str, _Row]:
    where = f"{name} row {number}"
    missing = [c for c in COLUMNS if c not in row]
    if missing:
        raise ValueError(f"{where}: missing columns {', '.join(missing)}")
    cell = row["date"]
    if ".." in cell:
        a, _, b = cell.partition("..")
        start = parse_optional_date(a or None, f"{where} date")
        end = parse_optional_date(b or None, f"{where} date")
        parsed = _Row(start, end, False, False, row["code"], row["change"], _instrument(row))
    elif cell:
        day = parse_optional_date(cell, f"{where} date")
        assert day is not None
        after = day + timedelta(days=1)
        parsed = _Row(day, after, True, False, row["code"], row["change"], _instrument(row))
    else:
        parsed = _Row(None, None, False, True, row["code"], row["change"], _instrument(row))
    if not row["title"]:
        raise ValueError(f"{where}: title is empty")
    return row["change"], parsed


def _instrument(row: dict[str, str]) -> ChangeInstrument:
    return ChangeInstrument(row["title"], row["reference"] or UNKNOWN, row["url"] or None)


@dataclass(frozen=True)
class Instruments:
    rows: tuple[_Row, ...]
    tables: tuple[Table, ...]

    def find(
        self,
        day: date,
        change: str,
        codes: tuple[str, ...],
        kind: str | None = None,
        function: str | None = None,
    ) -> ChangeInstrument:
        best, best_score = NOT_FOUND, -1
        for row in self.rows:
            named = row.change == change or change in BODY_CHANGES.get(row.change, ())
            if not named and row.change != "*":
                continue
            score = row.score(day, codes, kind, function)
            if score < 0:
                continue
            score = score * 2 + named
            if score > best_score:
                best, best_score = row.instrument, score
        return best


def parse_instruments(tables: tuple[Table, ...]) -> Instruments:
    rows: list[_Row] = []
    for table in tables:
        for number, row in enumerate(table.rows, start=1):
            rows.append(_parse_row(table.name, number, row)[1])
    return Instruments(tuple(rows), tables)


def instrument_table_names() -> tuple[str, ...]:
    folder = files("nhswiring.reference") / "data"
    return tuple(sorted(p.name for p in folder.iterdir() if p.name.endswith("_instruments.csv")))


@cache
def load_instruments() -> Instruments:
    """Every shipped ``*_instruments.csv``, read once."""
    return parse_instruments(tuple(load_table(n) for n in instrument_table_names()))
