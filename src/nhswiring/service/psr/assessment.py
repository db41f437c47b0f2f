"""Assessing providers (regs 5, 19, 20) and checking conflicts of interest (reg 21)."""

from __future__ import annotations

from datetime import date
from typing import Any

from nhswiring.domain import events as ev
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import KEY_CRITERIA, CaseState, Step
from nhswiring.domain.register import Register
from nhswiring.law.psr_2023.conflicts import Conflict, find_conflicts
from nhswiring.law.psr_2023.exclusions import (
    ExclusionFacts,
    ExclusionStatus,
    basic_selection_applies,
    exclusion_verdict,
)
from nhswiring.service.psr.base import CaseBase, StepRefused, StepResult, step_event


class AssessmentSteps(CaseBase):
    # --- assess ----------------------------------------------------------------------------

    def assess(
        self,
        *,
        case_id: str,
        day: date,
        provider: str,
        by: str,
        key_criteria: dict[str, dict[str, Any]],
        basic_selection_met: bool,
        basic_selection_notes: str = "",
        exclusion: ExclusionFacts | None = None,
        award_score: float | None = None,
        address: str = "",
    ) -> StepResult:
        """Record a provider's assessment. The exclusion status is judged here (reg 20), so the
        record says at once whether the provider may be awarded the contract and why."""
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        if case.process is None:
            raise StepRefused(
                "case", "the process has not been chosen", "run `nhswiring psr route` first (reg 6)"
            )
        if register.body(provider, day) is None:
            raise InvalidInput(
                "provider",
                f"{provider!r} is not a body in force on {day.isoformat()}",
                "use a provider's code (add independent providers to the register first)",
            )
        unknown = set(key_criteria) - set(KEY_CRITERIA)
        if unknown:
            raise InvalidInput(
                "key-criteria",
                f"unknown criteria {sorted(unknown)}",
                f"use the reg 5 criteria: {', '.join(KEY_CRITERIA)}",
            )
        missing = [c for c in KEY_CRITERIA if c not in key_criteria]
        if missing:
            raise InvalidInput(
                "key-criteria",
                f"no assessment against {', '.join(missing)}",
                "assess every key criterion (reg 5), with its weight and reasons",
            )
        for name, entry in key_criteria.items():
            if not str(entry.get("reasons") or "").strip():
                raise InvalidInput(
                    f"key-criteria.{name}.reasons",
                    "is empty",
                    "give the reasons for the assessment (reg 24 records them)",
                )
        weights = [float(e.get("weight", 0)) for e in key_criteria.values()]
        if any(w < 0 for w in weights) or abs(sum(weights) - 100) > 0.01:
            raise InvalidInput(
                "key-criteria weights",
                f"sum to {sum(weights):g}",
                "give each criterion's weight as a percentage summing to 100",
            )
        exclusion = exclusion or ExclusionFacts(ExclusionStatus.NONE)
        call_off = bool(case.facts.get("call_off"))
        judged = exclusion_verdict(exclusion, commenced=case.opened_on or day, call_off=call_off)
        if judged.may_award is None:
            raise StepRefused("excluded", judged.reason, f"see {judged.citation}")
        details = {
            "provider": provider,
            "address": address.strip(),
            "key_criteria": key_criteria,
            "basic_selection": {
                "met": basic_selection_met,
                "notes": basic_selection_notes,
                "applies": basic_selection_applies(case.process, call_off),
            },
            "exclusion": {
                "status": exclusion.status.value,
                "grounds": exclusion.grounds,
                "debarment_list": exclusion.debarment_list,
                "exclude": exclusion.exclude,
                "public_interest": exclusion.public_interest,
                "excluded": not judged.may_award,
                "reason": judged.reason,
                "citation": judged.citation,
            },
            "award_score": award_score,
        }
        n = self.record_step(day, case, Step.ASSESS, by, details, concerns=[provider])
        return StepResult(self.state(case_id), n)

    # --- conflicts --------------------------------------------------------------------------

    def conflicts(self, *, case_id: str, day: date, by: str) -> StepResult:
        """Check the decision-makers against the register of interests and appointments, and
        record each conflict not yet recorded, with how it is managed, and the check itself
        (who made it, on what day, what it found), in one transaction."""
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        found, new = self.find_new_conflicts(case, register, day, by)
        # The check itself is recorded, whatever it finds, so the record shows it was made.
        checked = step_event(
            case,
            Step.CONFLICTS_CHECKED,
            by,
            {
                "decision_makers": list(case.decision_makers),
                "providers": list(case.providers_in_case()),
                "links_found": len(found),
                "newly_recorded": len(new),
            },
        )
        n = self.write(day, case, Step.CONFLICTS_CHECKED, self.entries(day, [*new, checked]))
        return StepResult(self.state(case_id), n, conflicts=tuple(found))

    def find_new_conflicts(
        self, case: CaseState, register: Register, day: date, by: str
    ) -> tuple[list[Conflict], list[ev.CaseStep]]:
        """Every conflict on ``day`` (reg 21), and the conflict steps the case has not yet
        recorded (a link whose status changed, say on moving to a Competitive Process, is
        recorded again)."""
        found = find_conflicts(
            register,
            day,
            case.authority,
            case.decision_makers,
            case.providers_in_case(),
            case.process,
            taking_part=case.providers,
        )
        known = {(c["person"], c["provider"], c["conflicted"]) for c in case.conflicts}
        new = [
            step_event(case, Step.CONFLICT, by, c.to_json(), [c.provider, f"person:{c.person}"])
            for c in found
            if (c.person, c.provider, c.conflicted) not in known
        ]
        return found, new
