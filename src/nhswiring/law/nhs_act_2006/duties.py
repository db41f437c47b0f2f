"""General duties that bind decisions: the "triple aim" (from 1 July 2022)."""

from __future__ import annotations

from nhswiring.law.common import ALWAYS, FROM_HCA, K, found, must
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import NHS_ACT_2006, section
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

TRIPLE_AIM_SECTIONS = {
    K.NHS_ENGLAND: "s.13NA",
    K.ICB: "s.14Z43",
    K.NHS_TRUST: "s.26A",
    K.FOUNDATION_TRUST: "s.63A",
}

DECISIONS = {
    "merge",
    "establish",
    "dissolve",
    "vary_area",
    "delegate",
    "joint_committee",
    "award_contract",
    "modify_contract",
    "set_capital_limit",
    "set_allocations",
    "set_financial_objectives",
    "set_resource_limits",
    "take_decision",
    "direct",
}


INDIVIDUAL = "about_particular_individual"


def about_particular_individual(p: Proposal) -> bool:
    """Whether the decision is about the services to be provided to a particular individual
    (ss.13NA(2)(a), 14Z43(2)(a), 26A(2)(a), 63A(2)(a)): said by the fact of that name, or by a
    direction whose subject is such a decision."""
    if p.action == "direct" and p.arg("subject") == "clinical_decision":
        return True
    return p.has_fact(INDIVIDUAL) and bool(p.facts[INDIVIDUAL])


@rule(
    "nhs_act_2006.triple_aim",
    actions=DECISIONS,
    effect=Effect.REQUIRES,
    citation="NHS Act 2006 ss.13NA (NHS England), 14Z43 (ICBs), 26A (NHS trusts), 63A (FTs) "
    "(inserted by HCA 2022 ss.8, 25, 52, 67)",
    in_force=FROM_HCA,
    summary="When deciding how to exercise its functions, NHS England, an ICB, an NHS trust or "
    "an FT must have regard to the decision's likely effects on the health and well-being of "
    "the people of England, the quality of NHS services and the efficient and sustainable use "
    "of NHS resources, including effects on inequalities (the 'triple aim'). A decision about "
    "the services to be provided to a particular individual is outside the duty (each "
    "section's (2)(a)).",
)
def triple_aim(p: Proposal) -> Finding | None:
    section = TRIPLE_AIM_SECTIONS.get(p.actor_kind) if p.actor_kind else None
    if section is None:
        return None
    if about_particular_individual(p):
        return Finding(
            "The triple aim duty does not apply: a decision about the services to be provided "
            "to a particular individual for the prevention, diagnosis or treatment of illness is "
            f"not a 'decision' for NHS Act 2006 {section} ({section}(2)(a)).",
            effect=Effect.NOTES,
        )
    return found(
        "The decision-maker is bound by the triple aim duty.",
        must(
            "Have regard to the decision's likely effects on health and well-being, "
            "quality of services and efficient, sustainable use of resources "
            "(including on inequalities)",
            f"NHS Act 2006 {section}",
        ),
    )


@rule(
    "nhs_act_2006.take_decision",
    sources=(section(NHS_ACT_2006, "2"),),
    actions={"take_decision"},
    effect=Effect.PERMITS,
    citation="The body's statutory functions (NHS Act 2006 s.2 incidental powers for NHS "
    "England and commissioners)",
    in_force=ALWAYS,
    summary="A body may take decisions in the exercise of its own functions.",
)
def take_decision(p: Proposal) -> Finding | None:
    if p.actor_kind not in {K.NHS_ENGLAND, K.ICB, K.CCG, K.NHS_TRUST, K.FOUNDATION_TRUST}:
        return None
    return found("The body decides in the exercise of its own functions.")


RULES = (triple_aim, take_decision)
