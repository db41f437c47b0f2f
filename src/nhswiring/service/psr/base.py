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
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import CaseState, Step, fold_case
from nhswiring.domain.register import Register
from nhswiring.law.psr_2023.conflicts import Conflict
from nhswiring.law.psr_2023.route import ProcessOption
from nhswiring.law.verdict import Verdict
from nhswiring.ledger.hashing import canonical_json
from nhswiring.service.system import System, new_entry


class StepRefused(InvalidInput):
    """The regulations do not allow the step now; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class StepResult:
    case: CaseState
    recorded: int
    verdict: Verdict | None = None
    route: tuple[ProcessOption, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


def parse_money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            field, f"{value!r} is not an amount", "give pounds, e.g. 2500000"
        ) from None
    if amount < 0:
        raise InvalidInput(field, "is negative", "give a value of zero or more")
    return amount


def parse_change(value: Any, field: str = "change") -> Decimal:
    """A change in value: pounds, up or down."""
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            field, f"{value!r} is not an amount", "give pounds, e.g. 250000 or -100000"
        ) from None


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


class CaseBase:
    """Reading a case and recording its steps: what every step shares."""

    def __init__(self, system: System) -> None:
        self.system = system

    # --- reading ---------------------------------------------------------------------------

    def register(self) -> Register:
        return self.system.register()

    def state(self, case_id: str, register: Register | None = None) -> CaseState:
        steps = (register or self.register()).case_steps(case_id)
        if not steps:
            raise InvalidInput(
                "case", f"no case {case_id!r}", "open it first with `nhswiring psr open`"
            )
        return fold_case(case_id, steps)

    # --- recording -------------------------------------------------------------------------

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
        entries = [new_entry(day, case.authority, e) for e in before]
        entries.append(
            new_entry(day, case.authority, event, verdict=verdict.to_json() if verdict else None)
        )
        entries += [new_entry(day, case.authority, e) for e in extra]
        return len(self.system.record(entries))

    def require_person(self, register: Register, by: str) -> None:
        if register.person(by) is None:
            raise InvalidInput(
                "by",
                f"{by!r} is not a registered person",
                "name the person taking the step by their id (register people "
                "with `nhswiring psr open --decision-maker ID=Name`)",
            )
