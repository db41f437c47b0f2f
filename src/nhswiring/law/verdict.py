"""The answer to "may this be done, on this date?": an outcome, every rule that spoke with its
citation (overridden ones included, like Datasette's permission checks), what must follow and
by when, and which facts are missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from nhswiring.law.instruments import Source

SCHEMA = "nhswiring.verdict/1"


class Outcome(StrEnum):
    LAWFUL = "lawful"
    UNLAWFUL = "unlawful"
    UNDETERMINED = "undetermined"


class Effect(StrEnum):
    PERMITS = "permits"
    FORBIDS = "forbids"
    REQUIRES = "requires"
    NOTES = "notes"


@dataclass(frozen=True, slots=True)
class Obligation:
    """Something the law requires to follow a decision; ``due`` when the law sets a date."""

    text: str
    citation: str
    due: date | None = None
    on: str | None = None  # the body that must act, where it is not the actor

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "due": self.due.isoformat() if self.due else None,
            "citation": self.citation,
            "on": self.on,
        }


@dataclass(frozen=True, slots=True)
class MissingFact:
    name: str
    question: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "question": self.question}


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    text: str
    citation: str
    effect: Effect
    overridden: bool = False
    overridden_by: str | None = None
    sources: tuple[Source, ...] = ()  # the rule's sources; none for the no-power default

    def to_json(self, on: date | None = None) -> dict[str, Any]:
        """``on``: the day the law was read, which the sources' addresses carry."""
        return {
            "rule": self.rule,
            "text": self.text,
            "citation": self.citation,
            "effect": self.effect.value,
            "overridden": self.overridden,
            "overridden_by": self.overridden_by,
            "sources": [s.to_json(on) for s in self.sources],
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: Outcome
    action: str
    actor: str
    day: date
    regime: str
    reasons: tuple[Reason, ...]
    obligations: tuple[Obligation, ...] = ()
    missing_facts: tuple[MissingFact, ...] = field(default=())
    #: the day the law was read on (a regime held fixed reads its own period); default ``day``
    law_day: date | None = None
    #: facts the user gave that no rule looked at in reaching this verdict (so they changed
    #: nothing): shown, never silently dropped
    unread_facts: tuple[str, ...] = ()

    @property
    def judged_on(self) -> date:
        return self.law_day or self.day

    @property
    def citations(self) -> tuple[str, ...]:
        return tuple(r.citation for r in self.reasons)

    def deciding(self) -> tuple[Reason, ...]:
        """The reasons that decided the outcome (not overridden, not mere notes)."""
        return tuple(r for r in self.reasons if not r.overridden and r.effect is not Effect.NOTES)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "outcome": self.outcome.value,
            "action": self.action,
            "actor": self.actor,
            "date": self.day.isoformat(),
            "regime": self.regime,
            "reasons": [r.to_json(self.judged_on) for r in self.reasons],
            "obligations": [o.to_json() for o in self.obligations],
            "missing_facts": [m.to_json() for m in self.missing_facts],
        } | ({"unread_facts": list(self.unread_facts)} if self.unread_facts else {})
