"""Opening a case and choosing its process (PSR regs 2, 3, 6; Schedule 1 CPV codes)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from nhswiring.domain import events as ev
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import CaseState, Step
from nhswiring.domain.register import Register
from nhswiring.law.common import PSR_START
from nhswiring.law.facts import check_route_facts
from nhswiring.law.psr_2023.processes import RELEVANT_AUTHORITIES
from nhswiring.law.psr_2023.route import ProcessOption, analyse_route
from nhswiring.service.psr.base import (
    CaseBase,
    NotMixedProcurement,
    StepRefused,
    StepResult,
    parse_money,
)
from nhswiring.service.psr.cpv import check_cpv


class OpeningSteps(CaseBase):
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
        other_existing_contracts: list[str] | None = None,
        procurement: str | None = None,
        lot: str | None = None,
        other_goods_and_services_value: Any | None = None,
        separate_contract_adverse_impact: bool | None = None,
    ) -> StepResult:
        """Open a case: one proposed contract. ``other_existing_contracts`` are further
        contracts the new one replaces (several consolidated into one); ``procurement`` and
        ``lot`` name the procurement a lot belongs to, each lot a case of its own with its own
        award and standstill; ``other_goods_and_services_value`` makes it a mixed procurement
        (reg 3), which the Regulations cover only when the health care services are its main
        subject-matter and the authority judged the rest could not reasonably be procured
        separately (``separate_contract_adverse_impact``)."""
        if (done := self.replay_of(case_id)) is not None:
            return done
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,60}", case_id):
            raise InvalidInput(
                "case",
                f"{case_id!r} is not a valid case id",
                "use letters, digits, '.', '_' or '-'",
            )
        if authority != self.authority:
            raise InvalidInput(
                "authority",
                f"{self.authority} cannot open a case for {authority}",
                f"a case belongs to its relevant authority: open it as {authority}",
            )
        register = self.register()
        if register.case_steps(case_id):
            raise InvalidInput(
                "case", f"{authority} already has a case {case_id!r}", "choose a new reference"
            )
        body = register.body(authority, day)
        if body is None or body.kind not in RELEVANT_AUTHORITIES:
            raise InvalidInput(
                "authority",
                f"{authority!r} is not a relevant authority on {day.isoformat()}",
                "use an ICB, NHS England, an NHS trust, "
                "an FT or a local authority in force (PSR reg 2; NHS Act "
                "s.12ZB(7))",
            )
        if day < PSR_START:
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
        for other in other_existing_contracts or []:
            found = register.contract(other)
            if found is None or other == existing_contract:
                raise InvalidInput(
                    "other-existing-contracts",
                    f"no other contract {other!r}",
                    "give the ids of further contracts in the register the new one replaces",
                )
            if not existing_contract:
                raise InvalidInput(
                    "existing-contract",
                    "further existing contracts are given but no existing contract",
                    "name the first with --existing-contract",
                )
        mixed = _mixed_procurement(
            estimated_value, other_goods_and_services_value, separate_contract_adverse_impact
        )
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
            "estimated_value": str(parse_money(estimated_value, "value")),
            "existing_contract": existing_contract,
            "existing_provider": existing_provider,
            "decision_makers": list(decision_makers),
            **(
                {"other_existing_contracts": other_existing_contracts}
                if other_existing_contracts
                else {}
            ),
            **({"procurement": procurement or case_id, "lot": lot} if lot else {}),
            **({"mixed_procurement": mixed} if mixed else {}),
        }
        new_case = CaseState(case_id, authority=authority)
        concerns = [f"person:{d}" for d in decision_makers]
        n = self.record_step(day, new_case, Step.OPEN, by, details, concerns=concerns, extra=people)
        return StepResult(self.state(case_id), n)

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
        if (done := self.replay_of(case_id)) is not None:
            return done
        register = self.register()
        case = self.state(case_id, register)
        self.require_person(register, by)
        named = provider or case.existing_provider
        facts = self._route_facts(case, register, facts)
        options = self.analyse(case_id=case_id, day=day, facts=facts, provider=named)
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
        details = {
            "process": process,
            "provider": named,
            "facts": facts,
            "route": [o.to_json() for o in options],
        }
        n = self.record_step(day, case, Step.ROUTE, by, details, verdict=chosen.verdict)
        return StepResult(self.state(case_id), n, chosen.verdict, tuple(options))

    def analyse(
        self, *, case_id: str, day: date, facts: dict[str, Any], provider: str | None = None
    ) -> tuple[ProcessOption, ...]:
        """Each process's status on these facts; the same analysis `route` records."""
        register = self.register()
        case = self.state(case_id, register)
        return tuple(
            analyse_route(
                register=register,
                day=day,
                authority=case.authority,
                provider=provider or case.existing_provider or case.authority,
                service=case.service,
                value=case.estimated_value,
                facts=self._route_facts(case, register, facts),
            )
        )

    @staticmethod
    def _route_facts(
        case: CaseState, register: Register, facts: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The user's facts, plus what the case knows: an incumbent, and the existing
        contract's lifetime value (the baseline of reg 6(10)'s considerable-change test).
        The user's are checked against the fact vocabulary first, whoever gives them (the
        command line, a case script, the API): a name that is not a fact, or a value of the
        wrong type, is refused rather than silently changing nothing."""
        check_route_facts(facts)
        out = dict(facts)
        if case.existing_provider:
            out.setdefault("existing_provider", True)
        found = [register.contract(c) for c in case.existing_contracts]
        contracts = [c for c in found if c is not None]
        if contracts:
            # Several existing contracts consolidated into one: the baseline is what they
            # were worth together when entered into (reg 6(10)(b)(ii)-(iii)).
            total = sum((c.lifetime_value for c in contracts), Decimal(0))
            out.setdefault("existing_lifetime_value", str(total))
        return out


def _mixed_procurement(
    estimated: Any, other: Any | None, adverse_impact: bool | None
) -> dict[str, Any] | None:
    """A mixed procurement (reg 3) is one the Regulations govern only when (reg 3(4)(a)) the
    health care services are its main subject-matter, which is whichever part has the higher
    estimated lifetime value, and (reg 3(4)(b)) the authority considers the other goods or
    services could not reasonably be supplied under a separate contract: a view it may take
    only where procuring them separately would, or would likely, harm its ability to act by
    the procurement principles of reg 4."""
    if other is None:
        return None
    total = parse_money(estimated, "value")
    rest = parse_money(other, "other_goods_and_services_value")
    health = total - rest
    if rest > total or health <= rest:
        raise NotMixedProcurement(
            "other-goods-and-services-value",
            f"the other goods and services (£{rest}) are not outweighed by the health care "
            f"services (£{health}): the health care services are not the main subject-matter",
            "procure them under the Procurement Act 2023, or separately (PSR reg 3(4)(a))",
        )
    if not adverse_impact:
        raise NotMixedProcurement(
            "separate-contract-adverse-impact",
            "the authority has not found that procuring the other goods and services "
            "separately would harm its ability to follow the procurement principles",
            "procure them separately, or record that finding (PSR reg 3(4)(b), reg 4)",
        )
    return {"health_care_services_value": str(health), "other_goods_and_services_value": str(rest)}
