"""Modifying a contract under the Provider Selection Regime (SI 2023/1348 reg 13, and reg 14 for
urgent modifications).

A contract may be modified without a new procurement only on a ground reg 13 gives: (1)(a)
clearly provided for in the contract; (1)(b) solely a change of provider by succession, the
successor meeting the basic selection criteria; (1)(c) a response to external factors beyond
the authority's and provider's control, not making the contract materially different; (1)(d)
the authority's decision, not making the contract materially different, with a cumulative
change since entry below £500,000 or below 25% of the original lifetime value (reg 13(2)); and,
for a contract awarded by Direct Award A or B, any modification not making it materially
different (reg 13(3)). A modification may state more than one ground: it is permitted if one
of them holds, and refused only if none does.

Whatever ground it rests on, a modification under reg 13(1) or (3) that is attributable to the
authority's decision needs a Schedule 12 notice within 30 days once the cumulative change since
entry reaches £500,000 (reg 13(4)-(5)). The cumulative change is computed from the contract's
record where it is known (`lifetime.py`), and asked for only where it is not.
"""

from __future__ import annotations

from nhswiring.law.common import found, must
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import PSR_2023, regulation
from nhswiring.law.proposal import Proposal
from nhswiring.law.psr_2023.lifetime import claimed_grounds, known_contract, modification_history
from nhswiring.law.psr_2023.processes import PERIOD, PSR, RELEVANT_AUTHORITIES
from nhswiring.law.psr_2023.urgency import failed_limb, limb_text
from nhswiring.law.verdict import Effect
from nhswiring.law.working_days import add_days

MATERIALLY_DIFFERENT = (
    "materially_different",
    "Would the modification make the contract materially different in "
    "character (reg 13(1)(c), (2)(a), (3))?",
)
ATTRIBUTABLE = (
    "modification_attributable_to_authority",
    "Is the modification attributable to a decision of the authority (reg 13(4)(b)): an "
    "option it chose to exercise, say, rather than a change forced on it?",
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
GROUND_PARAS = {
    "clearly_provided_for": "13(1)(a)",
    "change_of_provider": "13(1)(b)",
    "external_factors": "13(1)(c)",
    "authority_decision": "13(1)(d)",
}
#: Grounds of reg 13 itself (the reg 14 grounds, urgency and continuity, have their own notice
#: rules in reg 14(4) or none).
REG_13_GROUNDS = frozenset(GROUND_PARAS)


def _commissioner(p: Proposal) -> bool:
    contract = known_contract(p)
    if contract is not None:
        return p.actor == contract.commissioner
    return p.actor_kind in RELEVANT_AUTHORITIES


def _direct_a_or_b(p: Proposal) -> bool:
    return bool(p.facts.get("awarded_by_direct_award_a_or_b"))


def _authority_decision_holds(p: Proposal) -> bool:
    if p.flag(*MATERIALLY_DIFFERENT):
        return False
    return _direct_a_or_b(p) or not modification_history(p).considerable()


def _listed_ground_holds(p: Proposal, ground: str) -> bool:
    name, question = GROUND_CONDITIONS[ground]
    if not p.flag(name, question):
        return False
    return not (ground == "external_factors" and p.flag(*MATERIALLY_DIFFERENT))


def ground_holds(p: Proposal, ground: str) -> bool:
    """Whether one stated ground permits the modification (asking its facts)."""
    if ground == "authority_decision":
        return _authority_decision_holds(p)
    if ground in GROUND_CONDITIONS:
        return _listed_ground_holds(p, ground)
    if ground == "urgent":
        return failed_limb(p) is None
    if ground == "continuity":
        from nhswiring.law.psr_2023.urgency import continuity_holds

        return continuity_holds(p)
    return False  # "other": no permitted ground


def _another_ground_holds(p: Proposal, ground: str) -> bool:
    return any(ground_holds(p, g) for g in claimed_grounds(p) if g != ground)


def _paras(grounds: list[str]) -> str:
    return ", ".join(f"reg {GROUND_PARAS[g]}" for g in grounds)


@rule(
    "psr_2023.reg13.authority_modification",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 13(1)(d), (2), (3)",
    sources=(regulation(PSR_2023, "13"),),
    in_force=PERIOD,
    summary="A relevant authority may modify a contract by its own decision if it does not make "
    "it materially different and the cumulative change since the contract was entered into is "
    "below £500,000 or below 25% of its lifetime value then (no value limit for Direct Award A "
    "or B contracts, reg 13(3)).",
)
def authority_modification(p: Proposal) -> Finding | None:
    if not _commissioner(p) or "authority_decision" not in claimed_grounds(p):
        return None
    if not _authority_decision_holds(p):
        return None
    if _direct_a_or_b(p):
        text = (
            "The contract was awarded by Direct Award A or B and the modification does not "
            "make it materially different: no value limit applies (reg 13(3))."
        )
    else:
        text = (
            "The modification is the authority's decision and is not considerable: "
            f"{modification_history(p).describe()}."
        )
    return found(text, must("Record the modification and the reasons for it", f"{PSR} reg 24"))


@rule(
    "psr_2023.reg13.considerable_modification",
    actions={"modify_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 13(1)(d), (2)",
    sources=(regulation(PSR_2023, "13"),),
    in_force=PERIOD,
    summary="A modification the authority decides on that makes the contract materially "
    "different, or is considerable (a cumulative change since entry of at least £500,000 and "
    "at least 25% of the original lifetime value), is not permitted on that ground: unless "
    "another stated ground holds it needs a new provider selection process.",
)
def considerable_modification(p: Proposal) -> Finding | None:
    if not _commissioner(p) or "authority_decision" not in claimed_grounds(p):
        return None
    if _authority_decision_holds(p) or _another_ground_holds(p, "authority_decision"):
        return None
    if p.flag(*MATERIALLY_DIFFERENT):
        return found(
            "The modification would make the contract materially different in "
            "character: award a new contract by one of the processes instead."
        )
    history = modification_history(p)
    return found(
        f"A {history.describe()} is at least £500,000 and at least 25%: award a new contract "
        "by one of the processes instead."
    )


@rule(
    "psr_2023.reg13.other_grounds",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 13(1)(a)-(c)",
    sources=(regulation(PSR_2023, "13"),),
    in_force=PERIOD,
    summary="A modification clearly and unambiguously provided for in the contract, a change of "
    "provider solely by succession (the successor meeting the basic selection criteria), or a "
    "response to external factors that does not make the contract materially different is "
    "permitted.",
)
def other_grounds(p: Proposal) -> Finding | None:
    if not _commissioner(p):
        return None
    holding = [
        g for g in claimed_grounds(p) if g in GROUND_CONDITIONS and _listed_ground_holds(p, g)
    ]
    if not holding:
        return None
    words = "; ".join(f"'{g.replace('_', ' ')}'" for g in holding)
    return found(
        f"The modification is permitted on the {words} ground ({_paras(holding)}).",
        must("Record the modification and the reasons for it", f"{PSR} reg 24"),
    )


@rule(
    "psr_2023.reg13.ground_not_made_out",
    actions={"modify_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 13(1)(a)-(c)",
    sources=(regulation(PSR_2023, "13"),),
    in_force=PERIOD,
    summary="A modification claimed on a reg 13(1)(a)-(c) ground whose conditions do not hold, "
    "and on no other ground that does, needs a new procurement.",
)
def ground_not_made_out(p: Proposal) -> Finding | None:
    if not _commissioner(p):
        return None
    failing = [
        g for g in claimed_grounds(p) if g in GROUND_CONDITIONS and not _listed_ground_holds(p, g)
    ]
    if not failing or any(ground_holds(p, g) for g in claimed_grounds(p)):
        return None
    words = "; ".join(f"'{g.replace('_', ' ')}'" for g in failing)
    return found(
        f"The conditions of the {words} ground ({_paras(failing)}) are not met: the "
        "modification needs another ground or a new procurement."
    )


@rule(
    "psr_2023.reg13.modification_notice",
    actions={"modify_contract"},
    effect=Effect.REQUIRES,
    citation=f"{PSR} reg 13(4)-(5), Schedule 12",
    sources=(regulation(PSR_2023, "13"),),
    in_force=PERIOD,
    summary="A modification made without a new procurement under reg 13(1) or (3), on whatever "
    "ground, that is attributable to the authority's decision needs a Schedule 12 notice within "
    "30 days once the cumulative change in lifetime value since the contract was entered into "
    "reaches £500,000.",
)
def modification_notice(p: Proposal) -> Finding | None:
    if not _commissioner(p):
        return None
    holding = [g for g in claimed_grounds(p) if g in REG_13_GROUNDS and ground_holds(p, g)]
    if not holding:
        return None
    if "authority_decision" not in holding:
        if known_contract(p) is not None and not modification_history(p).notice_level():
            return None  # below £500,000 on the record: the question of attribution is moot
        if not p.flag(*ATTRIBUTABLE):
            return None
    history = modification_history(p)
    if not history.notice_level():
        return None
    return found(
        f"The modification ({_paras(holding)}) is attributable to the authority's decision "
        f"and its {history.describe()} reaches £500,000: a notice is due.",
        must(
            "Submit the modification notice (Schedule 12) for publication within 30 "
            "days of the modification",
            f"{PSR} reg 13(4)-(5), Schedule 12",
            due=add_days(p.day, 30),
        ),
    )


@rule(
    "psr_2023.reg14.urgent_modification",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 14(2), (4)-(5)",
    sources=(regulation(PSR_2023, "14"),),
    in_force=PERIOD,
    summary="Where a modification must be made urgently, for a reason the authority could "
    "neither foresee nor cause, and delay would risk patient or public safety, the contract may "
    "be modified without following regs 6 to 13, with a Schedule 14 notice within 30 days.",
)
def urgent_modification(p: Proposal) -> Finding | None:
    if not _commissioner(p) or "urgent" not in claimed_grounds(p) or failed_limb(p) is not None:
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
    sources=(regulation(PSR_2023, "14"),),
    in_force=PERIOD,
    summary="An urgent modification is unlawful unless all three limbs of reg 14(2) hold (or "
    "another stated ground permits it).",
)
def urgent_modification_not_shown(p: Proposal) -> Finding | None:
    if not _commissioner(p) or "urgent" not in claimed_grounds(p):
        return None
    limb = failed_limb(p)
    if limb is None or _another_ground_holds(p, "urgent"):
        return None
    return found(f"Not an urgent modification: {limb_text(limb)}.")


@rule(
    "psr_2023.reg13.no_other_ground",
    actions={"modify_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 13",
    sources=(regulation(PSR_2023, "13"),),
    in_force=PERIOD,
    summary="A modification must fit one of the grounds reg 13 (or reg 14) permits.",
)
def no_other_ground(p: Proposal) -> Finding | None:
    if "other" not in claimed_grounds(p) or not _commissioner(p):
        return None
    if _another_ground_holds(p, "other"):
        return None
    return found("The modification fits none of the permitted grounds.")


RULES = (
    authority_modification,
    considerable_modification,
    other_grounds,
    ground_not_made_out,
    modification_notice,
    urgent_modification,
    urgent_modification_not_shown,
    no_other_ground,
)
