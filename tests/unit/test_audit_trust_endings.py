"""Trust endings the register's successors do not explain (reference/data/trust_endings.csv):
Mid Staffordshire NHS FT dissolved at the end of its special administration (NHS Act 2006
s.65LA), North West Boroughs acquired by Mersey Care (s.56A) after a transfer of services."""

from __future__ import annotations

from datetime import date

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.reference.trust_endings import trust_endings
from nhswiring.service.audit_acts import AFTER_SPECIAL_ADMINISTRATION
from nhswiring.service.audit_changes import Happening, group

K = BodyKind


def _ending(code: str, day: date, successors: tuple[str, ...]) -> Happening:
    kinds = tuple(K.NHS_TRUST for _ in successors)
    return Happening(
        day, "MONITOR", ev.BodyDissolved(code, successors), K.FOUNDATION_TRUST,
        successor_kinds=kinds,
    )  # fmt: skip


def test_mid_staffordshire_is_dissolved_after_special_administration() -> None:
    (change,) = group([_ending("RJD", date(2017, 11, 1), ("RJE", "RL4"))])
    assert change.change == AFTER_SPECIAL_ADMINISTRATION
    assert change.action == "dissolve_after_special_administration"
    assert change.actor == "MONITOR"
    assert change.args == {"trust": "RJD", "successors": ["RJE", "RL4"]}
    assert change.facts == {"sos_decided_tsa_dissolution": True}


def test_north_west_boroughs_is_acquired_by_mersey_care() -> None:
    (change,) = group([_ending("RTV", date(2021, 6, 1), ("RW4", "RXV"))])
    assert (change.change, change.action) == ("acquisition", "merge")
    assert change.args == {"bodies": ["RTV", "RW4"], "into": "RW4"}


def test_an_ending_on_another_day_is_not_taken_for_the_recorded_one() -> None:
    (change,) = group([_ending("RJD", date(2014, 11, 1), ("RJE", "RL4"))])
    assert change.change == "dissolution"


def test_every_row_names_a_route() -> None:
    endings = trust_endings()
    assert endings["RJD"].route == "special_administration"
    assert endings["RJD"].sos_decision == date(2014, 2, 26)
    assert endings["RTV"].by == "RW4"
