"""When a case's standstill ends (PSR reg 12(9)-(10)), read from the recorded steps.

With no representations the standstill ends at midnight at the end of its eighth working day
(reg 12(9)). With representations it does not end after eight working days: it runs until the
authority has carried out the reg 12(4) steps (further opportunity to explain, the information
a provider asked for, the review), has made its further decision and told the providers of it
(and of any subsequent further decision, reg 12(6)-(8)), intends no more further decisions,
and five working days have passed since it told them of the last one (reg 12(10)(a), for a
decision to proceed, and (b), for a decision to abandon or repeat a step, alike). Everything
that waits for the standstill reads its end here: the award (reg 12(1)), the abandonment and
the repeated steps a further decision calls for (reg 15(3)), and the abandonment notice (reg
15(5)(a)).

An open referral to the Independent Patient Choice and Procurement Panel is read as the
authority intending a further decision (reg 12(10)(iv)): it asked for the Panel's advice (reg
23) to decide again in its light.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from nhswiring.domain.procurement import CaseState


@dataclass(frozen=True, slots=True)
class StandstillEnd:
    """The last day of the standstill (it ends at midnight at the end of it), once the case
    says when; otherwise what it waits for."""

    last_day: date | None
    waiting_for: tuple[str, ...] = ()
    #: Whether representations were made in it (reg 12(10)) or not (reg 12(9)).
    with_representations: bool = False

    @property
    def ended_by(self) -> date | None:
        """The first day after the standstill: the day what waits for it may be done."""
        return self.last_day + timedelta(days=1) if self.last_day else None

    def has_ended(self, day: date) -> bool:
        return self.last_day is not None and day > self.last_day

    def why_not_ended(self, day: date) -> str:
        """Why the standstill has not ended by ``day``, as one sentence ('' when it has)."""
        if self.has_ended(day):
            return ""
        if self.last_day is None:
            return "the standstill has not ended: it waits for " + "; ".join(self.waiting_for)
        return (
            f"the standstill runs until midnight at the end of {self.last_day:%A} "
            f"{self.last_day.isoformat()} (reg 12({'10' if self.with_representations else '9'}))"
        )


def standstill_end(case: CaseState) -> StandstillEnd | None:
    """When the case's current standstill ends; None when it has had none."""
    if case.standstill is None:
        return None
    eighth = case.standstill.last_day
    if not case.current_representations():
        return StandstillEnd(eighth)  # reg 12(9)
    waiting = [
        f"a further decision on {r.provider}'s representations (reg 12(4)(d))"
        for r in case.current_representations()
        if r.decision is None
    ]
    waiting += [
        f"the information {i.provider} asked for on {i.requested_on.isoformat()} "
        "(reg 12(4)(b), 12(10)(ii))"
        for i in case.current_information_requests()
        if i.answered_on is None
    ]
    referrals = case.current_panel_referrals()
    waiting += [
        f"the Panel's advice on {p.provider}'s referral of {p.referred_on.isoformat()}: the "
        "authority intends a further decision in its light (reg 12(10)(iv), reg 23)"
        for p in referrals
        if p.accepted and p.advised_on is None
    ]
    decision = case.further_decision
    unanswered = [
        p.advised_on
        for p in referrals
        if p.advised_on is not None and p.decisions_before >= len(case.further_decisions)
    ]
    if decision is not None and unanswered:
        waiting.append(
            "a subsequent further decision in the light of the Panel's advice of "
            f"{max(unanswered).isoformat()} (reg 12(7))"
        )
    if decision is None and not waiting:
        waiting.append("a further decision on the representations (reg 12(4)(d))")
    if waiting or decision is None:
        return StandstillEnd(None, tuple(waiting), with_representations=True)
    answered = [
        i.answered_on for i in case.current_information_requests() if i.answered_on is not None
    ]
    last = max([eighth, decision.may_act_from - timedelta(days=1), *answered])
    return StandstillEnd(last, with_representations=True)


def in_standstill(case: CaseState, day: date) -> bool:
    """Whether ``day`` falls in the case's current standstill (begun and not ended)."""
    end = standstill_end(case)
    begins = case.standstill_begins
    return end is not None and begins is not None and day >= begins and not end.has_ended(day)
