"""`proposals2019`: NHS England and NHS Improvement's legislative proposals of 2019.

Baseline: hsca2012. The final position is the "NHS's recommendations to Government and
Parliament for an NHS Bill" (26 September 2019), with the February 2019 engagement document's
proposals where the September text was not read (docs/research/proposals.md says which).
"""

from __future__ import annotations

from datetime import date

from nhswiring.law import enterprise_act_2002
from nhswiring.law.common import (
    COMMISSIONERS,
    HYPOTHETICAL,
    REGULATORS_2012,
    TRUSTS,
    K,
    found,
    must,
    names,
)
from nhswiring.law.engine import Finding, rule
from nhswiring.law.proposal import Proposal
from nhswiring.law.regime import HSCA_2012, Regime
from nhswiring.law.verdict import Effect

SEPT = (
    "PROPOSAL, never law: NHS England and NHS Improvement, The NHS's recommendations to "
    "Government and Parliament for an NHS Bill (26 September 2019)"
)
FEB = (
    "PROPOSAL, never law: NHS England and NHS Improvement, Implementing the NHS Long Term "
    "Plan: proposals for possible changes to legislation (28 February 2019)"
)


def _national(p: Proposal, codes: tuple[str, ...]) -> bool:
    kinds = set(p.kinds(codes))
    return K.NHS_ENGLAND in kinds and bool(kinds & REGULATORS_2012)


@rule(
    "proposals_2019.merge_nhse_nhsi",
    actions={"merge", "appoint", "joint_committee"},
    effect=Effect.PERMITS,
    citation=f"{SEPT}: formal merger of NHS England and NHS Improvement",
    in_force=HYPOTHETICAL,
    summary="NHS England and NHS Improvement (Monitor and the TDA) would merge, or at least "
    "share leadership and work through joint committees.",
    overrides=(
        "hsca_2012.s61.no_merger_of_national_bodies",
        "hsca_2012.s61.no_shared_top_leadership",
        "hsca_2012.s61.no_joint_exercise_by_national_bodies",
    ),
)
def merge_nhse_nhsi(p: Proposal) -> Finding | None:
    codes = p.codes("bodies") if p.action != "joint_committee" else p.codes("members")
    if not _national(p, codes) or p.actor not in {"SOS", "NHSE", *codes}:
        return None
    return found(
        f"The 2019 recommendations would let {names(p, codes)} merge, share a board "
        "and leadership, and exercise functions jointly."
    )


@rule(
    "proposals_2019.transfer_alb_functions",
    actions={"transfer_functions"},
    effect=Effect.PERMITS,
    citation=f"{FEB}: Secretary of State power to transfer functions between arm's-length bodies",
    in_force=HYPOTHETICAL,
    summary="The Secretary of State could transfer or require delegation of functions between "
    "arm's-length bodies.",
    overrides=("hsca_2012.no_transfer_power",),
)
def transfer_alb_functions(p: Proposal) -> Finding | None:
    if p.actor != "SOS":
        return None
    return found(
        "The 2019 proposals would let the Secretary of State move functions between "
        "arm's-length bodies by secondary legislation."
    )


@rule(
    "proposals_2019.commissioner_provider_committees",
    actions={"joint_committee", "delegate"},
    effect=Effect.PERMITS,
    citation=f"{SEPT}: joint committees of CCGs and NHS providers; removing barriers to delegation",
    in_force=HYPOTHETICAL,
    summary="CCGs and NHS providers could form joint committees, and commissioners could "
    "delegate to them and to providers.",
    overrides=(
        "hsca_2012.s61.no_joint_exercise_by_national_bodies",
        "nhs_act_2006.s14Z3.no_ccg_joint_committee_before_2014",
        "nhs_act_2006.no_commissioner_provider_joint_committee",
        "nhs_act_2006.s13Z.no_delegation_to_providers",
    ),
)
def commissioner_provider_committees(p: Proposal) -> Finding | None:
    if p.action == "joint_committee":
        kinds = set(p.kinds(p.codes("members")))
        if not (kinds & (COMMISSIONERS | {K.NHS_ENGLAND})) or not (kinds & TRUSTS):
            return None
        return found(
            "The 2019 recommendations would allow a joint committee of commissioners "
            "and providers (procurement decisions reserved to commissioners)."
        )
    if p.kind(str(p.arg("from"))) not in {K.NHS_ENGLAND, K.CCG} or p.actor != p.arg("from"):
        return None
    if p.kind(str(p.arg("to"))) not in {K.JOINT_COMMITTEE, K.CCG}:
        return None  # delegation to providers themselves was not proposed
    return found(
        "The 2019 recommendations would allow this delegation (to a joint committee "
        "or, for NHS England, to CCGs)."
    )


@rule(
    "proposals_2019.best_value_award",
    actions={"award_contract"},
    effect=Effect.PERMITS,
    citation=f"{SEPT}: revoke the s.75 regulations and take NHS health services out of the "
    "Public Contracts Regulations, with a 'best value' test",
    in_force=HYPOTHETICAL,
    summary="Commissioners could award health services contracts without competition where "
    "satisfied that doing so secured best value.",
)
def best_value_award(p: Proposal) -> Finding | None:
    if p.actor != p.arg("commissioner") or p.arg("process") not in {"direct", "competitive"}:
        return None
    if p.actor_kind not in {K.CCG, K.NHS_ENGLAND, K.ICB}:
        return None  # the proposals were about NHS commissioners' procurement
    if p.arg("process") == "direct" and not p.flag(
        "best_value_without_competition",
        "Is the commissioner satisfied that awarding without competition secures best "
        "value (the proposed 'best value' test)?",
    ):
        return None
    return found(
        "Under the 2019 recommendations the commissioner decides whether to procure, "
        "subject to the best value test."
    )


@rule(
    "proposals_2019.triple_aim",
    actions={"award_contract", "merge", "delegate", "joint_committee", "take_decision"},
    effect=Effect.REQUIRES,
    citation=f"{SEPT}: a shared 'triple aim' duty",
    in_force=HYPOTHETICAL,
    summary="CCGs, NHS trusts and FTs would have a shared duty to pursue better health, "
    "better care and sustainable use of NHS resources.",
)
def triple_aim(p: Proposal) -> Finding | None:
    if p.actor_kind not in {K.CCG, *TRUSTS, K.NHS_ENGLAND}:
        return None
    return found(
        "The decision-maker would be bound by the triple aim.",
        must(
            "Have regard to better health, better care and sustainable use of NHS resources", SEPT
        ),
    )


@rule(
    "proposals_2019.ft_capital_limits",
    actions={"set_capital_limit"},
    effect=Effect.PERMITS,
    citation=f"{SEPT}: power to set annual capital limits for named foundation trusts",
    in_force=HYPOTHETICAL,
    summary="NHS Improvement could set a capital limit for a named FT for one year, with "
    "reasons published.",
    overrides=("nhs_act_2006.no_ft_capital_limits_before_2022",),
)
def ft_capital_limits(p: Proposal) -> Finding | None:
    if p.kind(str(p.arg("trust"))) is not K.FOUNDATION_TRUST or p.actor_kind not in {
        *REGULATORS_2012,
        K.NHS_ENGLAND,
    }:
        return None
    return found(
        "The 2019 recommendations would let the regulator limit this FT's capital for the year.",
        must("Publish the reasons", SEPT),
    )


@rule(
    "proposals_2019.no_cma_review",
    actions={"merge"},
    effect=Effect.NOTES,
    citation=f"{SEPT}: remove the CMA's role in NHS provider mergers",
    in_force=HYPOTHETICAL,
    summary="The CMA would no longer review mergers of NHS providers.",
)
def no_cma_review(p: Proposal) -> Finding | None:
    # The recommendation was about NHS providers combining with each other; a combination with
    # an independent business stays under Enterprise Act merger control (adopted below).
    kinds = p.kinds(p.codes("bodies"))
    if K.FOUNDATION_TRUST not in kinds or not all(k in TRUSTS for k in kinds):
        return None
    return found("Under the 2019 recommendations there would be no CMA review of this merger.")


def build(known: dict[str, Regime]) -> Regime:
    return known[HSCA_2012].amended(
        "proposals2019",
        "NHS England and NHS Improvement's recommendations for an NHS Bill (2019)",
        "The Long Term Plan asks (January 2019), engagement proposals (28 February 2019) and "
        "final recommendations for an NHS Bill (26 September 2019). Baseline hsca2012. Never "
        "law.",
        published=date(2019, 9, 26),
        remove=(
            "hsca_2012.s79.cma_merger_review",
            "ppcc_2013.reg3.most_capable_provider",
            "ppcc_2013.reg5.single_capable_provider",
            "ppcc_2013.reg4.competitive_award",
            "pcr_2015.reg75.advertise_above_threshold",
            "pcr_2015.reg75.no_direct_award_above_threshold",
        ),
        add=(
            merge_nhse_nhsi,
            transfer_alb_functions,
            commissioner_provider_committees,
            best_value_award,
            triple_aim,
            ft_capital_limits,
            no_cma_review,
        ),
        # how the 2022 Act carried the recommendation out: mergers with a non-NHS business
        # stay under Enterprise Act merger control once s.79 is gone
        adopt=(enterprise_act_2002.cma_review_with_non_nhs_enterprise,),
        amendments=(
            "NHS England and NHS Improvement merge (or share leadership)",
            "Secretary of State may move functions between arm's-length bodies",
            "joint committees of commissioners and providers; delegation to them",
            "s.75 regulations revoked and PCR disapplied; best value test",
            "triple aim duty",
            "FT capital limits",
            "no CMA review of NHS mergers",
        ),
    )
