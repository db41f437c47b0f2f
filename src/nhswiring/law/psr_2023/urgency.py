"""The urgency test of PSR reg 14(2), shared by urgent awards and urgent modifications.

All three limbs must hold, as the authority considers them: the award or modification must be
made urgently; the reason for the urgency was neither foreseeable by nor attributable to the
authority; and delay to follow regs 6 to 13 would be likely to put patients or the public at
risk. Each limb is asked as its own fact, so a verdict never assumes one from another.
"""

from __future__ import annotations

from nhswiring.law.proposal import Proposal

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
