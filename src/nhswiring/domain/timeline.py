"""The building blocks of the register's temporal model: a body's lives and the mutable spans
used while folding events (each span's ``end`` is filled in when the fact stops)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind, TrustType
from nhswiring.domain.time import Interval


@dataclass(frozen=True, slots=True)
class BodyFacts:
    """The attributes of a body that can change during one life."""

    kind: BodyKind
    name: str
    parent: str | None
    trust_type: TrustType | None
    ons_code: str | None
    care_trust: bool = False  # designated under NHS Act 2006 s.77


@dataclass(slots=True)
class BodyLife:
    start: date
    end: date | None
    predecessors: tuple[str, ...]
    successors: tuple[str, ...] = ()
    change_days: list[date] = field(default_factory=list)
    facts: list[BodyFacts] = field(default_factory=list)

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def facts_on(self, day: date) -> BodyFacts:
        return self.facts[bisect_right(self.change_days, day) - 1]

    def change(self, day: date, **updates: object) -> None:
        new = replace(self.facts[-1], **updates)  # type: ignore[arg-type]
        if self.change_days[-1] == day:
            self.facts[-1] = new
        else:
            self.change_days.append(day)
            self.facts.append(new)


@dataclass(slots=True)
class Span:
    """A mutable interval used while folding; ``end`` is filled in when the fact stops."""

    start: date
    end: date | None = None

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)


@dataclass(slots=True)
class AreaSpan(Span):
    body: str = ""
    area: str = ""
    whole: bool = True


@dataclass(slots=True)
class MemberSpan(Span):
    """A body's membership of a non-statutory partnership."""

    partnership: str = ""
    member: str = ""


@dataclass(slots=True)
class HoldingSpan(Span):
    holder: str = ""
    function: str = ""
    citation: str = ""


@dataclass(slots=True)
class DelegationSpan(Span):
    event: ev.DelegationMade | None = None


@dataclass(slots=True)
class AppointmentSpan(Span):
    event: ev.AppointmentMade | None = None


@dataclass(frozen=True, slots=True)
class Contract:
    """A contract as awarded (``lifetime_value`` is the value when entered into, the baseline
    of the PSR's cumulative-change tests) with its later modifications, each dated."""

    contract_id: str
    commissioner: str
    provider: str
    service: str
    lifetime_value: Decimal
    valid: Interval
    modifications: tuple[tuple[date, Decimal], ...] = ()

    def value_on(self, day: date) -> Decimal:
        """The lifetime value as modified by ``day``."""
        return self.lifetime_value + sum(
            (change for on, change in self.modifications if on <= day), Decimal(0)
        )


@dataclass(frozen=True, slots=True)
class AreaCoverage:
    body: str
    area: str
    whole: bool
    valid: Interval
