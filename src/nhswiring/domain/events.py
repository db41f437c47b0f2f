"""Events: the facts the ledger records. Every change to the system is one of these.

An event says what happened, not when: its effective date and recorded time belong to the
ledger entry that carries it, so the same event type serves the real history, a user's
correction and a hypothetical scenario alike. Each event names the stream it belongs to (the
body or case it is chiefly about) and every body it touches, so that "everything about X" is
an index lookup rather than a scan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

from nhswiring.domain.bodies import BodyKind, TrustType
from nhswiring.domain.competition import MergerControlDecided as MergerControlDecided
from nhswiring.domain.event_base import Event as Event
from nhswiring.domain.event_base import JsonDict as JsonDict
from nhswiring.domain.finance import FinanceFigureRecorded as FinanceFigureRecorded
from nhswiring.domain.people import Role

# --- bodies ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BodyEstablished(Event):
    TYPE: ClassVar[str] = "body.established"
    code: str
    kind: BodyKind
    name: str
    parent: str | None = None
    trust_type: TrustType | None = None
    ons_code: str | None = None
    predecessors: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # for joint committees: the bodies whose committee it is

    @property
    def stream(self) -> str:
        return self.code

    @property
    def subjects(self) -> tuple[str, ...]:
        parent = (self.parent,) if self.parent else ()
        return (self.code, *parent, *self.predecessors, *self.members)


@dataclass(frozen=True, slots=True)
class BodyDissolved(Event):
    TYPE: ClassVar[str] = "body.dissolved"
    code: str
    successors: tuple[str, ...] = ()

    @property
    def stream(self) -> str:
        return self.code

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.code, *self.successors)


@dataclass(frozen=True, slots=True)
class BodyRenamed(Event):
    TYPE: ClassVar[str] = "body.renamed"
    code: str
    name: str

    @property
    def stream(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class BodyReparented(Event):
    """``previous_parent`` is carried so that the entry is found under both parents."""

    TYPE: ClassVar[str] = "body.reparented"
    code: str
    parent: str
    previous_parent: str | None = None

    @property
    def stream(self) -> str:
        return self.code

    @property
    def subjects(self) -> tuple[str, ...]:
        previous = (self.previous_parent,) if self.previous_parent else ()
        return (self.code, self.parent, *previous)


@dataclass(frozen=True, slots=True)
class BodyKindChanged(Event):
    """A body changes legal form while keeping its code: an NHS trust authorised as an FT."""

    TYPE: ClassVar[str] = "body.kind_changed"
    code: str
    kind: BodyKind

    @property
    def stream(self) -> str:
        return self.code


# --- membership of non-statutory partnerships -------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberJoined(Event):
    """A body joins a non-statutory partnership (an STP/ICS, a provider collaborative or a
    place-based partnership). Membership changes over time, unlike a joint committee's members,
    so it is a span of its own rather than a field of the partnership's establishment."""

    TYPE: ClassVar[str] = "member.joined"
    partnership: str
    member: str

    @property
    def stream(self) -> str:
        return self.partnership

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.partnership, self.member)


@dataclass(frozen=True, slots=True)
class MemberLeft(Event):
    TYPE: ClassVar[str] = "member.left"
    partnership: str
    member: str

    @property
    def stream(self) -> str:
        return self.partnership

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.partnership, self.member)


@dataclass(frozen=True, slots=True)
class CareTrustDesignated(Event):
    """The Secretary of State designates an NHS trust or foundation trust as a care trust
    (NHS Act 2006 s.77), or ends the designation (``designated`` False). The body keeps its
    kind: a care trust is a trust with a designation, not a kind of body of its own."""

    TYPE: ClassVar[str] = "body.care_trust_designated"
    code: str
    designated: bool = True

    @property
    def stream(self) -> str:
        return self.code


# --- areas -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AreaAssigned(Event):
    """``body`` covers ``area`` (a local authority or sub-ICB location geography) from now."""

    TYPE: ClassVar[str] = "area.assigned"
    body: str
    area: str
    whole: bool = True

    @property
    def stream(self) -> str:
        return self.body

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.body, self.area)


@dataclass(frozen=True, slots=True)
class AreaRemoved(Event):
    TYPE: ClassVar[str] = "area.removed"
    body: str
    area: str

    @property
    def stream(self) -> str:
        return self.body

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.body, self.area)


# --- functions and delegations ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FunctionConferred(Event):
    """A function given to one body by an instrument other than the standing catalogue
    (a transfer scheme or regulations moving a function between arm's-length bodies)."""

    TYPE: ClassVar[str] = "function.conferred"
    holder: str
    function: str
    citation: str

    @property
    def stream(self) -> str:
        return self.holder


@dataclass(frozen=True, slots=True)
class FunctionWithdrawn(Event):
    TYPE: ClassVar[str] = "function.withdrawn"
    holder: str
    function: str
    citation: str

    @property
    def stream(self) -> str:
        return self.holder


@dataclass(frozen=True, slots=True)
class DelegationMade(Event):
    TYPE: ClassVar[str] = "delegation.made"
    delegation_id: str
    function: str
    delegator: str
    delegate: str
    basis: str
    until: date | None = None

    @property
    def stream(self) -> str:
        return self.delegator

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.delegator, self.delegate)


@dataclass(frozen=True, slots=True)
class DelegationEnded(Event):
    TYPE: ClassVar[str] = "delegation.ended"
    delegation_id: str
    delegator: str
    delegate: str

    @property
    def stream(self) -> str:
        return self.delegator

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.delegator, self.delegate)


# --- people ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonRegistered(Event):
    TYPE: ClassVar[str] = "person.registered"
    person_id: str
    name: str

    @property
    def stream(self) -> str:
        return f"person:{self.person_id}"


@dataclass(frozen=True, slots=True)
class AppointmentMade(Event):
    TYPE: ClassVar[str] = "appointment.made"
    appointment_id: str
    person: str
    role: Role
    bodies: tuple[str, ...]
    voting: bool = True
    until: date | None = None

    @property
    def stream(self) -> str:
        return self.bodies[0]

    @property
    def subjects(self) -> tuple[str, ...]:
        return (*self.bodies, f"person:{self.person}")


@dataclass(frozen=True, slots=True)
class AppointmentEnded(Event):
    TYPE: ClassVar[str] = "appointment.ended"
    appointment_id: str
    bodies: tuple[str, ...]

    @property
    def stream(self) -> str:
        return self.bodies[0]

    @property
    def subjects(self) -> tuple[str, ...]:
        return self.bodies


@dataclass(frozen=True, slots=True)
class InterestDeclared(Event):
    TYPE: ClassVar[str] = "interest.declared"
    interest_id: str
    person: str
    organisation: str
    nature: str
    until: date | None = None

    @property
    def stream(self) -> str:
        return f"person:{self.person}"

    @property
    def subjects(self) -> tuple[str, ...]:
        return (f"person:{self.person}", self.organisation)


# --- contracts -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContractAwarded(Event):
    TYPE: ClassVar[str] = "contract.awarded"
    contract_id: str
    commissioner: str
    provider: str
    service: str
    lifetime_value: Decimal
    start: date
    end: date | None = None

    @property
    def stream(self) -> str:
        return self.commissioner

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.commissioner, self.provider)


@dataclass(frozen=True, slots=True)
class ContractModified(Event):
    """A change to a contract during its term: its lifetime value moves by ``value_change``
    and, where ``new_end`` is given, its term ends then instead."""

    TYPE: ClassVar[str] = "contract.modified"
    contract_id: str
    commissioner: str
    provider: str
    value_change: Decimal
    new_end: date | None = None

    @property
    def stream(self) -> str:
        return self.commissioner

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.commissioner, self.provider)


# --- decisions that change no structure -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DecisionRecorded(Event):
    """A decision whose effect is the decision itself (a direction, a capital limit, a call-in,
    an allotment): recorded with the bodies it concerns and its details as canonical JSON."""

    TYPE: ClassVar[str] = "decision.recorded"
    decision_id: str
    action: str
    actor: str
    concerns: tuple[str, ...]
    details: str = "{}"

    @property
    def stream(self) -> str:
        return self.actor

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.actor, *self.concerns)


# --- provider selection cases -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseStep(Event):
    """One recorded step of a procurement case (opened, routed, assessed, notice published,
    representation, award, modification, abandonment). ``details`` is the step's data as
    canonical JSON, validated by the service layer's model for that step; ``by`` is the
    person who took the step, so that every step is attributed to a named individual."""

    TYPE: ClassVar[str] = "case.step"
    case_id: str
    step: str
    authority: str
    by: str
    details: str = "{}"
    concerns: tuple[str, ...] = ()

    @property
    def stream(self) -> str:
        return f"case:{self.case_id}"

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.stream, self.authority, f"person:{self.by}", *self.concerns)


EVENT_TYPES: Mapping[str, type[Event]] = {
    cls.TYPE: cls
    for cls in (
        BodyEstablished,
        BodyDissolved,
        BodyRenamed,
        BodyReparented,
        BodyKindChanged,
        MemberJoined,
        MemberLeft,
        CareTrustDesignated,
        AreaAssigned,
        AreaRemoved,
        FunctionConferred,
        FunctionWithdrawn,
        DelegationMade,
        DelegationEnded,
        PersonRegistered,
        AppointmentMade,
        AppointmentEnded,
        InterestDeclared,
        ContractAwarded,
        ContractModified,
        DecisionRecorded,
        CaseStep,
        MergerControlDecided,
        FinanceFigureRecorded,
    )
}
