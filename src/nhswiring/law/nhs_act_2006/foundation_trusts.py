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

from nhswiring.domain.time import Interval
from nhswiring.law.common import ALWAYS, BEFORE_HCA, FROM_HCA, K, found, ft_regulator, must, names
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import ERRA_2013, HCA_2022, HSCA_2012, NHS_ACT_2006, section
from nhswiring.law.parameters import CMA_START
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

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
    "until 30 June 2022, by NHS England from 1 July 2022 (the Secretary of State's support for "
    "the application, then his approval of the authorisation, are conditions: "
    "nhs_act_2006.s33.sos_support, nhs_act_2006.s35.sos_approval).",
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
    by = "Monitor" if regulator == "MONITOR" else "NHS England"
    return found(f"{by} authorises {names(p, [trust])} as a foundation trust on its application.")


SOS_SUPPORT = Condition(
    "sos_supported_application",
    "Was the NHS trust's application for authorisation supported by the Secretary of State "
    "(NHS Act 2006 s.33(1), before 1 July 2022)?",
    "the Secretary of State supported the application",
    "the application did not have the Secretary of State's support",
)
SOS_APPROVAL = Condition(
    "sos_approved_authorisation",
    "Has the Secretary of State approved the authorisation (NHS Act 2006 s.35(1) as amended by "
    "HCA 2022 s.58, from 1 July 2022)?",
    "the Secretary of State approved the authorisation",
    "the Secretary of State has not approved the authorisation",
)


@precondition(
    "nhs_act_2006.s33.sos_support",
    actions={"authorise_foundation_trust"},
    citation="NHS Act 2006 s.33(1) (an NHS trust may apply only if the Secretary of State "
    "supports the application; the requirement was removed by HCA 2022 s.58 from 1 July 2022)",
    in_force=BEFORE_HCA,
    summary="Until 30 June 2022 an NHS trust could apply for authorisation, and Monitor "
    "authorise it, only with the Secretary of State's support for the application.",
    sources=(section(NHS_ACT_2006, "33"), section(HCA_2022, "58")),
)
def sos_support(p: Proposal) -> Condition | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is not K.NHS_TRUST or p.actor not in {trust, "MONITOR"}:
        return None
    if p.actor == "MONITOR" and not p.flag(*APPLIED):
        return None
    return SOS_SUPPORT


@precondition(
    "nhs_act_2006.s35.sos_approval",
    actions={"authorise_foundation_trust"},
    citation="NHS Act 2006 s.35(1) (as amended by HCA 2022 s.58: NHS England may authorise only "
    "if the Secretary of State approves)",
    in_force=FROM_HCA,
    summary="From 1 July 2022 NHS England may authorise an NHS trust as a foundation trust only "
    "with the Secretary of State's approval.",
    sources=(section(NHS_ACT_2006, "35"), section(HCA_2022, "58")),
)
def sos_approval(p: Proposal) -> Condition | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is not K.NHS_TRUST or p.actor != "NHSE" or not p.flag(*APPLIED):
        return None
    return SOS_APPROVAL


MATTERS = Condition(
    "ft_authorisation_matters_satisfied",
    "Is the regulator satisfied of the matters in NHS Act 2006 s.35(2) (constitution in "
    "accordance with Sch 7, representative membership, council of governors and board, steps "
    "to prepare taken, able to provide services, any other requirements) and that the "
    "applicant sought the views s.35(5) requires and complied with any consultation "
    "regulations (s.35(6))?",
    "the regulator is satisfied of the matters in s.35(2) and of the consultation in s.35(5)-(6)",
    "the regulator is not satisfied of the matters in s.35(2) (or of the consultation in "
    "s.35(5)-(6)), so it may not give the authorisation",
)


@precondition(
    "nhs_act_2006.s35.authorisation_matters",
    actions={"authorise_foundation_trust"},
    citation="NHS Act 2006 s.35(1)-(2), (5)-(6) (the regulator may authorise only if satisfied "
    "of the listed matters and that the applicant sought the views required)",
    in_force=ALWAYS,
    summary="Monitor (from 1 July 2022 NHS England) may authorise an NHS trust as a foundation "
    "trust only if satisfied of the matters in s.35(2) and that the applicant consulted as "
    "s.35(5)-(6) require.",
    sources=(section(NHS_ACT_2006, "35"),),
)
def authorisation_matters(p: Proposal) -> Condition | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is not K.NHS_TRUST or p.actor != ft_regulator(p) or not p.flag(*APPLIED):
        return None
    return MATTERS


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
    in_force=Interval(CMA_START),
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


# --- separation (s.56B) and the governors' approval of an FT's own application (s.57A) -------

GOVERNORS = Condition(
    "ft_governors_majority_approved",
    "Did more than half of the members of the foundation trust's council of governors approve "
    "the application (NHS Act 2006 ss.56B(2), 57A(2), from 1 April 2013)?",
    "more than half of the members of the council of governors approved the application",
    "the application lacks the approval of more than half of the members of the council of "
    "governors",
)
STEPS = Condition(
    "separation_steps_taken",
    "Is the regulator satisfied that the steps necessary to prepare for the trust's dissolution "
    "and the establishment of each new trust have been taken (NHS Act 2006 s.56B(4))?",
    "the regulator is satisfied the necessary preparatory steps were taken",
    "the regulator is not satisfied the necessary preparatory steps were taken",
)
SOS_SEPARATION = Condition(
    "sos_approved_separation",
    "Has the Secretary of State approved the grant of the separation (NHS Act 2006 s.56B(4) as "
    "substituted by HCA 2022 s.65, from 1 July 2022)?",
    "the Secretary of State approved the grant",
    "the Secretary of State has not approved the grant (NHS England must refuse)",
)
SEPARATION_APPLIED = (
    "application_made",
    "Did the foundation trust apply for its separation into new foundation trusts (NHS Act 2006 "
    "s.56B(1))?",
)


@rule(
    "nhs_act_2006.s56B.separation",
    sources=(section(NHS_ACT_2006, "56B"), section(NHS_ACT_2006, "57"), section(HCA_2022, "65")),
    actions={"separate_foundation_trust"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.56B (inserted by HSCA 2012 s.170 from 1 April 2013; s.56B(4) "
    "substituted by HCA 2022 s.65 from 1 July 2022) and s.57 (the dissolution order)",
    in_force=ALWAYS,
    summary="A foundation trust may apply to be dissolved and replaced by two or more new "
    "foundation trusts; the regulator (Monitor, from 1 July 2022 NHS England) grants the "
    "application and makes the order dissolving the trust and establishing the new ones.",
)
def separation(p: Proposal) -> Finding | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is not K.FOUNDATION_TRUST:
        return None
    regulator = ft_regulator(p)
    new = list(p.codes("into"))
    if p.actor == trust:
        return found(
            f"{names(p, [trust])} may apply to separate into {len(new)} new foundation trusts "
            f"({', '.join(new)}).",
            must(f"{regulator} must decide the application", "NHS Act 2006 s.56B(4)", on=regulator),
        )
    if p.actor != regulator or not p.flag(*SEPARATION_APPLIED):
        return None
    by = "Monitor" if regulator == "MONITOR" else "NHS England"
    duty = (
        "must grant the application, being satisfied the preparatory steps were taken"
        if regulator == "MONITOR"
        else "must grant the application, being satisfied of the preparatory steps and with "
        "the Secretary of State's approval"
    )
    return found(
        f"{by} {duty}.",
        must(
            "Specify the property and liabilities to pass to each new trust and make the order "
            "dissolving the trust and establishing the new trusts",
            "NHS Act 2006 s.57(1)-(2A)",
            on=regulator,
        ),
    )


@precondition(
    "nhs_act_2006.s56B.governors_approval",
    actions={"separate_foundation_trust"},
    citation="NHS Act 2006 s.56B(2) (inserted by HSCA 2012 s.170, in force 1 April 2013 by SI "
    "2013/671 art 2(3))",
    in_force=ALWAYS,
    summary="A foundation trust's application to separate may be made only with the approval "
    "of more than half of the members of its council of governors.",
    sources=(section(NHS_ACT_2006, "56B"), section(HSCA_2012, "170")),
)
def separation_governors(p: Proposal) -> Condition | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is not K.FOUNDATION_TRUST or p.actor not in {trust, ft_regulator(p)}:
        return None
    return GOVERNORS


@precondition(
    "nhs_act_2006.s56B.grant_conditions",
    actions={"separate_foundation_trust"},
    citation="NHS Act 2006 s.56B(4) (Monitor must grant if satisfied of the preparatory steps, "
    "HSCA 2012 s.170; from 1 July 2022 NHS England must grant only if so satisfied and the "
    "Secretary of State approves, and must otherwise refuse, HCA 2022 s.65)",
    in_force=ALWAYS,
    summary="The grant of a separation rests on the regulator being satisfied the preparatory "
    "steps were taken; from 1 July 2022 also on the Secretary of State's approval, failing "
    "which NHS England must refuse.",
    sources=(section(NHS_ACT_2006, "56B"), section(HCA_2022, "65")),
)
def separation_grant(p: Proposal) -> list[Condition] | None:
    trust = str(p.arg("trust"))
    if p.kind(trust) is not K.FOUNDATION_TRUST or p.actor != ft_regulator(p):
        return None
    if not p.flag(*SEPARATION_APPLIED):
        return None
    return [STEPS, SOS_SEPARATION] if p.actor == "NHSE" else [STEPS]


@precondition(
    "nhs_act_2006.s57A.governors_approval",
    actions={"dissolve"},
    citation="NHS Act 2006 s.57A(2) (inserted by HSCA 2012 s.171, in force 1 April 2013 by SI "
    "2013/671 art 2(3))",
    in_force=ALWAYS,
    summary="A foundation trust's application to be dissolved may be made only with the "
    "approval of more than half of the members of its council of governors.",
    sources=(section(NHS_ACT_2006, "57A"), section(HSCA_2012, "171")),
)
def dissolution_governors(p: Proposal) -> Condition | None:
    trust = str(p.arg("body"))
    if p.kind(trust) is not K.FOUNDATION_TRUST or p.actor not in {trust, ft_regulator(p)}:
        return None
    return GOVERNORS


SEPARATION_RULES = (separation, separation_governors, separation_grant, dissolution_governors)


RULES = (
    ft_authorisation,
    sos_support,
    sos_approval,
    authorisation_matters,
    only_nhs_trusts,
    oft_abolished,
    *SEPARATION_RULES,
)
