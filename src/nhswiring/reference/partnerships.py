"""Non-statutory partnerships: STPs/ICSs (2016-2022), provider collaboratives and place-based
partnerships, read from their shipped tables and turned into dated events.

No statute creates these, so no statutory decision establishes them. NHS England and the
national bodies published the 44 STP footprints in March 2016 and NHS England recorded every
later change (ODS gave each a Q-code), so the STP entries are attributed to ``NHSE``; it also
asked every acute and mental health trust to join a provider collaborative from July 2022. The
events only record that the arrangement existed and who was in it: a partnership never holds a
function (``NON_STATUTORY`` in ``domain/bodies.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import NON_STATUTORY, BodyKind
from nhswiring.domain.errors import PartnershipDataError
from nhswiring.domain.time import Interval, parse_date, parse_optional_date
from nhswiring.reference.tables import Table, load_table, split_codes

#: Who recorded the partnerships (see the module docstring).
PARTNERSHIP_ACTOR = "NHSE"

TABLES = ("stps.csv", "partnerships.csv", "partnership_members.csv")


def partnership_tables() -> list[Table]:
    """The shipped partnership tables, for the checks every table must pass."""
    return [load_table(name) for name in TABLES]


@dataclass(frozen=True, slots=True)
class PartnershipRow:
    code: str
    kind: BodyKind
    name: str
    valid: Interval
    successors: tuple[str, ...] = ()
    ons_code: str | None = None


@dataclass(frozen=True, slots=True)
class MembershipRow:
    partnership: str
    member: str
    valid: Interval
    basis: str


@dataclass(frozen=True, slots=True)
class Partnerships:
    bodies: tuple[PartnershipRow, ...]
    members: tuple[MembershipRow, ...]


def _date(table: Table, row: dict[str, str], column: str) -> date:
    try:
        return parse_date(row[column], column)
    except Exception as exc:
        raise PartnershipDataError(f"{table.name}: row {row}: bad {column}: {exc}") from exc


def _end(table: Table, row: dict[str, str]) -> date | None:
    try:
        return parse_optional_date(row.get("end"), "end")
    except Exception as exc:
        raise PartnershipDataError(f"{table.name}: row {row}: bad end: {exc}") from exc


def _kind(table: Table, row: dict[str, str]) -> BodyKind:
    text = row.get("kind") or BodyKind.STP.value
    try:
        kind = BodyKind(text)
    except ValueError:
        kind = None
    if kind not in NON_STATUTORY:
        raise PartnershipDataError(f"{table.name}: row {row}: kind {text!r} is not a partnership")
    assert kind is not None
    return kind


def _bodies(name: str) -> Iterator[PartnershipRow]:
    table = load_table(name)
    for row in table.rows:
        yield PartnershipRow(
            code=row["code"],
            kind=_kind(table, row),
            name=row["name"],
            valid=Interval(_date(table, row, "start"), _end(table, row)),
            successors=split_codes(row.get("successors", "")),
            ons_code=row.get("ons_code") or None,
        )


@cache
def load_partnerships() -> Partnerships:
    """Every partnership and membership row, checked: a member row must name a partnership
    in the tables and lie within its life."""
    bodies = (*_bodies("stps.csv"), *_bodies("partnerships.csv"))
    by_code = {b.code: b for b in bodies}
    table = load_table("partnership_members.csv")
    members = []
    for row in table.rows:
        valid = Interval(_date(table, row, "start"), _end(table, row))
        owner = by_code.get(row["partnership"])
        if owner is None:
            raise PartnershipDataError(f"{table.name}: row {row}: unknown partnership")
        if valid.start < owner.valid.start or _after(valid.end, owner.valid.end):
            raise PartnershipDataError(f"{table.name}: row {row}: outside the partnership's life")
        members.append(MembershipRow(row["partnership"], row["member"], valid, row["basis"]))
    return Partnerships(bodies, tuple(members))


def _after(end: date | None, limit: date | None) -> bool:
    if limit is None:
        return False
    return end is None or end > limit


@dataclass(frozen=True, slots=True)
class Phases:
    """The day-order phases of ``reference/history.py`` (passed in to avoid a cycle)."""

    ending: int
    establishing: int
    changing: int


def partnership_events(
    phases: Phases, data: Partnerships | None = None
) -> Iterator[tuple[date, int, str, ev.Event]]:
    """(effective date, phase, actor, event) for every partnership and membership."""
    data = data or load_partnerships()
    for body in data.bodies:
        yield (
            body.valid.start,
            phases.establishing,
            PARTNERSHIP_ACTOR,
            ev.BodyEstablished(body.code, body.kind, body.name, ons_code=body.ons_code),
        )
        if body.valid.end is not None:
            dissolved = ev.BodyDissolved(body.code, body.successors)
            yield body.valid.end, phases.ending, PARTNERSHIP_ACTOR, dissolved
    for m in data.members:
        joined = ev.MemberJoined(m.partnership, m.member)
        yield m.valid.start, phases.changing, PARTNERSHIP_ACTOR, joined
        if m.valid.end is not None:
            left = ev.MemberLeft(m.partnership, m.member)
            yield m.valid.end, phases.ending, PARTNERSHIP_ACTOR, left
