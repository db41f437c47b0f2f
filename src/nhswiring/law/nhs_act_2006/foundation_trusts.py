"""Becoming a foundation trust, and the one national body abolished by an Act outside health law.

An NHS trust becomes an NHS foundation trust by authorisation on its application (NHS Act 2006
ss.33-35): Monitor authorised until 30 June 2022 (the application needed the Secretary of
State's support, s.33(1)); from 1 July 2022 NHS England authorises, and only with the Secretary
of State's approval (HCA 2022 s.58, which also dropped the need for support). The audit of the
register (``service/audit.py``) judges every change of kind to foundation trust by these rules.

The Office of Fair Trading's merger functions passed to the CMA on 1 April 2014, and the OFT was
abolished by the Enterprise and Regulatory Reform Act 2013 s.26(2) (commenced by SI 2014/416):
Parliament's act, recorded in the register as the Secretary of State commencing it.
"""

from __future__ import annotations

from datetime import date

from nhswiring.domain.time import Interval
from nhswiring.law.common import ALWAYS, FROM_HCA, K, found, must, names
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import ERRA_2013, HCA_2022, NHS_ACT_2006, section
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

#: The OFT's abolition and the CMA's taking of its functions (SI 2014/416).
OFT_ABOLISHED = date(2014, 4, 1)

APPLIED = (
    "application_made",
    "Did the NHS trust apply for authorisation as a foundation trust (NHS Act 2006 s.33)?",
)


@rule(
    "nhs_act_2006.s35.ft_authorisation",
    sources=(
        section(NHS_ACT_2006, "33"),
        section(NHS_ACT_2006, "35"),
        section(HCA_2022, "58"),
    ),
    actions={"authorise_foundation_trust"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 ss.33-35 (authorisation of an NHS trust as a foundation trust on its "
    "application: Monitor to 30 June 2022; NHS England with the Secretary of State's approval "
    "from 1 July 2022, HCA 2022 s.58)",
    in_force=ALWAYS,
    summary="An NHS trust that applies may be authorised as an NHS foundation trust: by Monitor "
    "until 30 June 2022 (the application supported by the Secretary of State), by NHS England "
    "with the Secretary of State's approval from 1 July 2022.",
)
def ft_authorisation(p: Proposal) -> Finding | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is not K.NHS_TRUST:
        return None
    regulator = "MONITOR" if p.law_day < FROM_HCA.start else "NHSE"
    if p.actor == trust:
        return found(
            f"{names(p, [trust])} may apply to become a foundation trust.",
            must(
                f"{regulator} must decide the application",
                "NHS Act 2006 s.35",
                on=regulator,
            ),
        )
    if p.actor != regulator or not p.flag(*APPLIED):
        return None
    if regulator == "MONITOR":
        return found(
            f"Monitor authorises {names(p, [trust])} as a foundation trust on its application.",
            must(
                "The application must have had the Secretary of State's support",
                "NHS Act 2006 s.33(1) (before HCA 2022 s.58)",
                on="SOS",
            ),
        )
    return found(
        f"NHS England authorises {names(p, [trust])} as a foundation trust on its application.",
        must(
            "The Secretary of State must approve the authorisation",
            "NHS Act 2006 s.35 (as amended by HCA 2022 s.58)",
            on="SOS",
        ),
    )


@rule(
    "nhs_act_2006.s35.only_nhs_trusts",
    sources=(section(NHS_ACT_2006, "35"),),
    actions={"authorise_foundation_trust"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 ss.33, 35 (only an NHS trust may apply for authorisation)",
    in_force=ALWAYS,
    summary="Only an NHS trust can be authorised as a foundation trust: not a body of another "
    "kind, nor a trust that already is one.",
)
def only_nhs_trusts(p: Proposal) -> Finding | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is K.NHS_TRUST:
        return None
    return found(f"{names(p, [trust])} is not an NHS trust, so it cannot be authorised.")


@rule(
    "erra_2013.s26.oft_abolished",
    sources=(section(ERRA_2013, "26"),),
    actions={"dissolve"},
    effect=Effect.PERMITS,
    citation="Enterprise and Regulatory Reform Act 2013 s.26(2) (the OFT abolished; its "
    "functions to the CMA, Sch 5-6), commenced 1 April 2014 by SI 2014/416",
    in_force=Interval(OFT_ABOLISHED),
    summary="The Office of Fair Trading is abolished by the 2013 Act itself, from 1 April 2014; "
    "its merger functions (including review of foundation trust mergers) pass to the CMA.",
)
def oft_abolished(p: Proposal) -> Finding | None:
    if p.arg("body") != "OFT" or p.actor != "SOS":
        return None
    return found(
        "The Office of Fair Trading is abolished by the Enterprise and Regulatory Reform Act 2013; "
        "the CMA takes its functions.",
        must(
            "Transfer its property, rights and liabilities by transfer scheme",
            "ERRA 2013 s.27",
            on="SOS",
        ),
    )


RULES = (ft_authorisation, only_nhs_trusts, oft_abolished)
