"""From recorded events to the legal acts that made them: the audit's mapping.

The ledger records a CCG merger as several dissolutions, one establishment and its areas; the
law sees one act, a merger granted by NHS England on the CCGs' application. This module groups
the events of one day into those acts (`Change`), names the action the engine judges, its
arguments and actor, and the facts the act's instrument establishes. Every event belongs to
exactly one change: what is not a legal act (a region's map, a sub-ICB location's name, a
partnership's formation, an event type the audit does not know) is a change too, marked as not
a legal act with the reason, so that nothing is dropped in silence and nothing non-legal is
judged unlawful. Pure: no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from nhswiring.domain import events as ev
from nhswiring.domain.time import REGISTER_START
from nhswiring.service.audit_acts import (
    BEFORE,
    Change,
    Happening,
    K,
    dissolution,
    establishment,
    noted,
    single,
    successors_of,
    variation,
)

__all__ = ["Change", "Happening", "group"]


def group(happenings: Sequence[Happening]) -> list[Change]:
    """Every happening in exactly one change, changes in the order of their first event."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for i, h in enumerate(happenings):
        if h.recorded is None:
            by_day[h.effective].append(i)
    changes: list[Change] = []
    for day in sorted(by_day):
        changes += _day(day, by_day[day], happenings)
    return sorted(changes, key=lambda c: c.first)


def _day(day: date, indexes: list[int], hs: Sequence[Happening]) -> list[Change]:
    out: list[Change] = []
    taken: set[int] = set()
    established: dict[str, int] = {}
    dissolved: dict[str, int] = {}
    for i in indexes:
        e = hs[i].event
        # The first of each; a second establishment or dissolution of one code on one day
        # cannot fold, and is reported below as a record rather than dropped.
        if isinstance(e, ev.BodyEstablished):
            established.setdefault(e.code, i)
        elif isinstance(e, ev.BodyDissolved):
            dissolved.setdefault(e.code, i)
    areas: dict[str, list[int]] = defaultdict(list)
    for i in indexes:
        e = hs[i].event
        if isinstance(e, ev.AreaAssigned | ev.AreaRemoved):
            areas[e.body].append(i)

    for code, i in established.items():
        e = hs[i].event
        assert isinstance(e, ev.BodyEstablished)
        # An ICP's predecessors end with their ICBs (noted apart): the ICP itself is only
        # established, by its ICB, once that ICB exists.
        merged = [
            p
            for p in dict.fromkeys(e.predecessors)
            if p in dissolved
            and code in successors_of(hs[dissolved[p]].event)
            and e.kind is not K.ICP
        ]
        own_areas = [a for a in areas.get(code, []) if isinstance(hs[a].event, ev.AreaAssigned)]
        ended = [dissolved[p] for p in merged]
        change = establishment(day, hs[i], e, merged, own_areas, hs)
        change.members = [i, *own_areas, *(d for d in ended if d not in taken)]
        change.anchor = min(ended, default=None)
        taken.update(change.members)
        out.append(change)

    for i in dissolved.values():
        if i in taken:
            continue
        change = dissolution(day, hs[i], established)
        change.members = [i]
        taken.add(i)
        out.append(change)

    varied: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in indexes:
        if i in taken:
            continue
        h, e = hs[i], hs[i].event
        if day < REGISTER_START:
            change = noted(day, h, "before the register", BEFORE, e.subjects)
            change.members = [i]
            out.append(change)
            continue
        if isinstance(e, ev.AreaAssigned | ev.AreaRemoved):
            varied[(e.body, h.actor)].append(i)
            continue
        change = single(day, h)
        change.members = [i]
        out.append(change)
    for (body, actor), members in varied.items():
        change = variation(day, body, actor, [hs[m] for m in members])
        change.members = members
        out.append(change)
    return out
