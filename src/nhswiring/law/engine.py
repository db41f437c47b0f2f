"""Rules and their evaluation.

A rule is a small pure function beside its citation and in-force interval. It looks at a
proposal and either does not apply (returns None), applies (returns a Finding: its reason in
plain words and any obligations), or cannot tell without a fact (raises NeedsFact).

Precedence is explicit, after Catala: a specific rule names the general rules it overrides.
Among the rules left standing, a rule that forbids and one that permits the same proposal are
a contradiction in the encoding, reported as an error naming both citations; it is never
resolved silently. With nothing standing, the stated default applies: a statutory body may do
only what the law empowers it to, so an action with no power found is unlawful.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from nhswiring.domain.errors import CitationNotUnderstood, ContradictoryRules
from nhswiring.domain.time import Interval
from nhswiring.law.instruments import Source, parse_citation
from nhswiring.law.proposal import FactsGiven, NeedsFact, Proposal
from nhswiring.law.verdict import Effect, MissingFact, Obligation, Outcome, Reason, Verdict

NO_POWER_RULE = "default.no_power"
#: In a rule's ``overrides``: every rule that permits the same proposal. For bars that defeat
#: any power (a body that no longer exists cannot act or be acted on).
ALL_PERMISSIONS = "*permits"
NO_POWER_CITATION = (
    "Ultra vires principle: a body created by statute may do only what statute empowers it to do"
)


@dataclass(frozen=True, slots=True)
class Finding:
    text: str
    obligations: tuple[Obligation, ...] = ()
    effect: Effect | None = None  # when a rule can both permit and forbid


Check = Callable[[Proposal], Finding | None]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    actions: frozenset[str]
    effect: Effect
    citation: str
    in_force: Interval
    summary: str
    check: Check = field(compare=False, repr=False)
    overrides: tuple[str, ...] = ()
    #: the citation as structured sources (instrument and provision), never empty
    sources: tuple[Source, ...] = ()

    @property
    def instrument(self) -> str:
        return self.id.split(".", 1)[0]


def rule(
    rule_id: str,
    *,
    actions: Iterable[str],
    effect: Effect,
    citation: str,
    in_force: Interval,
    summary: str,
    overrides: Iterable[str] = (),
    sources: Iterable[Source] | None = None,
) -> Callable[[Check], Rule]:
    """Declare a rule: the decorated function is its check; the docstring is ignored, the
    ``summary`` is what `nhswiring explain` prints (our words, never statutory text).

    ``sources`` default to those `parse_citation` reads from ``citation``; a citation it
    cannot read reliably must be given its sources explicitly (the import fails otherwise)."""
    if sources is None:
        try:
            found = parse_citation(citation)
        except CitationNotUnderstood as e:
            raise CitationNotUnderstood(citation, f"rule {rule_id}: state its sources") from e
    else:
        found = tuple(sources)
    if not found:
        raise ValueError(f"rule {rule_id} has no sources")

    def make(check: Check) -> Rule:
        return Rule(
            rule_id,
            frozenset(actions),
            effect,
            citation,
            in_force,
            summary,
            check,
            tuple(overrides),
            found,
        )

    return make


@dataclass(frozen=True, slots=True)
class _Outcome:
    rule: Rule
    finding: Finding | None = None
    missing: NeedsFact | None = None

    @property
    def effect(self) -> Effect:
        if self.finding is not None and self.finding.effect is not None:
            return self.finding.effect
        return self.rule.effect


def evaluate(
    proposal: Proposal, rules: Iterable[Rule], *, regime: str, law_day: date | None = None
) -> Verdict:
    """Judge ``proposal`` by ``rules`` as in force on ``law_day`` (default the proposal's
    date; a regime held fixed outside its own period evaluates on a date inside it)."""
    day = law_day or proposal.day
    given = proposal.facts if isinstance(proposal.facts, FactsGiven) else FactsGiven(proposal.facts)
    proposal = dataclasses.replace(proposal, facts=given)
    results: list[_Outcome] = []
    for r in rules:
        if proposal.action not in r.actions or not r.in_force.contains(day):
            continue
        try:
            finding = r.check(proposal)
        except NeedsFact as need:
            results.append(_Outcome(r, missing=need))
            continue
        if finding is not None:
            results.append(_Outcome(r, finding))

    applied = {o.rule.id: o for o in results if o.finding is not None}
    overridden: dict[str, str] = {}
    for o in applied.values():
        if o.effect is Effect.NOTES:
            continue  # a rule that only notes (a condition met) displaces nothing
        for target in o.rule.overrides:
            if target == ALL_PERMISSIONS:
                # A blanket bar yields to a permission that names it as its own exception.
                for other in results:
                    if (
                        other.rule.effect is Effect.PERMITS
                        and other.rule.id != o.rule.id
                        and o.rule.id not in other.rule.overrides
                    ):
                        overridden.setdefault(other.rule.id, o.rule.id)
            elif target in applied or any(p.rule.id == target for p in results):
                overridden.setdefault(target, o.rule.id)
    standing = [o for o in results if o.rule.id not in overridden]
    decided = [o for o in standing if o.finding is not None]
    forbids = [o for o in decided if o.effect is Effect.FORBIDS]
    permits = [o for o in decided if o.effect is Effect.PERMITS]
    if forbids and permits:
        raise ContradictoryRules(forbids[0].rule, permits[0].rule)

    def still_open(*effects: Effect) -> list[_Outcome]:
        return [o for o in standing if o.missing is not None and o.rule.effect in effects]

    reasons = [
        Reason(
            o.rule.id,
            o.finding.text,
            o.rule.citation,
            o.effect,
            o.rule.id in overridden,
            overridden.get(o.rule.id),
            o.rule.sources,
        )
        for o in results
        if o.finding is not None
    ]
    # A missing fact matters only if it could change the outcome: an open question about a
    # permission is moot once another permission stands, but one about a prohibition is not.
    if forbids:
        outcome, open_questions = Outcome.UNLAWFUL, []
    elif permits:
        open_questions = still_open(Effect.FORBIDS, Effect.REQUIRES)
        outcome = Outcome.UNDETERMINED if open_questions else Outcome.LAWFUL
    else:
        open_questions = still_open(Effect.PERMITS)
        outcome = Outcome.UNDETERMINED if open_questions else Outcome.UNLAWFUL
    if not forbids and not permits and not open_questions:
        reasons.append(
            Reason(
                NO_POWER_RULE,
                f"No provision in force on {day.isoformat()} under {regime} gives {proposal.actor} "
                f"power to {proposal.action.replace('_', ' ')} in this way: unlawful, no power.",
                NO_POWER_CITATION,
                Effect.FORBIDS,
            )
        )
    for o in open_questions:
        assert o.missing is not None
        reasons.append(
            Reason(
                o.rule.id,
                f"Cannot decide without a fact: {o.missing.question}",
                o.rule.citation,
                o.rule.effect,
                sources=o.rule.sources,
            )
        )
    obligations: list[Obligation] = []
    if outcome is Outcome.LAWFUL:
        for o in decided:
            assert o.finding is not None
            obligations.extend(o.finding.obligations)
    missing: list[MissingFact] = []
    if outcome is Outcome.UNDETERMINED:
        seen: set[str] = set()
        for o in open_questions:
            assert o.missing is not None
            if o.missing.name not in seen:
                seen.add(o.missing.name)
                missing.append(MissingFact(o.missing.name, o.missing.question))
    return Verdict(
        outcome,
        proposal.action,
        proposal.actor,
        proposal.day,
        regime,
        tuple(reasons),
        tuple(obligations),
        tuple(missing),
        day,
        unread_facts=given.unread(),
    )
