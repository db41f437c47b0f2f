"""The rule engine's precedence, default and missing-fact semantics, on toy rules."""

from __future__ import annotations

from datetime import date

import pytest

from nhswiring.domain.errors import ContradictoryRules
from nhswiring.domain.register import Register
from nhswiring.domain.time import Interval
from nhswiring.law.engine import ALL_PERMISSIONS, NO_POWER_RULE, Finding, Rule, evaluate
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect, Obligation, Outcome, Verdict

DAY = date(2023, 1, 1)
ALWAYS = Interval(date(2013, 4, 1))


def make(
    rule_id: str,
    effect: Effect,
    *,
    fact: str | None = None,
    applies: bool = True,
    overrides: tuple[str, ...] = (),
    in_force: Interval = ALWAYS,
) -> Rule:
    def check(p: Proposal) -> Finding | None:
        if fact is not None and not p.flag(fact, f"Is {fact} true?"):
            return None
        if not applies:
            return None
        return Finding(f"{rule_id} says so", (Obligation(f"do {rule_id}", "s.1"),))

    return Rule(
        rule_id,
        frozenset({"act"}),
        effect,
        f"Act s.{rule_id}",
        in_force,
        f"Rule {rule_id}",
        check,
        overrides,
    )


def judge(*rules: Rule, facts: dict[str, bool] | None = None) -> Verdict:
    p = Proposal(DAY, "X", "act", {}, facts or {}, Register())
    return evaluate(p, rules, regime="toy")


def test_the_default_is_unlawful_no_power() -> None:
    v = judge(make("a", Effect.PERMITS, applies=False))
    assert v.outcome is Outcome.UNLAWFUL
    assert v.reasons[-1].rule == NO_POWER_RULE


def test_a_permission_makes_it_lawful_with_its_obligations() -> None:
    v = judge(make("a", Effect.PERMITS), make("r", Effect.REQUIRES))
    assert v.outcome is Outcome.LAWFUL
    assert [o.text for o in v.obligations] == ["do a", "do r"]


def test_a_specific_prohibition_overrides_the_general_permission() -> None:
    v = judge(
        make("general", Effect.PERMITS), make("exception", Effect.FORBIDS, overrides=("general",))
    )
    assert v.outcome is Outcome.UNLAWFUL
    general = next(r for r in v.reasons if r.rule == "general")
    assert general.overridden
    assert general.overridden_by == "exception"
    assert v.obligations == ()


def test_an_exception_to_a_prohibition_makes_it_lawful() -> None:
    v = judge(make("bar", Effect.FORBIDS), make("carve_out", Effect.PERMITS, overrides=("bar",)))
    assert v.outcome is Outcome.LAWFUL


def test_a_bar_on_all_permissions() -> None:
    v = judge(
        make("p1", Effect.PERMITS),
        make("p2", Effect.PERMITS),
        make("gone", Effect.FORBIDS, overrides=(ALL_PERMISSIONS,)),
    )
    assert v.outcome is Outcome.UNLAWFUL
    assert all(r.overridden for r in v.reasons if r.effect is Effect.PERMITS)


def test_unresolved_contradiction_names_both_citations() -> None:
    with pytest.raises(ContradictoryRules, match=r"Act s\.no\).*Act s\.yes"):
        judge(make("no", Effect.FORBIDS), make("yes", Effect.PERMITS))


def test_rules_out_of_force_are_not_applied() -> None:
    v = judge(make("old", Effect.PERMITS, in_force=Interval(date(2013, 4, 1), date(2022, 7, 1))))
    assert v.outcome is Outcome.UNLAWFUL


def test_a_missing_fact_for_a_possible_prohibition_leaves_it_undetermined() -> None:
    v = judge(make("power", Effect.PERMITS), make("bar", Effect.FORBIDS, fact="conflicted"))
    assert v.outcome is Outcome.UNDETERMINED
    assert [m.name for m in v.missing_facts] == ["conflicted"]
    assert v.obligations == ()


def test_a_missing_fact_about_a_moot_permission_does_not_block() -> None:
    v = judge(make("power", Effect.PERMITS), make("other_power", Effect.PERMITS, fact="x"))
    assert v.outcome is Outcome.LAWFUL
    assert v.missing_facts == ()


def test_the_only_possible_permission_needing_a_fact_is_undetermined() -> None:
    v = judge(make("power", Effect.PERMITS, fact="failing"))
    assert v.outcome is Outcome.UNDETERMINED
    assert v.missing_facts[0].question == "Is failing true?"


def test_a_decided_prohibition_wins_over_open_questions() -> None:
    v = judge(make("bar", Effect.FORBIDS), make("power", Effect.PERMITS, fact="x"))
    assert v.outcome is Outcome.UNLAWFUL
    assert v.missing_facts == ()


def test_verdict_json_has_the_documented_shape() -> None:
    v = judge(make("power", Effect.PERMITS))
    data = v.to_json()
    assert data["schema"] == "nhswiring.verdict/1"
    assert set(data) >= {"outcome", "reasons", "obligations", "missing_facts"}
    assert set(data["reasons"][0]) >= {"rule", "text", "citation", "effect", "overridden"}
    assert set(data["obligations"][0]) >= {"text", "due", "citation"}


def test_a_fact_no_rule_looked_at_is_reported_unread() -> None:
    v = judge(make("a", Effect.PERMITS, fact="x"), facts={"x": True, "y": True})
    assert v.outcome is Outcome.LAWFUL
    assert v.unread_facts == ("y",)


def test_a_fact_read_only_by_a_rule_not_in_force_is_unread() -> None:
    later = Interval(date(2030, 1, 1))
    v = judge(
        make("a", Effect.PERMITS),
        make("b", Effect.FORBIDS, fact="x", in_force=later),
        facts={"x": True},
    )
    assert v.unread_facts == ("x",)


def test_every_fact_looked_at_leaves_nothing_unread() -> None:
    v = judge(make("a", Effect.PERMITS, fact="x"), facts={"x": False})
    assert v.unread_facts == ()
