"""Units of NHS England that carry ODS codes of their own: commissioning hubs
(``nhse_units.csv``) and the commissioning support units whose formation is sourced
(``csus.csv``).

Why a separate table: a hub's code (13Q, 14A, 27T ...) has the pattern of a CCG code, and an
importer that read an eccg extract by code pattern recorded 29 hubs as CCGs. Listing them as
``commissioning_hub`` units, parent NHS England, lets the register and the importer tell them
apart. A unit is part of NHS England, not a body corporate: it is given no functions, no areas
and no delegations, so "who commissions" never names it; what it does, NHS England does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import NHS_ENGLAND_UNITS, BodyKind
from nhswiring.domain.time import Interval, parse_date, parse_optional_date
from nhswiring.reference.tables import load_table

UNITS_TABLE = "nhse_units.csv"
CSU_TABLE = "csus.csv"
NHSE_ACTOR = "NHSE"


@dataclass(frozen=True, slots=True)
class UnitRow:
    code: str
    kind: BodyKind
    name: str
    parent: str
    valid: Interval


def load_units() -> list[UnitRow]:
    """The shipped units; a row of any kind but a unit of NHS England is refused, so the table
    can never smuggle in a CCG or a trust."""
    rows = []
    for name in (UNITS_TABLE, CSU_TABLE):
        rows.extend(_units(name))
    return rows


def _units(name: str) -> list[UnitRow]:
    rows = []
    for row in load_table(name).rows:
        kind = BodyKind(row["kind"])
        if kind not in NHS_ENGLAND_UNITS:
            raise ValueError(f"{name}: {row['code']} has kind {kind}, not a unit")
        start = parse_date(row["start"], "start")
        end = parse_optional_date(row.get("end"), "end")
        rows.append(UnitRow(row["code"], kind, row["name"], row["parent"], Interval(start, end)))
    return rows


def units_sourced_until() -> date | None:
    """The date the hubs' extract describes: differences dated before it are the source's
    word against an extract's, for a person to decide. (csus.csv is older, 2023: a CSU change
    an extract dates between then and this day is reported as a conflict, not recorded.)"""
    return load_table(UNITS_TABLE).as_at


def add_nhse_units(
    add: Callable[[date, int, str, ev.Event], None], *, establishing: int, ending: int
) -> None:
    """Each unit's establishment and closure, decided by NHS England (whose units they are)."""
    for unit in load_units():
        add(
            unit.valid.start,
            establishing,
            NHSE_ACTOR,
            ev.BodyEstablished(unit.code, unit.kind, unit.name, parent=unit.parent),
        )
        if unit.valid.end is not None:
            add(unit.valid.end, ending, NHSE_ACTOR, ev.BodyDissolved(unit.code))
