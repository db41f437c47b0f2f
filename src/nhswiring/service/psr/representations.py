"""Representations in the standstill and the decision on them (reg 12)."""

from __future__ import annotations

from datetime import date

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import Step
from nhswiring.law.psr_2023.standstill import may_act_from
from nhswiring.service.psr.base import CaseBase, StepRefused, StepResult


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
        last = date.fromisoformat(case.standstill["last_day"])
        if day < date.fromisoformat(case.standstill["begins"]):
            raise StepRefused(
                "date",
                f"the standstill begins on {case.standstill['begins']}",
                "date the representations within the standstill (reg 12(2)-(3))",
            )
        if day > last:
            raise StepRefused(
                "date",
                f"the standstill ended at {case.standstill['ends_at']}",
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
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        if decision not in {"proceed", "repeat", "abandon"}:
            raise InvalidInput(
                "decision",
                f"{decision!r} is not a decision on representations",
                "use proceed, repeat (a step of the process) or abandon",
            )
        if not any(
            r["provider"] == provider and r["decision"] is None for r in case.representations
        ):
            raise InvalidInput(
                "provider",
                f"no open representation from {provider}",
                "record the representation first",
            )
        details = {
            "provider": provider,
            "decision": decision,
            "reasons": reasons,
            "told_on": day.isoformat(),
            "may_act_from": may_act_from(day).isoformat(),
        }
        n = self.record_step(
            day, case, Step.REPRESENTATION_DECISION, by, details, concerns=[provider]
        )
        return StepResult(self.state(case_id), n)
