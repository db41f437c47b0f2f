"""Invariants of the shipped register, checked on every date on which anything changes."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from nhswiring.domain.bodies import BodyKind, TrustType
from nhswiring.domain.register import Register
from nhswiring.domain.time import REGISTER_START
from nhswiring.reference.history import HistoryEntry
from nhswiring.reference.rows import ReferenceData
from nhswiring.reference.tables import load_table

ICBS_BEGIN = date(2022, 7, 1)
#: ODS opened 13T (Newcastle Gateshead) before its predecessors closed: a known overlap.
NEWCASTLE_OVERLAP = (date(2014, 11, 26), date(2015, 4, 1))


@pytest.fixture(scope="module")
def change_days(history: list[HistoryEntry]) -> list[date]:
    return sorted({h.effective for h in history if h.effective >= REGISTER_START})


def test_every_table_documents_its_sources_and_as_at_date(reference_data: ReferenceData) -> None:
    for table in [*reference_data.tables, load_table("reform_timeline.csv")]:
        assert table.sources, f"{table.name} lists no sources"
        assert table.as_at is not None, f"{table.name} has no as_at date"
        assert table.rows, f"{table.name} is empty"


def test_parents_are_in_force_whenever_their_children_are(
    register: Register, change_days: list[date]
) -> None:
    for day in change_days:
        for body in register.bodies(day):
            if body.parent is not None:
                assert register.body(body.parent, day), f"{body.code}'s parent on {day}"


def test_successors_and_predecessors_are_known_bodies(register: Register) -> None:
    for code in list(register.codes()):
        for life in register.lives(code):
            for other in (*life.successors, *life.predecessors):
                assert register.knows(other), f"{code} names unknown {other}"


def test_every_local_authority_has_a_commissioner_every_day(
    register: Register, change_days: list[date]
) -> None:
    for day in change_days:
        kind = BodyKind.CCG if day < ICBS_BEGIN else BodyKind.ICB
        for la in register.bodies(day, [BodyKind.LOCAL_AUTHORITY]):
            commissioners = [
                c
                for c in register.covering(la.code, day)
                if (b := register.body(c.body, day)) is not None and b.kind is kind
            ]
            assert commissioners, f"no {kind.value} covers {la.name} on {day}"


def test_icbs_cover_england_without_overlap(register: Register, change_days: list[date]) -> None:
    """Each sub-ICB location geography (old CCG areas included) is in exactly one ICB."""
    for day in (d for d in change_days if d >= ICBS_BEGIN):
        units: Counter[str] = Counter()
        for icb in register.bodies(day, [BodyKind.ICB]):
            units.update(
                a.area for a in register.area_of(icb.code, day) if not a.area.startswith("E")
            )
        assert units, day
        overlaps = [u for u, n in units.items() if n > 1]
        assert not overlaps, f"on {day} these areas are in more than one ICB: {overlaps}"
        for location in register.bodies(day, [BodyKind.SUB_ICB_LOCATION]):
            assert units[location.code] == 1, f"{location.code} not in one ICB on {day}"


def test_ccgs_cover_their_areas_without_overlap(
    register: Register, change_days: list[date]
) -> None:
    for day in (d for d in change_days if d < ICBS_BEGIN):
        if NEWCASTLE_OVERLAP[0] <= day < NEWCASTLE_OVERLAP[1]:
            continue
        units: Counter[str] = Counter()
        for ccg in register.bodies(day, [BodyKind.CCG]):
            units.update(
                a.area for a in register.area_of(ccg.code, day) if not a.area.startswith("E")
            )
        overlaps = [u for u, n in units.items() if n > 1]
        assert not overlaps, f"on {day} these areas are in more than one CCG: {overlaps}"


def test_sub_icb_locations_belong_to_an_icb_in_force(
    register: Register, change_days: list[date]
) -> None:
    for day in (d for d in change_days if d >= ICBS_BEGIN):
        for location in register.bodies(day, [BodyKind.SUB_ICB_LOCATION]):
            parent = register.body(location.parent or "", day)
            assert parent is not None, f"{location.code} on {day}"
            assert parent.kind is BodyKind.ICB


def test_delegates_are_in_force_when_a_delegation_starts(register: Register) -> None:
    delegations = register.delegations(date(2025, 6, 1))
    assert delegations
    for d in delegations:
        assert register.body(d.delegate, d.valid.start), d


def test_trust_types_and_foundation_status_are_recorded(register: Register) -> None:
    trusts = register.bodies(ICBS_BEGIN, [BodyKind.NHS_TRUST, BodyKind.FOUNDATION_TRUST])
    assert all(t.trust_type is not None for t in trusts)
    kinds = Counter(t.kind for t in trusts)
    # 140 FTs and 71 NHS trusts in etr, and four care trusts, all FTs by then (care_trusts.csv)
    assert kinds[BodyKind.FOUNDATION_TRUST] == 144
    assert kinds[BodyKind.NHS_TRUST] == 71
    assert sorted(t.code for t in trusts if t.care_trust) == ["TAD", "TAF", "TAH", "TAJ"]
    types = Counter(t.trust_type for t in trusts)
    assert types[TrustType.AMBULANCE] == 11  # ten English ambulance services and the Welsh one


def test_area_rows_fall_within_the_lives_of_body_and_area(
    reference_data: ReferenceData,
) -> None:
    las = {r.code: r for r in reference_data.local_authorities}
    for rows in [*reference_data.ccg_areas.values(), *reference_data.icb_areas.values()]:
        for row in rows:
            la = las[row.area]
            assert la.start <= row.valid.start, row
            if la.end is not None:
                assert row.valid.end is not None, row
                assert row.valid.end <= la.end, row
