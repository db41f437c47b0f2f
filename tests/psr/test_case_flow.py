"""A Direct Award C case run from opening to award, on a real SQLite ledger: each refusal the
regulations require, with the dates the issue gives (notice Monday 2 June 2025, standstill to
midnight on Friday 13 June)."""

from __future__ import annotations

import pytest

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import Status
from nhswiring.exports.ocds import validate_release
from nhswiring.service.psr.base import StandstillRunning
from nhswiring.service.psr.cases import Cases, StepRefused
from nhswiring.service.psr.notices import publish
from nhswiring.service.psr.records import build_record
from tests.psr.conftest import DA_C_FACTS, assess, award, d, da_c_to_intention, open_case, route


def test_the_whole_direct_award_c_case(cases: Cases) -> None:
    da_c_to_intention(cases)
    case = cases.state("CN1")
    assert case.status is Status.STANDSTILL
    assert case.standstill is not None
    assert case.standstill.to_json() == {
        "notice_published": "2025-06-02",
        "begins": "2025-06-03",
        "last_day": "2025-06-13",
        "ends_at": "2025-06-14T00:00",
    }
    award = {
        "case_id": "CN1",
        "provider": "RTD",
        "value": 12_000_000,
        "start": d("2025-07-01"),
        "end": d("2028-07-01"),
        "by": "P100",
    }
    with pytest.raises(StepRefused, match=r"Friday 2025-06-13.*from Saturday 2025-06-14") as early:
        cases.award(day=d("2025-06-13"), **award)
    assert early.value.possible_from == d("2025-06-14")  # only time stands in the way

    cases.represent(
        case_id="CN1", day=d("2025-06-12"), provider="RR7", summary="not considered", by="P101"
    )
    with pytest.raises(
        StepRefused, match="a further decision on RR7's representations"
    ) as undecided:
        cases.award(day=d("2025-06-16"), **award)
    assert undecided.value.possible_from is None  # a decision must come first
    cases.decide_representation(
        case_id="CN1",
        day=d("2025-06-16"),
        provider="RR7",
        decision="proceed",
        reasons="Direct Award C conditions met",
        by="P100",
    )
    # Told on Monday 16 June: five working days (17-23 June) pass before it may act.
    assert cases.state("CN1").representations[0].may_act_from == d("2025-06-24")
    with pytest.raises(StepRefused, match=r"before 2025-06-24 \(reg 12\(10\)\)") as waiting:
        cases.award(day=d("2025-06-23"), **award)
    assert waiting.value.possible_from == d("2025-06-24")
    result = cases.award(day=d("2025-06-24"), **award)
    assert result.case.status is Status.AWARDED
    contract = cases.register().contract("CN1-C1")
    assert contract is not None
    assert contract.provider == "RTD"
    assert contract.valid.contains(d("2028-06-30"))
    assert not contract.valid.contains(d("2028-07-01"))

    notice = publish(cases, case_id="CN1", day=d("2025-06-25"), schedule=4, by="P100")
    sent = notice.case.notices[-1]
    assert sent["medium"] == "central digital platform"
    assert sent["due"] == "2025-07-24"
    assert sent["late"] is False
    assert "2025-07-01 to 2028-06-30 inclusive" in sent["text"]
    for n in notice.case.notices:
        validate_release(n["ocds_release"])

    record = build_record(cases.state("CN1"), cases.register())
    assert record.missing == []
    assert cases.system.verify().ok


def test_a_cpv_code_outside_schedule_1_is_refused(cases: Cases) -> None:
    with pytest.raises(InvalidInput, match=r"'85311000-2' is not a CPV code in PSR Schedule 1"):
        open_case(cases, cpv_codes=["85311000-2"])
    assert cases.register().case_ids() == []


def test_a_case_before_the_psr_is_refused(cases: Cases) -> None:
    with pytest.raises(InvalidInput, match="before the PSR came into force"):
        open_case(cases, day="2023-12-31")


def test_a_process_that_is_ruled_out_cannot_be_chosen(cases: Cases) -> None:
    open_case(cases)
    with pytest.raises(StepRefused, match="direct_award_a is ruled out"):
        route(cases, "direct_award_a", DA_C_FACTS)


def test_a_considerable_change_rules_out_direct_award_c(cases: Cases) -> None:
    open_case(cases, value=14_000_000)  # +£3m on £11m: at least £500k and at least 25%
    with pytest.raises(StepRefused, match="direct_award_c is ruled out"):
        route(cases, "direct_award_c", DA_C_FACTS)


def test_representations_after_the_standstill_are_refused(cases: Cases) -> None:
    da_c_to_intention(cases)
    with pytest.raises(StepRefused, match="standstill ended at 2025-06-14T00:00"):
        cases.represent(case_id="CN1", day=d("2025-06-14"), provider="RR7", summary="x", by="P101")


def test_no_award_without_the_notice_of_intention(cases: Cases) -> None:
    open_case(cases)
    route(cases, "direct_award_c", DA_C_FACTS)
    assess(cases)
    with pytest.raises(StepRefused, match="notice of intention to award has not been published"):
        award(cases, "2025-06-30")


def test_an_abandoned_case_cannot_be_awarded_and_needs_its_notice(cases: Cases) -> None:
    da_c_to_intention(cases)
    with pytest.raises(StepRefused, match=r"only on representations.*reg 15\(2\)-\(3\)"):
        cases.abandon(case_id="CN1", day=d("2025-06-05"), reason="redesign", by="P100")
    cases.represent(case_id="CN1", day=d("2025-06-05"), provider="RR7", summary="x", by="P101")
    cases.decide_representation(
        case_id="CN1",
        day=d("2025-06-09"),
        provider="RR7",
        decision="abandon",
        reasons="service to be redesigned",
        by="P100",
    )
    # A decision to abandon, made in the standstill, is not the abandonment (reg 15(3)): the
    # standstill runs until five working days after the providers were told (reg 12(10)(b)).
    assert cases.state("CN1").status is Status.STANDSTILL
    with pytest.raises(StepRefused, match="has not been abandoned"):
        publish(cases, case_id="CN1", day=d("2025-06-13"), schedule=None, by="P100")
    with pytest.raises(StandstillRunning, match=r"not the abandonment.*reg 15\(3\)") as early:
        cases.abandon(case_id="CN1", day=d("2025-06-16"), reason="redesign", by="P100")
    assert early.value.possible_from == d("2025-06-17")
    cases.abandon(case_id="CN1", day=d("2025-06-17"), reason="redesign", by="P100")
    case = cases.state("CN1")
    assert case.status is Status.ABANDONED
    record = build_record(case, cases.register())
    assert {i["key"]: i["value"] for i in record.items}["abandonment_date"] == "2025-06-17"
    with pytest.raises(StepRefused, match="abandoned on 2025-06-17"):
        award(cases, "2025-07-01", value=1)
    notice = publish(cases, case_id="CN1", day=d("2025-06-20"), schedule=None, by="P100")
    validate_release(notice.case.notices[-1]["ocds_release"])


def test_a_decision_to_repeat_is_carried_out_by_a_fresh_notice_and_standstill(
    cases: Cases,
) -> None:
    da_c_to_intention(cases)
    cases.represent(case_id="CN1", day=d("2025-06-05"), provider="RR7", summary="x", by="P101")
    cases.decide_representation(
        case_id="CN1",
        day=d("2025-06-09"),
        provider="RR7",
        decision="repeat",
        reasons="reassess against the key criteria",
        by="P100",
    )
    with pytest.raises(StepRefused, match="repeat it before awarding"):
        award(cases, "2025-06-17")
    notice = publish(cases, case_id="CN1", day=d("2025-06-17"), schedule=3, by="P100")
    assert notice.case.standstill is not None
    assert notice.case.standstill.last_day == d("2025-06-30")  # Wednesday 18 June + 8
    with pytest.raises(StepRefused, match="standstill runs until"):
        award(cases, "2025-06-30")
    assert award(cases, "2025-07-01").case.status is Status.AWARDED
