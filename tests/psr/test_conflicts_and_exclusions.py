"""Conflicts of interest (reg 21) found from the register of posts and declared interests, and
exclusions (reg 20) judged on the text that applies to the case."""

from __future__ import annotations

from typing import Any

import pytest

from nhswiring.domain import events as ev
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.people import Role
from nhswiring.law.psr_2023.exclusions import ExclusionFacts, ExclusionStatus
from nhswiring.service.psr.cases import Cases, StepRefused
from nhswiring.service.psr.notices import publish
from nhswiring.service.psr.progress import case_progress
from tests.psr.conftest import (
    COMPETITIVE_FACTS,
    DA_C_FACTS,
    assess,
    award,
    board_post,
    d,
    open_case,
    record_events,
)

PEOPLE = {"P100": "Ann Example", "P101": "Bob Example", "P102": "Cat Example"}


def _route(cases: Cases, process: str, facts: dict[str, Any]) -> None:
    cases.route(
        case_id="CN1", day=d("2025-05-10"), process=process, facts=facts, by="P100", provider="RTD"
    )


def _posts(cases: Cases) -> None:
    """P100 is an ICB partner member and the chief executive of RTD; P101 has declared a
    financial interest in RTD; P102 is an associate non-executive (not a board member) who
    chairs a committee of RTD."""
    record_events(
        cases,
        "2025-04-01",
        board_post("A1", "P100", Role.PARTNER_MEMBER, "QHM"),
        board_post("A2", "P100", Role.CHIEF_EXECUTIVE, "RTD"),
        ev.InterestDeclared("I1", "P101", "RTD", "spouse is a consultant at RTD"),
        board_post("A3", "P102", Role.ASSOCIATE_NON_EXECUTIVE, "QHM"),
        board_post("A4", "P102", Role.COMMITTEE_MEMBER, "RTD"),
    )


def test_direct_award_c_board_member_is_not_conflicted_but_an_interest_is(cases: Cases) -> None:
    open_case(cases, decision_makers=PEOPLE)
    _posts(cases)
    _route(cases, "direct_award_c", DA_C_FACTS)
    found = {
        c.person: c
        for c in cases.conflicts(case_id="CN1", day=d("2025-05-12"), by="P100").conflicts
    }
    assert found["P100"].conflicted is False
    assert "reg 21(3)" in found["P100"].reason
    assert found["P101"].conflicted is True
    assert "no exception for expertise" in found["P101"].reason
    assert found["P102"].conflicted is True  # an associate is not an ICB member (reg 21(5))


def test_competitive_process_board_member_with_a_bidder_must_recuse(cases: Cases) -> None:
    open_case(cases, decision_makers=PEOPLE)
    _posts(cases)
    _route(cases, "competitive", COMPETITIVE_FACTS)
    assess(cases, "RTD", award_score=71.5)
    found = {
        c.person: c
        for c in cases.conflicts(case_id="CN1", day=d("2025-05-21"), by="P100").conflicts
    }
    assert found["P100"].conflicted is True
    assert "reg 21(4)-(5)" in found["P100"].reason


def test_a_conflicted_person_cannot_take_the_award_and_is_named_in_the_notice(
    cases: Cases,
) -> None:
    open_case(cases, decision_makers=PEOPLE)
    _posts(cases)
    _route(cases, "direct_award_c", DA_C_FACTS)
    assess(cases)
    publish(cases, case_id="CN1", day=d("2025-06-02"), schedule=3, by="P100")
    award: dict[str, Any] = {
        "case_id": "CN1",
        "day": d("2025-06-16"),
        "provider": "RTD",
        "value": 12_000_000,
        "start": d("2025-07-01"),
        "end": None,
    }
    with pytest.raises(StepRefused, match="P101 has a conflict of interest"):
        cases.award(by="P101", **award)
    assert cases.state("CN1").conflicts == []  # a refused award writes nothing, conflicts included
    result = cases.award(by="P100", **award)
    assert result.case.award is not None
    assert result.case.award.decision_makers == ("P100",)
    notice = publish(cases, case_id="CN1", day=d("2025-06-17"), schedule=4, by="P100")
    items = {i["key"]: i["value"] for i in notice.case.notices[-1]["items"]}
    assert items["decision_makers"] == "Ann Example (P100)"
    assert "Bob Example (P101): declared interest" in items["declared_conflicts"]
    assert "must not take part" in items["conflict_management"]


def _exclusion_case(cases: Cases, opened: str) -> None:
    open_case(cases, day=opened)
    _route_on = "2025-05-10" if opened > "2025-02-24" else "2025-01-10"
    cases.route(
        case_id="CN1",
        day=d(_route_on),
        process="direct_award_c",
        facts=DA_C_FACTS,
        by="P100",
        provider="RTD",
    )


def test_an_excluded_provider_blocks_the_award(cases: Cases) -> None:
    _exclusion_case(cases, "2025-05-01")
    assess(cases, exclusion=ExclusionFacts(ExclusionStatus.EXCLUDED, "fraud conviction"))
    with pytest.raises(StepRefused, match="RTD is excluded"):
        publish(cases, case_id="CN1", day=d("2025-06-02"), schedule=3, by="P100", provider="RTD")
    with pytest.raises(StepRefused, match=r"excluded provider \(fraud conviction\).*reg 20\(1\)"):
        award(cases, "2025-06-16", value=1)


def test_public_interest_lets_an_excluded_provider_be_awarded_from_2025(cases: Cases) -> None:
    _exclusion_case(cases, "2025-05-01")
    assess(
        cases,
        exclusion=ExclusionFacts(
            ExclusionStatus.EXCLUDED,
            "debarred",
            debarment_list=True,
            public_interest="only provider able to keep the service safe",
        ),
    )
    exclusion = cases.state("CN1").assessments["RTD"]["exclusion"]
    assert exclusion["excluded"] is False
    assert "reg 20(1A)" in exclusion["reason"]


def test_before_24_february_2025_the_old_text_gives_no_guessed_verdict(cases: Cases) -> None:
    _exclusion_case(cases, "2025-01-06")
    with pytest.raises(StepRefused, match="UNCONFIRMED"):
        assess(
            cases,
            day="2025-01-20",
            exclusion=ExclusionFacts(ExclusionStatus.EXCLUDED, "x", public_interest="safety"),
        )
    with pytest.raises(StepRefused, match="debarment list exists only from 24 February 2025"):
        assess(
            cases,
            day="2025-01-20",
            exclusion=ExclusionFacts(ExclusionStatus.EXCLUDABLE, "x", debarment_list=True),
        )
    assert cases.state("CN1").assessments == {}


def test_an_excludable_provider_is_excluded_only_if_the_authority_decides(cases: Cases) -> None:
    _exclusion_case(cases, "2025-05-01")
    assess(cases, exclusion=ExclusionFacts(ExclusionStatus.EXCLUDABLE, "poor performance"))
    assert cases.state("CN1").assessments["RTD"]["exclusion"]["excluded"] is False
    assess(
        cases,
        exclusion=ExclusionFacts(ExclusionStatus.EXCLUDABLE, "poor performance", exclude=True),
    )
    assert cases.state("CN1").assessments["RTD"]["exclusion"]["excluded"] is True


def test_basic_selection_failure_blocks_direct_award_c(cases: Cases) -> None:
    _exclusion_case(cases, "2025-05-01")
    assess(cases, basic_selection_met=False)
    with pytest.raises(StepRefused, match="does not meet the basic selection criteria"):
        publish(cases, case_id="CN1", day=d("2025-06-02"), schedule=3, by="P100", provider="RTD")
    with pytest.raises(StepRefused, match=r"does not meet the basic selection criteria \(reg 19\)"):
        award(cases, "2025-06-16", value=1)


def test_a_conflicts_check_that_finds_nothing_is_recorded_all_the_same(cases: Cases) -> None:
    open_case(cases)
    _route(cases, "direct_award_c", DA_C_FACTS)
    result = cases.conflicts(case_id="CN1", day=d("2025-05-21"), by="P101")
    assert result.conflicts == ()
    assert result.recorded == 1
    (check,) = result.case.conflict_checks
    assert check["on"] == "2025-05-21"
    assert check["links_found"] == 0
    assert result.case.history[-1]["by"] == "P101"
    task = next(
        t
        for t in case_progress(cases, result.case, cases.register(), d("2025-05-22")).tasks
        if t.key == "conflicts"
    )
    assert task.detail == "checked on 21 May 2025: none found"
    with pytest.raises(InvalidInput, match="not a registered person"):
        cases.conflicts(case_id="CN1", day=d("2025-05-22"), by="NOBODY")
