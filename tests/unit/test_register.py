"""Folding events into the register: lives, changes over time, and refusals."""

from __future__ import annotations

from datetime import date

import pytest

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.errors import InconsistentHistory
from nhswiring.domain.people import Role
from nhswiring.domain.register import Register

D = date


def fold(*dated: tuple[date, ev.Event]) -> Register:
    return Register().apply_all(dated)


def ccg(code: str, name: str = "NHS Example CCG") -> ev.BodyEstablished:
    return ev.BodyEstablished(code, BodyKind.CCG, name, parent="Y54")


def test_a_body_is_in_force_only_within_its_interval() -> None:
    r = fold((D(2013, 4, 1), ccg("00C")), (D(2020, 4, 1), ev.BodyDissolved("00C", ("16C",))))
    assert r.body("00C", D(2013, 3, 31)) is None
    assert r.body("00C", D(2013, 4, 1)) is not None
    assert r.body("00C", D(2020, 3, 31)) is not None
    assert r.body("00C", D(2020, 4, 1)) is None
    assert r.lives("00C")[0].successors == ("16C",)


def test_a_code_can_live_twice_as_different_bodies() -> None:
    r = fold(
        (D(2013, 4, 1), ccg("00L", "NHS Northumberland CCG")),
        (D(2022, 7, 1), ev.BodyDissolved("00L", ("QHM",))),
        (
            D(2022, 7, 1),
            ev.BodyEstablished("00L", BodyKind.SUB_ICB_LOCATION, "QHM - 00L", parent="QHM"),
        ),
    )
    before, after = r.body("00L", D(2022, 6, 30)), r.body("00L", D(2022, 7, 1))
    assert before is not None
    assert after is not None
    assert (before.kind, after.kind) == (BodyKind.CCG, BodyKind.SUB_ICB_LOCATION)
    assert len(r.lives("00L")) == 2


def test_changes_apply_from_their_date_and_keep_the_past() -> None:
    r = fold(
        (D(2013, 4, 1), ev.BodyEstablished("RJ7", BodyKind.NHS_TRUST, "St George's")),
        (D(2015, 2, 1), ev.BodyKindChanged("RJ7", BodyKind.FOUNDATION_TRUST)),
        (D(2016, 1, 1), ev.BodyRenamed("RJ7", "St George's University Hospitals")),
        (D(2022, 7, 1), ev.BodyReparented("RJ7", "QKK")),
    )
    early, mid, late = (r.body("RJ7", d) for d in (D(2015, 1, 31), D(2015, 2, 1), D(2023, 1, 1)))
    assert early is not None
    assert mid is not None
    assert late is not None
    assert (early.kind, mid.kind) == (BodyKind.NHS_TRUST, BodyKind.FOUNDATION_TRUST)
    assert mid.name == "St George's"
    assert late.name == "St George's University Hospitals"
    assert (mid.parent, late.parent) == (None, "QKK")


def test_a_care_trust_designation_is_a_fact_of_a_trust_from_its_date() -> None:
    r = fold(
        (D(2002, 4, 1), ev.BodyEstablished("TAD", BodyKind.NHS_TRUST, "Bradford District Care")),
        (D(2002, 4, 1), ev.CareTrustDesignated("TAD")),
        (D(2015, 5, 1), ev.BodyKindChanged("TAD", BodyKind.FOUNDATION_TRUST)),
        (D(2020, 1, 1), ev.CareTrustDesignated("TAD", designated=False)),
    )
    trust, ft, after = (r.body("TAD", d) for d in (D(2013, 4, 1), D(2015, 5, 1), D(2020, 1, 1)))
    assert trust is not None
    assert ft is not None
    assert after is not None
    assert (trust.care_trust, trust.kind) == (True, BodyKind.NHS_TRUST)
    assert (ft.care_trust, ft.kind) == (True, BodyKind.FOUNDATION_TRUST)  # kind and flag apart
    assert after.care_trust is False
    with pytest.raises(InconsistentHistory):
        fold((D(2013, 4, 1), ev.CareTrustDesignated("TZZ")))  # no such trust
    with pytest.raises(InconsistentHistory, match="not a trust"):
        fold((D(2013, 4, 1), ccg("00C")), (D(2013, 4, 1), ev.CareTrustDesignated("00C")))


def test_dissolution_ends_areas_delegations_and_sole_appointments() -> None:
    r = fold(
        (D(2013, 4, 1), ccg("00C")),
        (D(2013, 4, 1), ev.BodyEstablished("NHSE", BodyKind.NHS_ENGLAND, "NHS England")),
        (D(2013, 4, 1), ev.AreaAssigned("00C", "E06000005")),
        (
            D(2015, 4, 1),
            ev.DelegationMade("d1", "commission_primary_medical_services", "NHSE", "00C", "s.13Z"),
        ),
        (D(2016, 1, 1), ev.AppointmentMade("a1", "P1", Role.CHAIR, ("00C",))),
        (D(2016, 1, 1), ev.AppointmentMade("a2", "P2", Role.CHIEF_EXECUTIVE, ("00C", "NHSE"))),
        (D(2020, 4, 1), ev.BodyDissolved("00C", ("16C",))),
    )
    later = D(2020, 4, 1)
    assert r.covering("E06000005", later) == []
    assert r.delegations(later) == []
    assert [a.appointment_id for a in r.appointments(later)] == ["a2"]
    assert r.area_of("00C", D(2019, 1, 1))[0].area == "E06000005"


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([(D(2014, 1, 1), ev.BodyRenamed("XX", "n"))], "no body 'XX' is in force"),
        ([(D(2013, 4, 1), ccg("00C")), (D(2014, 1, 1), ccg("00C"))], "already in force"),
        ([(D(2014, 1, 1), ccg("00C")), (D(2013, 1, 1), ccg("00D"))], "date order"),
        ([(D(2014, 1, 1), ev.DelegationEnded("nope", "A", "B"))], "no delegation"),
        (
            [(D(2014, 1, 1), ccg("00C")), (D(2015, 1, 1), ev.AreaRemoved("00C", "E1"))],
            "does not cover",
        ),
    ],
)
def test_events_that_cannot_apply_are_refused(
    events: list[tuple[date, ev.Event]], message: str
) -> None:
    with pytest.raises(InconsistentHistory, match=message):
        fold(*events)


def test_a_partial_register_tolerates_bodies_it_has_not_seen() -> None:
    r = Register(partial=True)
    r.apply(D(2022, 7, 1), ev.AreaAssigned("QHG", "E06000032"))
    r.apply(D(2023, 1, 1), ev.BodyRenamed("QHG", "renamed"))
    assert [c.body for c in r.covering("E06000032", D(2023, 1, 1))] == ["QHG"]
    assert r.body("QHG", D(2023, 1, 1)) is None
