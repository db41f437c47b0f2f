"""Merger control: the decisions of the competition authorities on NHS providers' mergers, as
dated events, and what they bind.

The Office of Fair Trading (Phase 1) and the Competition Commission (Phase 2) decided mergers
under the Enterprise Act 2002 Part 3 until 31 March 2014; the Competition and Markets Authority
has done both since 1 April 2014. A decision is recorded as it was taken (clearance, clearance
with undertakings, reference, prohibition, a consent under undertakings, a release) with its
authority, phase, case reference and published source. A decision that *binds* names the
provision that makes it binding (final undertakings, Enterprise Act 2002 s.82; a final order,
s.84; undertakings in lieu of reference, s.73) and binds its parties from its date until its
own end (``binds_until``) or until an ``undertakings_released`` decision names it in
``releases``. The law asks :meth:`MergerControls.binding` which decisions bind some bodies on
a date; nothing here judges anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import ClassVar

from nhswiring.domain.event_base import Event


class MergerAuthority(StrEnum):
    OFT = "OFT"  # Office of Fair Trading, to 31 March 2014
    CC = "CC"  # Competition Commission, to 31 March 2014
    CMA = "CMA"  # Competition and Markets Authority, from 1 April 2014


class MergerOutcome(StrEnum):
    CLEARED = "cleared"
    CLEARED_WITH_UNDERTAKINGS = "cleared_with_undertakings"
    REFERRED = "referred"
    PROHIBITED = "prohibited"
    UNDERTAKINGS_ACCEPTED = "undertakings_accepted"
    CONSENT_GIVEN = "consent_given"
    UNDERTAKINGS_RELEASED = "undertakings_released"


#: Outcomes after which the matter is not finally determined until another decision follows.
PENDING = frozenset({MergerOutcome.REFERRED, MergerOutcome.PROHIBITED})

AUTHORITY_NAMES = {
    MergerAuthority.OFT: "Office of Fair Trading",
    MergerAuthority.CC: "Competition Commission",
    MergerAuthority.CMA: "Competition and Markets Authority",
}


@dataclass(frozen=True, slots=True)
class MergerControlDecided(Event):
    """A competition authority's decision on a merger of ``parties`` (body codes).

    ``binding`` names the Enterprise Act provision under which the decision binds its parties
    (empty when it binds no one: a clearance, a reference, a report); ``releases`` names the
    decision whose undertakings this one releases. ``summary`` is our one-line account."""

    TYPE: ClassVar[str] = "competition.decided"
    decision_id: str
    authority: MergerAuthority
    outcome: MergerOutcome
    parties: tuple[str, ...]
    phase: int = 1
    case_reference: str = ""
    binding: str = ""
    binds_until: date | None = None
    releases: str = ""
    summary: str = ""
    source_title: str = ""
    source_url: str = ""
    #: "on": the decision's own day is confirmed; "by": only that it was taken by then.
    dated: str = "on"

    @property
    def stream(self) -> str:
        return self.parties[0] if self.parties else f"competition:{self.decision_id}"

    @property
    def subjects(self) -> tuple[str, ...]:
        return self.parties or (self.stream,)

    @property
    def authority_name(self) -> str:
        return AUTHORITY_NAMES[self.authority]


@dataclass(slots=True)
class Binding:
    """A decision that binds its parties over ``[start, end)`` (``end`` None: still binding)."""

    start: date
    end: date | None
    decision: MergerControlDecided
    released_by: MergerControlDecided | None = None

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(slots=True)
class MergerControls:
    """The merger-control decisions folded from the ledger, by party."""

    decisions: list[tuple[date, MergerControlDecided]] = field(default_factory=list)
    bindings: dict[str, Binding] = field(default_factory=dict)
    by_party: dict[str, list[tuple[date, MergerControlDecided]]] = field(default_factory=dict)

    def record(self, day: date, e: MergerControlDecided) -> None:
        self.decisions.append((day, e))
        for party in e.parties:
            self.by_party.setdefault(party, []).append((day, e))
        if e.binding:
            self.bindings[e.decision_id] = Binding(day, e.binds_until, e)
        if e.outcome is MergerOutcome.UNDERTAKINGS_RELEASED:
            released = self.bindings.get(e.releases)
            if released is not None and (released.end is None or released.end > day):
                released.end = day
                released.released_by = e

    def binding(self, codes: tuple[str, ...] | list[str], day: date) -> list[Binding]:
        """The decisions in force on ``day`` that bind two or more of ``codes`` together."""
        wanted = set(codes)
        return [
            b
            for b in self.bindings.values()
            if b.contains(day) and len(wanted & set(b.decision.parties)) >= 2
        ]

    def pending(
        self, codes: tuple[str, ...] | list[str], day: date
    ) -> tuple[date, MergerControlDecided] | None:
        """The reference or prohibition on ``day`` about two or more of ``codes`` that no later
        decision about them (undertakings, an order, a clearance, a release) has yet followed:
        a reference not finally determined (Enterprise Act 2002 s.79(1)-(2))."""
        wanted = set(codes)
        last = None
        for d, e in self.decisions:
            if d <= day and len(wanted & set(e.parties)) >= 2:
                last = (d, e)
        if last is not None and last[1].outcome in PENDING:
            return last
        return None

    def of(self, code: str, until: date | None = None) -> list[tuple[date, MergerControlDecided]]:
        """Every decision naming ``code`` as a party, in date order (to ``until``)."""
        return [(d, e) for d, e in self.by_party.get(code, ()) if until is None or d <= until]
