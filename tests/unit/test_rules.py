"""The rule base itself: every rule documented and cited; docs generated from it are current;
no combination of inputs makes two rules contradict each other."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nhswiring.domain.errors import InvalidInput
from nhswiring.law.actions import ACTIONS
from nhswiring.law.engine import ALL_PERMISSIONS, Rule
from nhswiring.law.judge import judge
from nhswiring.law.regimes import regime_in_force, regimes
from nhswiring.law.verdict import Outcome
from nhswiring.service.docs import law_markdown, reforms_markdown
from tests.cases_checkers import real_register

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS = {
    "enterprise_act_2002",
    "nhs_act_2006",
    "hsca_2012",
    "hca_2022",
    "ppcc_2013",
    "pcr_2015",
    "psr_2023",
    "lgpiha_2007",
    "erra_2013",
    "si_2013_218",
    "si_2022_642",
    "si_2023_945",
    "si_1990_2024",
    "options_2018",
    "proposals_2019",
    "white_paper_2021",
    "health_bill_2026",
}


def all_rules() -> list[Rule]:
    seen: dict[str, Rule] = {}
    for reg in regimes().values():
        for r in reg.rules:
            seen.setdefault(r.id, r)
    return list(seen.values())


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_rule_has_a_citation_a_summary_and_an_instrument(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.instrument in INSTRUMENTS, f"{rule.id}: unknown instrument prefix"
    assert len(rule.citation) > 10, f"{rule.id} has no real citation"
    assert len(rule.summary) > 30, f"{rule.id} has no documentation"
    assert rule.actions <= set(ACTIONS), f"{rule.id} names unknown actions"
    assert re.fullmatch(r"[a-z0-9_]+(\.[A-Za-z0-9_]+)+", rule.id), rule.id


def test_overrides_name_rules_that_exist() -> None:
    ids = {r.id for r in all_rules()}
    for r in all_rules():
        for target in r.overrides:
            assert target in ids or target == ALL_PERMISSIONS, f"{r.id} overrides {target}?"


def test_hypothetical_rules_say_they_were_never_law() -> None:
    for reg in regimes().values():
        if reg.real:
            continue
        baseline = {r.id for r in regimes()[reg.baseline or "hsca2012"].rules}
        for r in reg.rules:
            if r.id not in baseline and r.instrument in {
                "options_2018",
                "proposals_2019",
                "white_paper_2021",
                "health_bill_2026",
            }:
                assert "PROPOSAL" in r.citation, r.id


def test_regime_in_force_follows_the_commencement_of_the_2022_act() -> None:
    assert regime_in_force(date(2022, 6, 30)).key == "hsca2012"
    assert regime_in_force(date(2022, 7, 1)).key == "hca2022"
    with pytest.raises(InvalidInput, match="before 1 April 2013"):
        regime_in_force(date(2013, 3, 31))


def test_docs_law_md_is_generated_from_the_current_rules() -> None:
    assert (ROOT / "docs" / "law.md").read_text(encoding="utf-8") == law_markdown(), (
        "docs/law.md is stale: run `nhswiring docs --write`"
    )


def test_docs_reforms_md_is_generated_from_the_current_scenarios() -> None:
    current = reforms_markdown(ROOT / "scenarios" / "claims")
    assert (ROOT / "docs" / "reforms.md").read_text(encoding="utf-8") == current, (
        "docs/reforms.md is stale: run `nhswiring docs --write`"
    )


CODES = [
    "NHSE",
    "SOS",
    "MONITOR",
    "TDA",
    "CMA",
    "QHM",
    "QHL",
    "13T",
    "00L",
    "RTD",
    "RR7",
    "RBK",
    "E08000021",
    "NHSD",
    "HEE",
    "CQC",
]
FUNCTIONS = [
    "commission_secondary_care",
    "commission_specialised_services",
    "commission_primary_medical_services",
    "establish_commissioners",
    "set_payment_scheme",
    "plan_education_and_training",
]
SUBJECTS = [
    "merge",
    "collaborate",
    "capital",
    "board_appointment",
    "clinical_decision",
    "general",
    "resources",
]
PROCESSES = [
    "direct_award_a",
    "direct_award_b",
    "direct_award_c",
    "most_suitable_provider",
    "competitive",
    "urgent",
    "direct",
]
FACTS = [
    "existing_provider",
    "only_existing_provider_capable",
    "patients_offered_choice",
    "providers_unrestricted",
    "all_qualifying_providers_offered",
    "framework",
    "existing_contract_expiring",
    "materially_different",
    "change_attributable_to_authority",
    "existing_provider_satisfactory",
    "most_suitable_identifiable_without_competition",
    "urgency",
    "only_provider_capable",
    "failure_to_discharge_functions",
    "emergency",
    "licence_breach",
    "application_made",
    "local_authority_referral",
    "undermines_independence",
    "best_value_without_competition",
]


@st.composite
def proposals(draw: st.DrawFn) -> dict:  # type: ignore[type-arg]
    code = st.sampled_from(CODES)
    action = draw(
        st.sampled_from(
            [
                "merge",
                "delegate",
                "joint_committee",
                "appoint",
                "direct",
                "award_contract",
                "set_capital_limit",
                "transfer_functions",
                "dissolve",
                "call_in",
            ]
        )
    )
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "merge": lambda: {
            "bodies": draw(st.lists(code, min_size=2, max_size=3, unique=True)),
            "into": draw(code),
        },
        "delegate": lambda: {
            "function": draw(st.sampled_from(FUNCTIONS)),
            "from": draw(code),
            "to": draw(code),
        },
        "joint_committee": lambda: {
            "code": "JCX",
            "name": "x",
            "members": draw(st.lists(code, min_size=2, max_size=3, unique=True)),
            "functions": draw(st.lists(st.sampled_from(FUNCTIONS), max_size=1)),
        },
        "appoint": lambda: {
            "person": "PX",
            "role": draw(
                st.sampled_from(
                    [
                        "chair",
                        "chief_executive",
                        "non_executive_director",
                        "associate_non_executive",
                    ]
                )
            ),
            "bodies": draw(st.lists(code, min_size=1, max_size=3, unique=True)),
            "voting": draw(st.booleans()),
        },
        "direct": lambda: {"to": draw(code), "subject": draw(st.sampled_from(SUBJECTS))},
        "award_contract": lambda: {
            "commissioner": draw(code),
            "provider": draw(code),
            "service": "s",
            "lifetime_value": draw(st.integers(0, 10**8)),
            "start": "2025-01-01",
            "process": draw(st.sampled_from(PROCESSES)),
        },
        "set_capital_limit": lambda: {"trust": draw(code), "year": "2023/24", "amount": 1},
        "transfer_functions": lambda: {
            "functions": [draw(st.sampled_from(FUNCTIONS))],
            "from": draw(code),
            "to": draw(code),
        },
        "dissolve": lambda: {"body": draw(code)},
        "call_in": lambda: {"proposal": "p", "body": draw(code)},
    }
    args = builders[action]()
    facts: dict[str, Any] = {
        f: draw(st.booleans()) for f in draw(st.lists(st.sampled_from(FACTS), max_size=6))
    }
    if draw(st.booleans()):
        facts["existing_lifetime_value"] = draw(st.integers(0, 10**8))
    return {
        "day": date(2013, 4, 1) + timedelta(days=draw(st.integers(0, 4900))),
        "actor": draw(code),
        "action": action,
        "args": args,
        "facts": facts,
        "regime_key": draw(st.sampled_from(["in-force", *regimes()])),
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals())
def test_no_inputs_make_rules_contradict_and_verdicts_explain_themselves(p: dict) -> None:  # type: ignore[type-arg]
    try:
        verdict = judge(state=real_register(), **p)
    except InvalidInput:
        return  # a body not in force on that date: bad input, not a legal question
    assert verdict.reasons, "a verdict without reasons"
    assert all(r.citation for r in verdict.reasons)
    if verdict.outcome is Outcome.UNDETERMINED:
        assert verdict.missing_facts, "undetermined without naming the missing facts"
    else:
        assert not verdict.missing_facts
