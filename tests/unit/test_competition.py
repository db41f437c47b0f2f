"""Merger-control decisions: folded into the register, binding from their date until released,
and shipped with sources in the real history."""

from __future__ import annotations

from datetime import date

import pytest

from nhswiring.domain import event_codec
from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.competition import MergerAuthority, MergerControlDecided, MergerOutcome
from nhswiring.domain.errors import MergerDecisionDataError
from nhswiring.domain.register import Register
from nhswiring.reference import merger_decisions
from nhswiring.reference.history import real_history
from nhswiring.reference.rows import load_reference_data
from nhswiring.reference.tables import parse_table

UNDERTAKINGS = MergerControlDecided(
    "u1",
    MergerAuthority.CC,
    MergerOutcome.UNDERTAKINGS_ACCEPTED,
    ("RDZ", "RD3"),
    2,
    binding="Enterprise Act 2002 s.82",
    source_title="final undertakings",
    source_url="https://example.org/u1",
)
RELEASE = MergerControlDecided(
    "r1",
    MergerAuthority.CMA,
    MergerOutcome.UNDERTAKINGS_RELEASED,
    ("RDZ", "RD3"),
    0,
    releases="u1",
    source_url="https://example.org/r1",
)


def _register() -> Register:
    return Register().apply_all(
        [
            (date(1992, 4, 1), ev.BodyEstablished("RDZ", BodyKind.FOUNDATION_TRUST, "RBCH")),
            (date(1992, 4, 1), ev.BodyEstablished("RD3", BodyKind.FOUNDATION_TRUST, "Poole")),
            (date(2014, 1, 31), UNDERTAKINGS),
            (date(2020, 6, 30), RELEASE),
        ]
    )


def test_undertakings_bind_their_parties_together_from_their_date() -> None:
    controls = _register().merger_controls
    assert not controls.binding(["RDZ", "RD3"], date(2014, 1, 30))
    assert [b.decision.decision_id for b in controls.binding(["RDZ", "RD3"], date(2014, 1, 31))]
    assert not controls.binding(["RDZ", "RBD"], date(2015, 1, 1))


def test_a_release_ends_the_binding_on_its_day() -> None:
    controls = _register().merger_controls
    assert controls.binding(("RD3", "RDZ", "RBD"), date(2020, 6, 29))
    assert not controls.binding(("RD3", "RDZ"), date(2020, 6, 30))
    assert controls.bindings["u1"].released_by == RELEASE


def test_a_binding_ends_at_its_own_term() -> None:
    limited = MergerControlDecided(
        "u2",
        MergerAuthority.CMA,
        MergerOutcome.CLEARED_WITH_UNDERTAKINGS,
        ("A", "B"),
        binding="Enterprise Act 2002 s.73",
        binds_until=date(2020, 1, 1),
    )
    controls = Register().apply_all([(date(2015, 1, 1), limited)]).merger_controls
    assert controls.binding(("A", "B"), date(2019, 12, 31))
    assert not controls.binding(("A", "B"), date(2020, 1, 1))


def test_each_party_sees_the_decisions_naming_it_in_date_order() -> None:
    controls = _register().merger_controls
    assert [e.decision_id for _, e in controls.of("RD3")] == ["u1", "r1"]
    assert [e.decision_id for _, e in controls.of("RD3", until=date(2019, 1, 1))] == ["u1"]


def test_the_event_round_trips_and_names_its_parties() -> None:
    payload = event_codec.to_payload(UNDERTAKINGS)
    assert event_codec.from_payload("competition.decided", payload) == UNDERTAKINGS
    assert UNDERTAKINGS.subjects == ("RDZ", "RD3")
    assert ev.EVENT_TYPES["competition.decided"] is MergerControlDecided


def test_the_real_history_ships_every_decision_with_a_source() -> None:
    found = [
        h.event
        for h in real_history(load_reference_data())
        if h.event.TYPE == "competition.decided"
    ]
    assert len(found) == len(merger_decisions.merger_decisions())
    assert all(isinstance(e, MergerControlDecided) and e.source_url for e in found)


def test_the_real_register_holds_the_dorset_undertakings_until_2020() -> None:
    history = real_history(load_reference_data())
    register = Register().apply_all((h.effective, h.event) for h in history)
    bound = register.merger_controls.binding(("RDZ", "RD3"), date(2017, 1, 2))
    assert [b.decision.authority for b in bound] == [MergerAuthority.CC]
    assert not register.merger_controls.binding(("RDZ", "RD3"), date(2020, 9, 30))


def test_every_party_is_a_body_of_the_register() -> None:
    data = load_reference_data()
    codes = {row.code for row in data.trusts}
    for _, e in merger_decisions.merger_decisions():
        assert set(e.parties) <= codes, e.decision_id


def test_a_malformed_row_names_itself() -> None:
    table = parse_table(
        "merger_decisions.csv",
        "decision_id,date,date_basis,authority,outcome,phase,parties,case_reference,binding,"
        "binds_until,releases,summary,source_title,source_url,confirmed\n"
        "x1,2014-01-01,maybe,CMA,cleared,1,A;B,,,,,s,t,https://example.org,\n",
    )
    with pytest.raises(MergerDecisionDataError, match="x1"):
        merger_decisions._decision(table.rows[0])


def test_a_reference_is_pending_until_another_decision_follows() -> None:
    reference = MergerControlDecided(
        "ref", MergerAuthority.OFT, MergerOutcome.REFERRED, ("RDZ", "RD3"), 1
    )
    register = Register().apply_all(
        [(date(2013, 1, 31), reference), (date(2014, 1, 31), UNDERTAKINGS)]
    )
    controls = register.merger_controls
    assert controls.pending(("RDZ", "RD3"), date(2013, 1, 30)) is None
    assert controls.pending(("RDZ", "RD3"), date(2013, 6, 3)) == (date(2013, 1, 31), reference)
    assert controls.pending(("RDZ", "RD3"), date(2014, 1, 31)) is None
