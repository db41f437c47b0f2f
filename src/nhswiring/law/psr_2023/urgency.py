"""The urgency test of PSR reg 14(2) and the urgent award rules it decides (the urgent
modification rules, in modifications.py, use the same test).

All three limbs must hold, as the authority considers them: the award or modification must be
made urgently; the reason for the urgency was neither foreseeable by nor attributable to the
authority; and delay to follow regs 6 to 13 would be likely to put patients or the public at
risk. Each limb is asked as its own fact, so a verdict never assumes one from another.
"""

from __future__ import annotations

from nhswiring.law.common import found, must
from nhswiring.law.engine import Finding, rule
from nhswiring.law.proposal import Proposal
from nhswiring.law.psr_2023.lifetime import claimed_grounds
from nhswiring.law.psr_2023.obligations import records
from nhswiring.law.psr_2023.processes import (
    PERIOD,
    PSR,
    RELEVANT_AUTHORITIES,
    _is_authority,
)
from nhswiring.law.verdict import Effect
from nhswiring.law.working_days import add_days

URGENCY_FACTS = {
    "urgency": "Must the award or modification be made urgently (reg 14(2)(a))?",
    "urgency_not_foreseeable_or_attributable": "Was the reason for the urgency neither "
    "foreseeable by nor attributable to the authority (reg 14(2)(b))?",
    "delay_risks_safety": "Would delaying to follow regs 6 to 13 be likely to pose a risk to "
    "patient or public safety (reg 14(2)(c))?",
}


def failed_limb(p: Proposal) -> str | None:
    """The first reg 14(2) limb that fails, or None when all three hold (asking each in
    turn: a missing fact makes the verdict undetermined, naming it)."""
    for name, question in URGENCY_FACTS.items():
        if not p.flag(name, question):
            return name
    return None


def limb_text(name: str) -> str:
    return {
        "urgency": "the award or modification is not shown to be urgent (reg 14(2)(a))",
        "urgency_not_foreseeable_or_attributable": "the urgency was foreseeable by or "
        "attributable to the authority (reg 14(2)(b))",
        "delay_risks_safety": "delay is not shown to risk patient or public safety (reg 14(2)(c))",
    }[name]


@rule(
    "psr_2023.reg14.urgent_award",
    actions={"award_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 14",
    in_force=PERIOD,
    summary="Where an award must be made urgently, for a reason the authority could neither "
    "foresee nor cause, and delay would risk patient or public safety, the authority may award "
    "without following regs 6 to 13, publishing a notice within 30 days.",
    overrides=("psr_2023.reg6.mandatory_direct_awards",),
)
def urgent_award(p: Proposal) -> Finding | None:
    if not _is_authority(p) or p.arg("process") != "urgent" or failed_limb(p) is not None:
        return None
    return found(
        "The award must be made urgently, for a reason the authority could not foresee and "
        "did not cause, and delay would risk patient or public safety: an urgent award is "
        "allowed.",
        must(
            "Submit the urgent award notice (Schedule 13) within 30 days",
            f"{PSR} reg 14",
            due=add_days(p.day, 30),
        ),
        records(p),
    )


@rule(
    "psr_2023.reg14.urgency_not_shown",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 14",
    in_force=PERIOD,
    summary="An urgent award is unlawful unless all three limbs of reg 14(2) hold.",
)
def urgency_not_shown(p: Proposal) -> Finding | None:
    if not _is_authority(p) or p.arg("process") != "urgent":
        return None
    limb = failed_limb(p)
    if limb is None:
        return None
    return found(f"The urgent award exception does not apply: {limb_text(limb)}.")


CONTINUITY_FACTS = {
    "standstill_begun": "Has a standstill begun under reg 12(2) for the new award (reg 14(3)(a))?",
    "expert_advice_sought": "Has the authority sought independent expert advice under reg 23 "
    "in that standstill (reg 14(3)(b))?",
    "existing_contract_expires_in_standstill": "Is the existing contract for these services "
    "likely to expire before the standstill ends (reg 14(3)(c))?",
    "continuity_needed": "Is modifying the existing contract necessary or expedient for "
    "continuity until the new contract takes effect (reg 14(3)(d))?",
    "regs_6_to_13_impossible_in_time": "Is it impossible to satisfy regs 6 to 13 before the "
    "existing contract expires (reg 14(3)(e))?",
}


def continuity_holds(p: Proposal) -> bool:
    return all(p.flag(name, question) for name, question in CONTINUITY_FACTS.items())


def _continuity(p: Proposal) -> bool:
    return "continuity" in claimed_grounds(p) and p.actor_kind in RELEVANT_AUTHORITIES


@rule(
    "psr_2023.reg14_3.continuity_modification",
    actions={"modify_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 14(3)",
    in_force=PERIOD,
    summary="During a standstill in which independent expert advice has been sought, an "
    "existing contract about to expire may be modified to keep the service going until the new "
    "contract takes effect, where regs 6 to 13 cannot be satisfied in time; no notice is "
    "required (reg 14(4) covers only reg 14(2)).",
)
def continuity_modification(p: Proposal) -> Finding | None:
    if not _continuity(p) or not continuity_holds(p):
        return None
    return found(
        "All five conditions of reg 14(3) hold: the existing contract may be modified for "
        "continuity.",
        must("Record the modification and the reasons for it", f"{PSR} reg 24"),
    )


@rule(
    "psr_2023.reg14_3.continuity_not_shown",
    actions={"modify_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 14(3)",
    in_force=PERIOD,
    summary="A continuity modification is unlawful unless all five conditions of reg 14(3) hold.",
)
def continuity_not_shown(p: Proposal) -> Finding | None:
    if not _continuity(p) or continuity_holds(p):
        return None
    from nhswiring.law.psr_2023.modifications import ground_holds

    if any(ground_holds(p, g) for g in claimed_grounds(p) if g != "continuity"):
        return None
    return found("Not a reg 14(3) continuity modification: one of its conditions fails.")


RULES = (urgent_award, urgency_not_shown, continuity_modification, continuity_not_shown)
