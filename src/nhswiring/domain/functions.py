"""Statutory functions, who holds them and who exercises them by delegation.

The law confers a function either on one named body (NHS England commissions specialised
services for all England) or on every body of a kind for its own area (each ICB arranges
hospital services for its population). A holder may arrange for another body to exercise the
function (a delegation); the holder stays accountable, so answers always show both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.time import Interval


class Scope(StrEnum):
    ENGLAND = "england"  # the holder acts for the whole of England
    OWN_AREA = "own_area"  # each holder acts for the population of its own area


@dataclass(frozen=True, slots=True)
class Conferral:
    """One provision that gives a function to a body (by code) or to every body of a kind."""

    holder: BodyKind | str
    scope: Scope
    valid: Interval
    citation: str

    def names_kind(self) -> bool:
        return isinstance(self.holder, BodyKind)


@dataclass(frozen=True, slots=True)
class StatutoryFunction:
    key: str
    title: str
    summary: str
    conferrals: tuple[Conferral, ...]

    def conferrals_on(self, day: date) -> tuple[Conferral, ...]:
        return tuple(c for c in self.conferrals if c.valid.contains(day))


@dataclass(frozen=True, slots=True)
class Delegation:
    """``delegator`` has arranged for ``delegate`` to exercise ``function`` over ``valid``."""

    delegation_id: str
    function: str
    delegator: str
    delegate: str
    valid: Interval
    basis: str


@dataclass(frozen=True, slots=True)
class Holding:
    """``holder`` holds ``function`` on a date, by ``citation`` (a statute or an event)."""

    function: str
    holder: str
    scope: Scope
    citation: str


@dataclass(frozen=True, slots=True)
class CommissioningAnswer:
    """Who holds a function for an area on a date and the chain by which it is exercised."""

    function: str
    area: str
    day: date
    holding: Holding
    chain: tuple[Delegation, ...]

    @property
    def exercised_by(self) -> str:
        return self.chain[-1].delegate if self.chain else self.holding.holder
