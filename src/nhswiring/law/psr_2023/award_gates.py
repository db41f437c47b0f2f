"""What bars an award whatever the process (PSR regs 12, 19, 20, 21), in the award verdict.

Each rule asks `gates.py`, the same functions the provider selection case calls. They bar the
award only on what the proposal states: the day the notice of intention was published
(``intention_published``), the people who took part in the decision and those who recused
(``decision_makers``, ``recused``, read against the state's appointments and declared
interests), and the facts ``basic_selection_met`` and ``provider_excluded`` when given. Given
none of these, the verdict carries the obligations to check them, as before.
"""

from __future__ import annotations

from datetime import date, timedelta

from nhswiring.law.common import PSR_AMENDED, found
from nhswiring.law.engine import ALL_PERMISSIONS, Finding, rule
from nhswiring.law.instruments import PROCUREMENT_AMENDMENTS_2025, PSR_2023, regulation
from nhswiring.law.proposal import Proposal
from nhswiring.law.psr_2023.conflicts import find_conflicts
from nhswiring.law.psr_2023.exclusions import ExclusionFacts, ExclusionStatus, exclusion_verdict
from nhswiring.law.psr_2023.gates import (
    basic_selection_bar,
    conflict_bars,
    exclusion_bar,
    intention_standstill_bar,
)
from nhswiring.law.psr_2023.processes import PERIOD, PSR, _is_authority
from nhswiring.law.verdict import Effect

REPRESENTATIONS = (
    "representations_received",
    "Did any provider make written representations within the standstill (reg 12(3))? If so "
    "the standstill ends only as reg 12(10) says, not after eight working days.",
)
BASIC_SELECTION = (
    "basic_selection_met",
    "Does the provider meet the basic selection criteria (reg 19, Schedule 16)?",
)
EXCLUDED = (
    "provider_excluded",
    "Is the provider an excluded provider (reg 20(1); from 24 February 2025 within Procurement "
    "Act 2023 ss.57-58)?",
)
PUBLIC_INTEREST = (
    "overriding_public_interest",
    "Does the authority consider there are overriding reasons relating to the public interest, "
    "including public health, to award to the excluded provider on an exceptional basis (reg "
    "20(1A), from 24 February 2025)?",
)
BEFORE_AMENDMENT = (
    "awarded_before_psr_amendments",
    "Was the award procedure begun before 24 February 2025 (SI 2025/163 reg 34)?",
)


@rule(
    "psr_2023.reg12.standstill_not_ended",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 12(1)-(3), (9), (12)",
    sources=(regulation(PSR_2023, "12"),),
    in_force=PERIOD,
    overrides=(ALL_PERMISSIONS,),
    summary="After Direct Award C, the Most Suitable Provider Process or the Competitive "
    "Process the contract may not be entered into before the standstill ends: with no "
    "representations, at midnight at the end of the eighth working day after the day it began "
    "(the day after the notice of intention was published), a working day excluding weekends, "
    "Christmas Day, Good Friday, the first Monday in May and England's bank holidays.",
)
def standstill_not_ended(p: Proposal) -> Finding | None:
    published = p.arg("intention_published")
    if not _is_authority(p) or published is None:
        return None
    bar = intention_standstill_bar(p.arg("process"), published, p.day)
    if bar is None or p.flag(*REPRESENTATIONS):
        return None
    return found(f"Notice of intention published on {published.isoformat()}: {bar.reason}.")


@rule(
    "psr_2023.reg19.basic_selection_not_met",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 19",
    sources=(regulation(PSR_2023, "19"),),
    in_force=PERIOD,
    overrides=(ALL_PERMISSIONS,),
    summary="A contract may not be awarded to a provider that does not meet the basic "
    "selection criteria, except by Direct Award A or B or as a call-off from a framework.",
)
def basic_selection_not_met(p: Proposal) -> Finding | None:
    if not _is_authority(p) or not p.has_fact(BASIC_SELECTION[0]):
        return None
    bar = basic_selection_bar(
        str(p.arg("provider")),
        p.arg("process"),
        met=p.flag(*BASIC_SELECTION),
        call_off=bool(p.facts.get("call_off")),
    )
    return None if bar is None else found(f"{bar.reason}.")


def _commenced(p: Proposal) -> date:
    if p.day >= PSR_AMENDED and p.facts.get(BEFORE_AMENDMENT[0]):
        return PSR_AMENDED - timedelta(days=1)
    return p.day


@rule(
    "psr_2023.reg20.excluded_provider",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 20 (as substituted by SI 2025/163 reg 28 from 24 February 2025)",
    sources=(regulation(PSR_2023, "20"), regulation(PROCUREMENT_AMENDMENTS_2025, "28")),
    in_force=PERIOD,
    overrides=(ALL_PERMISSIONS,),
    summary="A contract may not be awarded to an excluded provider; from 24 February 2025 "
    "(for procedures begun then or later) it may on an exceptional basis for overriding "
    "reasons of public interest. Reg 20 does not apply to a call-off from a framework.",
)
def excluded_provider(p: Proposal) -> Finding | None:
    if not _is_authority(p) or not p.has_fact(EXCLUDED[0]) or not p.flag(*EXCLUDED):
        return None
    public_interest = "stated by the authority" if p.facts.get(PUBLIC_INTEREST[0]) is True else ""
    judged = exclusion_verdict(
        ExclusionFacts(ExclusionStatus.EXCLUDED, public_interest=public_interest),
        commenced=_commenced(p),
        call_off=bool(p.facts.get("call_off")),
    )
    bar = exclusion_bar(str(p.arg("provider")), judged)
    if bar is not None:
        return found(f"{bar.reason}.")
    if judged.may_award is None:
        return Finding(f"{judged.reason} ({judged.citation}).", effect=Effect.NOTES)
    return None


@rule(
    "psr_2023.reg21.conflicted_decision_maker",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 21(1)-(2), (4)",
    sources=(regulation(PSR_2023, "21"),),
    in_force=PERIOD,
    overrides=(ALL_PERMISSIONS,),
    summary="A person with a conflict of interest (an interest in a provider that might be "
    "perceived to compromise their impartiality) must recuse from the decision; an ICB member "
    "holding a post in a provider is not conflicted by that alone, except in a Competitive "
    "Process in which that provider takes part. An award decided with a conflicted person "
    "taking part is unlawful.",
)
def conflicted_decision_maker(p: Proposal) -> Finding | None:
    deciders = list(p.arg("decision_makers") or ())
    if not _is_authority(p) or not deciders:
        return None
    providers = [str(p.arg("provider")), *(p.arg("providers_taking_part") or ())]
    conflicts = find_conflicts(
        p.state,
        p.day,
        str(p.arg("commissioner")),
        deciders,
        providers,
        p.arg("process"),
        taking_part=providers,
    )
    bars = conflict_bars(conflicts, deciders, p.arg("recused") or ())
    if not bars:
        return None
    return found("; ".join(b.reason for b in bars) + ".")


RULES = (
    standstill_not_ended,
    basic_selection_not_met,
    excluded_provider,
    conflicted_decision_maker,
)
