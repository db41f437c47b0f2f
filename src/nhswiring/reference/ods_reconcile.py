"""Reconciling ODS extracts of any year with the register, without damage.

Three rules keep an import from making a true fact of the register false:

1. *The register's sources speak until their date.* The shipped tables were transcribed
   from ODS extracts describing :func:`sourced_until` (and from cited announcements). A
   difference dated before that day is the older word against the newer: a new or closed
   body would change a count the register holds, an authorisation a date it holds; those are
   *conflicts* for a person to decide. A name or parent that differs is *historical* (the
   register keeps current names from the start): reported, not recorded.
2. *Columns mean what they meant on the extract's date.* Before 1 July 2022 the parent column
   of a trust holds an STP/ICS code (before about 2016 an area team's): non-statutory
   footprints whose codes later became ICB codes. It is never compared with the ICB of the
   same code: it is compared with the STP/ICS membership the register holds on that day, and
   reported as not compared where the register holds none.
3. *Each record is what its file and code make it* (``ods_classify``); unclassified records
   are reported and left out.

Reconciliation is pure: it proposes dated events and reports what it did not decide. Its
events are dated by the extract (open and close dates) or by the as-at day, so importing the
same extract twice records nothing the second time, and extracts imported in any order give
the same register on every date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import KIND_GROUPS, NHS_ENGLAND_UNITS, Body, BodyKind
from nhswiring.domain.register import Register
from nhswiring.domain.time import REGISTER_START
from nhswiring.reference.nhse_units import units_sourced_until
from nhswiring.reference.ods import (
    CARE_TRUSTS,
    COMMISSIONERS,
    SUPPORT_UNITS,
    TRUSTS,
    Change,
    OdsRecord,
    title,
)
from nhswiring.reference.ods_classify import classify
from nhswiring.reference.rows import CARE_TRUSTS_TABLE
from nhswiring.reference.tables import load_table

ICB_START = date(2022, 7, 1)  # Health and Care Act 2022 s.19; SI 2022/734
_TRUSTS = KIND_GROUPS["trust"]
#: The kinds each extract lists, for "in the register but not in the extract". Care trusts
#: are trusts, but only ect speaks for them: an etr extract never lists them, so their absence
#: from it says nothing (and an ect extract says nothing of the other trusts).
_LISTED = {
    TRUSTS: _TRUSTS,
    CARE_TRUSTS: _TRUSTS,
    COMMISSIONERS: frozenset({BodyKind.CCG, BodyKind.SUB_ICB_LOCATION, BodyKind.COMMISSIONING_HUB}),
    SUPPORT_UNITS: frozenset({BodyKind.COMMISSIONING_SUPPORT_UNIT}),
}


def _any_body(_body: Body) -> bool:
    return True


#: Whether a body of ``_LISTED`` kinds is one the extract speaks for.
_SPEAKS_FOR: dict[str, Callable[[Body], bool]] = {
    TRUSTS: lambda b: not b.care_trust,
    CARE_TRUSTS: lambda b: b.care_trust,
}


def sourced_until() -> date:
    """The day the ODS extracts behind the shipped trusts, sub-ICB locations and hubs describe
    (their tables' ``as_at``): the earliest, so that no table is overruled by an older file."""
    days = [
        load_table("trusts.csv").as_at,
        load_table(CARE_TRUSTS_TABLE).as_at,
        units_sourced_until(),
    ]
    known = [d for d in days if d is not None]
    if not known:
        raise AssertionError("trusts.csv, care_trusts.csv and nhse_units.csv carry an as_at")
    return min(known)


def normalise_name(name: str) -> str:
    name = name.upper().replace("&", " AND ")
    return re.sub(r"[^A-Z0-9]+", " ", name).strip()


def _same_family(a: BodyKind, b: BodyKind) -> bool:
    return a is b or (a in _TRUSTS and b in _TRUSTS)


def reconcile(
    extract: str,
    records: Iterable[OdsRecord],
    register: Register,
    day: date,
    horizon: date,
) -> tuple[list[Change], list[str]]:
    """The changes an extract describing ``day`` proposes, and the codes it matched exactly."""
    changes: list[Change] = []
    matched: list[str] = []
    seen: set[str] = set()
    for r in records:
        seen.add(r.code)
        found = classify(extract, r, register)
        if found.kind is None:
            label = "unclassified" if found.unclassified else "ignored"
            where = f"{r.source} line {r.line}: " if found.unclassified else ""
            changes.append(Change(label, r.code, day, f"{where}{found.reason}; not recorded"))
            continue
        if r.end is not None and r.end <= REGISTER_START:
            changes.append(Change("out_of_scope", r.code, r.end, "closed before 2013-04-01"))
            continue
        if not register.knows(r.code):
            found_changes = _new(r, found.kind, register, horizon)
            if found.care_trust and found_changes[0].change == "new":
                found_changes.insert(1, _designation(r.code, found_changes[0].effective))
        else:
            found_changes = _compare(r, found.kind, register, day, horizon)
            if found.care_trust and not r.end:
                found_changes.extend(_designated(r.code, register, day, horizon))
        changes.extend(found_changes)
        if all(c.change == "not_compared" for c in found_changes):
            matched.append(r.code)
    changes.extend(_missing(extract, seen, register, day))
    return changes, matched


def _new(r: OdsRecord, kind: BodyKind, register: Register, horizon: date) -> list[Change]:
    start = max(r.opened, REGISTER_START)
    what = f"{kind.value} {title(r.name)}"
    if kind in (BodyKind.CCG, BodyKind.ICB):
        why = "CCGs and ICBs are established by orders the register cites; none names it"
        return [Change("conflict", r.code, start, f"{what} is not in the register: {why}")]
    if start < horizon:
        return [
            Change(
                "conflict",
                r.code,
                start,
                f"{what} opened {start}, before the register's sources ({horizon}), which do "
                "not list it: recording it would change their counts; a person must decide",
            )
        ]
    parent: str | None = "NHSE" if kind in NHS_ENGLAND_UNITS else None
    if kind not in NHS_ENGLAND_UNITS and r.parent:
        body = register.body(r.parent, start)
        parent = r.parent if body is not None and body.kind is BodyKind.ICB else None
    event = ev.BodyEstablished(r.code, kind, title(r.name), parent=parent)
    out = [Change("new", r.code, start, what, event)]
    if r.end is not None:
        out.append(
            Change("closed", r.code, r.end, "closed in the extract", ev.BodyDissolved(r.code))
        )
    return out


def _compare(
    r: OdsRecord, kind: BodyKind, register: Register, day: date, horizon: date
) -> list[Change]:
    lives = register.lives(r.code)
    last = lives[-1]
    if not _same_family(last.kind, kind):
        return [
            Change(
                "conflict",
                r.code,
                day,
                f"the extract makes it a {kind.value}, the register a {last.kind.value}",
            )
        ]
    if r.end is not None:
        return _closure(r, last.end, horizon)
    body = register.body(r.code, day)
    if body is None and r.opened > day and any(life.start == r.opened for life in lives):
        return []  # listed ahead of its opening, on the day the register opens it too
    if body is None:
        said = f"ended on {last.end}" if last.end else f"starts on {last.start}"
        return [Change("conflict", r.code, day, f"open in the extract but the register {said}")]
    if kind in NHS_ENGLAND_UNITS or kind is BodyKind.CCG:
        return _renamed(r, body.name, day, horizon)  # parents: NHS England's; CCGs: regions
    if _names_abolished_icb(r, register, day):
        return [
            Change(
                "stale",
                r.code,
                day,
                f"the extract names parent {r.parent}, not in force on {day}: the "
                "extract is older than the as-at date (pass the extract's date)",
            )
        ]
    out = _renamed(r, body.name, day, horizon)
    if kind is BodyKind.FOUNDATION_TRUST and body.kind is BodyKind.NHS_TRUST:
        if day < horizon:
            out.append(
                Change(
                    "conflict",
                    r.code,
                    day,
                    f"a foundation trust in the extract, an NHS trust in the register on {day}",
                )
            )
        else:
            event = ev.BodyKindChanged(r.code, BodyKind.FOUNDATION_TRUST)
            out.append(Change("authorised", r.code, day, "now a foundation trust", event))
    if kind is not BodyKind.ICB:  # an ICB's parent column is its region, not compared here
        out.extend(_parent(r, body.parent, register, day, horizon))
    return out


def _designation(code: str, day: date) -> Change:
    event = ev.CareTrustDesignated(code)
    return Change("designated", code, day, "a care trust (NHS Act 2006 s.77)", event)


def _designated(code: str, register: Register, day: date, horizon: date) -> list[Change]:
    """A care trust in the extract that the register holds as a trust without the s.77
    designation: recorded from the register's sources' date on, a conflict before it."""
    body = register.body(code, day)
    if body is None or body.care_trust:
        return []
    if day < horizon:
        said = f"a care trust in the extract, not designated in the register on {day}"
        return [Change("conflict", code, day, said)]
    return [_designation(code, day)]


def _closure(r: OdsRecord, held_end: date | None, horizon: date) -> list[Change]:
    assert r.end is not None
    closed_on = r.end - timedelta(days=1)
    if held_end == r.end:
        return []
    if held_end is not None:
        said = f"register ends it on {held_end}, the extract on {r.end}"
        return [Change("conflict", r.code, r.end, said)]
    if r.end < horizon:
        said = (
            f"closed on {closed_on} in the extract; the register's sources ({horizon}) hold it open"
        )
        return [Change("conflict", r.code, r.end, said)]
    return [Change("closed", r.code, r.end, f"closed on {closed_on}", ev.BodyDissolved(r.code))]


def _renamed(r: OdsRecord, held: str, day: date, horizon: date) -> list[Change]:
    if normalise_name(held) == normalise_name(r.name):
        return []
    detail = f"{held} -> {title(r.name)}"
    if day < horizon:
        why = f"the name on {day}; the register keeps the current name ({horizon}): not recorded"
        return [Change("historical", r.code, day, f"{detail}: {why}")]
    return [Change("renamed", r.code, day, detail, ev.BodyRenamed(r.code, title(r.name)))]


def _parent(
    r: OdsRecord, held: str | None, register: Register, day: date, horizon: date
) -> list[Change]:
    if not r.parent or r.parent == held:
        return []
    if day < ICB_START:
        return _stp_membership(r, register, day)
    parent = register.body(r.parent, day)
    if parent is None or parent.kind is not BodyKind.ICB:
        said = f"extract parent {r.parent} is not an ICB in force on {day}"
        return [Change("conflict", r.code, day, said)]
    if day < horizon:
        said = f"{held} -> {r.parent} on {day}, before the register's sources ({horizon})"
        said += ": not recorded"
        return [Change("historical", r.code, day, said)]
    event = ev.BodyReparented(r.code, r.parent, held)
    return [Change("moved", r.code, day, f"{held} -> {r.parent}", event)]


def _stp_membership(r: OdsRecord, register: Register, day: date) -> list[Change]:
    """Before 1 July 2022 the parent column names the STP/ICS the body was in: compared with
    the membership the register holds on that day, where it holds one (a difference is older
    than the register's sources, so it is reported, never recorded)."""
    assert r.parent is not None
    held = sorted(
        s.partnership
        for s in register.partnerships_of(r.code, day)
        if (p := register.body(s.partnership, day)) is not None and p.kind is BodyKind.STP
    )
    if r.parent in held:
        return []
    if held:
        said = f"in STP/ICS {r.parent} on {day}; the register has {', '.join(held)}: not recorded"
        return [Change("historical", r.code, day, said)]
    stp = register.body(r.parent, day)
    if stp is not None and stp.kind is BodyKind.STP:
        said = (
            f"the register holds no STP/ICS membership of {r.code} on {day} (extract: {r.parent})"
        )
    else:
        said = "STP/ICS parent before 1 July 2022"
    return [Change("not_compared", r.code, day, f"not compared: {said}")]


def _names_abolished_icb(r: OdsRecord, register: Register, day: date) -> bool:
    """An ICB-era extract naming an ICB abolished by ``day``: the file is older than said."""
    if day < ICB_START or not r.parent or not register.knows(r.parent):
        return False
    was_icb = any(life.kind is BodyKind.ICB for life in register.lives(r.parent))
    return was_icb and register.body(r.parent, day) is None


def _missing(extract: str, seen: set[str], register: Register, day: date) -> list[Change]:
    return [
        Change("missing", b.code, day, f"in force in the register but not in the {extract} extract")
        for b in register.bodies(day, _LISTED[extract])
        if b.code not in seen and _SPEAKS_FOR.get(extract, _any_body)(b)
    ]
