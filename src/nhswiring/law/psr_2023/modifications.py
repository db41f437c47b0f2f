"""Modifying a contract under the Provider Selection Regime (SI 2023/1348 reg 13, and reg 14 for
urgent modifications).

A modification the authority decides on is permitted only if it does not make the contract
materially different in character and the cumulative change in lifetime value since the contract
was entered into is below £500,000 or below 25% of the original lifetime value (reg 13(1)(d),
(2)). A contract awarded by Direct Award A or B may be modified without a value limit if it does
not become materially different (reg 13(3)). A notice (Schedule 12) is needed only where the
modification was made under reg 13(1) or (3), is attributable to the authority's decision and the
cumulative change reaches £500,000 (reg 13(4)). Changes clearly provided for in the contract, a
new provider by corporate succession (meeting the basic selection criteria), and changes forced
by external factors (not making the contract materially different) are permitted on their own
grounds.
"""

from __future__ import annotations

from decimal import Decimal

from nhswiring.law.common import found, must
from nhswiring.law.engine import Finding, rule
from nhswiring.law.proposal import Proposal
from nhswiring.law.psr_2023.processes import PERIOD, PSR, RELEVANT_AUTHORITIES
from nhswiring.law.psr_2023.urgency import failed_limb, limb_text
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


MATERIALLY_DIFFERENT = (
    "materially_different",
    "Would the modification make the contract materially different in "
    "character (reg 13(1)(c), (2)(a), (3))?",
)


def considerable(p: Proposal) -> bool:
    """Reg 13(2)(b): the cumulative change since the contract was entered into is £500,000 or
    more AND 25% or more of the original lifetime value (its size, a reduction counting too)."""
    change = abs(Decimal(str(p.fact(*CUMULATIVE))))
    original = existing_value(p)
    return change >= THRESHOLD and (original == 0 or change >= original / 4)


def _direct_a_or_b(p: Proposal) -> bool:
    return bool(p.facts.get("awarded_by_direct_award_a_or_b"))


@rule(
    "psr_2023.reg13.authority_modification",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 13",
    in_force=PERIOD,
    summary="A relevant authority may modify a contract by its own decision if it does not make "
    "it materially different and the cumulative change since the contract was entered into is "
    "below £500,000 or below 25% (no value limit for Direct Award A or B contracts); a notice is "
    "due where the cumulative change reaches £500,000.",
)
def authority_modification(p: Proposal) -> Finding | None:
    if not _commissioner(p) or p.arg("reason") != "authority_decision":
        return None
    if p.flag(*MATERIALLY_DIFFERENT) or (not _direct_a_or_b(p) and considerable(p)):
        return None
    cumulative = abs(Decimal(str(p.fact(*CUMULATIVE))))
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
    if not _commissioner(p) or p.arg("reason") != "authority_decision":
        return None
    if p.flag(*MATERIALLY_DIFFERENT):
        return found(
            "The modification would make the contract materially different in "
            "character: award a new contract by one of the processes instead."
        )
    if _direct_a_or_b(p) or not considerable(p):
        return None
    cumulative = abs(Decimal(str(p.fact(*CUMULATIVE))))
    return found(
        f"A cumulative change of £{cumulative:,.0f} on an original lifetime value of "
        f"£{existing_value(p):,.0f} is at least £500,000 and at least 25%: award a new "
        "contract by one of the processes instead."
    )


GROUND_CONDITIONS = {
    "clearly_provided_for": (
        "provided_for_in_contract",
        "Is the modification clearly and unambiguously provided for in the contract "
        "documents (reg 13(1)(a))?",
    ),
    "change_of_provider": (
        "succession_meeting_basic_selection",
        "Is the modification solely a change of provider by succession after corporate "
        "changes (takeover, merger, acquisition, insolvency), with the successor meeting the "
        "basic selection criteria (reg 13(1)(b))?",
    ),
    "external_factors": (
        "external_factors_beyond_control",
        "Is the modification a response to external factors beyond the control of the "
        "authority and the provider, such as patient volumes or a price formula in the "
        "contract (reg 13(1)(c))?",
    ),
}


def _ground_holds(p: Proposal) -> bool:
    reason = p.arg("reason")
    name, question = GROUND_CONDITIONS[reason]
    if not p.flag(name, question):
        return False
    return not (reason == "external_factors" and p.flag(*MATERIALLY_DIFFERENT))


@rule(
    "psr_2023.reg13.other_grounds",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 13(1)(a)-(c)",
    in_force=PERIOD,
    summary="A modification clearly and unambiguously provided for in the contract, a change of "
    "provider solely by succession (the successor meeting the basic selection criteria), or a "
    "response to external factors that does not make the contract materially different is "
    "permitted.",
)
def other_grounds(p: Proposal) -> Finding | None:
    reason = p.arg("reason")
    if not _commissioner(p) or reason not in GROUND_CONDITIONS or not _ground_holds(p):
        return None
    return found(
        f"The modification is permitted on the '{reason.replace('_', ' ')}' ground.",
        must("Record the modification and the reasons for it", f"{PSR} reg 24"),
    )


@rule(
    "psr_2023.reg13.ground_not_made_out",
    actions={"modify_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 13(1)(a)-(c)",
    in_force=PERIOD,
    summary="A modification claimed on a reg 13(1)(a)-(c) ground whose conditions do not hold "
    "needs a new procurement.",
)
def ground_not_made_out(p: Proposal) -> Finding | None:
    reason = p.arg("reason")
    if not _commissioner(p) or reason not in GROUND_CONDITIONS or _ground_holds(p):
        return None
    return found(
        f"The conditions of the '{reason.replace('_', ' ')}' ground are not met: the "
        "modification needs another ground or a new procurement."
    )


@rule(
    "psr_2023.reg14.urgent_modification",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 14(2), (4)-(5)",
    in_force=PERIOD,
    summary="Where a modification must be made urgently, for a reason the authority could "
    "neither foresee nor cause, and delay would risk patient or public safety, the contract may "
    "be modified without following regs 6 to 13, with a Schedule 14 notice within 30 days.",
)
def urgent_modification(p: Proposal) -> Finding | None:
    if not _commissioner(p) or p.arg("reason") != "urgent" or failed_limb(p) is not None:
        return None
    return found(
        "The modification is urgent within reg 14(2).",
        must(
            "Submit the urgent modification notice (Schedule 14) within 30 days",
            f"{PSR} reg 14",
            due=add_days(p.day, 30),
        ),
    )


@rule(
    "psr_2023.reg14.urgent_modification_not_shown",
    actions={"modify_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 14(2)",
    in_force=PERIOD,
    summary="An urgent modification is unlawful unless all three limbs of reg 14(2) hold.",
)
def urgent_modification_not_shown(p: Proposal) -> Finding | None:
    if not _commissioner(p) or p.arg("reason") != "urgent":
        return None
    limb = failed_limb(p)
    return None if limb is None else found(f"Not an urgent modification: {limb_text(limb)}.")


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
    ground_not_made_out,
    urgent_modification,
    urgent_modification_not_shown,
    no_other_ground,
)
