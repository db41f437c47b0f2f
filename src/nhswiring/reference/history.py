"""The real history of the system, 2013 onwards, as dated events built from the shipped tables.

Nothing here edits a row: a CCG merger is a dissolution of each old CCG and the establishment
of the new one on the merger date, each attributed to the body that decided it (NHS England
for CCGs and ICBs; the Secretary of State for NHS trusts and for statutory commencement;
Monitor, then NHS England, for foundation trusts). Administrative facts that no body in the
model decided (local government reorganisations, NHS England's regional map) are attributed
to ``REGISTER``.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind, TrustType
from nhswiring.domain.time import Interval
from nhswiring.reference.merger_decisions import merger_decision_events
from nhswiring.reference.nhse_units import add_nhse_units
from nhswiring.reference.partnerships import Phases, partnership_events
from nhswiring.reference.price_publications import price_publication_events
from nhswiring.reference.regions import RegionMap
from nhswiring.reference.rows import (
    AreaRow,
    BodyRow,
    ReferenceData,
    SubIcbSpan,
)

REGISTER_ACTOR = "REGISTER"
HCA_2022_START = date(2022, 7, 1)
REGISTER_START = date(2013, 4, 1)

# Order of events within one day: ends before beginnings, bodies before their areas.
ENDING, ESTABLISHING, CHANGING, AREAS, DELEGATING = range(5)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    effective: date
    phase: int
    actor: str
    event: ev.Event


@dataclass
class _History:
    entries: list[HistoryEntry] = field(default_factory=list)

    def add(self, day: date, phase: int, actor: str, event: ev.Event) -> None:
        self.entries.append(HistoryEntry(day, phase, actor, event))

    def sorted(self) -> list[HistoryEntry]:
        order = {id(e): i for i, e in enumerate(self.entries)}
        return sorted(self.entries, key=lambda e: (e.effective, e.phase, order[id(e)]))


def real_history(data: ReferenceData) -> list[HistoryEntry]:
    """Every real event from the shipped tables, in the order the ledger must record them."""
    h = _History()
    regions = RegionMap(data.regions)
    _national_bodies(h, data)
    _regions(h, data)
    add_nhse_units(h.add, establishing=ESTABLISHING, ending=ENDING)
    _local_authorities(h, data)
    _ccgs(h, data, regions)
    _icbs_and_sub_icb_locations(h, data)
    _trusts(h, data, regions)
    _delegations(h, data)
    h.entries.extend(
        HistoryEntry(*e) for e in partnership_events(Phases(ENDING, ESTABLISHING, CHANGING))
    )
    # Merger-control decisions (OFT, Competition Commission, CMA) on the trusts' mergers.
    h.entries.extend(HistoryEntry(*e) for e in merger_decision_events(CHANGING))
    # The national tariffs and NHS payment schemes, each its publisher's decision.
    h.entries.extend(HistoryEntry(*e) for e in price_publication_events(CHANGING))
    return h.sorted()


# --- national bodies, regions and local authorities -------------------------------------------


def _establish(
    h: _History,
    row: BodyRow,
    actor: str,
    *,
    parent: str | None = None,
    predecessors: tuple[str, ...] = (),
    start: date | None = None,
    kind: BodyKind | None = None,
) -> None:
    h.add(
        start or row.start,
        ESTABLISHING,
        actor,
        ev.BodyEstablished(
            code=row.code,
            kind=kind or row.kind,
            name=row.name,
            parent=parent,
            trust_type=row.trust_type,
            ons_code=row.ons_code,
            predecessors=predecessors,
        ),
    )


def _dissolve(h: _History, row: BodyRow, actor: str) -> None:
    if row.end is not None:
        h.add(row.end, ENDING, actor, ev.BodyDissolved(row.code, row.successors))


def _national_bodies(h: _History, data: ReferenceData) -> None:
    for row in data.national:
        _establish(h, row, REGISTER_ACTOR)
        _dissolve(h, row, "SOS")


def _regions(h: _History, data: ReferenceData) -> None:
    for row in data.regions:
        _establish(h, row, REGISTER_ACTOR, parent="NHSE")
        _dissolve(h, row, REGISTER_ACTOR)


def _local_authorities(h: _History, data: ReferenceData) -> None:
    for row in data.local_authorities:
        _establish(h, row, REGISTER_ACTOR, predecessors=data.predecessors_of(row.code))
        h.add(row.start, AREAS, REGISTER_ACTOR, ev.AreaAssigned(row.code, row.code))
        _dissolve(h, row, REGISTER_ACTOR)


def _assign_areas(
    h: _History, body: str, valid: Interval, areas: Iterable[AreaRow], actor: str
) -> None:
    """Give ``body`` each area for the part of the area row's interval that it is in force."""
    for area in areas:
        start = max(area.valid.start, valid.start)
        end = _min_end(area.valid.end, valid.end)
        if end is not None and end <= start:
            continue
        h.add(start, AREAS, actor, ev.AreaAssigned(body, area.area, area.whole))
        if end is not None and end != valid.end:
            h.add(end, ENDING, actor, ev.AreaRemoved(body, area.area))


def _min_end(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


# --- CCGs --------------------------------------------------------------------------------------


def _commissioner_actor(day: date) -> str:
    return "NHSE"


def _ccgs(h: _History, data: ReferenceData, regions: RegionMap) -> None:
    for row in data.ccgs:
        valid = Interval(row.start, row.end)
        parents = regions.timeline(row.region or "", valid)
        _establish(
            h,
            row,
            "NHSE",
            parent=parents[0][1] if parents else None,
            predecessors=data.predecessors_of(row.code),
        )
        for (_, before), (day, parent) in itertools.pairwise(parents):
            h.add(day, CHANGING, REGISTER_ACTOR, ev.BodyReparented(row.code, parent, before))
        own = [AreaRow(row.code, u, valid, True) for u in data.area_units(row.code)]
        _assign_areas(h, row.code, valid, own + data.ccg_areas.get(row.code, []), "NHSE")
        if row.end is not None:
            actor = "SOS" if row.end == HCA_2022_START else "NHSE"
            h.add(row.end, ENDING, actor, ev.BodyDissolved(row.code, row.successors))


# --- ICBs, ICPs and sub-ICB locations ----------------------------------------------------------


def icp_code(icb: str) -> str:
    return f"{icb}-ICP"


def icp_name(icb_name: str) -> str:
    name = icb_name.removeprefix("NHS ").replace(
        "Integrated Care Board", "Integrated Care Partnership"
    )
    return name if "Partnership" in name else f"{name} Integrated Care Partnership"


def _icbs_and_sub_icb_locations(h: _History, data: ReferenceData) -> None:
    spans = data.sub_icb_spans()
    members: dict[str, list[SubIcbSpan]] = defaultdict(list)
    for span in spans:
        members[span.icb].append(span)
    for row in data.icbs:
        valid = Interval(row.start, row.end)
        _establish(h, row, "NHSE", parent=row.region, predecessors=row.predecessors)
        _dissolve(h, row, "NHSE")
        units = [
            AreaRow(row.code, unit, Interval(s.valid.start, s.valid.end), True)
            for s in members.get(row.code, [])
            for unit in data.area_units(s.code)
        ]
        las = data.icb_areas.get(row.code, [])
        _assign_areas(h, row.code, valid, units + las, "NHSE")
        # The integrated care partnership: a joint committee of the ICB and its local authorities.
        icp = BodyRow(
            icp_code(row.code),
            BodyKind.ICP,
            icp_name(row.name),
            row.start,
            row.end,
            tuple(icp_code(s) for s in row.successors),
        )
        _establish(
            h,
            icp,
            row.code,
            parent=row.code,
            predecessors=tuple(icp_code(p) for p in row.predecessors),
        )
        _dissolve(h, icp, row.code)
        _assign_areas(h, icp.code, valid, las, row.code)
    by_code: dict[str, list[SubIcbSpan]] = defaultdict(list)
    for span in spans:
        by_code[span.code].append(span)
    for code, lives in by_code.items():
        _sub_icb_location(h, data, code, sorted(lives, key=lambda s: s.valid.start))


def _sub_icb_location(h: _History, data: ReferenceData, code: str, spans: list[SubIcbSpan]) -> None:
    first, last = spans[0], spans[-1]
    row = BodyRow(code, BodyKind.SUB_ICB_LOCATION, first.name, first.valid.start, last.valid.end)
    _establish(h, row, "NHSE", parent=first.icb)
    previous = first
    for span in spans[1:]:
        if span.icb != previous.icb:
            h.add(
                span.valid.start, CHANGING, "NHSE", ev.BodyReparented(code, span.icb, previous.icb)
            )
        if span.name != previous.name:
            h.add(span.valid.start, CHANGING, "NHSE", ev.BodyRenamed(code, span.name))
        previous = span
    valid = Interval(row.start, row.end)
    own = [AreaRow(code, u, valid, True) for u in data.area_units(code)]
    _assign_areas(h, code, valid, own + data.ccg_areas.get(code, []), "NHSE")
    _dissolve(h, row, "NHSE")


# --- trusts ------------------------------------------------------------------------------------


def _ft_decider(day: date) -> str:
    return "MONITOR" if day < HCA_2022_START else "NHSE"


def _trusts(h: _History, data: ReferenceData, regions: RegionMap) -> None:
    for row in data.trusts:
        founded_as_ft = row.foundation_from is not None and row.foundation_from <= row.start
        kind = BodyKind.FOUNDATION_TRUST if founded_as_ft else BodyKind.NHS_TRUST
        actor = _ft_decider(row.start) if founded_as_ft else "SOS"
        parents = data.trust_parents(row, regions)
        first_parent = parents[0][1] if parents and parents[0][0] <= row.start else None
        _establish(
            h,
            row,
            actor,
            kind=kind,
            parent=first_parent,
            predecessors=data.predecessors_of(row.code),
        )
        before = first_parent
        for day, parent in parents:
            if day > row.start:
                h.add(day, CHANGING, REGISTER_ACTOR, ev.BodyReparented(row.code, parent, before))
            before = parent
        if row.care_trust:  # designated from its first day in the register (care_trusts.csv)
            h.add(row.start, CHANGING, "SOS", ev.CareTrustDesignated(row.code))
        if row.foundation_from is not None and row.foundation_from > row.start:
            h.add(
                row.foundation_from,
                CHANGING,
                _ft_decider(row.foundation_from),
                ev.BodyKindChanged(row.code, BodyKind.FOUNDATION_TRUST),
            )
        if row.end is not None:
            was_ft = row.foundation_from is not None and row.foundation_from < row.end
            actor = _ft_decider(row.end) if was_ft else "SOS"
            h.add(row.end, ENDING, actor, ev.BodyDissolved(row.code, row.successors))


# --- delegations -------------------------------------------------------------------------------


def _delegations(h: _History, data: ReferenceData) -> None:
    for row in data.delegations:
        for delegate, valid in data.delegates(row):
            delegation_id = f"{row.function}:{row.delegator}:{delegate}:{valid.start.isoformat()}"
            h.add(
                valid.start,
                DELEGATING,
                row.delegator,
                ev.DelegationMade(
                    delegation_id, row.function, row.delegator, delegate, row.basis, valid.end
                ),
            )


__all__ = ["HistoryEntry", "TrustType", "icp_code", "real_history"]
