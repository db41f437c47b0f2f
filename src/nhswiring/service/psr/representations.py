"""Representations in the standstill and the further decisions on them (reg 12(3)-(8))."""

from __future__ import annotations

from datetime import date

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import FURTHER_DECISIONS, Step
from nhswiring.law.psr_2023.standstill import may_act_from
from nhswiring.law.psr_2023.standstill_end import standstill_end
from nhswiring.service.psr.base import (
    CaseBase,
    InvalidDecision,
    NoRepresentation,
    StandstillOver,
    StepRefused,
    StepResult,
)


class RepresentationSteps(CaseBase):
    # --- representations -------------------------------------------------------------------

    def represent(
        self, *, case_id: str, day: date, provider: str, summary: str, by: str
    ) -> StepResult:
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        if case.standstill is None:
            raise StepRefused(
                "case",
                "there is no standstill to make representations in",
                "representations are made during the standstill that follows a "
                "notice of intention (reg 12)",
            )
        self.require_person(register, by)
        last = case.standstill.last_day
        if day < case.standstill.begins:
            raise StepRefused(
                "date",
                f"the standstill begins on {case.standstill.begins.isoformat()}",
                "date the representations within the standstill (reg 12(2)-(3))",
            )
        if day > last:
            raise StepRefused(
                "date",
                f"the standstill ended at {case.standstill.ends_at_text}",
                "representations must be made by midnight at the end of the "
                "standstill's last day (reg 12(3)-(4))",
            )
        if register.body(provider, day) is None:
            raise InvalidInput(
                "provider", f"{provider!r} is not a body in force", "use a provider's code"
            )
        n = self.record_step(
            day,
            case,
            Step.REPRESENTATION,
            by,
            {"provider": provider, "summary": summary},
            concerns=[provider],
        )
        return StepResult(self.state(case_id), n)

    def decide_representation(
        self, *, case_id: str, day: date, provider: str, decision: str, reasons: str, by: str
    ) -> StepResult:
        """The further decision on representations (reg 12(4)(d)), told to the providers on
        ``day`` (reg 12(6)); or, once one is made, a subsequent further decision replacing it
        (reg 12(7)-(8)), as many as the authority makes before the standstill ends. A decision
        to abandon or repeat is only a decision: the abandonment or repetition follows the end
        of the standstill (reg 15(3))."""
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        if decision not in FURTHER_DECISIONS:
            raise InvalidDecision(
                "decision",
                f"{decision!r} is not a decision on representations",
                "use proceed, repeat (a step of the process) or abandon",
            )
        represented = [r for r in case.current_representations() if r.provider == provider]
        if not represented:
            raise NoRepresentation(
                "provider",
                f"no representations from {provider} in the current standstill",
                "record the representation first",
            )
        open_ = any(r.decision is None for r in represented)
        end = standstill_end(case)
        if case.award is not None:
            raise StandstillOver(
                "case", "the contract has been awarded", "no further decision can be made"
            )
        if not open_ and end is not None and end.has_ended(day):
            raise StandstillOver(
                "date",
                f"the standstill ended at midnight at the end of {end.last_day}: "
                "a subsequent further decision is made before it ends (reg 12(7), (10))",
                "abandon or award the contract now (reg 15(1)); or open a new procurement",
            )
        last = case.further_decision
        if last is not None and day < last.told_on:
            raise StepRefused(
                "date",
                f"{day.isoformat()} is before the further decision of {last.told_on.isoformat()}",
                "date a subsequent further decision on or after the one it replaces (reg 12(7))",
            )
        details = {
            "provider": provider,
            "decision": decision,
            "reasons": reasons,
            "told_on": day.isoformat(),
            "may_act_from": may_act_from(day).isoformat(),
            "subsequent": not open_,
        }
        n = self.record_step(
            day, case, Step.REPRESENTATION_DECISION, by, details, concerns=[provider]
        )
        return StepResult(self.state(case_id), n)
