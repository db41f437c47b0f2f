"""Approvals, consents and consultations that an appointment or an order needs before it is
made: conditions precedent, so an appointment without the approval, or an order without the
consultation, is unlawful rather than lawful with a duty to obtain it later.

* NHS England's chief executive is appointed by its non-executives with the Secretary of
  State's consent (NHS Act 2006 Sch A1 para 3).
* An ICB's chair is appointed by NHS England with the Secretary of State's approval (Sch 1B
  para 5); its chief executive by the chair with NHS England's approval (para 7(1)); its
  ordinary members under its constitution with the chair's approval (para 8).
* A foundation trust's chief executive is appointed by the non-executive directors with the
  approval of the council of governors (Sch 7 para 17).
* NHS England must consult before varying or revoking an ICB establishment order (s.14Z25(7)) and
  the foundation trust before limiting its capital expenditure (s.42B(3)).
* Until 30 June 2022 NHS England granted an application to establish a CCG, or to merge CCGs,
  only if satisfied of the matters in s.14C(2) (s.14G(4)); and varied a CCG's area of its own
  motion (s.14F) only after consulting the CCG and any other CCG that might be affected.
"""

from __future__ import annotations

from nhswiring.law.common import ALWAYS, BEFORE_HCA, FROM_HCA, K
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.instruments import HCA_2022, NHS_ACT_2006, schedule, section
from nhswiring.law.nhs_act_2006.commissioners import ICB_ORDERS, _target_kind
from nhswiring.law.proposal import Proposal


def _approved(who: str, role: str, citation: str) -> Condition:
    return Condition(
        "appointment_approved",
        f"Has {who} approved (or consented to) the appointment of the {role} ({citation})?",
        f"{who} approved the appointment of the {role} ({citation})",
        f"{who} has not approved the appointment of the {role}, which may be made only with "
        f"that approval ({citation})",
    )


def _role(p: Proposal) -> str:
    return str(p.arg("role"))


@precondition(
    "nhs_act_2006.schA1p3.nhse_chief_executive_consent",
    actions={"appoint"},
    citation="NHS Act 2006 Sch A1 para 3 (NHS England's chief executive appointed by its "
    "non-executive members with the Secretary of State's consent)",
    in_force=ALWAYS,
    summary="NHS England's chief executive may be appointed only with the Secretary of State's "
    "consent.",
    sources=(schedule(NHS_ACT_2006, "A1", "3"),),
)
def nhse_chief_executive_consent(p: Proposal) -> Condition | None:
    bodies = p.codes("bodies")
    if _role(p) != "chief_executive" or p.actor not in {"NHSE", "SOS"}:
        return None
    if not bodies or any(p.kind(b) is not K.NHS_ENGLAND for b in bodies):
        return None
    return _approved(
        "the Secretary of State", "NHS England's chief executive", "NHS Act 2006 Sch A1 para 3"
    )


ICB_EMPLOYEE = Condition(
    "chief_executive_is_icb_employee",
    "Is the person to be appointed the ICB's chief executive an employee of the ICB (NHS Act "
    "2006 Sch 1B para 7(2))?",
    "the chief executive is an employee of the ICB",
    "the person is not an employee of the ICB, and only an employee is eligible to become its "
    "chief executive (NHS Act 2006 Sch 1B para 7(2))",
)


@precondition(
    "nhs_act_2006.sch1B.icb_appointment_approval",
    actions={"appoint"},
    citation="NHS Act 2006 Sch 1B para 5 (chair: NHS England with the Secretary of State's "
    "approval), para 7 (chief executive: the chair with NHS England's approval, and only an "
    "employee of the ICB), para 8 "
    "(ordinary members: with the chair's approval) (inserted by HCA 2022 Sch 2)",
    in_force=FROM_HCA,
    summary="An ICB's chair may be appointed only with the Secretary of State's approval, its "
    "chief executive only with NHS England's (and only an employee of the ICB), and its "
    "ordinary members only with the chair's.",
    sources=(
        schedule(NHS_ACT_2006, "1B", "5"),
        schedule(NHS_ACT_2006, "1B", "7"),
        schedule(NHS_ACT_2006, "1B", "8"),
    ),
)
def icb_appointment_approval(p: Proposal) -> Condition | list[Condition] | None:
    icbs = [b for b in p.codes("bodies") if p.kind(b) is K.ICB]
    if not icbs:
        return None
    role = _role(p)
    if role == "chair":
        if p.actor != "NHSE":
            return None
        return _approved("the Secretary of State", "ICB's chair", "NHS Act 2006 Sch 1B para 5")
    if p.actor != icbs[0]:
        return None
    if role == "chief_executive":
        return [
            _approved("NHS England", "ICB's chief executive", "NHS Act 2006 Sch 1B para 7(1)"),
            ICB_EMPLOYEE,
        ]
    return _approved(
        "the ICB's chair", f"ICB's {role.replace('_', ' ')}", "NHS Act 2006 Sch 1B para 8"
    )


@precondition(
    "nhs_act_2006.sch7p17.ft_chief_executive_approval",
    actions={"appoint"},
    citation="NHS Act 2006 Sch 7 para 17 (a foundation trust's chief executive appointed by the "
    "non-executive directors, the appointment requiring the council of governors' approval)",
    in_force=ALWAYS,
    summary="A foundation trust's chief executive may be appointed only with the approval of "
    "its council of governors.",
    sources=(schedule(NHS_ACT_2006, "7", "17"),),
)
def ft_chief_executive_approval(p: Proposal) -> Condition | None:
    fts = [b for b in p.codes("bodies") if p.kind(b) is K.FOUNDATION_TRUST]
    if not fts or _role(p) != "chief_executive" or p.actor != fts[0]:
        return None
    return _approved(
        "the council of governors",
        "foundation trust's chief executive",
        "NHS Act 2006 Sch 7 para 17",
    )


ICBS_CONSULTED = Condition(
    "affected_icbs_consulted",
    "Has NHS England consulted each ICB it considers likely to be affected before varying or "
    "revoking the establishment order (NHS Act 2006 s.14Z25(7))?",
    "NHS England consulted the ICBs likely to be affected before varying or revoking the order",
    "NHS England has not consulted the ICBs likely to be affected, which it must do before "
    "varying or revoking an establishment order (NHS Act 2006 s.14Z25(7))",
)


@precondition(
    "nhs_act_2006.s14Z25.consult_before_variation",
    actions={"merge", "dissolve", "vary_area"},
    citation="NHS Act 2006 s.14Z25(7) (inserted by HCA 2022 s.19): NHS England consults any "
    "ICB it considers likely to be affected before varying or revoking an establishment order",
    in_force=ICB_ORDERS,
    summary="NHS England may vary or revoke an ICB establishment order (merging, splitting, "
    "moving a boundary or abolishing an ICB) only after consulting the ICBs likely to be "
    "affected.",
    sources=(section(NHS_ACT_2006, "14Z25"), section(HCA_2022, "19")),
)
def consult_before_variation(p: Proposal) -> Condition | None:
    if _target_kind(p) is not K.ICB or p.actor != "NHSE":
        return None
    return ICBS_CONSULTED


FT_CONSULTED = Condition(
    "ft_consulted_on_capital_limit",
    "Has NHS England consulted the foundation trust before making the capital expenditure "
    "limit order (NHS Act 2006 s.42B(3))?",
    "NHS England consulted the foundation trust before making the order",
    "NHS England has not consulted the foundation trust, which it must do before making the "
    "order (NHS Act 2006 s.42B(3))",
)


@precondition(
    "nhs_act_2006.s42B.consult_trust",
    actions={"set_capital_limit"},
    citation="NHS Act 2006 s.42B(3) (inserted by HCA 2022 s.62)",
    in_force=FROM_HCA,
    summary="NHS England may limit a foundation trust's capital expenditure only after "
    "consulting the trust.",
    sources=(section(NHS_ACT_2006, "42B"), section(HCA_2022, "62")),
)
def consult_trust(p: Proposal) -> Condition | None:
    if p.actor != "NHSE" or p.kind(str(p.arg("trust"))) is not K.FOUNDATION_TRUST:
        return None
    return FT_CONSULTED


CCG_GRANT = Condition(
    "ccg_application_satisfies_s14C",
    "Is NHS England satisfied of the matters in NHS Act 2006 s.14C(2): the proposed constitution "
    "complies with Sch 1A Part 1, the members are primary medical services providers, the area "
    "is appropriate, the accountable officer is appropriate, and the arrangements for the "
    "group's functions and governing body are appropriate?",
    "NHS England is satisfied of the matters in s.14C(2)",
    "NHS England is not satisfied of the matters in s.14C(2), so it may not grant the "
    "application (NHS Act 2006 s.14C, applied to mergers by s.14G(4))",
)
CCGS_CONSULTED = Condition(
    "ccgs_consulted_on_variation",
    "Has NHS England consulted the CCG, and any other CCG it thinks might be affected, before "
    "varying the CCG's constitution of its own motion (NHS Act 2006 s.14F(4))?",
    "NHS England consulted the CCGs that might be affected before the variation",
    "NHS England has not consulted the CCGs that might be affected, which it must do before "
    "varying a CCG's area of its own motion (NHS Act 2006 s.14F(4))",
)


def _on_application(p: Proposal) -> bool:
    return p.has_fact("application_made") and bool(p.facts["application_made"])


@precondition(
    "nhs_act_2006.s14C.ccg_grant_conditions",
    actions={"establish", "merge", "vary_area"},
    citation="NHS Act 2006 s.14C (NHS England grants an application to establish a CCG if "
    "satisfied of the s.14C(2) matters; applied to mergers by s.14G(4)) and s.14F(4) "
    "(consultation before a variation of its own motion), inserted by HSCA 2012 s.25",
    in_force=BEFORE_HCA,
    summary="NHS England may grant an application to establish or merge CCGs only if satisfied "
    "of the s.14C(2) matters, and may vary a CCG's area of its own motion only after consulting "
    "the CCGs that might be affected.",
    sources=(
        section(NHS_ACT_2006, "14C"),
        section(NHS_ACT_2006, "14F"),
        section(NHS_ACT_2006, "14G"),
    ),
)
def ccg_grant_conditions(p: Proposal) -> Condition | None:
    if _target_kind(p) is not K.CCG or p.actor != "NHSE":
        return None
    if p.action == "vary_area":
        return None if _on_application(p) else CCGS_CONSULTED
    return CCG_GRANT if _on_application(p) else None


RULES = (
    ccg_grant_conditions,
    nhse_chief_executive_consent,
    icb_appointment_approval,
    ft_chief_executive_approval,
    consult_before_variation,
    consult_trust,
)
