"""Directions: who may tell whom what to do.

Every direction needs a power covering that direction-giver, recipient and subject on that
date. The Secretary of State could direct NHS England only where it was failing (s.13Z2) until
1 July 2022, and generally from then (s.13ZC), with exclusions (s.13ZD). NHS trusts can be
directed by the Secretary of State (s.8), by the TDA on the Secretary of State's behalf until
2022 and by NHS England from 2022 (s.27B). Nobody has a general power to direct a foundation
trust, and an ICB cannot direct any trust.
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
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import NHS_ACT_2006, part, section
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

FAILURE = (
    "failure_to_discharge_functions",
    "Is the body failing, or at significant risk of failing, to discharge any of its "
    "functions properly?",
)
EMERGENCY = ("emergency", "Is there an emergency within NHS Act 2006 s.253?")


def _to(p: Proposal) -> K | None:
    return p.kind(str(p.arg("to")))


@rule(
    "nhs_act_2006.s13Z2.failure_direction",
    actions={"direct"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.13Z2 (inserted by HSCA 2012 s.23; omitted by HCA 2022 s.45)",
    in_force=BEFORE_HCA,
    summary="Until 1 July 2022 the Secretary of State could direct NHS England only where it "
    "was failing, or at significant risk of failing, to discharge a function.",
)
def failure_direction(p: Proposal) -> Finding | None:
    if p.actor != "SOS" or _to(p) is not K.NHS_ENGLAND:
        return None
    if not p.flag(*FAILURE):
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
    if p.flag(*FAILURE) or (p.has_fact("emergency") and p.facts["emergency"]):
        return None
    return found(
        "NHS England was not failing, so no power let the Secretary of State direct "
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
    if p.actor != "SOS" or _to(p) is not K.NHS_ENGLAND:
        return None
    return found(
        "The Secretary of State may give NHS England this direction.",
        must(
            "State in the direction that the Secretary of State considers it to be "
            "in the public interest",
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
    summary="The Secretary of State may not direct NHS England about appointing or employing "
    "people, or about the services to be provided to a particular individual.",
    overrides=("nhs_act_2006.s13ZC.direct_nhse",),
)
def excluded_directions(p: Proposal) -> Finding | None:
    if p.actor != "SOS" or _to(p) is not K.NHS_ENGLAND:
        return None
    if p.has_fact("emergency") and p.facts["emergency"]:
        return None  # s.13ZD limits directions under s.13ZC, not the emergency powers
    subject = p.arg("subject")
    if subject == "board_appointment":
        return found("A direction about appointing or employing a person is excluded (s.13ZD(1)).")
    if subject == "clinical_decision":
        return found(
            "A direction about the services to be provided to a particular individual "
            "is excluded (s.13ZD(2))."
        )
    return None


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
    "until 30 June 2022, NHS England from 1 July 2022",
    in_force=ALWAYS,
    summary="Where a licensed provider breaches its licence, the regulator may impose "
    "requirements to secure compliance.",
)
def licence_enforcement(p: Proposal) -> Finding | None:
    regulator = "MONITOR" if p.law_day < FROM_HCA.start else "NHSE"
    if p.actor != regulator or _to(p) not in TRUSTS or p.arg("subject") != "general":
        return None
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
    summary="NHS England may direct a commissioner that is failing, or at significant risk of "
    "failing, to discharge its functions.",
)
def icb_intervention(p: Proposal) -> Finding | None:
    if p.actor != "NHSE" or _to(p) not in COMMISSIONERS:
        return None
    if not p.flag(*FAILURE):
        return None
    section = "s.14Z61" if _to(p) is K.ICB else "s.14Z21"
    return found(f"NHS England may intervene in the failing commissioner ({section}).")


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
    actions={"direct"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.14Z61 and s.223GB (ICBs); s.14Z21 (CCGs): specific powers only",
    in_force=ALWAYS,
    summary="Outside failure and resource management, neither NHS England nor the Secretary of "
    "State has a general power to direct a CCG or ICB.",
)
def no_general_direction_of_commissioners(p: Proposal) -> Finding | None:
    if _to(p) not in COMMISSIONERS or p.actor not in {"NHSE", "SOS"}:
        return None
    if p.actor == "NHSE" and p.arg("subject") in {"resources", "financial_objectives", "capital"}:
        return None
    if p.actor == "NHSE" and p.flag(*FAILURE):
        return None
    if p.actor == "SOS" and p.has_fact("emergency") and p.facts["emergency"]:
        return None
    return found(
        f"No power lets {p.actor} give a commissioner a general direction on '{p.arg('subject')}'."
    )


RULES = (
    failure_direction,
    no_general_direction_of_nhse,
    emergency_direction,
    direct_nhse,
    excluded_directions,
    direct_nhs_trusts,
    no_general_direction_of_fts,
    licence_enforcement,
    commissioners_cannot_direct_trusts,
    icb_intervention,
    resource_directions,
    no_general_direction_of_commissioners,
)
