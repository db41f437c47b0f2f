"""When a standstill ends (PSR reg 12(9)-(10)), read from a case's folded steps: eight working
days without representations; with them, only once the further decision has been told, the
information asked for given, the Panel's advice followed by a decision, and five working days
passed since the last further decision (notice Monday 2 June 2025: eighth working day Friday
13 June)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from nhswiring.domain.events import CaseStep
from nhswiring.domain.procurement import CaseState, Status, fold_case
from nhswiring.law.psr_2023.standstill import may_act_from, standstill_for
from nhswiring.law.psr_2023.standstill_end import in_standstill, standstill_end
from nhswiring.service.psr.notices import parse_schedule

D = date.fromisoformat
NOTICE = D("2025-06-02")


def _step(kind: str, **details: Any) -> CaseStep:
    return CaseStep("C1", kind, "QHM", "P1", json.dumps(details))


def _decision(day: str, decision: str = "proceed", subsequent: bool = False) -> CaseStep:
    return _step(
        "representation_decision",
        provider="XP1",
        decision=decision,
        reasons="r",
        told_on=day,
        may_act_from=may_act_from(D(day)).isoformat(),
        subsequent=subsequent,
    )


def _case(*steps: tuple[str, CaseStep]) -> CaseState:
    notice = _step(
        "notice", type="intention", schedule=3, standstill=standstill_for(NOTICE).to_json()
    )
    return fold_case("C1", [(NOTICE, notice), *((D(day), s) for day, s in steps)])


REPRESENTED = ("2025-06-10", _step("representation", provider="XP1", summary="s"))


def test_without_representations_it_ends_after_the_eighth_working_day() -> None:
    end = standstill_end(_case())
    assert end is not None
    assert end.last_day == D("2025-06-13")


def test_representations_keep_it_open_past_the_eighth_day_until_a_further_decision() -> None:
    end = standstill_end(_case(REPRESENTED))
    assert end is not None
    assert end.last_day is None
    assert not end.has_ended(D("2025-07-01"))
    assert "a further decision on XP1's representations (reg 12(4)(d))" in end.waiting_for


def test_it_ends_five_working_days_after_the_providers_are_told() -> None:
    end = standstill_end(_case(REPRESENTED, ("2025-06-16", _decision("2025-06-16"))))
    assert end is not None
    assert end.ended_by == D("2025-06-24")


def test_a_decision_to_abandon_waits_the_same_five_working_days() -> None:
    case = _case(REPRESENTED, ("2025-06-16", _decision("2025-06-16", "abandon")))
    end = standstill_end(case)
    assert end is not None
    assert end.last_day == D("2025-06-23")


def test_a_decision_to_abandon_is_not_the_abandonment() -> None:
    case = _case(REPRESENTED, ("2025-06-16", _decision("2025-06-16", "abandon")))
    assert case.status is Status.STANDSTILL


def test_a_decision_to_abandon_leaves_no_abandonment_date() -> None:
    case = _case(REPRESENTED, ("2025-06-16", _decision("2025-06-16", "abandon")))
    assert case.abandoned is None


def test_information_asked_for_and_not_given_keeps_it_open() -> None:
    asked = ("2025-06-11", _step("information_request", provider="XP1", request="scores"))
    end = standstill_end(_case(REPRESENTED, asked, ("2025-06-16", _decision("2025-06-16"))))
    assert end is not None
    assert end.last_day is None


def test_information_given_late_moves_the_end_to_that_day() -> None:
    asked = ("2025-06-11", _step("information_request", provider="XP1", request="scores"))
    given = ("2025-06-30", _step("information_given", provider="XP1", answer="a", withheld=""))
    case = _case(REPRESENTED, asked, ("2025-06-16", _decision("2025-06-16")), given)
    end = standstill_end(case)
    assert end is not None
    assert end.last_day == D("2025-06-30")


def test_a_referral_awaiting_the_panel_keeps_it_open() -> None:
    referred = ("2025-06-18", _step("panel_referral", provider="XP1", reference="CR1"))
    end = standstill_end(_case(REPRESENTED, ("2025-06-16", _decision("2025-06-16")), referred))
    assert end is not None
    assert any("the Panel's advice" in w for w in end.waiting_for)


def test_a_referral_the_panel_declined_holds_nothing() -> None:
    declined = ("2025-06-18", _step("panel_referral", provider="XP1", accepted=False))
    end = standstill_end(_case(REPRESENTED, ("2025-06-16", _decision("2025-06-16")), declined))
    assert end is not None
    assert end.last_day == D("2025-06-23")


def test_advice_waits_for_a_subsequent_further_decision() -> None:
    referred = ("2025-06-18", _step("panel_referral", provider="XP1"))
    advised = ("2025-07-01", _step("panel_advice", provider="XP1", advice="abandon", summary="s"))
    case = _case(REPRESENTED, ("2025-06-16", _decision("2025-06-16")), referred, advised)
    end = standstill_end(case)
    assert end is not None
    assert any("subsequent further decision" in w for w in end.waiting_for)


def test_a_subsequent_further_decision_replaces_the_first() -> None:
    referred = ("2025-06-18", _step("panel_referral", provider="XP1"))
    advised = ("2025-07-01", _step("panel_advice", provider="XP1", advice="abandon", summary="s"))
    second = ("2025-07-02", _decision("2025-07-02", "abandon", subsequent=True))
    case = _case(REPRESENTED, ("2025-06-16", _decision("2025-06-16")), referred, advised, second)
    assert case.further_decision is not None
    assert case.further_decision.decision == "abandon"


def test_the_subsequent_decision_restarts_the_five_working_days() -> None:
    referred = ("2025-06-18", _step("panel_referral", provider="XP1"))
    advised = ("2025-07-01", _step("panel_advice", provider="XP1", advice="abandon", summary="s"))
    second = ("2025-07-02", _decision("2025-07-02", "abandon", subsequent=True))
    case = _case(REPRESENTED, ("2025-06-16", _decision("2025-06-16")), referred, advised, second)
    end = standstill_end(case)
    assert end is not None
    assert end.ended_by == D("2025-07-10")


def test_the_representation_shows_the_decision_in_force() -> None:
    second = ("2025-06-18", _decision("2025-06-18", "repeat", subsequent=True))
    case = _case(REPRESENTED, ("2025-06-16", _decision("2025-06-16")), second)
    assert case.representations[0].decision == "repeat"


def test_a_standstill_kept_open_is_still_running_for_reg_14_3() -> None:
    assert in_standstill(_case(REPRESENTED), D("2025-06-20"))


def test_a_standstill_without_representations_is_over_after_its_eighth_day() -> None:
    assert not in_standstill(_case(), D("2025-06-16"))


def test_abandonment_is_a_schedule_as_the_command_line_gives_it() -> None:
    assert parse_schedule("abandonment") is None


def test_a_schedule_number_in_words_is_read_as_the_number() -> None:
    assert parse_schedule("3") == 3
