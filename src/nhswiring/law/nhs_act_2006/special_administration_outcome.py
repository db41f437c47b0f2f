"""Trust special administration's outcome: the decision on the administrator's final report (s.65K;
ss.65KA-65KD for foundation trusts), which must come first (s.65I), and the dissolution of a
foundation trust by order once the Secretary of State is satisfied (s.65LA). The appointment
and its grounds are in `special_administration`.
"""

from __future__ import annotations

from nhswiring.law.common import ALWAYS, HCA_START, K, found, must, names
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import (
    HCA_2022,
    HSCA_2012,
    NHS_ACT_2006,
    schedule,
    section,
)
from nhswiring.law.nhs_act_2006.special_administration import TRUST_KINDS
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect
from nhswiring.law.working_days import add_working_days

REPORT = Condition(
    "tsa_final_report_received",
    "Has the trust special administrator given the final report (NHS Act 2006 s.65I)?",
    "the administrator's final report was given",
    "there is no final report of the administrator to decide on",
)


@rule(
    "nhs_act_2006.s65K.decide_on_final_report",
    sources=(
        section(NHS_ACT_2006, "65K"),
        section(NHS_ACT_2006, "65KA"),
        section(NHS_ACT_2006, "65KB"),
        section(HSCA_2012, "177"),
        schedule(HCA_2022, "8", "11"),
    ),
    actions={"decide_special_administration"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.65K (NHS trusts: the Secretary of State; from 1 July 2022 NHS "
    "England and the Secretary of State each, HCA 2022 Sch 8 para 11); ss.65KA, 65KB (foundation "
    "trusts: the regulator decides, the Secretary of State responds; HSCA 2012 s.177)",
    in_force=ALWAYS,
    summary="On the administrator's final report, the Secretary of State (NHS trusts; from 1 "
    "July 2022 NHS England and the Secretary of State each) decides what action to take within "
    "20 working days; for a foundation trust the regulator decides whether it is satisfied the "
    "recommended action achieves the objective within 20 working days, and the Secretary of "
    "State then decides whether he is satisfied within 30.",
)
def decide_on_final_report(p: Proposal) -> Finding | None:
    trust = str(p.arg("trust"))
    kind = p.kind(trust)
    decision = str(p.arg("decision"))
    what = "to dissolve the trust" if decision == "dissolve" else "on other action"
    if kind is K.NHS_TRUST:
        deciders = {"SOS", "NHSE"} if p.law_day >= HCA_START else {"SOS"}
        if p.actor not in deciders:
            return None
        obligations = [
            must(
                "Decide what action to take within 20 working days of receiving the final report",
                "NHS Act 2006 s.65K",
                due=add_working_days(p.day, 20),
                on=p.actor,
            ),
            must(
                "Publish a notice of the decision and the reasons, and lay it before Parliament",
                "NHS Act 2006 s.65K",
                on=p.actor,
            ),
        ]
        if p.law_day >= HCA_START:
            obligations.append(
                must(
                    "NHS England and the Secretary of State must consult each other before "
                    "deciding",
                    "NHS Act 2006 s.65K (HCA 2022 Sch 8 para 11)",
                )
            )
        if decision == "dissolve":
            dissolver = (
                "the Secretary of State or NHS England"
                if p.law_day >= HCA_START
                else ("the Secretary of State")
            )
            obligations.append(
                must(
                    f"The dissolution itself is an order of {dissolver} dissolving the NHS trust",
                    "NHS Act 2006 Sch 4 para 28",
                )
            )
        else:
            obligations.append(
                must(
                    "Not dissolving the trust, make an order ending the administrator's "
                    "appointment and the suspension of the chair and directors",
                    "NHS Act 2006 s.65L(2)",
                    on=p.actor,
                )
            )
        return found(
            f"{names(p, [p.actor])} decides {what} on the final report for {names(p, [trust])}.",
            *obligations,
        )
    if kind is K.FOUNDATION_TRUST:
        regulator = "NHSE" if p.law_day >= HCA_START else "MONITOR"
        if p.actor == regulator:
            return found(
                f"{names(p, [p.actor])} decides whether it is satisfied that the action the "
                f"final report recommends ({what}) achieves the objective of trust special "
                "administration.",
                must(
                    "Decide within 20 working days of receiving the final report, and send the "
                    "report and its decision to the Secretary of State",
                    "NHS Act 2006 s.65KA",
                    due=add_working_days(p.day, 20),
                    on=regulator,
                ),
            )
        if p.actor == "SOS":
            return found(
                f"The Secretary of State decides whether he is satisfied with the regulator's "
                f"decision on the final report for {names(p, [trust])} ({what}).",
                must(
                    "Decide within 30 working days of receiving the report, publish the decision "
                    "with reasons and lay it before Parliament",
                    "NHS Act 2006 s.65KB",
                    due=add_working_days(p.day, 30),
                    on="SOS",
                ),
            )
    return None


@precondition(
    "nhs_act_2006.s65I.final_report_first",
    actions={"decide_special_administration"},
    citation="NHS Act 2006 ss.65I, 65K, 65KA (the decision is on the administrator's final report)",
    in_force=ALWAYS,
    summary="The decisions at the end of a trust special administration are taken on the "
    "administrator's final report: without one there is nothing to decide.",
    sources=(
        section(NHS_ACT_2006, "65I"),
        section(NHS_ACT_2006, "65K"),
        section(NHS_ACT_2006, "65KA"),
    ),
)
def final_report_first(p: Proposal) -> Condition | None:
    return REPORT if p.kind(str(p.arg("trust"))) in TRUST_KINDS else None


SOS_DISSOLUTION = Condition(
    "sos_decided_tsa_dissolution",
    "Has the Secretary of State been satisfied with a final report recommending the trust's "
    "dissolution (NHS Act 2006 s.65KB(1) or s.65KD(1)), or decided under s.65KD(9) that it be "
    "dissolved?",
    "the Secretary of State was satisfied with a recommendation to dissolve the trust",
    "the Secretary of State has not been satisfied with, nor decided on, the trust's dissolution",
)


@rule(
    "nhs_act_2006.s65LA.dissolve_foundation_trust",
    sources=(
        section(NHS_ACT_2006, "65LA"),
        section(HSCA_2012, "177"),
        schedule(HCA_2022, "8", "17"),
    ),
    actions={"dissolve_after_special_administration"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.65LA (HSCA 2012 s.177: Monitor's order; from 1 July 2022 NHS "
    "England's, HCA 2022 Sch 8 para 17)",
    in_force=ALWAYS,
    summary="At the end of a foundation trust's special administration the regulator (Monitor, "
    "from 1 July 2022 NHS England) may by order dissolve the trust and transfer its property "
    "and liabilities to another foundation trust or the Secretary of State.",
)
def dissolve_foundation_trust(p: Proposal) -> Finding | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is not K.FOUNDATION_TRUST:
        return None
    regulator = "NHSE" if p.law_day >= HCA_START else "MONITOR"
    if p.actor != regulator:
        return None
    successors = p.codes("successors")
    onward = f" (its services having passed to {names(p, list(successors))})" if successors else ""
    return found(
        f"{names(p, [regulator])} may by order dissolve {names(p, [trust])} at the end of its "
        f"special administration{onward}.",
        must(
            "The order must transfer the trust's property and liabilities to another foundation "
            "trust or the Secretary of State (and may transfer its employees)",
            "NHS Act 2006 s.65LA(3)",
            on=regulator,
        ),
    )


@precondition(
    "nhs_act_2006.s65LA.sos_satisfied_first",
    actions={"dissolve_after_special_administration"},
    citation="NHS Act 2006 s.65LA(1)-(2) (the order follows the Secretary of State's "
    "satisfaction under s.65KB(1) or s.65KD(1) with a recommendation to dissolve, or his "
    "decision under s.65KD(9))",
    in_force=ALWAYS,
    summary="A foundation trust may be dissolved at the end of special administration only "
    "where the Secretary of State was satisfied with a final report recommending dissolution, "
    "or decided that it be dissolved.",
    sources=(
        section(NHS_ACT_2006, "65LA"),
        section(NHS_ACT_2006, "65KB"),
        section(NHS_ACT_2006, "65KD"),
    ),
)
def sos_satisfied_first(p: Proposal) -> Condition | None:
    return SOS_DISSOLUTION if p.kind(str(p.arg("trust"))) is K.FOUNDATION_TRUST else None


RULES = (
    decide_on_final_report,
    final_report_first,
    dissolve_foundation_trust,
    sos_satisfied_first,
)
