"""The review of representations on a real ledger: subsequent further decisions (reg 12(7)),
steps that wait for the end of a standstill kept open by representations (reg 15(3)), requests
for information (reg 12(4)(b), (5)), referrals to the Panel and its advice (reg 23), and the
case capabilities the Panel's reviews need: independent providers, several existing contracts,
lots and mixed procurements (reg 3). Notice Monday 2 June 2025; eighth working day Friday 13
June."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.errors import InvalidInput
from nhswiring.service.psr.base import (
    InvalidDecision,
    NoReferral,
    NoRepresentation,
    NotMixedProcurement,
    StandstillOver,
    StandstillRunning,
)
from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.monitoring import monitoring_report
from nhswiring.service.psr.notices import publish
from tests.psr.conftest import (
    KEY_CRITERIA,
    assess,
    award,
    d,
    da_c_to_intention,
    open_case,
    record_events,
    route,
)


def _independent(cases: Cases) -> None:
    record_events(
        cases, "2024-01-02", ev.BodyEstablished("XIND1", BodyKind.INDEPENDENT_PROVIDER, "Ind Ltd")
    )


def _represented(cases: Cases) -> None:
    _independent(cases)
    da_c_to_intention(cases)
    cases.represent(case_id="CN1", day=d("2025-06-10"), provider="XIND1", summary="s", by="P101")


def _decide(cases: Cases, day: str, decision: str = "proceed") -> Any:
    return cases.decide_representation(
        case_id="CN1", day=d(day), provider="XIND1", decision=decision, reasons="r", by="P100"
    )


def test_an_independent_provider_may_make_representations(cases: Cases) -> None:
    _represented(cases)
    assert cases.state("CN1").representations[0].provider == "XIND1"


def test_a_second_further_decision_replaces_the_first(cases: Cases) -> None:
    _represented(cases)
    _decide(cases, "2025-06-16")
    result = _decide(cases, "2025-06-18", "abandon")
    assert result.case.further_decision.decision == "abandon"


def test_a_subsequent_further_decision_is_marked_so(cases: Cases) -> None:
    _represented(cases)
    _decide(cases, "2025-06-16")
    assert _decide(cases, "2025-06-18", "abandon").case.further_decision.subsequent


def test_no_further_decision_once_the_standstill_has_ended(cases: Cases) -> None:
    _represented(cases)
    _decide(cases, "2025-06-16")
    with pytest.raises(StandstillOver, match=r"reg 12\(7\)"):
        _decide(cases, "2025-06-25", "abandon")


def test_a_decision_that_is_not_one_of_the_three_is_refused(cases: Cases) -> None:
    _represented(cases)
    with pytest.raises(InvalidDecision):
        _decide(cases, "2025-06-16", "pause")


def test_abandoning_waits_for_the_end_of_the_standstill(cases: Cases) -> None:
    _represented(cases)
    _decide(cases, "2025-06-16", "abandon")
    with pytest.raises(StandstillRunning) as early:
        cases.abandon(case_id="CN1", day=d("2025-06-23"), reason="x", by="P100")
    assert early.value.possible_from == d("2025-06-24")


def test_the_abandonment_notice_is_due_30_days_from_the_standstill_end(cases: Cases) -> None:
    _represented(cases)
    _decide(cases, "2025-06-16", "abandon")
    cases.abandon(case_id="CN1", day=d("2025-07-10"), reason="x", by="P100")
    publish(cases, case_id="CN1", day=d("2025-07-30"), schedule="abandonment", by="P100")
    report = monitoring_report(cases.register(), "QHM", "2025/26", d("2025-08-30"))
    late = [f.detail for f in report.findings if "abandonment" in f.check and f.result == "fail"]
    assert late == [  # 30 days after the standstill ended on 23 June, not after 10 July
        "submitted 2025-07-30, after the deadline of 2025-07-23 for the abandonment of 2025-07-10"
    ]


def test_repeated_steps_wait_for_the_end_of_the_standstill(cases: Cases) -> None:
    _represented(cases)
    _decide(cases, "2025-06-16", "repeat")
    with pytest.raises(StandstillRunning, match=r"reg 15\(3\)"):
        cases.assess(
            case_id="CN1",
            day=d("2025-06-20"),
            provider="RTD",
            by="P100",
            key_criteria=KEY_CRITERIA,
            basic_selection_met=True,
        )


def test_a_repeated_notice_of_intention_waits_for_the_end_of_the_standstill(
    cases: Cases,
) -> None:
    _represented(cases)
    _decide(cases, "2025-06-16", "repeat")
    with pytest.raises(StandstillRunning, match=r"reg 15\(3\)"):
        publish(cases, case_id="CN1", day=d("2025-06-20"), schedule=3, by="P100")


def test_a_repeated_notice_of_intention_after_the_standstill_starts_a_new_one(
    cases: Cases,
) -> None:
    _represented(cases)
    _decide(cases, "2025-06-16", "repeat")
    result = publish(cases, case_id="CN1", day=d("2025-06-24"), schedule=3, by="P100")
    assert result.case.standstill_begins == d("2025-06-25")


def test_information_is_asked_for_only_by_a_provider_that_made_representations(
    cases: Cases,
) -> None:
    _represented(cases)
    with pytest.raises(NoRepresentation):
        cases.request_information(
            case_id="CN1", day=d("2025-06-11"), provider="RTD", request="scores", by="P100"
        )


def test_information_withheld_must_name_a_reg_12_5_ground(cases: Cases) -> None:
    _represented(cases)
    cases.request_information(
        case_id="CN1", day=d("2025-06-11"), provider="XIND1", request="scores", by="P100"
    )
    with pytest.raises(InvalidDecision, match="reg 12"):
        cases.give_information(
            case_id="CN1",
            day=d("2025-06-12"),
            provider="XIND1",
            answer="a",
            withheld="too much work",
            by="P100",
        )


def test_information_not_given_keeps_the_award_waiting(cases: Cases) -> None:
    _represented(cases)
    cases.request_information(
        case_id="CN1", day=d("2025-06-11"), provider="XIND1", request="scores", by="P100"
    )
    _decide(cases, "2025-06-16")
    with pytest.raises(InvalidInput, match=r"reg 12\(4\)\(b\)"):
        award(cases, "2025-06-30")


def test_advice_needs_a_referral(cases: Cases) -> None:
    _represented(cases)
    with pytest.raises(NoReferral):
        cases.record_panel_advice(
            case_id="CN1", day=d("2025-06-20"), provider="XIND1", advice="proceed",
            summary="s", by="P100",
        )  # fmt: skip


def test_a_referral_follows_the_authority_s_own_further_decision(cases: Cases) -> None:
    _represented(cases)
    with pytest.raises(NoRepresentation, match="no further decision"):
        cases.refer_to_panel(case_id="CN1", day=d("2025-06-12"), provider="XIND1", by="P100")


def test_the_award_follows_the_panel_s_advice_and_a_decision_in_its_light(cases: Cases) -> None:
    _represented(cases)
    _decide(cases, "2025-06-16")
    cases.refer_to_panel(case_id="CN1", day=d("2025-06-18"), provider="XIND1", by="P100")
    cases.record_panel_advice(
        case_id="CN1", day=d("2025-07-01"), provider="XIND1", advice="proceed", summary="s",
        by="P100",
    )  # fmt: skip
    _decide(cases, "2025-07-02")
    assert award(cases, "2025-07-10").case.award is not None


def _contract(cases: Cases, cid: str, value: int) -> None:
    record_events(
        cases,
        "2023-04-01",
        ev.ContractAwarded(
            cid, "QHM", "RTD", "community nursing", Decimal(value), d("2023-04-01"), None
        ),
    )


def test_several_existing_contracts_are_the_considerable_change_baseline(cases: Cases) -> None:
    _contract(cases, "EX-1", 6_000_000)
    _contract(cases, "EX-2", 5_000_000)
    open_case(cases, existing_contract="EX-1", other_existing_contracts=["EX-2"])
    facts = cases._route_facts(cases.state("CN1"), cases.register(), {})
    assert facts["existing_lifetime_value"] == "11000000"


def test_a_further_existing_contract_must_be_in_the_register(cases: Cases) -> None:
    _contract(cases, "EX-1", 6_000_000)
    with pytest.raises(InvalidInput, match="no other contract"):
        open_case(cases, existing_contract="EX-1", other_existing_contracts=["NOPE"])


def test_a_lot_is_recorded_with_its_procurement(cases: Cases) -> None:
    open_case(cases, lot="7", procurement="IMOS-2025")
    assert cases.state("CN1").procurement == "IMOS-2025"


def test_a_mixed_procurement_needs_health_care_as_its_main_subject_matter(cases: Cases) -> None:
    with pytest.raises(NotMixedProcurement, match=r"reg 3\(4\)\(a\)"):
        open_case(cases, other_goods_and_services_value=7_000_000)


def test_a_mixed_procurement_needs_the_authority_s_finding_on_separate_contracts(
    cases: Cases,
) -> None:
    with pytest.raises(NotMixedProcurement, match=r"reg 3\(4\)\(b\)"):
        open_case(cases, other_goods_and_services_value=1_000_000)


def test_a_mixed_procurement_records_the_value_of_each_part(cases: Cases) -> None:
    open_case(
        cases, other_goods_and_services_value=1_000_000, separate_contract_adverse_impact=True
    )
    mixed = cases.state("CN1").mixed_procurement
    assert mixed == {
        "health_care_services_value": "11000000",
        "other_goods_and_services_value": "1000000",
    }


def test_a_standstill_kept_open_by_a_panel_referral_allows_a_continuity_modification(
    cases: Cases,
) -> None:
    """Reg 14(3): past the eighth working day the standstill is still running while the Panel
    reviews, and the referral is the independent expert advice sought in it (reg 14(3)(b))."""
    record_events(
        cases,
        "2022-04-01",
        ev.ContractAwarded(
            "OLD-1", "QHM", "RTD", "Community nursing", Decimal(11_000_000),
            d("2022-04-01"), d("2025-07-01"),
        ),
    )  # fmt: skip
    _independent(cases)
    open_case(cases, existing_contract="OLD-1")
    route(cases)
    assess(cases)
    publish(cases, case_id="CN1", day=d("2025-06-02"), schedule=3, by="P100")
    cases.represent(case_id="CN1", day=d("2025-06-10"), provider="XIND1", summary="s", by="P101")
    _decide(cases, "2025-06-16")
    cases.refer_to_panel(case_id="CN1", day=d("2025-06-18"), provider="XIND1", by="P100")
    step = cases.modify(
        case_id="CN1",
        day=d("2025-06-27"),
        change=300_000,
        reason="continuity",
        by="P100",
        new_end=d("2025-10-01"),
        facts={
            "existing_contract_expires_in_standstill": True,
            "continuity_needed": True,
            "regs_6_to_13_impossible_in_time": True,
        },
    )
    assert step.case.modifications[-1].contract == "OLD-1"
