"""Conditions precedent (`nhswiring.law.conditions`): failed forbids whatever permits, absent
asks, met is said; and a condition is moot where there is no power."""

from __future__ import annotations

from datetime import date

import pytest

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.register import Register
from nhswiring.domain.time import Interval
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import NO_POWER_RULE, Finding, Rule, rule
from nhswiring.law.engine import evaluate as run
from nhswiring.law.facts import _strings
from nhswiring.law.judge import judge as judge_action
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect, Outcome, Verdict
from nhswiring.service.scenarios import shipped_register

ALWAYS = Interval(date(2013, 4, 1))
APPROVED = Condition("approved", "Was it approved?", "it was approved", "it was not approved")


@rule("toy.power", actions={"act"}, effect=Effect.PERMITS, citation="NHS Act 2006 s.1",
      in_force=ALWAYS, summary="A power.")  # fmt: skip
def power(p: Proposal) -> Finding | None:
    return Finding("The power applies.")


@rule("toy.other_power", actions={"act"}, effect=Effect.PERMITS, citation="NHS Act 2006 s.2",
      in_force=ALWAYS, summary="Another power.")  # fmt: skip
def other_power(p: Proposal) -> Finding | None:
    return Finding("Another power applies.")


@precondition("toy.approval", actions={"act"}, citation="NHS Act 2006 s.3",
              in_force=ALWAYS, summary="Approval first.")  # fmt: skip
def approval(p: Proposal) -> Condition | None:
    return None if p.arg("exempt") else APPROVED


def judge(*rules: Rule, facts: dict[str, bool] | None = None, exempt: bool = False) -> Verdict:
    p = Proposal(date(2023, 1, 1), "X", "act", {"exempt": exempt}, facts or {}, Register())
    return run(p, rules, regime="toy")


def test_a_failed_condition_makes_the_action_unlawful_citing_it() -> None:
    v = judge(power, other_power, approval, facts={"approved": False})
    assert v.outcome is Outcome.UNLAWFUL
    assert [r.citation for r in v.deciding()] == ["NHS Act 2006 s.3"]


def test_an_unanswered_condition_is_asked() -> None:
    v = judge(power, approval)
    assert v.outcome is Outcome.UNDETERMINED
    assert [m.name for m in v.missing_facts] == ["approved"]


def test_a_met_condition_is_said_and_the_power_stands() -> None:
    v = judge(power, approval, facts={"approved": True})
    assert v.outcome is Outcome.LAWFUL
    noted = [r.text for r in v.reasons if r.effect is Effect.NOTES]
    assert noted == ["Condition met: it was approved"]


def test_a_condition_that_does_not_apply_says_nothing() -> None:
    v = judge(power, approval, exempt=True)
    assert v.outcome is Outcome.LAWFUL
    assert [r.rule for r in v.reasons] == ["toy.power"]


def test_without_a_power_the_condition_is_moot() -> None:
    v = judge(approval)
    assert v.outcome is Outcome.UNLAWFUL
    assert v.missing_facts == ()
    assert v.reasons[-1].rule == NO_POWER_RULE


def test_the_fact_a_condition_reads_is_found_by_the_readers_walk() -> None:
    """`facts.readers` follows a rule's closure to its conditions (law modules only, so the
    toy function here is checked directly) and reads a Condition's fact name."""
    cells = [c.cell_contents for c in approval.check.__closure__ or ()]
    assert approval.check.__wrapped__ in cells  # type: ignore[attr-defined]
    assert "approved" in _strings(APPROVED, set())


def test_a_significant_transaction_of_an_nhs_trust_is_refused_as_bad_input() -> None:
    # s.51A and the foundation trust powers it qualifies (ss.43, 47) are a foundation trust's;
    # judging an NHS trust by them would give a wrong "no power" verdict.
    with pytest.raises(InvalidInput) as refused:
        judge_action(
            day=date(2019, 6, 3),
            actor="RWA",
            action="enter_transaction",
            args={"trust": "RWA"},
            facts={},
            state=shipped_register(),
        )
    assert refused.value.field == "args.trust"
