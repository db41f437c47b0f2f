"""Non-statutory partnerships: membership over time, never a holder of functions, never an
actor in law, and the shipped tables' own checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import NON_STATUTORY, BodyKind
from nhswiring.domain.commissioning import functions_held, holdings, who_commissions
from nhswiring.domain.errors import InconsistentHistory, InvalidInput, PartnershipDataError
from nhswiring.domain.event_codec import from_payload, to_payload
from nhswiring.domain.register import Register
from nhswiring.law.function_catalogue import CATALOGUE, function
from nhswiring.law.judge import check_references
from nhswiring.reference.partnerships import Phases, load_partnerships, partnership_events
from nhswiring.reference.tables import parse_table
from nhswiring.service.partnerships import partnerships_of, system_for
from tests.cases_checkers import real_register

D = date


def fold(*dated: tuple[date, ev.Event]) -> Register:
    return Register().apply_all(dated)


def stp_with_member() -> Register:
    return fold(
        (D(2013, 4, 1), ev.BodyEstablished("00T", BodyKind.CCG, "NHS Bolton CCG")),
        (D(2016, 3, 30), ev.BodyEstablished("QOP", BodyKind.STP, "Greater Manchester")),
        (D(2016, 3, 30), ev.MemberJoined("QOP", "00T")),
        (D(2016, 3, 30), ev.FunctionConferred("QOP", "commission_secondary_care", "none")),
        (D(2020, 1, 1), ev.MemberLeft("QOP", "00T")),
    )


def test_membership_is_a_span_that_ends_when_the_member_leaves() -> None:
    r = stp_with_member()
    assert [s.member for s in r.partnership_members("QOP", D(2019, 12, 31))] == ["00T"]
    assert r.partnership_members("QOP", D(2020, 1, 1)) == []
    assert [s.partnership for s in r.partnerships_of("00T", D(2016, 3, 30))] == ["QOP"]
    assert r.partnerships_of("00T", D(2016, 3, 29)) == []


def test_leaving_a_partnership_one_is_not_in_is_refused() -> None:
    with pytest.raises(InconsistentHistory, match="not a member"):
        fold((D(2016, 3, 30), ev.MemberLeft("QOP", "00T")))
    partial = Register(partial=True)
    partial.apply(D(2016, 3, 30), ev.MemberLeft("QOP", "00T"))  # another body's history
    assert partial.partnership_members("QOP", D(2016, 3, 30)) == []


def test_a_partnership_holds_no_function_even_if_one_is_recorded_for_it() -> None:
    r = stp_with_member()
    day = D(2017, 1, 1)
    assert functions_held("QOP", day, r, CATALOGUE) == []
    fn = function("commission_secondary_care")
    assert all(h.holder != "QOP" for h in holdings(fn, day, r))


def test_who_commissions_never_answers_a_partnership() -> None:
    register = real_register()
    fn = function("commission_secondary_care")
    for day in (D(2017, 1, 1), D(2021, 6, 1), D(2023, 1, 1)):
        for answer in who_commissions(fn, "E08000003", day, register):
            holder = register.body(answer.holding.holder, day)
            assert holder is not None
            assert holder.kind not in NON_STATUTORY


def test_the_law_engine_refuses_a_partnership_as_actor() -> None:
    register = real_register()
    with pytest.raises(InvalidInput, match="non-statutory partnership") as caught:
        check_references(register, D(2021, 6, 1), "QOP", "direct", {})
    assert caught.value.field == "actor"
    check_references(register, D(2023, 1, 1), "QOP", "direct", {})  # the ICB may act


@given(st.sampled_from([ev.MemberJoined, ev.MemberLeft]), st.text(min_size=1, max_size=8))
def test_membership_events_survive_the_ledger_codec(
    cls: type[ev.MemberJoined] | type[ev.MemberLeft], code: str
) -> None:
    event = cls(code, "00T")
    assert from_payload(cls.TYPE, to_payload(event)) == event
    assert event.subjects == (code, "00T")


def test_shipped_partnerships_are_non_statutory_and_members_lie_within_their_life() -> None:
    data = load_partnerships()
    assert {b.kind for b in data.bodies} <= NON_STATUTORY
    lives = {b.code: b.valid for b in data.bodies}
    for m in data.members:
        assert lives[m.partnership].start <= m.valid.start, m


def test_every_collaborative_and_place_member_is_a_body_throughout_its_span() -> None:
    """Members are named by sources, never inferred: each must be a body of the register on
    the first and last day of its membership, and every collaborative or place partnership
    must have at least one."""
    register = real_register()
    data = load_partnerships()
    local = {b.code for b in data.bodies if b.kind is not BodyKind.STP}
    assert len(local) >= 21
    members = [m for m in data.members if m.partnership in local]
    assert {m.partnership for m in members} == local
    for m in members:
        assert register.body(m.member, m.valid.start) is not None, m
        if m.valid.end is not None:
            assert register.body(m.member, m.valid.end - timedelta(days=1)) is not None, m


def test_every_partnership_event_is_attributed_and_dated() -> None:
    entries = list(partnership_events(Phases(0, 1, 2)))
    assert entries
    assert all(actor == "NHSE" for _, _, actor, _ in entries)
    stps = [e for _, _, _, e in entries if isinstance(e, ev.BodyEstablished)]
    assert sum(e.kind is BodyKind.STP for e in stps) == 45  # 44 footprints + the 2018 merger


def test_a_table_row_of_a_statutory_kind_is_refused() -> None:
    from nhswiring.reference import partnerships as module

    table = parse_table("x.csv", "# source: s\ncode,kind,name,start\nQ1,icb,X,2016-01-01\n")
    with pytest.raises(PartnershipDataError, match="not a partnership"):
        module._kind(table, table.rows[0])


def test_system_for_answers_across_the_three_periods() -> None:
    register = real_register()
    assert system_for(register, "E08000021", D(2016, 3, 29))["period"] == "none"
    stp = system_for(register, "E08000021", D(2021, 6, 1))
    assert [s["code"] for s in stp["systems"]] == ["QHM"]
    assert stp["systems"][0]["statutory"] is False
    assert stp["systems"][0]["designation"] == "integrated care system"
    early = system_for(register, "E08000021", D(2019, 6, 1))["systems"][0]["designation"]
    assert early.startswith("sustainability and transformation partnership")
    icb = system_for(register, "Newcastle upon Tyne", D(2023, 1, 1))
    assert [(s["code"], s["statutory"]) for s in icb["systems"]] == [("QHM", True)]


def test_an_ambiguous_name_is_refused_with_the_codes_to_use() -> None:
    with pytest.raises(InvalidInput, match="02Q"):
        system_for(real_register(), "Bassetlaw", D(2021, 6, 1))


def test_a_collaborative_lists_its_members_and_a_trust_its_collaborative() -> None:
    register = real_register()
    mine = partnerships_of(register, "RJZ", D(2023, 1, 1))
    assert [p["code"] for p in mine["partnerships"]] == ["PC-SEL-APC"]
    assert mine["partnerships"][0]["statutory"] is False
    slp = partnerships_of(register, "PC-SLP", D(2023, 1, 1))
    assert [m["code"] for m in slp["members"]] == ["RPG", "RQY", "RV5"]


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=20),
    st.dates(min_value=date(2013, 4, 1), max_value=date(2026, 12, 31)),
)
def test_system_for_any_text_answers_or_names_the_field(text: str, day: date) -> None:
    field = None
    try:
        answer = system_for(real_register(), text, day)
    except InvalidInput as exc:
        field = exc.field
        answer = {"period": "none", "systems": []}
    assert field in {None, "area", "code", "as-at"}
    assert answer["period"] in {"none", "stp", "icb"}
    assert all(s["statutory"] is (answer["period"] == "icb") for s in answer["systems"])


def test_the_wiring_graph_draws_membership_not_succession() -> None:
    from nhswiring.service.graph import wiring

    register = real_register()
    stp = wiring(register, "QOP", D(2020, 1, 1))
    [group] = stp.by_role("partner")
    assert group.count == 10  # Greater Manchester's ten CCGs
    assert [n.kind for n in stp.by_role("successor")] == ["icb"]
    icb = wiring(register, "QOP", D(2023, 1, 1))
    named = {m for n in icb.by_role("predecessor") for m in (n.members or (n.code,))}
    assert "14L" in named  # Manchester CCG
    assert all(n.start != D(2016, 3, 30) for n in icb.nodes)  # the STP is not drawn
    trust = wiring(register, "RV5", D(2023, 1, 1))
    assert {n.code for n in trust.by_role("partnership")} == {"PC-SLP", "PP-CROYDON"}
