"""The authority's review of representations: the information a provider asks for (reg
12(4)(b), (5)) and a referral to the Independent Patient Choice and Procurement Panel with its
advice (reg 23 independent expert advice; the Panel works under NHS England's statutory
guidance, not the Regulations).

Both keep the standstill open while they are outstanding (reg 12(10)(ii), (iv)): the Panel's
most frequent finding is that an authority did not give an aggrieved provider enough
information, so the request and the reply are steps of their own, dated, with any reg 12(5)
ground for withholding part of it.
"""

from __future__ import annotations

from datetime import date

from nhswiring.domain.procurement import FURTHER_DECISIONS, CaseState, Step
from nhswiring.law.psr_2023.standstill_end import standstill_end
from nhswiring.service.psr.base import (
    CaseBase,
    InvalidDecision,
    NoReferral,
    NoRepresentation,
    StandstillOver,
    StepResult,
)

#: The grounds on which reg 12(5) excuses giving requested information.
WITHHOLDING_GROUNDS = ("commercial_interests", "fair_competition", "public_interest")


class ReviewSteps(CaseBase):
    def _represented(self, case: CaseState, provider: str, day: date) -> None:
        if not any(r.provider == provider for r in case.current_representations()):
            raise NoRepresentation(
                "provider",
                f"{provider} has made no representations in the current standstill",
                "record its representations first (reg 12(3))",
            )
        end = standstill_end(case)
        if case.award is not None or (end is not None and end.has_ended(day)):
            raise StandstillOver(
                "date",
                "the standstill has ended",
                "the review of representations happens in the standstill (reg 12(4), (10))",
            )

    def request_information(
        self, *, case_id: str, day: date, provider: str, request: str, by: str
    ) -> StepResult:
        """An aggrieved provider asks for information the authority must record under reg 24
        (the evaluation, the scores, the decision-makers, the conflicts)."""
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        self._represented(case, provider, day)
        details = {"provider": provider, "request": request}
        n = self.record_step(day, case, Step.INFORMATION_REQUEST, by, details, concerns=[provider])
        return StepResult(self.state(case_id), n)

    def give_information(
        self,
        *,
        case_id: str,
        day: date,
        provider: str,
        answer: str,
        by: str,
        withheld: str = "",
    ) -> StepResult:
        """The authority's reply (reg 12(4)(b)); ``withheld`` names the reg 12(5) ground for
        anything it kept back."""
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        if withheld and withheld not in WITHHOLDING_GROUNDS:
            raise InvalidDecision(
                "withheld",
                f"{withheld!r} is not a reg 12(5) ground",
                "use " + ", ".join(WITHHOLDING_GROUNDS) + " (or leave it empty)",
            )
        if not any(
            i.provider == provider and i.answered_on is None
            for i in case.current_information_requests()
        ):
            raise NoRepresentation(
                "provider",
                f"no open request for information from {provider}",
                "record the request first (`nhswiring psr request-information`)",
            )
        details = {"provider": provider, "answer": answer, "withheld": withheld}
        n = self.record_step(day, case, Step.INFORMATION_GIVEN, by, details, concerns=[provider])
        return StepResult(self.state(case_id), n)

    def refer_to_panel(
        self,
        *,
        case_id: str,
        day: date,
        provider: str,
        by: str,
        reference: str = "",
        accepted: bool = True,
    ) -> StepResult:
        """A provider still aggrieved after the further decision refers its case to the Panel;
        ``accepted`` False records a referral the Panel declined (then nothing waits for it)."""
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        self._represented(case, provider, day)
        if case.further_decision is None:
            raise NoRepresentation(
                "case",
                "the authority has made no further decision to review",
                "the Panel reviews after the authority's own review (reg 12(4)); decide first",
            )
        details = {"provider": provider, "reference": reference, "accepted": accepted}
        n = self.record_step(day, case, Step.PANEL_REFERRAL, by, details, concerns=[provider])
        return StepResult(self.state(case_id), n)

    def record_panel_advice(
        self,
        *,
        case_id: str,
        day: date,
        provider: str,
        advice: str,
        summary: str,
        by: str,
    ) -> StepResult:
        """The Panel's advice: that the authority proceed, go back to a step, or abandon. It
        is advice, not a decision: the authority decides again (reg 12(7))."""
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        if advice not in FURTHER_DECISIONS:
            raise InvalidDecision(
                "advice",
                f"{advice!r} is not advice the Panel gives",
                "use proceed, repeat or abandon",
            )
        if not any(
            p.provider == provider and p.accepted and p.advised_on is None
            for p in case.current_panel_referrals()
        ):
            raise NoReferral(
                "provider",
                f"no referral from {provider} awaits the Panel's advice",
                "record the referral first (`nhswiring psr refer`)",
            )
        details = {"provider": provider, "advice": advice, "summary": summary}
        n = self.record_step(day, case, Step.PANEL_ADVICE, by, details, concerns=[provider])
        return StepResult(self.state(case_id), n)
