"""Excluded and excludable providers (PSR reg 20), and the basic selection criteria (reg 19).

From 24 February 2025 (SI 2025/163) "excluded" and "excludable" take their meaning from the
Procurement Act 2023 (ss.57-58), which also brings the debarment list: an entry on the list for
a mandatory ground makes the provider excluded, for a discretionary ground excludable. An
authority must not award to an excluded provider unless, exceptionally, overriding reasons of
public interest (public health included) justify it (reg 20(1), (1A)); it may exclude an
excludable one (reg 20(2)). Reg 20 does not apply to call-offs from a framework (reg 20(7)).

A procedure commenced before 24 February 2025 stays under the text as made (SI 2025/163 reg
34). The as-made reg 20(1)-(5) could not be read (docs/research/psr.md): its mandatory and
discretionary split is certain, the rest is not, so a public-interest award to an excluded
provider under the old text gets no verdict here rather than a guessed one.

Reg 19: a provider that does not meet the basic selection criteria (Schedule 16) must not be
awarded the contract, except under Direct Award A or B or a call-off (reg 19(2)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from nhswiring.law.parameters import PSR_AMENDED

PSR = "Health Care Services (Provider Selection Regime) Regulations 2023"
REG_19 = f"{PSR} reg 19"
REG_20 = f"{PSR} reg 20"
REG_20_2025 = f"{PSR} reg 20 as substituted by SI 2025/163 reg 28 (from 2025-02-24)"


class ExclusionStatus(StrEnum):
    NONE = "none"
    EXCLUDED = "excluded"
    EXCLUDABLE = "excludable"


@dataclass(frozen=True, slots=True)
class ExclusionFacts:
    """What the authority found about a provider: its status, on what grounds, whether that
    comes from the debarment list, whether an excludable provider is excluded, and any
    public-interest reasons relied on to award to an excluded one."""

    status: ExclusionStatus
    grounds: str = ""
    debarment_list: bool = False
    exclude: bool = False
    public_interest: str = ""


@dataclass(frozen=True, slots=True)
class ExclusionVerdict:
    may_award: bool | None  # None: the law as it applied cannot be confirmed
    reason: str
    citation: str


def exclusion_verdict(
    facts: ExclusionFacts, *, commenced: date, call_off: bool = False
) -> ExclusionVerdict:
    new_text = commenced >= PSR_AMENDED
    cite = REG_20_2025 if new_text else REG_20
    if call_off:
        return ExclusionVerdict(True, "reg 20 does not apply to a call-off (reg 20(7))", cite)
    if facts.debarment_list and not new_text:
        return ExclusionVerdict(
            None,
            "the debarment list exists only from 24 February 2025 (Procurement Act 2023) and "
            "this procedure commenced before then; give the status under the old grounds",
            cite,
        )
    grounds = f" ({facts.grounds})" if facts.grounds else ""
    if facts.status is ExclusionStatus.NONE:
        return ExclusionVerdict(True, "not an excluded or excludable provider", cite)
    if facts.status is ExclusionStatus.EXCLUDABLE:
        if facts.exclude:
            return ExclusionVerdict(
                False, f"excludable provider{grounds} excluded by the authority (reg 20(2))", cite
            )
        return ExclusionVerdict(
            True,
            f"excludable provider{grounds} not excluded: the authority's choice (reg 20(2))",
            cite,
        )
    if not facts.public_interest:
        return ExclusionVerdict(
            False, f"excluded provider{grounds}: must be excluded (reg 20(1))", cite
        )
    if not new_text:
        return ExclusionVerdict(
            None,
            "the public-interest exception is confirmed only in the text in force from "
            "24 February 2025; the as-made reg 20 for a procedure commenced earlier could not "
            "be read (UNCONFIRMED): take legal advice",
            cite,
        )
    return ExclusionVerdict(
        True,
        f"excluded provider{grounds} awarded on an exceptional basis for overriding reasons "
        f"of public interest: {facts.public_interest} (reg 20(1A))",
        cite,
    )


def basic_selection_applies(process: str | None, call_off: bool = False) -> bool:
    """Reg 19(2): not for Direct Award A or B, nor a call-off from a framework."""
    return not call_off and process not in {"direct_award_a", "direct_award_b"}
