"""What every step of a provider selection case shares: reading the case, recording a step.

Every step is one transaction: the step is checked against the regulations and the case's
state, then appended to the ledger as a `case.step` entry attributed to the person who took
it, with the verdict or analysis that allowed it. A step the regulations do not allow is
refused with the reason and the regulation, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from nhswiring.domain import events as ev
from nhswiring.domain.errors import InvalidDecision as InvalidDecision
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.errors import NoReferral as NoReferral
from nhswiring.domain.errors import NoRepresentation as NoRepresentation
from nhswiring.domain.errors import NotMixedProcurement as NotMixedProcurement
from nhswiring.domain.errors import StandstillOver as StandstillOver
from nhswiring.domain.errors import StandstillRunning as StandstillRunning
from nhswiring.domain.errors import StepRefused as StepRefused
from nhswiring.domain.limits import finite_money
from nhswiring.domain.procurement import CaseState, Step, fold_case
from nhswiring.domain.register import Register
from nhswiring.law.psr_2023.conflicts import Conflict
from nhswiring.law.psr_2023.route import ProcessOption
from nhswiring.law.psr_2023.standstill_end import standstill_end
from nhswiring.law.verdict import Verdict
from nhswiring.ledger.hashing import canonical_json
from nhswiring.ledger.store import Audience, NewEntry, RequestKey, private_stream
from nhswiring.service.replay import replay
from nhswiring.service.system import System, new_entry
from nhswiring.service.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class StepResult:
    case: CaseState
    recorded: int
    verdict: Verdict | None = None
    route: tuple[ProcessOption, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    #: The step had already been recorded by an earlier run of the same request (a retry
    #: after a crash or a lost response): ``recorded`` counts those entries, none new.
    replayed: bool = False
    first_seq: int | None = None


def parse_money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            field, f"{value!r} is not an amount", "give pounds, e.g. 2500000"
        ) from None
    return finite_money(amount, field)


def parse_change(value: Any, field: str = "change") -> Decimal:
    """A change in value: pounds, up or down."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            field, f"{value!r} is not an amount", "give pounds, e.g. 250000 or -100000"
        ) from None
    return finite_money(amount, field, signed=True)


def step_event(
    case: CaseState, step: Step, by: str, details: dict[str, Any], concerns: Sequence[str] = ()
) -> ev.CaseStep:
    return ev.CaseStep(
        case.case_id,
        step.value,
        case.authority,
        by,
        canonical_json(details),
        tuple(dict.fromkeys(concerns)),
    )


def check_step_allowed(case: CaseState, step: Step, day: date) -> None:
    """What the case's state forbids of any step (each step adds its own rules)."""
    if case.opened_on is not None and day < case.opened_on:
        raise StepRefused(
            "date",
            f"{day.isoformat()} is before the case was opened on {case.opened_on.isoformat()}",
            f"date the step on or after {case.opened_on.isoformat()}",
        )
    if case.abandoned is not None and step is not Step.NOTICE:
        raise StepRefused(
            "case",
            f"the case was abandoned on {case.abandoned.on}",
            "open a new case for a new procurement (a notice of abandonment may still be given)",
        )
    decision = case.further_decision
    if step in REPEATABLE and decision is not None and decision.decision == "repeat":
        end = standstill_end(case)
        if end is not None and not end.has_ended(day):
            raise StandstillRunning(
                "date",
                f"the further decision of {decision.told_on.isoformat()} was to go back and "
                "repeat a step, but " + end.why_not_ended(day),
                "repeat the steps only after the standstill has ended (reg 15(3))",
                possible_from=end.ended_by,
            )


#: Steps of the selection process a decision to go back repeats (regs 9-11, 15(8)(a)); the
#: notice of intention is checked with the notices.
REPEATABLE = frozenset({Step.ROUTE, Step.ASSESS})


class CaseBase:
    """Reading a case and recording its steps: what every step shares.

    A case belongs to its relevant authority's organisation: everything recorded through it
    is private to that organisation, in streams named for it (``org:QHM:case:GH-CN``), so two
    authorities may use the same reference. A ``Cases`` object acts for one authority and
    sees the public register plus that authority's own private entries, nothing else.
    """

    def __init__(self, system: System, authority: str, request: RequestKey | None = None) -> None:
        self.system = system
        self.authority = authority
        self.audience = Audience.of(authority)
        #: The request this object acts for (one command, or one API call): its steps are
        #: recorded once, however often the request is retried.
        self.request = request

    # --- reading ---------------------------------------------------------------------------

    def register(self) -> Register:
        return self.system.register(audience=self.audience)

    def state(self, case_id: str, register: Register | None = None) -> CaseState:
        """The case folded from its steps: from ``register`` when the caller has one (a step
        being judged), otherwise from the case's own stream alone, which costs one indexed
        read however long the ledger is and whatever others have written since."""
        steps = register.case_steps(case_id) if register else self._stream_steps(case_id)
        if not steps:
            raise InvalidInput(
                "case",
                f"{self.authority} has no case {case_id!r}",
                "open it first with `nhswiring psr open`",
            )
        return fold_case(case_id, steps)

    def _stream_steps(self, case_id: str) -> list[tuple[date, ev.CaseStep]]:
        stream = private_stream(self.authority, ev.CaseStep(case_id, "", "", "").stream)
        with UnitOfWork(self.system.engine) as uow:
            entries = uow.ledger.read(stream=stream, audience=self.audience, by_effective_date=True)
            return replay(entries, partial=True).case_steps(case_id)

    def entries(
        self, day: date, events: Sequence[ev.Event], verdict: Verdict | None = None
    ) -> list[NewEntry]:
        """Ledger entries for events recorded through a case: the authority's, and private
        to its organisation."""
        return [
            new_entry(
                day,
                self.authority,
                e,
                verdict=verdict.to_json() if verdict else None,
                visibility=self.authority,
            )
            for e in events
        ]

    # --- recording -------------------------------------------------------------------------

    def replay_of(self, case_id: str) -> StepResult | None:
        """The result of this request when an earlier run of it already committed (a retried
        command is recognised before the step is judged again, because judged again it might
        be refused: a second award, say). None when the request is new."""
        if self.request is None:
            return None
        done = self.system.recorded(self.request)
        if done is None:
            return None
        return StepResult(
            self.state(case_id), len(done), replayed=True, first_seq=done.entries[0].seq
        )

    def record_step(
        self,
        day: date,
        case: CaseState,
        step: Step,
        by: str,
        details: dict[str, Any],
        *,
        concerns: Sequence[str] = (),
        verdict: Verdict | None = None,
        extra: Sequence[ev.Event] = (),
        before: Sequence[ev.Event] = (),
    ) -> int:
        """Append the step, with ``before`` events ahead of it and ``extra`` events after it,
        in one transaction: all of it is written or none."""
        event = step_event(case, step, by, details, concerns)
        entries = [
            *self.entries(day, before),
            *self.entries(day, [event], verdict),
            *self.entries(day, extra),
        ]
        return self.write(day, case, step, entries)

    def write(self, day: date, case: CaseState, step: Step, entries: Sequence[NewEntry]) -> int:
        """Record a step's entries in one transaction, on the case as ``case`` read it.

        What no step may do is refused here, whatever the step: be dated before the case was
        opened, or follow its abandonment (only the notice of abandonment may). The case's
        first entry is appended under the version the case was read at, so of two writers
        who read the same case only the first is recorded; the second is refused
        (LedgerConflict) and must read the case again.
        """
        check_step_allowed(case, step, day)
        stream = private_stream(self.authority, f"case:{case.case_id}")
        pinned = list(entries)
        for i, entry in enumerate(pinned):
            if entry.stream == stream:
                if entry.expected_version is None:
                    pinned[i] = entry._replace(expected_version=case.version)
                break
        return len(self.system.record(pinned, request=self.request))

    def require_person(self, register: Register, by: str) -> None:
        if register.person(by) is None:
            raise InvalidInput(
                "by",
                f"{by!r} is not a registered person",
                "name the person taking the step by their id (register people "
                "with `nhswiring psr open --decision-maker ID=Name`)",
            )
