"""Awarding, modifying and abandoning (regs 12, 13, 14, 15, 19, 20)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from nhswiring.domain import events as ev
from nhswiring.domain.procurement import CaseState, Step
from nhswiring.domain.register import Register
from nhswiring.law.judge import judge
from nhswiring.law.psr_2023.exclusions import REG_20, ExclusionVerdict
from nhswiring.law.psr_2023.gates import (
    basic_selection_bar,
    exclusion_bar,
    no_decision_maker_bar,
)
from nhswiring.law.psr_2023.standstill_end import in_standstill, standstill_end
from nhswiring.law.verdict import Effect, Outcome
from nhswiring.service.psr.assessment import AssessmentSteps
from nhswiring.service.psr.base import (
    StandstillRunning,
    StepRefused,
    StepResult,
    parse_change,
    parse_money,
)


def _repeated_since(case: CaseState, told_on: date) -> bool:
    """A decision to repeat a step is carried out by a fresh notice of intention, published
    after the providers were told (reg 15(1)(b), (6))."""
    notice = case.notice("intention")
    return notice is not None and date.fromisoformat(notice["published_on"]) > told_on


def standstill_blockers(case: CaseState, day: date) -> list[str]:
    """What the standstill still forbids on ``day`` (reg 12(1), (9)-(10)); and, once it has
    ended, a further decision other than to proceed (reg 15(3))."""
    end = standstill_end(case)
    if end is None:
        return []
    if end.last_day is None:
        eighth = case.standstill.last_day if case.standstill else None
        if eighth is not None and day <= eighth:
            return [
                f"the standstill runs at least until midnight at the end of {eighth:%A} "
                f"{eighth.isoformat()} (reg 12(3)), and with representations until the authority "
                "has reviewed them and waited after its further decision (reg 12(10)): it waits "
                "for " + "; ".join(end.waiting_for)
            ]
        return list(end.waiting_for)
    if not end.has_ended(day):
        decision = case.further_decision
        if end.with_representations and decision is not None and end.ended_by:
            return [
                f"the standstill runs until midnight at the end of {end.last_day:%A} "
                f"{end.last_day.isoformat()}: the authority may not act on its further decision "
                f"of {decision.told_on.isoformat()} before {end.ended_by.isoformat()} "
                "(reg 12(10))"
            ]
        assert end.ended_by is not None
        ends_at = case.standstill.ends_at_text if case.standstill else ""
        return [
            f"the standstill runs until midnight at the end of {end.last_day:%A} "
            f"{end.last_day.isoformat()} ({ends_at}) "
            f"(reg 12); the contract may be entered into from {end.ended_by:%A} "
            f"{end.ended_by.isoformat()}"
        ]
    decision = case.further_decision
    if (
        decision is not None
        and decision.decision == "repeat"
        and not _repeated_since(case, decision.told_on)
    ):
        return [
            f"the further decision of {decision.told_on.isoformat()} was to repeat a step; "
            "repeat it before awarding (reg 15(1)(b))"
        ]
    if decision is not None and decision.decision == "abandon":
        return [
            f"the further decision of {decision.told_on.isoformat()} was to abandon the "
            "procurement: abandon it (reg 15(3)), or make a subsequent further decision to "
            "proceed (reg 12(7))"
        ]
    return []


class ContractSteps(AssessmentSteps):
    """Award needs the conflicts check of the assessment stage, so it builds on it."""

    # --- award -------------------------------------------------------------------------------

    def award_blockers(self, case: CaseState, day: date, provider: str) -> list[str]:
        """Why the contract cannot be entered into on ``day`` (empty: it can)."""
        blockers = []
        if case.abandoned:
            blockers.append(f"the case was abandoned on {case.abandoned.on}")
        if case.process is None:
            blockers.append("no process has been chosen (reg 6)")
        blockers += standstill_blockers(case, day)
        assessment = case.assessments.get(provider)
        if (
            case.process in {"direct_award_c", "most_suitable_provider", "competitive"}
            and assessment is None
        ):
            blockers.append(
                f"{provider} has not been assessed against the key criteria "
                "and basic selection criteria (regs 5, 19)"
            )
        if assessment:
            exclusion = assessment["exclusion"]
            judged = ExclusionVerdict(
                not exclusion["excluded"],
                exclusion.get("reason") or "excluded",
                exclusion.get("citation") or REG_20,
            )
            basic = assessment["basic_selection"]
            bars = (
                exclusion_bar(provider, judged),
                basic_selection_bar(
                    provider,
                    case.process,
                    met=bool(basic["met"]) or not basic.get("applies", True),
                    call_off=bool(case.facts.get("call_off")),
                ),
            )
            blockers += [b.reason for b in bars if b is not None]
        if (
            case.process in {"direct_award_c", "most_suitable_provider", "competitive"}
            and case.notice("intention") is None
        ):
            blockers.append("the notice of intention to award has not been published (reg 12)")
        if bar := no_decision_maker_bar(case.decision_makers, case.conflicted):
            blockers.append(bar.reason)
        return blockers

    @staticmethod
    def award_possible_from(case: CaseState, day: date) -> date | None:
        """The day the time-bound blockers of an award lift, if any stand on ``day``: the end
        of the standstill (reg 12) and the wait after a decision on representations
        (reg 12(10)), as the case recorded them; None when nothing but time stands, or when the
        end waits for a step (a further decision, information, the Panel's advice)."""
        end = standstill_end(case)
        if end is None or end.ended_by is None or end.has_ended(day):
            return None
        return end.ended_by

    def award(
        self,
        *,
        case_id: str,
        day: date,
        provider: str,
        value: Any,
        start: date,
        end: date | None,
        by: str,
        contract_id: str | None = None,
        address: str = "",
    ) -> StepResult:
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        if case.award is not None:
            raise StepRefused(
                "award",
                f"the case already awarded contract {case.award.contract} to "
                f"{case.award.provider} on {case.award.awarded_on.isoformat()}",
                "a change to an awarded contract is a modification: record it with "
                "`nhswiring psr modify`, judged by reg 13",
            )
        self.require_person(register, by)
        # Conflicts found now are recorded with the award, in its transaction, and bind it.
        _, new_conflicts = self.find_new_conflicts(case, register, day, by)
        case = replace(
            case,
            conflicts=[
                *case.conflicts,
                *(json.loads(e.details) | {"recorded_on": day.isoformat()} for e in new_conflicts),
            ],
        )
        if by in case.conflicted:
            raise StepRefused(
                "by",
                f"{by} has a conflict of interest in this case (reg 21)",
                "another, unconflicted decision-maker must take the step",
            )
        blockers = self.award_blockers(case, day, provider)
        if blockers:
            from_day = self.award_possible_from(case, day)
            only_time = from_day is not None and not self.award_blockers(case, from_day, provider)
            raise StepRefused(
                "award",
                "; ".join(blockers),
                f"wait until {from_day:%A} {from_day.isoformat()}"
                if only_time and from_day
                else "complete the missing steps, or wait until the date given",
                possible_from=from_day if only_time else None,
            )
        verdict = judge(
            day=day,
            actor=case.authority,
            action="award_contract",
            args={
                "commissioner": case.authority,
                "provider": provider,
                "service": case.service,
                "lifetime_value": str(parse_money(value, "value")),
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
                "process": case.process,
                "existing_contract": case.existing_contract,
            },
            facts=case.facts,
            state=self.register(),
        )
        if verdict.outcome is not Outcome.LAWFUL:
            raise StepRefused(
                "award",
                f"the award is {verdict.outcome.value}: "
                + "; ".join(r.text for r in verdict.deciding()),
                "check the process and facts (reg 6)",
            )
        contract = contract_id or f"{case_id}-C1"
        award = ev.ContractAwarded(
            contract,
            case.authority,
            provider,
            case.service,
            parse_money(value, "value"),
            start,
            end,
        )
        details = {
            "provider": provider,
            "address": address.strip()
            or str((case.assessments.get(provider) or {}).get("address") or ""),
            "contract": contract,
            "value": str(award.lifetime_value),
            "start": start.isoformat(),
            "end": end.isoformat() if end else None,
            "decision_makers": case.deciders,
        }
        n = self.record_step(
            day,
            case,
            Step.AWARD,
            by,
            details,
            concerns=[provider],
            verdict=verdict,
            extra=[award],
            before=new_conflicts,
        )
        return StepResult(self.state(case_id), n, verdict)

    # --- modify and abandon ----------------------------------------------------------------------

    def modify(
        self,
        *,
        case_id: str,
        day: date,
        change: Any,
        reason: str,
        by: str,
        cumulative: Any | None = None,
        facts: Mapping[str, Any] | None = None,
        description: str = "",
        term_change: str = "",
        takes_effect: date | None = None,
        new_end: date | None = None,
    ) -> StepResult:
        """Modify the awarded contract. The description, any change to the term and the date
        it takes effect are what the Schedule 12 and 14 notices report; the reasons for an
        urgent modification go in ``description``."""
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        target, provider, original = self._target(case, register, reason, day)
        change = parse_change(change)
        prior = sum(
            (m.change for m in case.modifications if (m.contract or target) == target),
            Decimal(0),
        )
        total = parse_change(cumulative, "cumulative") if cumulative is not None else prior + change
        # Reg 14(3)(a): a standstill kept open by representations is still running.
        standstill_running = in_standstill(case, day)
        verdict = judge(
            day=day,
            actor=case.authority,
            action="modify_contract",
            args={"contract": target, "lifetime_value_change": str(change), "reason": reason},
            facts={
                **case.facts,
                "existing_lifetime_value": str(original),
                "awarded_by_direct_award_a_or_b": case.process
                in {"direct_award_a", "direct_award_b"},
                **(
                    self._continuity_facts(case, standstill_running)
                    if reason == "continuity"
                    else {}
                ),
                **(facts or {}),
                "cumulative_change": str(total),
            },
            state=register,
        )
        if verdict.outcome is not Outcome.LAWFUL:
            raise StepRefused(
                "modify",
                f"the modification is {verdict.outcome.value}: "
                + "; ".join(
                    [r.text for r in verdict.deciding() if r.effect is Effect.FORBIDS]
                    + [f"missing fact: {m.question}" for m in verdict.missing_facts]
                ),
                "a considerable change needs a new process (reg 13)",
            )
        details = {
            "contract": target,
            "change": str(change),
            "reason": reason,
            "description": description.strip() or f"lifetime value changed by £{change}",
            "term_change": term_change.strip()
            or (f"term now ends on {new_end.isoformat()}" if new_end else "no change to the term"),
            "new_end": new_end.isoformat() if new_end else None,
            "takes_effect": (takes_effect or day).isoformat(),
            "cumulative": str(total),
            "notice_required": any("notice" in o.text.lower() for o in verdict.obligations),
        }
        modified = ev.ContractModified(target, case.authority, provider, change, new_end)
        n = self.record_step(day, case, Step.MODIFY, by, details, verdict=verdict, extra=[modified])
        return StepResult(self.state(case_id), n, verdict)

    @staticmethod
    def _continuity_facts(case: CaseState, standstill_running: bool) -> dict[str, Any]:
        """What the case itself says of reg 14(3)(a)-(b): whether its standstill is running
        (kept open by representations, it runs past its eighth day), and, when a provider has
        referred it to the Panel in that standstill, that independent expert advice (reg 23)
        has been sought. Facts the user gives override these."""
        facts: dict[str, Any] = {"standstill_begun": standstill_running}
        if any(p.accepted for p in case.current_panel_referrals()):
            facts["expert_advice_sought"] = True
        return facts

    def _target(
        self, case: CaseState, register: Register, reason: str, day: date
    ) -> tuple[str, str, Decimal]:
        """The contract a modification changes: the case's award, or, for a reg 14(3)
        continuity modification, the existing contract the new award will replace."""
        if reason != "continuity":
            if case.award is None:
                raise StepRefused(
                    "case", "no contract has been awarded", "award the contract first"
                )
            return case.award.contract, case.award.provider, case.award.value
        existing = register.contract(case.existing_contract or "")
        if existing is None:
            raise StepRefused(
                "reason",
                "a continuity modification (reg 14(3)) changes the existing contract, and this "
                "case names none",
                "open the case with --existing-contract",
            )
        return existing.contract_id, existing.provider, existing.lifetime_value

    def abandon(self, *, case_id: str, day: date, reason: str, by: str) -> StepResult:
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        if case.award is not None:
            raise StepRefused(
                "case",
                "the contract has been awarded",
                "an awarded case cannot be abandoned; modify or terminate it",
            )
        if case.abandoned is not None:
            raise StepRefused(
                "case", f"the case was abandoned on {case.abandoned.on}", "nothing to do"
            )
        end = standstill_end(case)
        if end is not None and not end.has_ended(day):
            decision = case.further_decision
            if not end.with_representations:
                raise StandstillRunning(
                    "date",
                    f"the case is in its standstill (to midnight at the end of {end.last_day}): "
                    "a decision to abandon may be made in it only on representations, by the "
                    "reg 12 procedure",
                    "record the representations and decide 'abandon' (`nhswiring psr decide`), "
                    "or abandon after the standstill (reg 15(2)-(3))",
                    possible_from=end.ended_by,
                )
            raise StandstillRunning(
                "date",
                (
                    f"the further decision of {decision.told_on.isoformat()} to abandon is not "
                    "the abandonment: "
                    if decision is not None and decision.decision == "abandon"
                    else ""
                )
                + end.why_not_ended(day),
                "abandon the procurement only after the standstill has ended (reg 15(3))"
                + (f", from {end.ended_by.isoformat()}" if end.ended_by else ""),
                possible_from=end.ended_by,
            )
        decision = case.further_decision
        details: dict[str, Any] = {"reason": reason}
        if decision is not None and decision.decision == "abandon" and end is not None:
            # Decided in the standstill: the notice is due within 30 days of its end (reg 15(5)(a)).
            details["decided_on"] = decision.told_on.isoformat()
            details["standstill_ended"] = end.last_day.isoformat() if end.last_day else None
        n = self.record_step(day, case, Step.ABANDON, by, details)
        return StepResult(self.state(case_id), n)
