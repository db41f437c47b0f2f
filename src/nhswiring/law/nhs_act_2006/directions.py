"""Directions: who may tell whom what to do.

Every direction needs a power covering that direction-giver, recipient and subject on that
date. The Secretary of State could direct NHS England only where it was failing (s.13Z2) until
1 July 2022, and generally from then (s.13ZC), with exclusions (s.13ZD). NHS trusts can be
directed by the Secretary of State (s.8), by the TDA on the Secretary of State's behalf until
2022 and by NHS England from 2022 (s.27B). Nobody has a general power to direct a foundation
trust, and an ICB cannot direct any trust.
"""

from __future__ import annotations

from nhswiring.domain.time import Interval
from nhswiring.law.common import (
    ALWAYS,
    BEFORE_HCA,
    COMMISSIONERS,
    FROM_HCA,
    NHSE_DIRECTS_ICBS,
    PATIENT_CHOICE_ENFORCEMENT,
    S13YB_LIMITS,
    TRUSTS,
    K,
    found,
    must,
    names,
)
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import Finding, rule
from nhswiring.law.facts import FACTS
from nhswiring.law.instruments import (
    NHS_ACT_2006,
    SI_2023_371,
    SI_2023_1431,
    part,
    regulation,
    section,
)
from nhswiring.law.parameters import NHS_TRUSTS_LICENSED
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

FAILURE = (
    "failure_to_discharge_functions",
    "Is the body failing, or at significant risk of failing, to discharge any of its "
    "functions properly?",
)
#: Old s.13Z2 needed an actual failure the Secretary of State judged significant; unlike the
#: commissioner failure powers (ss.14Z21, 14Z61) it had no "significant risk" limb.
NHSE_SIGNIFICANT_FAILURE = (
    "nhse_significant_failure",
    FACTS["nhse_significant_failure"].question,
)
EMERGENCY = ("emergency", "Is there an emergency within NHS Act 2006 s.253?")

FROM_S13YB = Interval(NHSE_DIRECTS_ICBS)
FROM_S13YB_LIMITS = Interval(S13YB_LIMITS)
FROM_PATIENT_CHOICE = Interval(PATIENT_CHOICE_ENFORCEMENT)

#: NHS England's specific (non-failure) directions to an ICB: subject -> (provision, from).
ICB_SPECIFIC = {
    "resources": ("s.223GB", FROM_HCA.start),
    "financial_objectives": ("s.223GB", FROM_HCA.start),
    "capital": ("s.223GB", FROM_HCA.start),
    "joint_forward_plan": ("s.14Z52(5)", FROM_HCA.start),
    "capital_plan": ("s.14Z56(6), (9)", FROM_HCA.start),
    "annual_report": ("s.14Z58(5)-(6)", FROM_HCA.start),
    "information": ("s.14Z60", FROM_HCA.start),
    "exercise_functions": ("s.13YB", NHSE_DIRECTS_ICBS),
    "patient_choice": ("s.6F(2)(a)", PATIENT_CHOICE_ENFORCEMENT),
    "patient_choice_remedy": ("s.6F(2)(b)", PATIENT_CHOICE_ENFORCEMENT),
}
#: Subjects of NHS England's directions to a CCG outside failure (s.223J).
CCG_SPECIFIC = {"resources", "financial_objectives", "capital"}
#: Directions about a failing commissioner (s.14Z61; s.14Z21 for CCGs).
FAILURE_SUBJECTS = {"failure", "failure_transfer"}

NICE_RECOMMENDED = Condition(
    "nice_recommended",
    "Has NICE made a recommendation, or issued guidance, on the clinical and cost "
    "effectiveness of the drug, medicine, treatment or diagnostic technique the direction is "
    "about (NHS Act 2006 s.13ZD(3))?",
    "NICE has made a recommendation or issued guidance on its clinical and cost "
    "effectiveness (s.13ZD(3))",
    "NICE has made no recommendation and issued no guidance on the clinical and cost "
    "effectiveness of this drug, treatment or diagnostic technique, so the Secretary of State "
    "may not direct NHS England about it (s.13ZD(3))",
)
CONSISTENT_WITH_NICE = Condition(
    "consistent_with_nice",
    "Is the direction consistent with NICE's recommendation or guidance on the drug, "
    "treatment or diagnostic technique (NHS Act 2006 s.13ZD(3))?",
    "the direction is not inconsistent with NICE's recommendation or guidance (s.13ZD(3))",
    "the direction is inconsistent with NICE's recommendation or guidance, so it may not be "
    "given (s.13ZD(3))",
)
ICB_CONSULTED = Condition(
    "icb_consulted",
    "Has NHS England consulted the ICB (or the ICB whose chief executive) it proposes to "
    "direct to perform the failing ICB's functions (NHS Act 2006 s.14Z62(1))?",
    "NHS England consulted the ICB it directs before directing it (s.14Z62(1))",
    "NHS England must consult the ICB it proposes to direct before a s.14Z61(5)(b) or (8)(b) "
    "direction (s.14Z62(1))",
)
INVESTIGATED = Condition(
    "choice_investigation_carried_out",
    "Has NHS England carried out an investigation under NHS Act 2006 s.6F(1) into the ICB's "
    "failure to comply with patient choice requirements?",
    "NHS England has investigated the failure under s.6F(1)",
    "a direction to remedy a failure to comply with patient choice requirements may be given "
    "only where an investigation under s.6F(1) has been carried out (s.6F(2)(b))",
)
UNDERTAKING_BREACHED = Condition(
    "choice_undertaking_breached",
    "Has the ICB failed to comply with the undertaking NHS England accepted from it under "
    "NHS Act 2006 s.6F(3)?",
    "the ICB failed to comply with its undertaking, so NHS England may direct it (s.6F(4))",
    "NHS England accepted an undertaking on these matters and the ICB has not failed to "
    "comply with it, so NHS England may not direct it on them (s.6F(4))",
)


def _to(p: Proposal) -> K | None:
    return p.kind(str(p.arg("to")))


def _emergency(p: Proposal) -> bool:
    return p.has_fact("emergency") and bool(p.facts["emergency"])


def _sos_to_nhse(p: Proposal) -> bool:
    return p.actor == "SOS" and _to(p) is K.NHS_ENGLAND


def _nhse_to_icb(p: Proposal) -> bool:
    return p.actor == "NHSE" and _to(p) is K.ICB


@rule(
    "nhs_act_2006.s13Z2.failure_direction",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.13Z2 (inserted by HSCA 2012 s.23; omitted by HCA 2022 s.45)",
    in_force=BEFORE_HCA,
    summary="Until 1 July 2022 the Secretary of State could direct NHS England only where he "
    "considered it was failing, or had failed, to discharge a function (or to discharge it "
    "properly) and the failure was significant; a risk of failure was not enough.",
)
def failure_direction(p: Proposal) -> Finding | None:
    if p.actor != "SOS" or _to(p) is not K.NHS_ENGLAND:
        return None
    if not p.flag(*NHSE_SIGNIFICANT_FAILURE):
        return None
    return found(
        "The Secretary of State may direct NHS England about the function it is "
        "failing to discharge.",
        must("Publish the direction and the reasons for it", "NHS Act 2006 s.13Z2"),
    )


@rule(
    "nhs_act_2006.s13A.no_general_direction_of_nhse",
    actions={"direct"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.13A (the mandate) and s.13Z2 (failure only) (HSCA 2012 s.23)",
    in_force=BEFORE_HCA,
    summary="Until 1 July 2022 the Secretary of State's hold over NHS England was the mandate, "
    "set in advance, not day-to-day directions: there was no general power of direction.",
)
def no_general_direction_of_nhse(p: Proposal) -> Finding | None:
    if p.actor != "SOS" or _to(p) is not K.NHS_ENGLAND:
        return None
    if p.has_fact("emergency") and p.facts["emergency"]:
        return None
    if p.flag(*NHSE_SIGNIFICANT_FAILURE):
        return None
    return found(
        "NHS England was not failing significantly, so no power let the Secretary of State direct "
        "it; objectives could be set only through the mandate (s.13A)."
    )


@rule(
    "nhs_act_2006.s253.emergency_direction",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.253 (emergency powers)",
    in_force=ALWAYS,
    summary="In an emergency the Secretary of State may direct NHS bodies, NHS England included, "
    "about the exercise of their functions.",
)
def emergency_direction(p: Proposal) -> Finding | None:
    if p.actor != "SOS" or not (p.has_fact("emergency") and p.facts["emergency"]):
        return None
    return found("The emergency powers let the Secretary of State give this direction.")


@rule(
    "nhs_act_2006.s13ZC.direct_nhse",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.13ZC (inserted by HCA 2022 s.45)",
    in_force=FROM_HCA,
    summary="From 1 July 2022 the Secretary of State may direct NHS England about the exercise "
    "of any of its functions, stating that the direction is in the public interest and "
    "publishing it.",
)
def direct_nhse(p: Proposal) -> Finding | None:
    if not _sos_to_nhse(p) or p.arg("subject") == "information":
        return None
    return found(
        "The Secretary of State may give NHS England this direction.",
        must(
            "Include in the direction a statement that the Secretary of State considers it to "
            "be in the public interest (a requirement of the direction's own form)",
            "NHS Act 2006 s.13ZC(5)",
        ),
        must("Publish the direction as soon as reasonably practicable", "NHS Act 2006 s.13ZC(6)"),
    )


@rule(
    "nhs_act_2006.s13ZD.excluded_directions",
    actions={"direct"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.13ZD(1)-(2) (inserted by HCA 2022 s.45)",
    in_force=FROM_HCA,
    summary="The Secretary of State may not direct NHS England under s.13ZC about a function "
    "relating to appointing or employing a person, or about a decision on the services to be "
    "provided to a particular individual.",
    overrides=("nhs_act_2006.s13ZC.direct_nhse",),
)
def excluded_directions(p: Proposal) -> Finding | None:
    if not _sos_to_nhse(p) or _emergency(p):
        return None  # s.13ZD limits directions under s.13ZC, not the emergency powers
    subject = p.arg("subject")
    if subject in {"board_appointment", "employment"}:
        return found(
            "A direction in relation to a function about appointing or employing a person is "
            "excluded (s.13ZD(1))."
        )
    if subject == "clinical_decision":
        return found(
            "A direction about a decision on the services to be provided to a particular "
            "individual is excluded (s.13ZD(2))."
        )
    return None


@precondition(
    "nhs_act_2006.s13ZD.nice_condition",
    actions={"direct"},
    citation="NHS Act 2006 s.13ZD(3) (inserted by HCA 2022 s.45)",
    in_force=FROM_HCA,
    summary="The Secretary of State may direct NHS England about providing a drug, medicine or "
    "other treatment, or using a diagnostic technique, only if NICE has made a recommendation "
    "or issued guidance on its clinical and cost effectiveness and the direction is not "
    "inconsistent with it: a direction about an unappraised treatment is excluded.",
)
def nice_condition(p: Proposal) -> list[Condition] | None:
    if not _sos_to_nhse(p) or _emergency(p) or p.arg("subject") != "drug_or_treatment":
        return None
    return [NICE_RECOMMENDED, CONSISTENT_WITH_NICE]


@rule(
    "nhs_act_2006.s13ZF.information_direction",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.13ZF (inserted by HCA 2022 s.45)",
    in_force=FROM_HCA,
    summary="From 1 July 2022 the Secretary of State may direct NHS England to provide documents "
    "or other information, in the form and by the time the direction specifies.",
)
def information_direction(p: Proposal) -> Finding | None:
    if not _sos_to_nhse(p) or p.arg("subject") != "information":
        return None
    return found(
        "The Secretary of State may direct NHS England to provide documents or information "
        "(s.13ZF), including what it would need to obtain from others."
    )


@rule(
    "nhs_act_2006.s8.direct_nhs_trusts",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.8 (Secretary of State; exercised by the NHS TDA on the Secretary "
    "of State's behalf until 2022, ss.7-8); s.27B (NHS England, inserted by HCA 2022 s.55)",
    in_force=ALWAYS,
    summary="The Secretary of State may direct an NHS trust about the exercise of its functions "
    "(the TDA did so for the Secretary of State until 2022); from 1 July 2022 NHS England may "
    "too, a conflicting Secretary of State direction prevailing.",
)
def direct_nhs_trusts(p: Proposal) -> Finding | None:
    if _to(p) is not K.NHS_TRUST or p.arg("subject") == "clinical_decision":
        return None
    allowed = {"SOS", "TDA"} if p.law_day < FROM_HCA.start else {"SOS", "NHSE"}
    if p.actor not in allowed:
        return None
    section = "s.27B" if p.actor == "NHSE" else "s.8"
    return found(f"{p.actor} may direct the NHS trust ({section}).")


@rule(
    "nhs_act_2006.no_general_direction_of_fts",
    actions={"direct"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.8(2) and s.27B (NHS trusts only); Part 2 Chapter 5 (foundation "
    "trusts' independence); HSCA 2012 Part 3 (licence enforcement only)",
    in_force=ALWAYS,
    summary="No one has a general power to direct a foundation trust: the Secretary of State's "
    "and NHS England's direction powers reach NHS trusts only; regulators act through licence "
    "conditions and enforcement, capital limit orders and transaction approvals.",
)
def no_general_direction_of_fts(p: Proposal) -> Finding | None:
    if _to(p) is not K.FOUNDATION_TRUST:
        return None
    if p.has_fact("emergency") and p.facts["emergency"] and p.actor == "SOS":
        return None
    regulator = "MONITOR" if p.law_day < FROM_HCA.start else "NHSE"
    if (
        p.actor == regulator
        and p.arg("subject") == "general"
        and p.flag(
            "licence_breach",
            "Has the foundation trust breached a condition of its provider licence (HSCA 2012 "
            "ss.105-106)?",
        )
    ):
        return None
    return found(
        f"{names(p, [str(p.arg('to'))])} is a foundation trust; no provision lets "
        f"{p.actor} direct it on '{p.arg('subject')}'."
    )


@rule(
    "hsca_2012.s106.licence_enforcement",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="HSCA 2012 ss.105-106 (discretionary requirements for breach of licence); Monitor "
    "until 30 June 2022, NHS England from 1 July 2022; NHS trusts licensed from 1 April 2023 "
    "(HSCA 2012 s.87A, inserted by HCA 2022 s.51; SI 2023/371 reg 2(c))",
    in_force=ALWAYS,
    summary="Where a licensed provider breaches its licence, the regulator may impose "
    "requirements to secure compliance. NHS trusts held no licence until 1 April 2023 (HCA 2022 "
    "s.51, HSCA 2012 s.87A; SI 2023/371 reg 2(c)): before then only foundation trusts could be "
    "held to one.",
)
def licence_enforcement(p: Proposal) -> Finding | None:
    regulator = "MONITOR" if p.law_day < FROM_HCA.start else "NHSE"
    if p.actor != regulator or _to(p) not in TRUSTS or p.arg("subject") != "general":
        return None
    if _to(p) is K.NHS_TRUST and p.law_day < NHS_TRUSTS_LICENSED:
        return None  # NHS trusts were exempt from licensing until 1 April 2023
    if not (p.has_fact("licence_breach") and p.facts["licence_breach"]):
        return None
    return found(
        "The regulator may impose requirements to remedy the licence breach.",
        must(
            "Give notice and allow representations before imposing requirements", "HSCA 2012 s.107"
        ),
    )


@rule(
    "nhs_act_2006.commissioners_cannot_direct_trusts",
    sources=(part(NHS_ACT_2006, "2", "A3"), section(NHS_ACT_2006, "223GB")),
    actions={"direct"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 Part 2 Chapter A3 (ICBs, ss.14Z25-14Z64) and ss.223GB-223N: no power "
    "of direction over trusts; CCGs likewise had none (ss.14A-14Z24)",
    in_force=ALWAYS,
    summary="A commissioner (a CCG, or an ICB) cannot direct an NHS trust or foundation trust: "
    "its levers are contracts, information requirements, grants and joint planning duties.",
)
def commissioners_cannot_direct_trusts(p: Proposal) -> Finding | None:
    if p.actor_kind not in COMMISSIONERS or _to(p) not in TRUSTS:
        return None
    return found(
        f"{names(p, [p.actor])} has no power to direct {names(p, [str(p.arg('to'))])}; "
        "it can require information, make grants, and plan jointly with its partner "
        "trusts, but not direct them."
    )


@rule(
    "nhs_act_2006.s14Z61.icb_intervention",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14Z61 (ICBs, HCA 2022 s.25); s.14Z21 (CCGs, HSCA 2012 s.25)",
    in_force=ALWAYS,
    summary="NHS England may direct a commissioner it is satisfied is failing, or at "
    "significant risk of failing, to discharge its functions: to discharge them as directed, to "
    "cease performing them, or (ICBs) to have another ICB perform them.",
)
def icb_intervention(p: Proposal) -> Finding | None:
    if p.actor != "NHSE" or _to(p) not in COMMISSIONERS:
        return None
    subject = p.arg("subject")
    if subject == "failure_transfer" and _to(p) is not K.ICB:
        return None
    if subject in ICB_SPECIFIC or (_to(p) is K.CCG and subject in CCG_SPECIFIC):
        return None  # a specific power, failing or not
    if subject not in FAILURE_SUBJECTS and not p.flag(*FAILURE):
        return None  # a direction on another subject stands only on the failure power
    if subject == "failure_transfer":
        return found(
            "NHS England may direct this ICB to perform the failing ICB's functions on its "
            "behalf (s.14Z61(5)(b) or (8)(b)), and may restrict onward delegation (s.14Z61(6))."
        )
    section = "s.14Z61" if _to(p) is K.ICB else "s.14Z21"
    return found(f"NHS England may intervene in the failing commissioner ({section}).")


SATISFIED_OF_FAILURE = Condition(
    FAILURE[0],
    FAILURE[1],
    "NHS England is satisfied the commissioner is failing, or at significant risk of failing, "
    "to discharge its functions (s.14Z61(1); s.14Z21 for CCGs)",
    "a failure direction may be given only where NHS England is satisfied the commissioner is "
    "failing, has failed or is at significant risk of failing to discharge a function "
    "(s.14Z61(1); s.14Z21 for CCGs)",
)


@precondition(
    "nhs_act_2006.s14Z61.failure_condition",
    actions={"direct"},
    citation="NHS Act 2006 s.14Z61(1), (9) (ICBs, HCA 2022 s.25); s.14Z21 (CCGs, HSCA 2012 s.25)",
    in_force=ALWAYS,
    summary="A direction about a failing commissioner needs NHS England to be satisfied that it "
    "is failing or has failed to discharge a function (properly, and consistently with the "
    "interests of the health service), or that there is a significant risk it will.",
)
def failure_condition(p: Proposal) -> Condition | None:
    if p.actor != "NHSE" or _to(p) not in COMMISSIONERS:
        return None
    if p.arg("subject") not in FAILURE_SUBJECTS:
        return None
    return SATISFIED_OF_FAILURE


@precondition(
    "nhs_act_2006.s14Z62.consult_before_transfer",
    actions={"direct"},
    citation="NHS Act 2006 s.14Z62(1) (inserted by HCA 2022 s.25)",
    in_force=FROM_HCA,
    summary="Before directing another ICB (or its chief executive) to perform a failing ICB's "
    "functions, NHS England must consult the ICB it proposes to direct.",
)
def consult_before_transfer(p: Proposal) -> Condition | None:
    if not _nhse_to_icb(p) or p.arg("subject") != "failure_transfer":
        return None
    return ICB_CONSULTED


@rule(
    "nhs_act_2006.s13YB.direct_icbs_to_exercise_functions",
    sources=(section(NHS_ACT_2006, "13YB"), regulation(SI_2023_371, "2")),
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.13YB (inserted by HCA 2022 s.13; in force 1 April 2023, SI 2023/371 "
    "reg 2(a))",
    in_force=FROM_S13YB,
    summary="From 1 April 2023 NHS England may direct one or more ICBs to exercise its "
    "commissioning, primary care, pharmaceutical and delegated public health functions, may "
    "restrict onward delegation, pay the ICB and direct how it exercises them, and must publish "
    "the direction.",
)
def direct_icbs_to_exercise_functions(p: Proposal) -> Finding | None:
    if not _nhse_to_icb(p) or p.arg("subject") != "exercise_functions":
        return None
    return found(
        f"NHS England may direct {names(p, [str(p.arg('to'))])} to exercise its relevant "
        "functions (s.13YB(1)-(2)); rights and liabilities arising are the ICB's (s.13YB(9)).",
        must(
            "Publish the direction as soon as reasonably practicable",
            "NHS Act 2006 s.13YB(8)",
            on="NHSE",
        ),
    )


@rule(
    "si_2023_945.reg3.chc_decisions_excluded",
    actions={"direct"},
    effect=Effect.FORBIDS,
    citation="SI 2023/945 reg 3 (made under NHS Act 2006 s.13YB(3)(a); in force 29 September 2023)",
    in_force=FROM_S13YB_LIMITS,
    summary="From 29 September 2023 NHS England may not use s.13YB to have ICBs exercise its "
    "functions (for the armed forces and prisoner cohorts of s.3B(1)(b)-(c)) of deciding "
    "primary health need for NHS Continuing Healthcare, deciding a need for nursing care under "
    "Standing Rules reg 28 (assessment may still be directed), or reviewing decisions under "
    "Standing Rules reg 23.",
    overrides=("nhs_act_2006.s13YB.direct_icbs_to_exercise_functions",),
)
def chc_decisions_excluded(p: Proposal) -> Finding | None:
    if not _nhse_to_icb(p) or p.arg("subject") != "exercise_functions":
        return None
    if not p.flag(
        "chc_decision_functions",
        "Does the direction cover NHS England's functions, for the armed forces or prisoner "
        "cohorts, of deciding primary health need for NHS Continuing Healthcare, deciding a need "
        "for nursing care under Standing Rules reg 28, or reviewing decisions under Standing "
        "Rules reg 23 (SI 2023/945 reg 3)?",
    ):
        return None
    return found(
        "The s.13YB power does not apply to these continuing healthcare and nursing care "
        "decisions and reviews (SI 2023/945 reg 3)."
    )


@rule(
    "nhs_act_2006.s14Z52.joint_forward_plan_date",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14Z52(5) (inserted by HCA 2022 s.25)",
    in_force=FROM_HCA,
    summary="NHS England may direct the date by which an ICB and its partner trusts must give "
    "their joint forward plan to the integrated care partnership, each relevant Health and "
    "Wellbeing Board and NHS England.",
)
def joint_forward_plan_date(p: Proposal) -> Finding | None:
    if not _nhse_to_icb(p) or p.arg("subject") != "joint_forward_plan":
        return None
    return found(
        "NHS England may direct the date by which the joint forward plan must be given "
        "(s.14Z52(5)); the ICB and its partner trusts must publish it (s.14Z52(3))."
    )


@rule(
    "nhs_act_2006.s14Z56.capital_plan_directions",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14Z56(2)-(3), (6), (9) (inserted by HCA 2022 s.25)",
    in_force=FROM_HCA,
    summary="The Secretary of State directs the period an ICB's capital resource use plan covers "
    "(and must publish the direction); NHS England may direct the date for giving the plan and "
    "what counts as capital resources and their use.",
)
def capital_plan_directions(p: Proposal) -> Finding | None:
    if _to(p) is not K.ICB or p.arg("subject") != "capital_plan":
        return None
    if p.actor == "SOS":
        return found(
            "The Secretary of State specifies the period the capital resource use plan covers "
            "(s.14Z56(2)).",
            must("Publish the direction", "NHS Act 2006 s.14Z56(3)", on="SOS"),
        )
    if p.actor == "NHSE":
        return found(
            "NHS England may direct the date by which the capital resource use plan is given "
            "(s.14Z56(6)) and, for a financial year, which resources and uses count as capital "
            "(s.14Z56(9))."
        )
    return None


@rule(
    "nhs_act_2006.s14Z58.annual_report_directions",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14Z58(5)-(6) (inserted by HCA 2022 s.25)",
    in_force=FROM_HCA,
    summary="NHS England may direct ICBs as to the form and content of their annual reports and "
    "the date before which each must give NHS England a copy.",
)
def annual_report_directions(p: Proposal) -> Finding | None:
    if not _nhse_to_icb(p) or p.arg("subject") != "annual_report":
        return None
    return found(
        "NHS England may direct the annual report's form and content (s.14Z58(5)) and the date "
        "before which the ICB must give it a copy (s.14Z58(6)(a)); the ICB must publish it "
        "(s.14Z58(6)(b))."
    )


@rule(
    "nhs_act_2006.s14Z60.icb_information",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14Z60 (inserted by HCA 2022 s.25)",
    in_force=FROM_HCA,
    summary="NHS England may require an ICB to provide it with information, in the form and at "
    "the time or within the period it requires.",
)
def icb_information(p: Proposal) -> Finding | None:
    if not _nhse_to_icb(p) or p.arg("subject") != "information":
        return None
    return found("NHS England may require the ICB to provide this information (s.14Z60).")


@rule(
    "nhs_act_2006.s6F.patient_choice_directions",
    sources=(section(NHS_ACT_2006, "6F"), regulation(SI_2023_1431, "3")),
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.6F(2) (inserted by HCA 2022 s.78; in force 1 January 2024, SI "
    "2023/1431 reg 3)",
    in_force=FROM_PATIENT_CHOICE,
    summary="From 1 January 2024 NHS England may direct an ICB to put in place measures to "
    "prevent or mitigate failures to comply with patient choice requirements, or, after an "
    "investigation, to remedy a failure.",
)
def patient_choice_directions(p: Proposal) -> Finding | None:
    if not _nhse_to_icb(p) or p.arg("subject") not in {"patient_choice", "patient_choice_remedy"}:
        return None
    if p.arg("subject") == "patient_choice":
        return found(
            "NHS England may direct the ICB to put in place measures to prevent failures to "
            "comply with patient choice requirements or mitigate their effect (s.6F(2)(a))."
        )
    return found(
        "NHS England may direct the ICB to remedy its failure to comply with patient choice "
        "requirements (s.6F(2)(b))."
    )


@precondition(
    "nhs_act_2006.s6F.remedy_after_investigation",
    actions={"direct"},
    citation="NHS Act 2006 s.6F(2)(b) (inserted by HCA 2022 s.78)",
    in_force=FROM_PATIENT_CHOICE,
    summary="A direction to remedy a failure to comply with patient choice requirements may be "
    "given only where NHS England has carried out an investigation under s.6F(1).",
)
def remedy_after_investigation(p: Proposal) -> Condition | None:
    if not _nhse_to_icb(p) or p.arg("subject") != "patient_choice_remedy":
        return None
    return INVESTIGATED


@precondition(
    "nhs_act_2006.s6F.undertaking_bar",
    actions={"direct"},
    citation="NHS Act 2006 s.6F(3)-(5) and Sch 1ZA (inserted by HCA 2022 s.78 and Sch 11)",
    in_force=FROM_PATIENT_CHOICE,
    summary="Once NHS England has accepted an ICB's undertaking on patient choice matters it may "
    "not direct the ICB on those matters unless the ICB fails to comply with the undertaking "
    "(partial compliance to be taken into account).",
)
def undertaking_bar(p: Proposal) -> Condition | None:
    if not _nhse_to_icb(p) or p.arg("subject") not in {"patient_choice", "patient_choice_remedy"}:
        return None
    if not (p.has_fact("choice_undertaking_accepted") and p.facts["choice_undertaking_accepted"]):
        return None
    return UNDERTAKING_BREACHED


@rule(
    "nhs_act_2006.s223GB.resource_directions",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.223GB (ICBs, HCA 2022 s.29); s.223J (CCGs, HSCA 2012 s.27)",
    in_force=ALWAYS,
    summary="NHS England may direct a commissioner about the management and use of its "
    "resources, and must publish the direction.",
)
def resource_directions(p: Proposal) -> Finding | None:
    if p.actor != "NHSE" or _to(p) not in COMMISSIONERS:
        return None
    if p.arg("subject") not in {"resources", "financial_objectives", "capital"}:
        return None
    return found(
        "NHS England may direct the commissioner about its use of resources.",
        must(
            "Publish the direction",
            "NHS Act 2006 s.223GB(3)" if p.law_day >= FROM_HCA.start else "NHS Act 2006 s.223J",
        ),
    )


@rule(
    "nhs_act_2006.no_general_direction_of_commissioners",
    sources=(
        section(NHS_ACT_2006, "14Z61"),
        section(NHS_ACT_2006, "223GB"),
        section(NHS_ACT_2006, "14Z21"),
        section(NHS_ACT_2006, "13YB"),
        section(NHS_ACT_2006, "6F"),
    ),
    actions={"direct"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.14Z61 and s.223GB (ICBs); s.14Z21 (CCGs): specific powers only "
    "(ss.14Z52(5), 14Z56, 14Z58, 14Z60 from 1 July 2022; s.13YB from 1 April 2023; s.6F from "
    "1 January 2024)",
    in_force=ALWAYS,
    summary="Outside failure and the specific powers (resources; plans, reports and "
    "information; from 1 April 2023 the exercise of NHS England's functions; from 1 January "
    "2024 patient choice), neither NHS England nor the Secretary of State has a general power "
    "to direct a CCG or ICB.",
)
def no_general_direction_of_commissioners(p: Proposal) -> Finding | None:
    if _to(p) not in COMMISSIONERS or p.actor not in {"NHSE", "SOS"}:
        return None
    subject = str(p.arg("subject"))
    if p.actor == "SOS":
        if _emergency(p) or (subject == "capital_plan" and _to(p) is K.ICB):
            return None
    elif subject in CCG_SPECIFIC:
        return None  # resources: s.223J (CCGs), s.223GB (ICBs)
    elif _to(p) is K.ICB and subject in ICB_SPECIFIC:
        provision, start = ICB_SPECIFIC[subject]
        if p.law_day >= start:
            return None
        return found(
            f"NHS England's power to direct an ICB on '{subject}' ({provision}) is in force "
            f"only from {start.isoformat()}."
        )
    elif subject in FAILURE_SUBJECTS:
        return None  # the failure power and its condition decide
    elif subject not in ICB_SPECIFIC and p.flag(*FAILURE):
        return None
    return found(f"No power lets {p.actor} give a commissioner a direction on '{subject}'.")


RULES = (
    failure_direction,
    no_general_direction_of_nhse,
    emergency_direction,
    direct_nhse,
    excluded_directions,
    nice_condition,
    information_direction,
    direct_nhs_trusts,
    no_general_direction_of_fts,
    licence_enforcement,
    commissioners_cannot_direct_trusts,
    icb_intervention,
    failure_condition,
    consult_before_transfer,
    resource_directions,
    direct_icbs_to_exercise_functions,
    chc_decisions_excluded,
    joint_forward_plan_date,
    capital_plan_directions,
    annual_report_directions,
    icb_information,
    patient_choice_directions,
    remedy_after_investigation,
    undertaking_bar,
    no_general_direction_of_commissioners,
)
