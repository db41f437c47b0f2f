"""The register: the whole system over time, built by folding ledger events in date order.

Folding once gives a temporal model in which every fact carries its own ``[start, end)``;
answering "as at D" is then a lookup, not a replay. A code can have more than one *life*:
ODS reuses a CCG's code for the sub-ICB location that replaced it, so ``00L`` is a CCG until
30 June 2022 and a sub-ICB location from 1 July 2022, two bodies under one code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import KIND_GROUPS, Body, BodyKind
from nhswiring.domain.competition import MergerControlDecided, MergerControls
from nhswiring.domain.errors import InconsistentHistory
from nhswiring.domain.finance import FinanceFigureRecorded
from nhswiring.domain.functions import Delegation
from nhswiring.domain.people import Appointment, Interest, Person
from nhswiring.domain.time import Interval
from nhswiring.domain.timeline import (
    AppointmentSpan,
    AreaCoverage,
    AreaSpan,
    BodyFacts,
    BodyLife,
    Contract,
    DelegationSpan,
    HoldingSpan,
    MemberSpan,
    Span,
)


class Register:
    """The system over time. Build with :meth:`apply` in (effective date, sequence) order.

    A *partial* register folds only the entries about one body (see
    ``System.register_for``): events about bodies it has not seen are then expected, and
    are kept where they say something about the body of interest, instead of being refused.
    ``complete_for`` names the codes whose every entry a partial register was given: an event
    about one of them that finds no body is refused, as in the whole register.
    """

    def __init__(
        self, *, partial: bool = False, complete_for: frozenset[str] = frozenset()
    ) -> None:
        self.partial = partial
        self.complete_for = complete_for
        self._lives: dict[str, list[BodyLife]] = {}
        self._areas_by_body: dict[str, list[AreaSpan]] = defaultdict(list)
        self._areas_by_area: dict[str, list[AreaSpan]] = defaultdict(list)
        self._holdings: list[HoldingSpan] = []
        self._delegations: dict[str, DelegationSpan] = {}
        self._delegations_by_body: dict[str, list[DelegationSpan]] = defaultdict(list)
        self._people: dict[str, Person] = {}
        self._appointments: dict[str, AppointmentSpan] = {}
        self._appointments_by_body: dict[str, list[AppointmentSpan]] = defaultdict(list)
        self._interests: list[tuple[Span, ev.InterestDeclared]] = []
        self._contracts: dict[str, Contract] = {}
        #: Each party's contract ids, in award order: one body's contracts are a lookup, not a
        #: scan of every contract in the country.
        self._contracts_by_party: dict[str, dict[str, None]] = defaultdict(dict)
        self._decisions: list[tuple[date, ev.DecisionRecorded]] = []
        self._members: dict[str, tuple[str, ...]] = {}
        self._memberships: dict[str, list[MemberSpan]] = defaultdict(list)
        self._member_of: dict[str, list[MemberSpan]] = defaultdict(list)
        self._case_steps: dict[str, list[tuple[date, ev.CaseStep]]] = {}
        #: Merger-control decisions and what they bind (domain/competition.py).
        self.merger_controls = MergerControls()
        #: Users' finance figures (domain/finance.py), in the order recorded, per body.
        self._finance: dict[str, list[tuple[date, FinanceFigureRecorded]]] = defaultdict(list)
        self.events_applied = 0
        self.last_effective: date | None = None

    # --- folding -------------------------------------------------------------------------

    def apply(self, day: date, event: ev.Event) -> None:
        if self.last_effective is not None and day < self.last_effective:
            raise InconsistentHistory(
                f"events must be applied in date order: {event.TYPE} on {day} "
                f"after one on {self.last_effective}"
            )
        handler = _HANDLERS.get(type(event))
        if handler is None:
            raise InconsistentHistory(f"no handler for event type {event.TYPE}")
        handler(self, day, event)
        self.events_applied += 1
        self.last_effective = day

    def apply_all(self, dated_events: Iterable[tuple[date, ev.Event]]) -> Register:
        for day, event in dated_events:
            self.apply(day, event)
        return self

    def _live(self, code: str, day: date, event: ev.Event) -> BodyLife | None:
        lives = self._lives.get(code)
        if lives and lives[-1].contains(day):
            return lives[-1]
        if self.partial and not lives and code not in self.complete_for:
            return None
        raise InconsistentHistory(f"{event.TYPE} on {day}: no body {code!r} is in force then")

    def _established(self, day: date, e: ev.BodyEstablished) -> None:
        lives = self._lives.setdefault(e.code, [])
        if lives and (lives[-1].end is None or lives[-1].end > day):
            raise InconsistentHistory(f"{e.TYPE} on {day}: {e.code!r} is already in force")
        facts = BodyFacts(e.kind, e.name, e.parent, e.trust_type, e.ons_code)
        if e.members:
            self._members[e.code] = e.members
        lives.append(BodyLife(day, None, e.predecessors, change_days=[day], facts=[facts]))

    def _dissolved(self, day: date, e: ev.BodyDissolved) -> None:
        life = self._live(e.code, day, e)
        if life is None:
            return
        life.end = day
        life.successors = e.successors
        for span in self._areas_by_body.get(e.code, ()):
            if span.end is None:
                span.end = day
        for d in self._delegations_by_body.get(e.code, ()):
            if d.end is None or d.end > day:
                d.end = day
        for a in self._appointments_by_body.get(e.code, ()):
            if a.event is not None and len(a.event.bodies) == 1 and (a.end is None or a.end > day):
                a.end = day

    def _renamed(self, day: date, e: ev.BodyRenamed) -> None:
        if life := self._live(e.code, day, e):
            life.change(day, name=e.name)

    def _reparented(self, day: date, e: ev.BodyReparented) -> None:
        if life := self._live(e.code, day, e):
            life.change(day, parent=e.parent)

    def _kind_changed(self, day: date, e: ev.BodyKindChanged) -> None:
        if life := self._live(e.code, day, e):
            life.change(day, kind=e.kind)

    def _member_joined(self, day: date, e: ev.MemberJoined) -> None:
        span = MemberSpan(day, None, e.partnership, e.member)
        self._memberships[e.partnership].append(span)
        self._member_of[e.member].append(span)

    def _member_left(self, day: date, e: ev.MemberLeft) -> None:
        for span in self._memberships.get(e.partnership, ()):
            if span.member == e.member and span.end is None:
                span.end = day
                return
        if not self.partial:
            raise InconsistentHistory(
                f"{e.TYPE} on {day}: {e.member!r} is not a member of {e.partnership!r}"
            )

    def _care_trust_designated(self, day: date, e: ev.CareTrustDesignated) -> None:
        if life := self._live(e.code, day, e):
            if life.facts[-1].kind not in KIND_GROUPS["trust"]:  # NHS Act 2006 s.77(1)
                raise InconsistentHistory(f"{e.TYPE} on {day}: {e.code!r} is not a trust")
            life.change(day, care_trust=e.designated)

    def _area_assigned(self, day: date, e: ev.AreaAssigned) -> None:
        self._live(e.body, day, e)
        if any(s.area == e.area and s.end is None for s in self._areas_by_body[e.body]):
            return  # already covered: assigning twice is harmless, not a second span
        span = AreaSpan(day, None, e.body, e.area, e.whole)
        self._areas_by_body[e.body].append(span)
        self._areas_by_area[e.area].append(span)

    def _area_removed(self, day: date, e: ev.AreaRemoved) -> None:
        for span in self._areas_by_body.get(e.body, ()):
            if span.area == e.area and span.end is None:
                span.end = day
                return
        raise InconsistentHistory(f"{e.TYPE} on {day}: {e.body!r} does not cover {e.area!r}")

    def _conferred(self, day: date, e: ev.FunctionConferred) -> None:
        self._holdings.append(HoldingSpan(day, None, e.holder, e.function, e.citation))

    def _withdrawn(self, day: date, e: ev.FunctionWithdrawn) -> None:
        for span in self._holdings:
            if span.holder == e.holder and span.function == e.function and span.end is None:
                span.end = day
                return
        # A withdrawal of a function the catalogue confers is recorded as a negative span.
        self._holdings.append(HoldingSpan(day, None, e.holder, f"-{e.function}", e.citation))

    def _delegation_made(self, day: date, e: ev.DelegationMade) -> None:
        if e.delegation_id in self._delegations:
            raise InconsistentHistory(f"{e.TYPE}: delegation {e.delegation_id!r} already exists")
        span = DelegationSpan(day, e.until, e)
        self._delegations[e.delegation_id] = span
        self._delegations_by_body[e.delegator].append(span)
        self._delegations_by_body[e.delegate].append(span)

    def _delegation_ended(self, day: date, e: ev.DelegationEnded) -> None:
        span = self._delegations.get(e.delegation_id)
        if span is None:
            raise InconsistentHistory(f"{e.TYPE}: no delegation {e.delegation_id!r}")
        span.end = day if span.end is None else min(span.end, day)

    def _person(self, day: date, e: ev.PersonRegistered) -> None:
        self._people[e.person_id] = Person(e.person_id, e.name)

    def _appointed(self, day: date, e: ev.AppointmentMade) -> None:
        span = AppointmentSpan(day, e.until, e)
        self._appointments[e.appointment_id] = span
        for body in e.bodies:
            self._appointments_by_body[body].append(span)

    def _appointment_ended(self, day: date, e: ev.AppointmentEnded) -> None:
        span = self._appointments.get(e.appointment_id)
        if span is None:
            raise InconsistentHistory(f"{e.TYPE}: no appointment {e.appointment_id!r}")
        span.end = day if span.end is None else min(span.end, day)

    def _interest(self, day: date, e: ev.InterestDeclared) -> None:
        self._interests.append((Span(day, e.until), e))

    def _contract(self, day: date, e: ev.ContractAwarded) -> None:
        valid = Interval(e.start, e.end)
        self._contracts[e.contract_id] = Contract(
            e.contract_id, e.commissioner, e.provider, e.service, e.lifetime_value, valid
        )
        self._contracts_by_party[e.commissioner][e.contract_id] = None
        self._contracts_by_party[e.provider][e.contract_id] = None

    def _contract_modified(self, day: date, e: ev.ContractModified) -> None:
        contract = self._contracts.get(e.contract_id)
        if contract is None:
            raise InconsistentHistory(f"{e.TYPE}: no contract {e.contract_id!r}")
        valid = Interval(contract.valid.start, e.new_end) if e.new_end else contract.valid
        self._contracts[e.contract_id] = replace(
            contract,
            valid=valid,
            modifications=(*contract.modifications, (day, e.value_change)),
        )

    def _decision(self, day: date, e: ev.DecisionRecorded) -> None:
        self._decisions.append((day, e))

    def _case_step(self, day: date, e: ev.CaseStep) -> None:
        self._case_steps.setdefault(e.case_id, []).append((day, e))

    def _merger_control(self, day: date, e: MergerControlDecided) -> None:
        self.merger_controls.record(day, e)

    def _finance_figure(self, day: date, e: FinanceFigureRecorded) -> None:
        self._finance[e.body].append((day, e))

    def finance_figures(
        self, body: str, until: date | None = None
    ) -> list[tuple[date, FinanceFigureRecorded]]:
        """The figures users recorded for ``body`` (effective on or before ``until``)."""
        return [(d, e) for d, e in self._finance.get(body, ()) if until is None or d <= until]

    # --- bodies --------------------------------------------------------------------------

    def knows(self, code: str) -> bool:
        return code in self._lives

    def codes(self) -> Iterator[str]:
        return iter(self._lives)

    def body(self, code: str, day: date) -> Body | None:
        for life in self._lives.get(code, ()):
            if life.contains(day):
                return _as_body(code, life, life.facts_on(day))
        return None

    def lives(self, code: str) -> list[Body]:
        """Every life of a code, each as it stood on its last day in force (or today)."""
        out = []
        for life in self._lives.get(code, ()):
            out.append(_as_body(code, life, life.facts[-1]))
        return out

    def bodies(self, day: date, kinds: Iterable[BodyKind] | None = None) -> list[Body]:
        wanted = None if kinds is None else frozenset(kinds)
        out = []
        for code, lives in self._lives.items():
            for life in lives:
                if life.contains(day):
                    facts = life.facts_on(day)
                    if wanted is None or facts.kind in wanted:
                        out.append(_as_body(code, life, facts))
                    break
        return out

    def members(self, code: str) -> tuple[str, ...]:
        """The bodies whose joint committee ``code`` is (empty for other bodies)."""
        return self._members.get(code, ())

    def partnership_members(self, code: str, day: date) -> list[MemberSpan]:
        """The members of a non-statutory partnership on ``day``."""
        return [s for s in self._memberships.get(code, ()) if s.contains(day)]

    def partnerships_of(self, member: str, day: date) -> list[MemberSpan]:
        """The non-statutory partnerships ``member`` belongs to on ``day``."""
        return [s for s in self._member_of.get(member, ()) if s.contains(day)]

    def children(self, code: str, day: date) -> list[Body]:
        """The bodies whose parent is ``code`` on ``day`` (a body is built only once it is
        known to be a child: one body's page must not pay for building every body)."""
        out = []
        for child, lives in self._lives.items():
            for life in lives:
                if life.contains(day):
                    facts = life.facts_on(day)
                    if facts.parent == code:
                        out.append(_as_body(child, life, facts))
                    break
        return out

    # --- areas ---------------------------------------------------------------------------

    def area_of(self, code: str, day: date) -> list[AreaCoverage]:
        return [_coverage(s) for s in self._areas_by_body.get(code, ()) if s.contains(day)]

    def covering(self, area: str, day: date) -> list[AreaCoverage]:
        return [_coverage(s) for s in self._areas_by_area.get(area, ()) if s.contains(day)]

    def is_area(self, code: str) -> bool:
        return code in self._areas_by_area

    # --- functions and delegations -------------------------------------------------------

    def explicit_holdings(self, day: date) -> list[tuple[str, str, str]]:
        """(holder, function, citation) conferred by events; a ``-`` function is withdrawn."""
        return [(s.holder, s.function, s.citation) for s in self._holdings if s.contains(day)]

    def delegations(self, day: date, body: str | None = None) -> list[Delegation]:
        spans = self._delegations.values() if body is None else self._delegations_by_body[body]
        return [_delegation(s) for s in spans if s.contains(day)]

    def all_delegations(self, body: str) -> list[Delegation]:
        return [_delegation(s) for s in self._delegations_by_body.get(body, ())]

    # --- people and contracts ------------------------------------------------------------

    def person(self, person_id: str) -> Person | None:
        return self._people.get(person_id)

    def appointments(self, day: date, body: str | None = None) -> list[Appointment]:
        spans = self._appointments.values() if body is None else self._appointments_by_body[body]
        return [_appointment(s) for s in spans if s.contains(day)]

    def interests(self, day: date, person: str | None = None) -> list[Interest]:
        return [
            Interest(e.interest_id, e.person, e.organisation, e.nature, span.interval)
            for span, e in self._interests
            if span.contains(day) and (person is None or e.person == person)
        ]

    def decisions(
        self, until: date, body: str | None = None
    ) -> list[tuple[date, ev.DecisionRecorded]]:
        return [
            (d, e)
            for d, e in self._decisions
            if d <= until and (body is None or body in (e.actor, *e.concerns))
        ]

    def case_steps(self, case_id: str) -> list[tuple[date, ev.CaseStep]]:
        return list(self._case_steps.get(case_id, ()))

    def case_ids(self) -> list[str]:
        return list(self._case_steps)

    def contract(self, contract_id: str) -> Contract | None:
        return self._contracts.get(contract_id)

    def contracts_during(self, period: Interval, party: str) -> list[Contract]:
        """Contracts of ``party`` in force at any time in ``period``."""
        return [c for c in self._party_contracts(party) if c.valid.overlaps(period)]

    def contracts(self, day: date, party: str | None = None) -> list[Contract]:
        found = self._contracts.values() if party is None else self._party_contracts(party)
        return [c for c in found if c.valid.contains(day)]

    def _party_contracts(self, party: str) -> list[Contract]:
        """The contracts ``party`` is commissioner or provider of, in award order (a contract
        whose commissioner and provider are both ``party`` appears once)."""
        contracts = self._contracts
        return [
            c
            for cid in self._contracts_by_party.get(party, ())
            if party in ((c := contracts[cid]).commissioner, c.provider)
        ]


def _as_body(code: str, life: BodyLife, facts: BodyFacts) -> Body:
    return Body(
        code=code,
        kind=facts.kind,
        name=facts.name,
        start=life.start,
        end=life.end,
        parent=facts.parent,
        trust_type=facts.trust_type,
        ons_code=facts.ons_code,
        predecessors=life.predecessors,
        successors=life.successors,
        care_trust=facts.care_trust,
    )


def _coverage(s: AreaSpan) -> AreaCoverage:
    return AreaCoverage(s.body, s.area, s.whole, s.interval)


def _delegation(s: DelegationSpan) -> Delegation:
    e = s.event
    assert e is not None
    return Delegation(e.delegation_id, e.function, e.delegator, e.delegate, s.interval, e.basis)


def _appointment(s: AppointmentSpan) -> Appointment:
    e = s.event
    assert e is not None
    return Appointment(e.appointment_id, e.person, e.role, e.bodies, s.interval, e.voting)


_HANDLERS: dict[type[ev.Event], Callable[[Register, date, Any], None]] = {
    ev.BodyEstablished: Register._established,
    ev.BodyDissolved: Register._dissolved,
    ev.BodyRenamed: Register._renamed,
    ev.BodyReparented: Register._reparented,
    ev.BodyKindChanged: Register._kind_changed,
    ev.MemberJoined: Register._member_joined,
    ev.MemberLeft: Register._member_left,
    ev.CareTrustDesignated: Register._care_trust_designated,
    ev.AreaAssigned: Register._area_assigned,
    ev.AreaRemoved: Register._area_removed,
    ev.FunctionConferred: Register._conferred,
    ev.FunctionWithdrawn: Register._withdrawn,
    ev.DelegationMade: Register._delegation_made,
    ev.DelegationEnded: Register._delegation_ended,
    ev.PersonRegistered: Register._person,
    ev.AppointmentMade: Register._appointed,
    ev.AppointmentEnded: Register._appointment_ended,
    ev.InterestDeclared: Register._interest,
    ev.ContractAwarded: Register._contract,
    ev.ContractModified: Register._contract_modified,
    ev.DecisionRecorded: Register._decision,
    ev.CaseStep: Register._case_step,
    MergerControlDecided: Register._merger_control,
    FinanceFigureRecorded: Register._finance_figure,
}
