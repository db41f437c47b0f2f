"""A proposed action, as the rules see it: who, what, when, with which arguments and facts,
against the state of the system on that date."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nhswiring.domain.bodies import Body, BodyKind
from nhswiring.domain.register import Register


class NeedsFact(Exception):
    """Raised by a rule that cannot decide without a fact the user has not given."""

    def __init__(self, name: str, question: str) -> None:
        super().__init__(name)
        self.name = name
        self.question = question


class FactsGiven(Mapping[str, Any]):
    """The facts the user gave, remembering which ones a rule looked at.

    A fact no rule looked at in reaching a verdict changed nothing: the verdict must say so
    rather than let the user believe it counted (a misread question, a fact for another date
    or another power).
    """

    def __init__(self, given: Mapping[str, Any]) -> None:
        self._given = dict(given)
        self._looked_at: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        self._looked_at.add(name)
        return self._given[name]

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self._looked_at.add(name)
        return name in self._given

    def __iter__(self) -> Iterator[str]:
        return iter(self._given)

    def __len__(self) -> int:
        return len(self._given)

    def unread(self) -> tuple[str, ...]:
        """Facts given (not null) that no rule looked at, in name order."""
        return tuple(
            sorted(n for n, v in self._given.items() if v is not None and n not in self._looked_at)
        )


@dataclass(frozen=True)
class Proposal:
    day: date
    actor: str
    action: str
    args: Mapping[str, Any]
    facts: Mapping[str, Any]
    state: Register
    #: The date on which the law is read: the proposal's own date, or (for a regime held
    #: fixed outside its period) a date inside that regime's period.
    law_day_override: date | None = field(default=None)

    @property
    def law_day(self) -> date:
        return self.law_day_override or self.day

    # --- facts ---------------------------------------------------------------------------

    def fact(self, name: str, question: str) -> Any:
        """The value of a fact, or a request for it: the verdict names what is missing."""
        if name in self.facts and self.facts[name] is not None:
            return self.facts[name]
        raise NeedsFact(name, question)

    def flag(self, name: str, question: str) -> bool:
        return bool(self.fact(name, question))

    def has_fact(self, name: str) -> bool:
        return self.facts.get(name) is not None

    # --- the state -----------------------------------------------------------------------

    def body(self, code: str | None) -> Body | None:
        return None if code is None else self.state.body(code, self.day)

    def kind(self, code: str | None) -> BodyKind | None:
        body = self.body(code)
        return body.kind if body else None

    def kinds(self, codes: Iterable[str]) -> list[BodyKind | None]:
        return [self.kind(c) for c in codes]

    @property
    def actor_kind(self) -> BodyKind | None:
        return self.kind(self.actor)

    def arg(self, name: str, default: Any = None) -> Any:
        return self.args.get(name, default)

    def codes(self, name: str) -> tuple[str, ...]:
        value = self.args.get(name) or ()
        return (value,) if isinstance(value, str) else tuple(value)
