"""The Secretary of State and local reconfigurations of NHS services.

From 31 January 2024 the Secretary of State may call in a proposal by NHS England or an ICB
to reconfigure services and take the decision (NHS Act 2006 Sch 10A para 3). Before then the
Secretary of State could intervene only on a local authority's health scrutiny referral (Local
Authority (Public Health, Health and Wellbeing Boards and Health Scrutiny) Regulations 2013,
reg 23), which ended on the same day.
"""

from __future__ import annotations

from nhswiring.domain.time import Interval
from nhswiring.law.common import CALL_IN_START, COMMISSIONERS, HSCA_START, K, found, must, names
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import HEALTH_SCRUTINY_2013, regulation
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect
from nhswiring.law.working_days import period_of_months_ends

REFERRAL = (
    "local_authority_referral",
    "Has a local authority referred the proposal to the Secretary of State under reg 23 "
    "of the Health Scrutiny Regulations 2013?",
)
COMMISSIONING_BODIES = COMMISSIONERS | {K.NHS_ENGLAND}


@rule(
    "nhs_act_2006.sch10A.call_in",
    actions={"call_in"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.68A and Sch 10A paras 1-4, 6-7 (inserted by HCA 2022 s.46 and Sch "
    "6; in force 31 January 2024, SI 2023/1431 reg 4)",
    in_force=Interval(CALL_IN_START),
    summary="The Secretary of State may direct NHS England or an ICB, calling in a proposal to "
    "reconfigure services, and then take any decision the body could have taken.",
)
def call_in(p: Proposal) -> Finding | None:
    body = str(p.arg("body"))
    if p.actor != "SOS" or p.kind(body) not in COMMISSIONING_BODIES:
        return None
    return found(
        f"The Secretary of State may call in {p.arg('proposal')} from {names(p, [body])}.",
        must(
            "Give the call-in direction to the commissioning body", "NHS Act 2006 Sch 10A para 3(1)"
        ),
        must(
            "Take any decision within the period of six months beginning with the day of the "
            "direction, and notify the body when the call-in is finished",
            "NHS Act 2006 Sch 10A para 3(2)",
            due=period_of_months_ends(p.day, 6),
        ),
        must(
            "Give people the opportunity to make representations before deciding",
            "NHS Act 2006 Sch 10A para 3(4)",
        ),
        must(
            "The body must give the Secretary of State the information and help needed",
            "NHS Act 2006 Sch 10A para 4",
            on=body,
        ),
    )


@rule(
    "nhs_act_2006.sch10A.no_call_in_before_2024",
    sources=(regulation(HEALTH_SCRUTINY_2013, "23"),),
    actions={"call_in"},
    effect=Effect.FORBIDS,
    citation="Health Scrutiny Regulations 2013 (SI 2013/218) reg 23 (referral route, to 30 "
    "January 2024); NHS Act 2006 Sch 10A not yet in force",
    in_force=Interval(HSCA_START, CALL_IN_START),
    summary="Before 31 January 2024 the Secretary of State could not call in a reconfiguration; "
    "the only route was a local authority's referral after the NHS body's decision.",
)
def no_call_in_before_2024(p: Proposal) -> Finding | None:
    if p.flag(*REFERRAL):
        return None
    return found(
        "No power to call in a reconfiguration existed; without a local authority "
        "referral the Secretary of State could not intervene."
    )


@rule(
    "si_2013_218.reg23.referral",
    actions={"call_in"},
    effect=Effect.PERMITS,
    citation="Local Authority (Public Health, Health and Wellbeing Boards and Health Scrutiny) "
    "Regulations 2013 (SI 2013/218) reg 23(9)",
    in_force=Interval(HSCA_START, CALL_IN_START),
    summary="On a local authority's referral the Secretary of State could decide the "
    "reconfiguration proposal (often after advice from the Independent Reconfiguration Panel).",
)
def referral(p: Proposal) -> Finding | None:
    if p.actor != "SOS" or not p.flag(*REFERRAL):
        return None
    return found(
        "The local authority referred the proposal, so the Secretary of State may determine it."
    )


RULES = (call_in, no_call_in_before_2024, referral)
