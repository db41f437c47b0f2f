"""Notices (which, when, where), modifications (reg 13), the annual summary (reg 25) and the
monitoring report (reg 26), from cases run on a real ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from nhswiring.domain import events as ev
from nhswiring.exports.ocds import validate_release
from nhswiring.service.psr.cases import Cases, StepRefused
from nhswiring.service.psr.monitoring import monitoring_report
from nhswiring.service.psr.notices import publish
from nhswiring.service.psr.summary import annual_summary
from tests.psr.conftest import (
    DA_C_FACTS,
    assess,
    award,
    d,
    da_c_to_intention,
    open_case,
    record_events,
    route,
)

URGENT = {
    "urgency": True,
    "urgency_not_foreseeable_or_attributable": True,
    "delay_risks_safety": True,
}
MSP_FACTS: dict[str, Any] = {
    "existing_provider": False,
    "only_existing_provider_capable": False,
    "patients_offered_choice": False,
    "existing_contract_expiring": False,
    "most_suitable_identifiable_without_competition": True,
    "urgency": False,
}


def _awarded(cases: Cases, day: str = "2025-06-16") -> None:
    da_c_to_intention(cases)
    cases.award(
        case_id="CN1",
        day=d(day),
        provider="RTD",
        value=12_000_000,
        start=d("2025-07-01"),
        end=d("2028-07-01"),
        by="P100",
    )


def _modify(cases: Cases, change: int, **kw: Any) -> Any:
    return cases.modify(
        case_id="CN1",
        day=d(kw.pop("day", "2025-09-01")),
        change=change,
        reason=kw.pop("reason", "authority_decision"),
        by="P100",
        **kw,
    )


def test_modifications_need_a_notice_only_from_500k_and_stop_at_considerable(
    cases: Cases,
) -> None:
    _awarded(cases)
    assert _modify(cases, 200_000).case.modifications[-1].notice_required is False
    second = _modify(cases, 400_000, day="2025-10-01", new_end=d("2028-10-01")).case.modifications[
        -1
    ]
    contract = cases.register().contract("CN1-C1")
    assert contract is not None
    assert contract.value_on(d("2025-09-15")) == 12_200_000
    assert contract.value_on(d("2025-10-01")) == 12_600_000
    assert contract.lifetime_value == 12_000_000  # the baseline of reg 13's cumulative test
    assert contract.valid.end == d("2028-10-01")
    assert second.cumulative == 600000
    assert second.notice_required is True
    notice = publish(cases, case_id="CN1", day=d("2025-10-10"), schedule=12, by="P100")
    validate_release(notice.case.notices[-1]["ocds_release"])
    with pytest.raises(StepRefused, match=r"cumulative change of £3,600,000.*at least 25%"):
        _modify(cases, 3_000_000, day="2025-11-01")
    with pytest.raises(StepRefused, match="materially different"):
        _modify(cases, 1_000, day="2025-11-01", facts={"materially_different": True})


def test_each_process_has_its_own_schedules(cases: Cases) -> None:
    da_c_to_intention(cases)
    with pytest.raises(StepRefused, match=r"Schedule 6 is not a notice of the direct_award_c"):
        publish(cases, case_id="CN1", day=d("2025-06-03"), schedule=6, by="P100")
    with pytest.raises(StepRefused, match="no contract has been awarded yet"):
        publish(cases, case_id="CN1", day=d("2025-06-03"), schedule=4, by="P100")
    with pytest.raises(StepRefused, match="already been published"):
        publish(cases, case_id="CN1", day=d("2025-06-03"), schedule=3, by="P100")


def test_most_suitable_provider_waits_14_days_after_schedule_5(cases: Cases) -> None:
    open_case(cases, existing_contract=None)
    cases.route(
        case_id="CN1",
        day=d("2025-05-05"),
        process="most_suitable_provider",
        facts=MSP_FACTS,
        by="P100",
    )
    with pytest.raises(StepRefused, match="starts with the Schedule 5 notice"):
        publish(cases, case_id="CN1", day=d("2025-05-20"), schedule=6, by="P100")
    publish(
        cases,
        case_id="CN1",
        day=d("2025-05-12"),
        schedule=5,
        by="P100",
        fields={"service_dates": "2025-10-01 to 2028-09-30 inclusive"},
    )
    assess(cases, day="2025-05-20")
    with pytest.raises(StepRefused, match="not before 2025-05-26"):
        publish(cases, case_id="CN1", day=d("2025-05-25"), schedule=6, by="P100")
    result = publish(cases, case_id="CN1", day=d("2025-05-26"), schedule=6, by="P100")
    assert result.case.standstill is not None
    assert result.case.standstill.last_day == d("2025-06-06")
    for n in result.case.notices:
        validate_release(n["ocds_release"])


@pytest.mark.parametrize(
    ("opened", "notice_day", "medium"),
    [
        ("2024-06-03", "2024-07-01", "UK e-notification service"),
        ("2025-01-06", "2025-03-03", "UK e-notification service"),  # SI 2025/163 reg 34
        ("2025-03-03", "2025-04-01", "central digital platform"),
    ],
)
def test_the_publication_medium_follows_the_date_and_the_transitional_rule(
    cases: Cases, opened: str, notice_day: str, medium: str
) -> None:
    open_case(cases, day=opened)
    cases.route(
        case_id="CN1",
        day=d(opened),
        process="direct_award_c",
        facts=DA_C_FACTS,
        by="P100",
        provider="RTD",
    )
    assess(cases, day=opened)
    result = publish(cases, case_id="CN1", day=d(notice_day), schedule=3, by="P100")
    assert result.case.notices[-1]["medium"] == medium
    assert medium in result.case.notices[-1]["text"]


def test_a_missing_notice_item_is_named(cases: Cases) -> None:
    da_c_to_intention(cases)
    award(cases, "2025-06-16", value=1)
    with pytest.raises(Exception, match=r"lacks.*provider_name_and_address"):
        publish(cases, case_id="CN1", day=d("2025-06-17"), schedule=4, by="P100", provider="RR7")


def test_annual_summary_counts_exactly_reg_25(cases: Cases) -> None:
    # RR7 held the old contract until 31 March 2025; RTD is new to the ICB.
    record_events(
        cases,
        "2022-04-01",
        ev.ContractAwarded(
            "OLD-1",
            "QHM",
            "RR7",
            "Community nursing",
            Decimal(11_000_000),
            date(2022, 4, 1),
            date(2025, 4, 1),
        ),
    )
    da_c_to_intention(cases)
    cases.represent(case_id="CN1", day=d("2025-06-10"), provider="RR7", summary="x", by="P101")
    cases.decide_representation(
        case_id="CN1",
        day=d("2025-06-12"),
        provider="RR7",
        decision="proceed",
        reasons="y",
        by="P100",
    )
    award(cases, "2025-06-24")
    _modify(cases, 100_000, day="2025-12-01", reason="urgent", facts=URGENT)
    summary = annual_summary(cases.register(), "QHM", "2025/26")
    counts = {row[2][-6:]: int(row[1]) for row in summary.rows()}
    assert counts == {
        "(2)(a)": 1,
        "(2)(b)": 0,
        "(2)(c)": 0,
        "(2)(d)": 0,
        "(2)(e)": 0,
        "(2)(f)": 1,
        "(2)(g)": 1,
        "(2)(h)": 1,
        "(2)(i)": 1,
    }
    assert summary.new_providers == ["RTD"]
    assert summary.lost_providers == ["RR7"]
    assert "outcome: proceed" in summary.representation_summary()
    assert annual_summary(cases.register(), "QHM", "2024/25").counts["direct_awards"] == 0


def test_monitoring_flags_late_and_missing_notices(cases: Cases) -> None:
    _awarded(cases)  # awarded 16 June 2025: the Schedule 4 notice is due by 16 July
    pending = monitoring_report(cases.register(), "QHM", "2025/26", d("2025-07-01"))
    assert {f.check: f.result for f in pending.findings}["Schedule 4 notice"] == "pending"
    missing = monitoring_report(cases.register(), "QHM", "2025/26", d("2025-08-01"))
    assert {f.check: f.result for f in missing.findings}["Schedule 4 notice"] == "fail"
    publish(cases, case_id="CN1", day=d("2025-07-20"), schedule=4, by="P100")
    late = monitoring_report(cases.register(), "QHM", "2025/26", d("2025-08-01"))
    finding = {f.check: f for f in late.findings}["Schedule 4 notice"]
    assert finding.result == "fail"
    assert "after the deadline of 2025-07-16" in finding.detail
    assert {f.check: f.result for f in late.findings}["record"] == "pass"


def test_a_continuity_modification_changes_the_existing_contract(cases: Cases) -> None:
    record_events(
        cases,
        "2022-04-01",
        ev.ContractAwarded(
            "OLD-1", "QHM", "RTD", "Community nursing", Decimal(11_000_000),
            date(2022, 4, 1), date(2025, 6, 10),
        ),
    )  # fmt: skip
    open_case(cases, existing_contract="OLD-1")
    route(cases)
    assess(cases)
    publish(cases, case_id="CN1", day=d("2025-06-02"), schedule=3, by="P100")
    facts = {
        "expert_advice_sought": True,
        "existing_contract_expires_in_standstill": True,
        "continuity_needed": True,
        "regs_6_to_13_impossible_in_time": True,
    }
    step = _modify(
        cases, 150_000, day="2025-06-05", reason="continuity", facts=facts, new_end=d("2025-07-01")
    )
    assert step.case.modifications[-1].contract == "OLD-1"
    assert step.case.modifications[-1].notice_required is False
    old = cases.register().contract("OLD-1")
    assert old is not None
    assert old.valid.end == d("2025-07-01")
    assert annual_summary(cases.register(), "QHM", "2025/26").counts["urgent"] == 1
    with pytest.raises(StepRefused, match="reg 14\\(3\\)"):
        _modify(cases, 1, day="2025-06-20", reason="continuity", facts=facts)  # after standstill


def test_a_case_still_running_is_pending_not_failing(cases: Cases) -> None:
    open_case(cases)
    route(cases)  # routed, not yet assessed: 24(e) cannot be written yet
    report = monitoring_report(cases.register(), "QHM", "2025/26", d("2025-06-01"))
    finding = {f.check: f for f in report.findings}["record"]
    assert finding.result == "pending"
    assert "24(e)" in finding.detail
