"""Directions: who may tell whom what to do.

Every direction needs a power covering that direction-giver, recipient and subject on that
date. The Secretary of State could direct NHS England only where it was failing (s.13Z2) until
1 July 2022, and generally from then (s.13ZC), with exclusions (s.13ZD). NHS trusts can be
directed by the Secretary of State (s.8), by the TDA on the Secretary of State's behalf until
2022 and by NHS England from 2022 (s.27B). Nobody has a general power to direct a foundation
trust, and an ICB cannot direct any trust. NHS England's directions to commissioners are in
`commissioner_directions`.
"""

from __future__ import annotations

from nhswiring.law.common import (
    ALWAYS,
    BEFORE_HCA,
    COMMISSIONERS,
    FROM_HCA,
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
    part,
    section,
)
from nhswiring.law.parameters import NHS_TRUSTS_LICENSED
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

#: Old s.13Z2 needed an actual failure the Secretary of State judged significant; unlike the
#: commissioner failure powers (ss.14Z21, 14Z61) it had no "significant risk" limb.
NHSE_SIGNIFICANT_FAILURE = (
    "nhse_significant_failure",
    FACTS["nhse_significant_failure"].question,
)


EMERGENCY = ("emergency", "Is there an emergency within NHS Act 2006 s.253?")


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


def recipient(p: Proposal) -> K | None:
    """The kind of body the direction is given to."""
    return p.kind(str(p.arg("to")))


def in_emergency(p: Proposal) -> bool:
    return p.has_fact("emergency") and bool(p.facts["emergency"])


def _sos_to_nhse(p: Proposal) -> bool:
    return p.actor == "SOS" and recipient(p) is K.NHS_ENGLAND


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
    if p.actor != "SOS" or recipient(p) is not K.NHS_ENGLAND:
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
    if p.actor != "SOS" or recipient(p) is not K.NHS_ENGLAND:
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
    if not _sos_to_nhse(p) or in_emergency(p):
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
    if not _sos_to_nhse(p) or in_emergency(p) or p.arg("subject") != "drug_or_treatment":
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
    if recipient(p) is not K.NHS_TRUST or p.arg("subject") == "clinical_decision":
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
    if recipient(p) is not K.FOUNDATION_TRUST:
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
    if p.actor != regulator or recipient(p) not in TRUSTS or p.arg("subject") != "general":
        return None
    if recipient(p) is K.NHS_TRUST and p.law_day < NHS_TRUSTS_LICENSED:
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
    if p.actor_kind not in COMMISSIONERS or recipient(p) not in TRUSTS:
        return None
    return found(
        f"{names(p, [p.actor])} has no power to direct {names(p, [str(p.arg('to'))])}; "
        "it can require information, make grants, and plan jointly with its partner "
        "trusts, but not direct them."
    )


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
)
