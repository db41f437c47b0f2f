"""The steps of a provider selection case, each judged and recorded as it is taken.

Every step is one transaction: the step is checked against the regulations and the case's
state, then appended to the ledger as a `case.step` entry attributed to the person who took
it, with the verdict or analysis that allowed it. A step the regulations do not allow is
refused with the reason and the regulation, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import KEY_CRITERIA, CaseState, Step, fold_case
from nhswiring.domain.register import Register
from nhswiring.law.judge import judge
from nhswiring.law.psr_2023.conflicts import Conflict, find_conflicts
from nhswiring.law.psr_2023.processes import RELEVANT_AUTHORITIES
from nhswiring.law.psr_2023.route import ProcessOption, analyse_route
from nhswiring.law.psr_2023.standstill import may_act_from
from nhswiring.law.verdict import Outcome, Verdict
from nhswiring.ledger.hashing import canonical_json
from nhswiring.service.psr.cpv import check_cpv
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


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            field, f"{value!r} is not an amount", "give pounds, e.g. 2500000"
        ) from None
    if amount < 0:
        raise InvalidInput(field, "is negative", "give a value of zero or more")
    return amount


class Cases:
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

    def _record(
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
    ) -> int:
        event = ev.CaseStep(
            case.case_id,
            step.value,
            case.authority,
            by,
            canonical_json(details),
            tuple(dict.fromkeys(concerns)),
        )
        entries = [
            new_entry(day, case.authority, event, verdict=verdict.to_json() if verdict else None)
        ]
        entries += [new_entry(day, case.authority, e) for e in extra]
        return len(self.system.record(entries))

    def _person(self, register: Register, by: str) -> None:
        if register.person(by) is None:
            raise InvalidInput(
                "by",
                f"{by!r} is not a registered person",
                "name the person taking the step by their id (register people "
                "with `nhswiring psr open --decision-maker ID=Name`)",
            )

    # --- open ------------------------------------------------------------------------------

    def open(
        self,
        *,
        case_id: str,
        day: date,
        authority: str,
        service: str,
        cpv_codes: list[str],
        estimated_value: Any,
        decision_makers: Mapping[str, str],
        by: str,
        existing_contract: str | None = None,
    ) -> StepResult:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,60}", case_id):
            raise InvalidInput(
                "case",
                f"{case_id!r} is not a valid case id",
                "use letters, digits, '.', '_' or '-'",
            )
        register = self.register()
        if register.case_steps(case_id):
            raise InvalidInput("case", f"case {case_id!r} already exists", "choose a new id")
        body = register.body(authority, day)
        if body is None or body.kind not in RELEVANT_AUTHORITIES:
            raise InvalidInput(
                "authority",
                f"{authority!r} is not a relevant authority on {day.isoformat()}",
                "use an ICB, NHS England, an NHS trust, "
                "an FT or a local authority in force (PSR reg 2; NHS Act "
                "s.12ZB(7))",
            )
        if day < date(2024, 1, 1):
            raise InvalidInput(
                "date",
                f"{day.isoformat()} is before the PSR came into force",
                "the Provider Selection Regime applies from 2024-01-01; judge "
                "earlier awards with `nhswiring check --action award_contract`",
            )
        check_cpv(cpv_codes)
        if not decision_makers:
            raise InvalidInput(
                "decision-maker",
                "none named",
                "name at least one decision-maker (PSR reg 24 records them)",
            )
        existing_provider = None
        if existing_contract:
            contract = register.contract(existing_contract)
            if contract is None:
                raise InvalidInput(
                    "existing-contract",
                    f"no contract {existing_contract!r}",
                    "give the id of a contract in the register, or omit it",
                )
            existing_provider = contract.provider
        people = [
            ev.PersonRegistered(pid, name)
            for pid, name in decision_makers.items()
            if register.person(pid) is None
        ]
        if by not in decision_makers and register.person(by) is None:
            raise InvalidInput(
                "by",
                f"{by!r} is not a registered person",
                "name a decision-maker or registered person as --by",
            )
        details = {
            "authority": authority,
            "service": service,
            "cpv_codes": cpv_codes,
            "estimated_value": str(_money(estimated_value, "value")),
            "existing_contract": existing_contract,
            "existing_provider": existing_provider,
            "decision_makers": list(decision_makers),
        }
        recorded = self.system.record(
            [new_entry(day, authority, p) for p in people]
            + [
                new_entry(
                    day,
                    authority,
                    ev.CaseStep(
                        case_id,
                        Step.OPEN.value,
                        authority,
                        by,
                        canonical_json(details),
                        tuple(f"person:{d}" for d in decision_makers),
                    ),
                )
            ]
        )
        return StepResult(self.state(case_id), len(recorded))

    # --- choose the process ---------------------------------------------------------------

    def route(
        self,
        *,
        case_id: str,
        day: date,
        process: str,
        facts: dict[str, Any],
        by: str,
        provider: str | None = None,
    ) -> StepResult:
        register = self.register()
        case = self.state(case_id, register)
        self._person(register, by)
        provider = provider or case.existing_provider or case.authority
        facts = dict(facts)
        if case.existing_contract and "existing_lifetime_value" not in facts:
            contract = register.contract(case.existing_contract)
            if contract is not None:
                facts["existing_lifetime_value"] = str(contract.lifetime_value)
        if case.existing_provider and "existing_provider" not in facts:
            facts["existing_provider"] = True
        options = analyse_route(
            register=register,
            day=day,
            authority=case.authority,
            provider=provider,
            service=case.service,
            value=case.estimated_value,
            facts=facts,
        )
        chosen = next((o for o in options if o.process == process), None)
        if chosen is None:
            raise InvalidInput(
                "process",
                f"{process!r} is not a PSR process",
                "use " + ", ".join(o.process for o in options),
            )
        if chosen.status not in {"mandatory", "allowed"}:
            detail = "; ".join(r["text"] for r in chosen.to_json()["reasons"]) or ", ".join(
                m.name for m in chosen.verdict.missing_facts
            )
            raise StepRefused(
                "process",
                f"{process} is {chosen.status.replace('_', ' ')}: {detail}",
                "run `nhswiring psr route` without --process to see "
                "each process's status and the facts it needs",
            )
        details = {"process": process, "facts": facts, "route": [o.to_json() for o in options]}
        n = self._record(day, case, Step.ROUTE, by, details, verdict=chosen.verdict)
        return StepResult(self.state(case_id), n, chosen.verdict, tuple(options))

    def analyse(
        self, *, case_id: str, day: date, facts: dict[str, Any], provider: str | None = None
    ) -> tuple[ProcessOption, ...]:
        register = self.register()
        case = self.state(case_id, register)
        facts = dict(facts)
        if case.existing_provider:
            facts.setdefault("existing_provider", True)
        return tuple(
            analyse_route(
                register=register,
                day=day,
                authority=case.authority,
                provider=provider or case.existing_provider or case.authority,
                service=case.service,
                value=case.estimated_value,
                facts=facts,
            )
        )

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
        excluded: bool = False,
        exclusion_grounds: str = "",
        award_score: float | None = None,
    ) -> StepResult:
        register = self.register()
        case = self.state(case_id, register)
        self._person(register, by)
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
        details = {
            "provider": provider,
            "key_criteria": key_criteria,
            "basic_selection": {"met": basic_selection_met, "notes": basic_selection_notes},
            "exclusion": {"excluded": excluded, "grounds": exclusion_grounds},
            "award_score": award_score,
        }
        n = self._record(day, case, Step.ASSESS, by, details, concerns=[provider])
        return StepResult(self.state(case_id), n)

    # --- conflicts --------------------------------------------------------------------------

    def conflicts(self, *, case_id: str, day: date, by: str, record: bool = True) -> StepResult:
        """Check the decision-makers against the register of interests and appointments, and
        record each conflict with how it is managed."""
        register = self.register()
        case = self.state(case_id, register)
        providers = [*case.providers, *([case.existing_provider] if case.existing_provider else [])]
        found = find_conflicts(
            register, day, case.authority, case.decision_makers, providers, case.process
        )
        known = {(c["person"], c["provider"]) for c in case.conflicts}
        new = [c for c in found if (c.person, c.provider) not in known]
        n = 0
        if record:
            for c in new:
                n += self._record(
                    day,
                    case,
                    Step.CONFLICT,
                    by,
                    c.to_json(),
                    concerns=[c.provider, f"person:{c.person}"],
                )
        return StepResult(self.state(case_id), n, conflicts=tuple(found))

    # --- representations -------------------------------------------------------------------

    def represent(
        self, *, case_id: str, day: date, provider: str, summary: str, by: str
    ) -> StepResult:
        register = self.register()
        case = self.state(case_id, register)
        if case.standstill is None:
            raise StepRefused(
                "case",
                "there is no standstill to make representations in",
                "representations are made during the standstill that follows a "
                "notice of intention (reg 12)",
            )
        last = date.fromisoformat(case.standstill["last_day"])
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
        n = self._record(
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
        register = self.register()
        case = self.state(case_id, register)
        self._person(register, by)
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
        n = self._record(day, case, Step.REPRESENTATION_DECISION, by, details, concerns=[provider])
        return StepResult(self.state(case_id), n)

    # --- award -------------------------------------------------------------------------------

    def award_blockers(self, case: CaseState, day: date, provider: str) -> list[str]:
        """Why the contract cannot be entered into on ``day`` (empty: it can)."""
        blockers = []
        if case.abandoned:
            blockers.append(f"the case was abandoned on {case.abandoned['on']}")
        if case.process is None:
            blockers.append("no process has been chosen (reg 6)")
        if case.standstill and day <= date.fromisoformat(case.standstill["last_day"]):
            blockers.append(
                f"the standstill runs until {case.standstill['ends_at']} (reg 12); "
                "the contract may be entered into from the next day"
            )
        for r in case.representations:
            if r["decision"] is None:
                blockers.append(
                    f"representations from {r['provider']} have not been decided (reg 12(5)-(9))"
                )
            elif day < date.fromisoformat(r["may_act_from"]):
                blockers.append(
                    f"the authority may not act on its decision on {r['provider']}'s "
                    f"representations before {r['may_act_from']} (reg 12(10))"
                )
            elif r["decision"] == "repeat":
                blockers.append(
                    f"the decision on {r['provider']}'s representations was to "
                    "repeat a step; repeat it before awarding"
                )
        assessment = case.assessments.get(provider)
        if (
            case.process in {"direct_award_c", "most_suitable_provider", "competitive"}
            and assessment is None
        ):
            blockers.append(
                f"{provider} has not been assessed against the key criteria "
                "and basic selection criteria (regs 5, 19)"
            )
        if assessment and assessment["exclusion"]["excluded"]:
            blockers.append(
                f"{provider} is excluded ({assessment['exclusion']['grounds']}) (reg 20)"
            )
        if assessment and not assessment["basic_selection"]["met"]:
            blockers.append(f"{provider} does not meet the basic selection criteria (reg 19)")
        if (
            case.process in {"direct_award_c", "most_suitable_provider", "competitive"}
            and case.notice("intention") is None
        ):
            blockers.append("the notice of intention to award has not been published (reg 12)")
        conflicted = {c["person"] for c in case.conflicts if c["conflicted"]}
        deciding = [p for p in case.decision_makers if p not in conflicted]
        if not deciding:
            blockers.append("every decision-maker is conflicted (reg 21): name another")
        return blockers

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
    ) -> StepResult:
        register = self.register()
        case = self.state(case_id, register)
        self._person(register, by)
        self.conflicts(case_id=case_id, day=day, by=by)
        case = self.state(case_id)
        blockers = self.award_blockers(case, day, provider)
        if blockers:
            raise StepRefused(
                "award",
                "; ".join(blockers),
                "complete the missing steps, or wait until the date given",
            )
        if by in {c["person"] for c in case.conflicts if c["conflicted"]}:
            raise StepRefused(
                "by",
                f"{by} has a conflict of interest in this case (reg 21)",
                "another, unconflicted decision-maker must take the step",
            )
        verdict = judge(
            day=day,
            actor=case.authority,
            action="award_contract",
            args={
                "commissioner": case.authority,
                "provider": provider,
                "service": case.service,
                "lifetime_value": str(_money(value, "value")),
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
                "process": case.process,
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
            contract, case.authority, provider, case.service, _money(value, "value"), start, end
        )
        details = {
            "provider": provider,
            "contract": contract,
            "value": str(award.lifetime_value),
            "start": start.isoformat(),
            "end": end.isoformat() if end else None,
            "decision_makers": [
                p
                for p in case.decision_makers
                if p not in {c["person"] for c in case.conflicts if c["conflicted"]}
            ],
        }
        n = self._record(
            day, case, Step.AWARD, by, details, concerns=[provider], verdict=verdict, extra=[award]
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
    ) -> StepResult:
        register = self.register()
        case = self.state(case_id, register)
        self._person(register, by)
        if case.award is None:
            raise StepRefused("case", "no contract has been awarded", "award the contract first")
        prior = sum((Decimal(m["change"]) for m in case.modifications), Decimal(0))
        total = (
            _money(cumulative, "cumulative")
            if cumulative is not None
            else prior + Decimal(str(change))
        )
        verdict = judge(
            day=day,
            actor=case.authority,
            action="modify_contract",
            args={
                "contract": case.award["contract"],
                "lifetime_value_change": str(change),
                "reason": reason,
            },
            facts={
                **case.facts,
                "existing_lifetime_value": case.award["value"],
                "awarded_by_direct_award_a_or_b": case.process
                in {"direct_award_a", "direct_award_b"},
                **(facts or {}),
                "cumulative_change": str(total),
            },
            state=register,
        )
        if verdict.outcome is not Outcome.LAWFUL:
            raise StepRefused(
                "modify",
                f"the modification is {verdict.outcome.value}: "
                + "; ".join(r.text for r in verdict.deciding())
                + "; ".join(m.question for m in verdict.missing_facts),
                "a considerable change needs a new process (reg 13)",
            )
        details = {
            "change": str(change),
            "reason": reason,
            "cumulative": str(total),
            "notice_required": any("notice" in o.text.lower() for o in verdict.obligations),
        }
        n = self._record(day, case, Step.MODIFY, by, details, verdict=verdict)
        return StepResult(self.state(case_id), n, verdict)

    def abandon(self, *, case_id: str, day: date, reason: str, by: str) -> StepResult:
        register = self.register()
        case = self.state(case_id, register)
        self._person(register, by)
        if case.award is not None:
            raise StepRefused(
                "case",
                "the contract has been awarded",
                "an awarded case cannot be abandoned; modify or terminate it",
            )
        n = self._record(day, case, Step.ABANDON, by, {"reason": reason})
        return StepResult(self.state(case_id), n)


def is_icb(register: Register, code: str, day: date) -> bool:
    body = register.body(code, day)
    return body is not None and body.kind is BodyKind.ICB
