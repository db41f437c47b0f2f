"""NHS England's directions to commissioners: to a failing ICB or CCG (s.14Z61; s.14Z21 before
July 2022), to ICBs to exercise its functions (s.13YB), on their plans, reports, information
and resources (ss.14Z52, 14Z56, 14Z58, 14Z60, 223GB), and on patient choice (s.6F, from 1
January 2024). Outside these powers nobody has a general power to direct a commissioner.
"""

from __future__ import annotations

from nhswiring.domain.time import Interval
from nhswiring.law.common import (
    ALWAYS,
    COMMISSIONERS,
    FROM_HCA,
    NHSE_DIRECTS_ICBS,
    PATIENT_CHOICE_ENFORCEMENT,
    S13YB_LIMITS,
    K,
    found,
    must,
    names,
)
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import (
    NHS_ACT_2006,
    SI_2023_371,
    SI_2023_1431,
    regulation,
    section,
)
from nhswiring.law.nhs_act_2006.directions import in_emergency, recipient
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

FAILURE = (
    "failure_to_discharge_functions",
    "Is the body failing, or at significant risk of failing, to discharge any of its "
    "functions properly?",
)


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


def _nhse_to_icb(p: Proposal) -> bool:
    return p.actor == "NHSE" and recipient(p) is K.ICB


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
    if p.actor != "NHSE" or recipient(p) not in COMMISSIONERS:
        return None
    subject = p.arg("subject")
    if subject == "failure_transfer" and recipient(p) is not K.ICB:
        return None
    if subject in ICB_SPECIFIC or (recipient(p) is K.CCG and subject in CCG_SPECIFIC):
        return None  # a specific power, failing or not
    if subject not in FAILURE_SUBJECTS and not p.flag(*FAILURE):
        return None  # a direction on another subject stands only on the failure power
    if subject == "failure_transfer":
        return found(
            "NHS England may direct this ICB to perform the failing ICB's functions on its "
            "behalf (s.14Z61(5)(b) or (8)(b)), and may restrict onward delegation (s.14Z61(6))."
        )
    section = "s.14Z61" if recipient(p) is K.ICB else "s.14Z21"
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
    if p.actor != "NHSE" or recipient(p) not in COMMISSIONERS:
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
    if recipient(p) is not K.ICB or p.arg("subject") != "capital_plan":
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
    if p.actor != "NHSE" or recipient(p) not in COMMISSIONERS:
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
    if recipient(p) not in COMMISSIONERS or p.actor not in {"NHSE", "SOS"}:
        return None
    subject = str(p.arg("subject"))
    if p.actor == "SOS":
        if in_emergency(p) or (subject == "capital_plan" and recipient(p) is K.ICB):
            return None
    elif subject in CCG_SPECIFIC:
        return None  # resources: s.223J (CCGs), s.223GB (ICBs)
    elif recipient(p) is K.ICB and subject in ICB_SPECIFIC:
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
