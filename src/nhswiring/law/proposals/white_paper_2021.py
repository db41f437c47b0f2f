"""`whitepaper2021`: DHSC's White Paper "Integration and innovation" (11 February 2021),
with NHS England and NHS Improvement's "Integrating care" (26 November 2020).

Baseline: hsca2012. Most of the White Paper became the Health and Care Act 2022, so this
regime adopts the 2022 Act's rules for what the White Paper proposed in the same form, and
drops the 2012 rules they replaced. Where the Act departed from the White Paper, the White
Paper's version is written here instead (e.g. reconfiguration call-in at any stage, in force
at once rather than from 2024).
"""

from __future__ import annotations

from datetime import date

from nhswiring.law import enterprise_act_2002, psr_2023
from nhswiring.law.common import HYPOTHETICAL, REGULATORS_2012, K, found
from nhswiring.law.engine import Finding, rule
from nhswiring.law.hca_2022 import national_bodies, transfers
from nhswiring.law.nhs_act_2006 import (
    boards,
    commissioners,
    directions,
    duties,
    finance,
    joint_working,
    reconfiguration,
)
from nhswiring.law.proposal import Proposal
from nhswiring.law.regime import HSCA_2012, Regime
from nhswiring.law.verdict import Effect

WHITE_PAPER = (
    "PROPOSAL, never law: DHSC, Integration and innovation: working together to "
    "improve health and social care for all (CP 381, 11 February 2021)"
)


@rule(
    "white_paper_2021.merge_nhse_with_regulators",
    actions={"merge", "dissolve", "appoint"},
    effect=Effect.PERMITS,
    citation=f"{WHITE_PAPER}: NHS England to absorb Monitor's and the "
    "TDA's functions (formal merger)",
    in_force=HYPOTHETICAL,
    summary="NHS England would formally merge with NHS Improvement (Monitor and the TDA).",
    overrides=(
        "hsca_2012.s61.no_merger_of_national_bodies",
        "hsca_2012.s61.no_shared_top_leadership",
    ),
)
def merge_nhse_with_regulators(p: Proposal) -> Finding | None:
    codes = p.codes("bodies") if p.action != "dissolve" else (str(p.arg("body")),)
    kinds = set(p.kinds(codes))
    if not (kinds & REGULATORS_2012) or p.actor not in {"SOS", "NHSE", *codes}:
        return None
    if p.action != "dissolve" and K.NHS_ENGLAND not in kinds:
        return None
    return found("The White Paper proposed merging Monitor and the TDA into NHS England.")


@rule(
    "white_paper_2021.allocations_to_ics_nhs_bodies",
    actions={"set_allocations"},
    effect=Effect.PERMITS,
    citation=f"{WHITE_PAPER}: NHS England to set allocations for ICS "
    "NHS bodies, which take on CCGs' financial duties",
    in_force=HYPOTHETICAL,
    summary="NHS England would allot funds to ICS NHS bodies (ICBs) instead of CCGs.",
)
def allocations_to_ics_nhs_bodies(p: Proposal) -> Finding | None:
    if p.actor != "NHSE" or any(p.kind(c) is not K.ICB for c in p.codes("to")):
        return None
    return found("Under the White Paper NHS England allots each ICS NHS body's funding.")


def build(known: dict[str, Regime]) -> Regime:
    adopt = (
        # ICS NHS bodies and partnerships, CCGs folded in, coverage of England
        commissioners.icb_orders,
        commissioners.icb_coverage,
        commissioners.ccgs_abolished,
        commissioners.ccg_abolition,
        commissioners.integrated_care_partnership,
        boards.icb_board,
        boards.icb_independence,
        boards.joint_appointment,
        # joint working and delegation
        joint_working.delegation,
        joint_working.s65z6_joint_committee,
        joint_working.members_must_be_public_bodies,
        joint_working.local_authorities_not_relevant_bodies,
        # directions: the Secretary of State over NHS England; ICBs still cannot direct trusts
        directions.direct_nhse,
        directions.excluded_directions,
        # money: system objectives, FT capital limits
        finance.system_financial_objectives,
        finance.ft_capital_limit,
        # transfers between arm's-length bodies
        transfers.transfer_functions,
        transfers.only_listed_bodies,
        national_bodies.abolish_emptied_body,
        # reconfiguration, the triple aim, no CMA review of NHS-only mergers
        reconfiguration.call_in,
        duties.triple_aim,
        enterprise_act_2002.no_cma_review_of_nhs_mergers,
        enterprise_act_2002.cma_review_with_non_nhs_enterprise,
        # the provider selection regime in place of PPCC 2013 and PCR 2015
        *psr_2023.RULES,
    )
    return known[HSCA_2012].amended(
        "whitepaper2021",
        "Integration and innovation White Paper (February 2021)",
        "DHSC's White Paper of 11 February 2021 and NHS England and NHS Improvement's "
        "'Integrating care' (26 November 2020). Baseline hsca2012, with the provisions the "
        "White Paper proposed. Never law in this form.",
        published=date(2021, 2, 11),
        remove=(
            "nhs_act_2006.s14G.ccg_merger",
            "nhs_act_2006.s14G.ccg_merger_needs_application",
            "nhs_act_2006.s14B.ccg_establishment",
            "nhs_act_2006.s14H.ccg_dissolution",
            "nhs_act_2006.s14E.ccg_area",
            "nhs_act_2006.s14A.ccg_coverage",
            "hsca_2012.s61.no_joint_exercise_by_national_bodies",
            "nhs_act_2006.no_commissioner_provider_joint_committee",
            "nhs_act_2006.s13Z.no_delegation_to_providers",
            "nhs_act_2006.s13A.no_general_direction_of_nhse",
            "nhs_act_2006.s13Z2.failure_direction",
            "nhs_act_2006.no_system_objectives_before_2022",
            "nhs_act_2006.no_ft_capital_limits_before_2022",
            "hsca_2012.no_transfer_power",
            "nhs_act_2006.sch10A.no_call_in_before_2024",
            "hsca_2012.s79.cma_merger_review",
            "ppcc_2013.reg5.single_capable_provider",
            "ppcc_2013.reg3.most_capable_provider",
            "ppcc_2013.reg4.competitive_award",
            "ppcc_2013.psr_processes_not_available",
            "pcr_2015.reg75.advertise_above_threshold",
            "pcr_2015.reg75.no_direct_award_above_threshold",
            "pcr_2015.contracting_authority_award",
        ),
        adopt=adopt,
        add=(merge_nhse_with_regulators, allocations_to_ics_nhs_bodies),
        amendments=(
            "statutory ICSs: an ICS NHS body (ICB) and partnership; CCGs abolished",
            "NHS England absorbs Monitor and the TDA",
            "Secretary of State may direct NHS England; may move functions between ALBs",
            "joint committees and delegation across commissioners and providers",
            "provider selection regime replaces competition rules; no CMA review of NHS mergers",
            "system financial objectives; FT capital limits",
            "Secretary of State may intervene in reconfigurations",
            "triple aim duty",
        ),
    )
