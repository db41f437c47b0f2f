"""Modifying a contract under the Provider Selection Regime (SI 2023/1348 reg 13, and reg 14 for
urgent modifications).

A modification the authority decides on is permitted unless it is considerable: it raises the
contract's lifetime value by £500,000 or more AND by 25% or more. A notice is needed only where
the modification is the authority's decision and the cumulative change since the award reaches
£500,000. Changes clearly provided for in the contract, a new provider succeeding on a
restructuring, and changes forced by external factors are permitted on their own grounds.
"""

from __future__ import annotations

from decimal import Decimal

from nhswiring.law.common import found, must
from nhswiring.law.engine import Finding, rule
from nhswiring.law.proposal import Proposal
from nhswiring.law.psr_2023.processes import PERIOD, PSR, RELEVANT_AUTHORITIES
from nhswiring.law.verdict import Effect
from nhswiring.law.working_days import add_days

THRESHOLD = Decimal("500000")
EXISTING = (
    "existing_lifetime_value",
    "What was the contract's estimated lifetime value when it was entered into (as "
    "already modified)?",
)
CUMULATIVE = (
    "cumulative_change",
    "What is the cumulative change in lifetime value since the award, including this modification?",
)


def existing_value(p: Proposal) -> Decimal:
    contract = p.state.contract(str(p.arg("contract")))
    if contract is not None and not p.has_fact("existing_lifetime_value"):
        return contract.lifetime_value
    return Decimal(str(p.fact(*EXISTING)))


def _commissioner(p: Proposal) -> bool:
    contract = p.state.contract(str(p.arg("contract")))
    if contract is not None:
        return p.actor == contract.commissioner
    return p.actor_kind in RELEVANT_AUTHORITIES


def considerable(p: Proposal) -> bool:
    change = Decimal(str(p.arg("lifetime_value_change")))
    existing = existing_value(p)
    return change >= THRESHOLD and (existing == 0 or change >= existing / 4)


@rule(
    "psr_2023.reg13.authority_modification",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 13",
    in_force=PERIOD,
    summary="A relevant authority may modify a contract by its own decision unless the change "
    "is considerable (lifetime value up by at least £500,000 and at least 25%); a notice is due "
    "where the cumulative change since award reaches £500,000.",
)
def authority_modification(p: Proposal) -> Finding | None:
    if not _commissioner(p) or p.arg("reason") != "authority_decision" or considerable(p):
        return None
    cumulative = Decimal(str(p.fact(*CUMULATIVE)))
    notice = (
        (
            must(
                "Submit the modification notice (Schedule 12) for publication within 30 "
                "days of the modification",
                f"{PSR} reg 13, Schedule 12",
                due=add_days(p.day, 30),
            ),
        )
        if cumulative >= THRESHOLD
        else ()
    )
    return found(
        "The modification is the authority's decision and is not considerable.",
        *notice,
        must("Record the modification and the reasons for it", f"{PSR} reg 24"),
    )


@rule(
    "psr_2023.reg13.considerable_modification",
    actions={"modify_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 13",
    in_force=PERIOD,
    summary="A considerable modification the authority decides on (at least £500,000 and at "
    "least 25% more lifetime value) is not permitted: it needs a new provider selection process.",
)
def considerable_modification(p: Proposal) -> Finding | None:
    if not _commissioner(p) or p.arg("reason") != "authority_decision" or not considerable(p):
        return None
    return found(
        f"An increase of £{Decimal(str(p.arg('lifetime_value_change'))):,.0f} on a "
        f"lifetime value of £{existing_value(p):,.0f} is considerable; award a new "
        "contract by one of the processes instead."
    )


@rule(
    "psr_2023.reg13.other_grounds",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 13 (modifications clearly provided for, change of provider by "
    "succession, external factors)",
    in_force=PERIOD,
    summary="Modifications clearly provided for in the contract, a successor provider after a "
    "restructuring, and changes made necessary by external factors beyond the authority's "
    "control are permitted.",
)
def other_grounds(p: Proposal) -> Finding | None:
    reason = p.arg("reason")
    if not _commissioner(p) or reason not in {
        "clearly_provided_for",
        "change_of_provider",
        "external_factors",
    }:
        return None
    return found(
        f"The modification is permitted on the '{reason.replace('_', ' ')}' ground.",
        must("Record the modification and the reasons for it", f"{PSR} reg 24"),
    )


@rule(
    "psr_2023.reg14.urgent_modification",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 14",
    in_force=PERIOD,
    summary="Where services are needed urgently a contract may be modified without following "
    "the usual rules, with a notice afterwards.",
)
def urgent_modification(p: Proposal) -> Finding | None:
    if not _commissioner(p) or p.arg("reason") != "urgent":
        return None
    if not p.flag(
        "urgency",
        "Must the change be made urgently, such that no other route is possible in time (reg 14)?",
    ):
        return None
    return found(
        "The change is urgent.",
        must(
            "Submit the urgent modification notice (Schedule 14) within 30 days",
            f"{PSR} reg 14",
            due=add_days(p.day, 30),
        ),
    )


@rule(
    "psr_2023.reg13.no_other_ground",
    actions={"modify_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 13",
    in_force=PERIOD,
    summary="A modification must fit one of the grounds reg 13 (or reg 14) permits.",
)
def no_other_ground(p: Proposal) -> Finding | None:
    if p.arg("reason") != "other" or not _commissioner(p):
        return None
    return found("The modification fits none of the permitted grounds.")


RULES = (
    authority_modification,
    considerable_modification,
    other_grounds,
    urgent_modification,
    no_other_ground,
)
