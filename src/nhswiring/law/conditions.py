"""Conditions precedent: what must already hold for an action to be lawful at all.

Many provisions make an approval, a consent, a vote or an eligibility a condition of the
action itself ("may be made only with", "only if ... and must otherwise refuse"). Such a
condition is not an obligation to do something later: an action taken without it is
unlawful. Each condition is its own rule, declared with `precondition`, beside its citation:

* the condition does not concern this proposal: the check returns None;
* the fact is not given: the rule asks for it (the verdict is undetermined, naming it);
* the fact is given and false: the rule forbids, overriding every permission, citing the
  provision;
* the fact is given and true: the rule notes which condition was met, so the verdict says so.

A condition only matters where a power exists: with no permission standing the verdict is
"no power" whatever the condition's answer, and its question is not asked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nhswiring.domain.time import Interval
from nhswiring.law.engine import ALL_PERMISSIONS, Finding, Rule, rule
from nhswiring.law.instruments import Source
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition precedent as a rule reads it: the fact that answers it, the question
    asked when it is not given, and what the verdict says when it is met or failed."""

    fact: str
    question: str
    met: str
    failed: str


def judge(p: Proposal, condition: Condition) -> Finding:
    """The finding for ``condition`` on ``p``: met (noted), failed (forbids) or asked."""
    if p.flag(condition.fact, condition.question):
        return Finding(f"Condition met: {condition.met}", effect=Effect.NOTES)
    return Finding(f"Condition not met: {condition.failed}", effect=Effect.FORBIDS)


def judge_all(p: Proposal, conditions: Iterable[Condition]) -> Finding | None:
    """Several conditions of one provision: the first failed one forbids; an unanswered one
    is asked; when all are met the finding lists them. None when ``conditions`` is empty."""
    met: list[str] = []
    for c in conditions:
        finding = judge(p, c)
        if finding.effect is Effect.FORBIDS:
            return finding
        met.append(c.met)
    if not met:
        return None
    return Finding("Condition met: " + "; ".join(met), effect=Effect.NOTES)


ConditionCheck = Callable[[Proposal], "Condition | list[Condition] | None"]


def precondition(
    rule_id: str,
    *,
    actions: Iterable[str],
    citation: str,
    in_force: Interval,
    summary: str,
    sources: Iterable[Source] | None = None,
) -> Callable[[ConditionCheck], Rule]:
    """Declare a condition precedent. The decorated function says which condition(s) apply
    to a proposal (None when none does); the rule reads them with `judge_all`. A failed
    condition overrides every permission: no power can be used without it."""

    def make(conditions_of: ConditionCheck) -> Rule:
        def check(p: Proposal) -> Finding | None:
            found = conditions_of(p)
            if found is None:
                return None
            return judge_all(p, [found] if isinstance(found, Condition) else found)

        check.__name__ = conditions_of.__name__
        check.__wrapped__ = conditions_of  # type: ignore[attr-defined]
        return rule(
            rule_id,
            actions=actions,
            effect=Effect.FORBIDS,
            citation=citation,
            in_force=in_force,
            summary=summary,
            overrides=(ALL_PERMISSIONS,),
            sources=sources,
        )(check)

    return make
