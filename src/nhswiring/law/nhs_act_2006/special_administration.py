"""Trust special administration: NHS Act 2006 Part 2 Chapter 5A (ss.65A-65O).

Chapter 5A was inserted by the Health Act 2009 s.16 (in force 15 February 2010) for NHS trusts,
the Secretary of State appointing the administrator; it was first used for South London
Healthcare NHS Trust in July 2012, before the period this model judges (note only). The Health
and Social Care Act 2012 ss.174-178 (in force 1 November 2012, SI 2012/2657 art 2(2)) extended it
to every NHS foundation trust, Monitor appointing where it is satisfied the trust is, or is
likely to become, unable to pay its debts (s.65D), Monitor deciding on the administrator's
final report and the Secretary of State answering (ss.65KA-65KD), and Monitor dissolving the
trust by order where the Secretary of State is satisfied with a recommendation to dissolve
(s.65LA). Mid Staffordshire NHS Foundation Trust was the first: administrators from 16 April
2013, services transferred 1 November 2014, dissolved 1 November 2017.

The Care Act 2014 (in force 15 July 2014, SI 2014/1714 art 3(2)) added a quality ground for
foundation trusts and let the Care Quality Commission require the appointment (s.84: s.65D(1)(b),
(1A)), widened the objective and consultation (s.85), and, after the Lewisham judgment ([2013]
EWCA Civ 1409), provided that action in relation to a trust includes action in relation to
another NHS trust or foundation trust necessary for and consequential on it (s.120: s.65O(2)-(3)).

From 1 July 2022 (Health and Care Act 2022 s.70 and Sch 8; SI 2022/734) NHS England appoints
for both kinds of trust: it must where the CQC requires it; otherwise only if it considers it
appropriate in the interests of the health service (NHS trusts) and with the Secretary of
State's approval (s.65B(2), s.65D(2A)); NHS England and the Secretary of State each decide on
an NHS trust's final report (s.65K); NHS England makes the s.65LA dissolution order.
"""

from __future__ import annotations

from nhswiring.domain.time import Interval
from nhswiring.law.common import ALWAYS, HCA_START, K, found, must, names
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import ALL_PERMISSIONS, Finding, rule
from nhswiring.law.instruments import (
    CARE_ACT_2014,
    HCA_2022,
    HSCA_2012,
    NHS_ACT_2006,
    schedule,
    section,
)
from nhswiring.law.parameters import CARE_ACT_TSA
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect, Obligation
from nhswiring.law.working_days import add_working_days

TRUST_KINDS = frozenset({K.NHS_TRUST, K.FOUNDATION_TRUST})


def appointer(p: Proposal) -> str:
    """Who appoints an administrator for the trust on the day: the Secretary of State (NHS
    trusts) or Monitor (foundation trusts) until 30 June 2022, NHS England from 1 July 2022."""
    if p.law_day >= HCA_START:
        return "NHSE"
    return "SOS" if p.kind(str(p.arg("trust"))) is K.NHS_TRUST else "MONITOR"


def _cqc_route_exists(p: Proposal) -> bool:
    """The CQC could require an order: for foundation trusts from 15 July 2014 (Care Act 2014
    s.84), for NHS trusts from 1 July 2022 (s.65B(2)(a) as substituted by HCA 2022 Sch 8)."""
    kind = p.kind(str(p.arg("trust")))
    if kind is K.FOUNDATION_TRUST:
        return p.law_day >= CARE_ACT_TSA
    return p.law_day >= HCA_START


CQC_REQUIRED = (
    "cqc_required_tsa_order",
    "Has the Care Quality Commission, satisfied of a serious failure by the trust to provide "
    "services of sufficient quality, required the order (NHS Act 2006 s.65B(2)(a) from 1 July "
    "2022; s.65D(1A) for foundation trusts from 15 July 2014)?",
)


def _cqc_required(p: Proposal) -> bool:
    return _cqc_route_exists(p) and p.flag(*CQC_REQUIRED)


def _obligations_of_order(p: Proposal, by: str) -> list[Obligation]:
    # Subsections read in the Health Act 2009 text of s.65B; the foundation trust provisions of
    # s.65D (HSCA 2012 s.174) are cited as a whole (their numbering was not read).
    nhs_trust = p.kind(str(p.arg("trust"))) is K.NHS_TRUST
    where = {
        "effect": "NHS Act 2006 s.65B(3)" if nhs_trust else "NHS Act 2006 s.65D",
        "report": "NHS Act 2006 s.65B(5)" if nhs_trust else "NHS Act 2006 s.65D",
        "appoint": "NHS Act 2006 s.65B(6)" if nhs_trust else "NHS Act 2006 s.65D",
    }
    return [
        must(
            "The order must make the appointment take effect within 5 working days of the day "
            "it is made",
            where["effect"],
            due=add_working_days(p.day, 5),
            on=by,
        ),
        must(
            "Lay before Parliament, with the order, a report of the reasons for making it",
            where["report"],
            on=by,
        ),
        must(
            "Appoint the trust special administrator and publish the name of the person appointed",
            where["appoint"],
            on=by,
        ),
        must(
            "The administrator must give a draft report within 65 working days of the "
            "appointment (45 before the Care Act 2014 s.120(2))",
            "NHS Act 2006 s.65F(1)",
            due=add_working_days(p.day, 65 if p.law_day >= CARE_ACT_TSA else 45),
        ),
    ]


@rule(
    "nhs_act_2006.s65B.appoint_administrator_nhs_trust",
    sources=(section(NHS_ACT_2006, "65B"), schedule(HCA_2022, "8", "2")),
    actions={"appoint_special_administrator"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.65B (Health Act 2009 s.16; from 1 July 2022 as substituted by HCA "
    "2022 Sch 8 para 2)",
    in_force=ALWAYS,
    summary="An order authorising a trust special administrator for an NHS trust: made by the "
    "Secretary of State if appropriate in the interests of the health service until 30 June "
    "2022; from 1 July 2022 by NHS England, which must make it if the CQC requires and may "
    "otherwise make it only in the interests of the health service with the Secretary of "
    "State's approval.",
)
def appoint_for_nhs_trust(p: Proposal) -> Finding | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is not K.NHS_TRUST or p.actor != appointer(p):
        return None
    obligations = _obligations_of_order(p, p.actor)
    if p.actor == "NHSE" and _cqc_required(p):
        return found(
            f"NHS England must make the order for {names(p, [trust])}: the Care Quality "
            "Commission has required it.",
            *obligations,
        )
    who = "The Secretary of State" if p.actor == "SOS" else "NHS England"
    return found(
        f"{who} may make an order authorising a trust special administrator for "
        f"{names(p, [trust])}.",
        *obligations,
    )


@rule(
    "nhs_act_2006.s65D.appoint_administrator_foundation_trust",
    sources=(
        section(NHS_ACT_2006, "65D"),
        section(HSCA_2012, "174"),
        section(CARE_ACT_2014, "84"),
        schedule(HCA_2022, "8", "3"),
    ),
    actions={"appoint_special_administrator"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.65D (HSCA 2012 s.174; Care Act 2014 s.84 from 15 July 2014; HCA "
    "2022 Sch 8 para 3 from 1 July 2022)",
    in_force=ALWAYS,
    summary="An order authorising a trust special administrator for a foundation trust: by "
    "Monitor until 30 June 2022, NHS England from 1 July 2022; on the trust being, or being "
    "likely to become, unable to pay its debts, from 15 July 2014 also on a serious failure of "
    "quality, and must be made where the CQC requires it.",
)
def appoint_for_foundation_trust(p: Proposal) -> Finding | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is not K.FOUNDATION_TRUST or p.actor != appointer(p):
        return None
    by = "Monitor" if p.actor == "MONITOR" else "NHS England"
    obligations = _obligations_of_order(p, p.actor)
    obligations.append(
        must(
            "The Care Quality Commission must report on the safety and quality of the "
            "trust's services as soon as reasonably practicable after the order",
            "NHS Act 2006 s.65D(3)",
            on="CQC",
        )
    )
    if _cqc_required(p):
        return found(
            f"{by} must make the order for {names(p, [trust])}: the Care Quality Commission "
            "has required it (s.65D(1A)).",
            *obligations,
        )
    return found(
        f"{by} may make an order authorising a trust special administrator for "
        f"{names(p, [trust])}, suspending its governors, chair and directors.",
        *obligations,
    )


DEBTS = (
    "ft_unable_to_pay_debts",
    "Is the regulator satisfied that the foundation trust is, or is likely to become, unable "
    "to pay its debts (NHS Act 2006 s.65D(1)(a))?",
)


QUALITY = (
    "serious_quality_failure",
    "Is the regulator satisfied that there is a serious failure by the foundation trust to "
    "provide services of sufficient quality, and that an order is appropriate (NHS Act 2006 "
    "s.65D(1)(b), from 15 July 2014)?",
)


@rule(
    "nhs_act_2006.s65D.grounds",
    sources=(section(NHS_ACT_2006, "65D"), section(CARE_ACT_2014, "84")),
    actions={"appoint_special_administrator"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.65D(1), (1A) (the section applies only on these grounds; (1)(b) "
    "and (1A) added by Care Act 2014 s.84 from 15 July 2014)",
    in_force=ALWAYS,
    summary="The regulator may appoint an administrator for a foundation trust only if it is "
    "satisfied the trust is, or is likely to become, unable to pay its debts, or (from 15 July "
    "2014) of a serious failure of quality, or the CQC has required the order.",
    overrides=(ALL_PERMISSIONS,),
)
def ft_grounds(p: Proposal) -> Finding | None:
    if p.kind(str(p.arg("trust"))) is not K.FOUNDATION_TRUST or p.actor != appointer(p):
        return None
    if _cqc_required(p):
        return Finding("Condition met: the CQC has required the order", effect=Effect.NOTES)
    if p.flag(*DEBTS):
        return Finding(
            "Condition met: the trust is, or is likely to become, unable to pay its debts",
            effect=Effect.NOTES,
        )
    if p.law_day >= CARE_ACT_TSA and p.flag(*QUALITY):
        return Finding(
            "Condition met: there is a serious failure to provide services of sufficient quality",
            effect=Effect.NOTES,
        )
    grounds = (
        "neither unable to pay its debts nor failing seriously on quality, and the CQC has "
        "not required the order"
        if p.law_day >= CARE_ACT_TSA
        else "not unable, nor likely to become unable, to pay its debts (the only ground "
        "before the Care Act 2014)"
    )
    return Finding(f"Condition not met: the trust is {grounds}", effect=Effect.FORBIDS)


INTERESTS = Condition(
    "in_health_service_interests",
    "Does the appointer consider the order appropriate in the interests of the health service "
    "(NHS Act 2006 s.65B(2))?",
    "the order is appropriate in the interests of the health service",
    "the order is not shown to be appropriate in the interests of the health service",
)


SOS_APPROVED = Condition(
    "sos_approved_tsa_order",
    "Has the Secretary of State approved the making of the order (NHS Act 2006 s.65B(2)(b)(ii), "
    "s.65D(2A), from 1 July 2022)?",
    "the Secretary of State approved the order",
    "the Secretary of State has not approved the order",
)


CONSULTED = Condition(
    "tsa_consultation_done",
    "Before making the order, did the appointer consult the trust, the commissioners in whose "
    "area it has hospitals or facilities and the others it provides services to (and, from 1 "
    "July 2022, the CQC) (NHS Act 2006 s.65B, s.65D(4))?",
    "the consultation before the order took place",
    "the consultation the Act requires before the order did not take place",
)


@precondition(
    "nhs_act_2006.s65B.nhs_trust_conditions",
    actions={"appoint_special_administrator"},
    citation="NHS Act 2006 s.65B(2) and (4) (Health Act 2009); from 1 July 2022 s.65B(2)(b) and "
    "(5) (HCA 2022 Sch 8 para 2)",
    in_force=ALWAYS,
    summary="Unless the CQC has required it (from 1 July 2022), an order for an NHS trust may be "
    "made only if the appointer considers it appropriate in the interests of the health "
    "service, after consulting the trust and others; from 1 July 2022 also only with the "
    "Secretary of State's approval.",
    sources=(section(NHS_ACT_2006, "65B"), schedule(HCA_2022, "8", "2")),
)
def nhs_trust_conditions(p: Proposal) -> list[Condition] | None:
    if p.kind(str(p.arg("trust"))) is not K.NHS_TRUST or p.actor != appointer(p):
        return None
    if _cqc_required(p):
        return None
    if p.law_day >= HCA_START:
        return [INTERESTS, SOS_APPROVED, CONSULTED]
    return [INTERESTS, CONSULTED]


@precondition(
    "nhs_act_2006.s65D.foundation_trust_conditions",
    actions={"appoint_special_administrator"},
    citation="NHS Act 2006 s.65D(4) (consultation, except where the CQC requires the order, "
    "Care Act 2014 s.84(5)); s.65D(2A) (the Secretary of State's approval from 1 July 2022, HCA "
    "2022 Sch 8 para 3)",
    in_force=ALWAYS,
    summary="Unless the CQC has required it, an order for a foundation trust may be made only "
    "after consulting the trust and others, and from 1 July 2022 only with the Secretary of "
    "State's approval.",
    sources=(
        section(NHS_ACT_2006, "65D"),
        section(CARE_ACT_2014, "84"),
        schedule(HCA_2022, "8", "3"),
    ),
)
def foundation_trust_conditions(p: Proposal) -> list[Condition] | None:
    if p.kind(str(p.arg("trust"))) is not K.FOUNDATION_TRUST or p.actor != appointer(p):
        return None
    if _cqc_required(p):
        return None
    if p.law_day >= HCA_START:
        return [SOS_APPROVED, CONSULTED]
    return [CONSULTED]


@rule(
    "nhs_act_2006.s65A.only_trusts",
    sources=(section(NHS_ACT_2006, "65A"),),
    actions={
        "appoint_special_administrator",
        "decide_special_administration",
        "dissolve_after_special_administration",
    },
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.65A (Chapter 5A applies to NHS trusts and, from HSCA 2012 s.174, to "
    "every NHS foundation trust)",
    in_force=ALWAYS,
    summary="Trust special administration applies only to NHS trusts and NHS foundation trusts.",
)
def only_trusts(p: Proposal) -> Finding | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) in TRUST_KINDS:
        return None
    return found(f"{names(p, [trust])} is not an NHS trust or foundation trust.")


@rule(
    "nhs_act_2006.s65O.action_on_other_trusts",
    sources=(section(NHS_ACT_2006, "65O"), section(CARE_ACT_2014, "120")),
    actions={"decide_special_administration"},
    effect=Effect.NOTES,
    citation="NHS Act 2006 s.65O(2)-(3) (inserted by Care Act 2014 s.120(1), in force 15 July "
    "2014 by SI 2014/1714 art 3(2)(c))",
    in_force=Interval(CARE_ACT_TSA),
    summary="From 15 July 2014 action in relation to a trust in special administration includes "
    "action in relation to another NHS trust or foundation trust that is necessary for and "
    "consequential on it (before then, R (Lewisham LBC) v Secretary of State for Health [2013] "
    "EWCA Civ 1409 held that action in relation to the trust did not extend to another "
    "trust's services).",
)
def action_on_other_trusts(p: Proposal) -> Finding | None:
    if not p.codes("affects"):
        return None
    return found(
        f"The decision may extend to {names(p, list(p.codes('affects')))} so far as necessary "
        "for and consequential on the action for the trust in administration."
    )


@rule(
    "nhs_act_2006.s65O.no_action_on_other_trusts",
    sources=(section(NHS_ACT_2006, "65K"), section(CARE_ACT_2014, "120")),
    actions={"decide_special_administration"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 ss.65F-65K before Care Act 2014 s.120 (R (Lewisham LBC) v Secretary "
    "of State for Health [2013] EWCA Civ 1409: the administrator's recommendations and the "
    "decision could concern only the trust in administration)",
    in_force=Interval(ALWAYS.start, CARE_ACT_TSA),
    summary="Until 14 July 2014 a decision at the end of special administration could not "
    "extend to the services of another trust (the Lewisham judgment); Care Act 2014 s.120 "
    "changed that from 15 July 2014.",
    overrides=(ALL_PERMISSIONS,),
)
def no_action_on_other_trusts(p: Proposal) -> Finding | None:
    if not p.codes("affects"):
        return None
    return found(
        f"The decision cannot extend to {names(p, list(p.codes('affects')))}: before Care Act "
        "2014 s.120 the regime reached only the trust in administration."
    )


RULES = (
    appoint_for_nhs_trust,
    appoint_for_foundation_trust,
    ft_grounds,
    nhs_trust_conditions,
    foundation_trust_conditions,
    only_trusts,
    action_on_other_trusts,
    no_action_on_other_trusts,
)
