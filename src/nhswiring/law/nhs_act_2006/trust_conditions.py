"""What must already hold before an NHS trust order, a trust's restructuring application or
its grant is lawful: conditions precedent, not duties to do something afterwards.

* An NHS trust order (establishing a trust) may not be made until the prescribed consultation
  is complete (NHS Act 2006 s.25(3)). An order dissolving one is made on the trust's application
  or in the interests of the health service (Sch 4 para 28(2)), after the prescribed
  consultation unless urgent or following a trust special administrator's final report (para
  28(3)). From 1 July 2022 NHS England too may dissolve an NHS trust by order, but only with the
  Secretary of State's approval (para 28(1A), HCA 2022 s.58).
* A merger (s.56) or acquisition (s.56A) application may be made only with the approval of more
  than half of the members of the council of governors of each applicant foundation trust
  (s.56(1A), s.56A(2), HSCA 2012 ss.168-169, from 1 April 2013); until 30 June 2022 an NHS
  trust's part in it needed the Secretary of State's support (s.56(2)(a), s.56A(3)(a), omitted
  by HCA 2022 s.65).
* The regulator must grant if satisfied the preparatory steps were taken (s.56(4), s.56A(4));
  from 1 July 2022 NHS England grants only if so satisfied and the Secretary of State approves,
  and must otherwise refuse (HCA 2022 s.65).
* A foundation trust's dissolution (s.57A(3)) is granted only if the regulator is satisfied of
  the preparatory steps and, until 30 June 2022, that the trust has no liabilities (HCA 2022
  s.66 removed that limb).
"""

from __future__ import annotations

from nhswiring.law.common import ALWAYS, FROM_HCA, TRUSTS, K, ft_regulator
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.instruments import HCA_2022, HSCA_2012, NHS_ACT_2006, schedule, section
from nhswiring.law.proposal import Proposal

APPLIED = (
    "application_made",
    "Have the trusts concerned made the application the Act requires (NHS Act 2006 ss.56, "
    "56A, 56B, 57A)?",
)


# --- NHS trust orders (s.25, Sch 4 para 28) --------------------------------------------------

ESTABLISHMENT_CONSULTED = Condition(
    "nhs_trust_order_consultation_completed",
    "Was the consultation prescribed for the NHS trust order completed before it is made "
    "(NHS Act 2006 s.25(3); NHS Trusts (Consultation on Establishment and Dissolution) "
    "Regulations 1996 and 2010)?",
    "the prescribed consultation on the NHS trust order was completed",
    "the prescribed consultation on the NHS trust order was not completed, so the order may "
    "not be made (NHS Act 2006 s.25(3))",
)
DISSOLUTION_CONSULTED = Condition(
    "nhs_trust_dissolution_consultation_completed",
    "Was the consultation prescribed for dissolving the NHS trust completed before the order "
    "(NHS Act 2006 Sch 4 para 28(3); not needed where the order is made as a matter of "
    "urgency: give nhs_trust_dissolution_urgent)?",
    "the prescribed consultation on the dissolution was completed",
    "the prescribed consultation on the dissolution was not completed, so the order may not "
    "be made (NHS Act 2006 Sch 4 para 28(3))",
)
GROUND = Condition(
    "nhs_trust_dissolution_ground",
    "Is the order dissolving the NHS trust made on the trust's application, or does the "
    "Secretary of State (from 1 July 2022, or NHS England) consider it appropriate in the "
    "interests of the health service (NHS Act 2006 Sch 4 para 28(2))?",
    "the order is made on the trust's application or in the interests of the health service",
    "the order is made neither on the trust's application nor as appropriate in the interests "
    "of the health service, the only grounds for it (NHS Act 2006 Sch 4 para 28(2))",
)
URGENT = (
    "nhs_trust_dissolution_urgent",
    "Does the order dissolving the NHS trust need to be made as a matter of urgency (or follow "
    "the publication of a trust special administrator's final report, s.65I(3)), so that the "
    "prescribed consultation is not required (NHS Act 2006 Sch 4 para 28(3))?",
)
SOS_APPROVED_ORDER = Condition(
    "sos_approved_dissolution_order",
    "Has the Secretary of State approved NHS England's order dissolving the NHS trust (NHS Act "
    "2006 Sch 4 para 28(1A), from 1 July 2022)?",
    "the Secretary of State approved NHS England's dissolution order",
    "the Secretary of State has not approved NHS England's dissolution order, which it may make "
    "only with that approval (NHS Act 2006 Sch 4 para 28(1A))",
)


def _dissolution_conditions(p: Proposal) -> list[Condition]:
    found: list[Condition] = [GROUND]
    if p.actor == "NHSE":
        found.append(SOS_APPROVED_ORDER)
    if not (p.has_fact(URGENT[0]) and p.flag(*URGENT)):
        found.append(DISSOLUTION_CONSULTED)
    return found


def _order_maker(p: Proposal) -> bool:
    return p.actor == "SOS" or (p.actor == "NHSE" and p.law_day >= FROM_HCA.start)


@precondition(
    "nhs_act_2006.s25.establishment_consultation",
    actions={"establish"},
    citation="NHS Act 2006 s.25(3) (no NHS trust order until the prescribed consultation is "
    "complete)",
    in_force=ALWAYS,
    summary="The Secretary of State may make an order establishing an NHS trust only after the "
    "prescribed consultation has been completed.",
    sources=(section(NHS_ACT_2006, "25"),),
)
def establishment_consultation(p: Proposal) -> Condition | None:
    if str(p.arg("kind") or "") != K.NHS_TRUST.value or p.actor != "SOS":
        return None
    return ESTABLISHMENT_CONSULTED


@precondition(
    "nhs_act_2006.sch4p28.dissolution_conditions",
    actions={"dissolve"},
    citation="NHS Act 2006 Sch 4 para 28(2) (on the trust's application or in the interests of "
    "the health service), para 28(3) (prescribed consultation first, unless urgent or after a "
    "trust special administrator's final report) and para 28(1A) (NHS England's order only "
    "with the Secretary of State's approval, inserted by HCA 2022 s.58 from 1 July 2022)",
    in_force=ALWAYS,
    summary="An order dissolving an NHS trust may be made only on the trust's application or in "
    "the interests of the health service, after the prescribed consultation (unless urgent); "
    "NHS England's order, from 1 July 2022, only with the Secretary of State's approval.",
    sources=(schedule(NHS_ACT_2006, "4", "28"), section(HCA_2022, "58")),
)
def dissolution_conditions(p: Proposal) -> list[Condition] | None:
    if p.kind(str(p.arg("body"))) is not K.NHS_TRUST or not _order_maker(p):
        return None
    return _dissolution_conditions(p)


@precondition(
    "nhs_act_2006.sch4p28.merger_conditions",
    actions={"merge"},
    citation="NHS Act 2006 Sch 4 para 28(1A)-(3) (dissolution orders) and s.25(3) (an order "
    "establishing the new trust)",
    in_force=ALWAYS,
    summary="NHS trusts are merged by orders dissolving them (and establishing a new trust): "
    "each order needs its prescribed consultation first (unless a dissolution is urgent), and "
    "NHS England's dissolution orders the Secretary of State's approval.",
    sources=(schedule(NHS_ACT_2006, "4", "28"), section(NHS_ACT_2006, "25")),
)
def merger_conditions(p: Proposal) -> list[Condition] | None:
    bodies = p.codes("bodies")
    if not bodies or any(p.kind(b) is not K.NHS_TRUST for b in bodies) or not _order_maker(p):
        return None
    found = _dissolution_conditions(p)
    if p.arg("into") not in bodies and p.actor == "SOS":
        found.append(ESTABLISHMENT_CONSULTED)
    return found


# --- foundation trust mergers and acquisitions (ss.56, 56A) ----------------------------------

TRANSACTION_STEPS = Condition(
    "transaction_steps_taken",
    "Is the regulator satisfied that the steps necessary to prepare for the merger or "
    "acquisition have been taken (NHS Act 2006 ss.56(4), 56A(4))?",
    "the regulator is satisfied the necessary preparatory steps were taken",
    "the regulator is not satisfied the necessary preparatory steps were taken, so it may not "
    "grant the application",
)
SOS_APPROVED_TRANSACTION = Condition(
    "sos_approved_transaction",
    "Has the Secretary of State approved the grant of the merger or acquisition application "
    "(NHS Act 2006 ss.56(4)(b), 56A(4)(b) as substituted by HCA 2022 s.65, from 1 July 2022)?",
    "the Secretary of State approved the grant",
    "the Secretary of State has not approved the grant, so NHS England must refuse the "
    "application (NHS Act 2006 ss.56(4), 56A(4))",
)
SOS_SUPPORTED_TRANSACTION = Condition(
    "sos_supported_transaction",
    "Does the Secretary of State support the application, an NHS trust being a party to it "
    "(NHS Act 2006 s.56(2)(a), s.56A(3)(a); omitted by HCA 2022 s.65 from 1 July 2022)?",
    "the Secretary of State supported the NHS trust's application",
    "the application lacks the Secretary of State's support that an NHS trust's part in it "
    "needed (NHS Act 2006 s.56(2)(a), s.56A(3)(a))",
)


def _transaction_trusts(p: Proposal) -> list[str]:
    """The applicants when the action is a merger or acquisition among NHS trusts and
    foundation trusts with at least one foundation trust (ss.56, 56A); else empty."""
    bodies = list(p.codes("bodies"))
    if len(bodies) < 2 or any(p.kind(b) not in TRUSTS for b in bodies):
        return []
    if K.FOUNDATION_TRUST not in p.kinds(bodies):
        return []
    return bodies


def _governors(p: Proposal, trusts: list[str]) -> Condition:
    fts = ", ".join(t for t in trusts if p.kind(t) is K.FOUNDATION_TRUST)
    return Condition(
        "ft_governors_majority_approved",
        f"Did more than half of the members of the council of governors of each applicant "
        f"foundation trust ({fts}) approve the application (NHS Act 2006 ss.56(1A), 56A(2), "
        "from 1 April 2013)?",
        f"more than half of the members of the council of governors of each applicant "
        f"foundation trust ({fts}) approved the application",
        f"the application lacks the approval of more than half of the members of the council "
        f"of governors of each applicant foundation trust ({fts}), without which it may not be "
        "made (NHS Act 2006 ss.56(1A), 56A(2))",
    )


def _needs_support(p: Proposal, trusts: list[str]) -> bool:
    """Before 1 July 2022: a merger with an NHS trust (s.56(2)(a)), or the acquisition of an NHS
    trust (s.56A(3)(a))."""
    if p.law_day >= FROM_HCA.start:
        return False
    into = p.arg("into")
    if into in trusts:
        return any(p.kind(t) is K.NHS_TRUST for t in trusts if t != into)
    return K.NHS_TRUST in p.kinds(trusts)


@precondition(
    "nhs_act_2006.s56.application_conditions",
    actions={"merge"},
    citation="NHS Act 2006 s.56(1A) and s.56A(2) (governors' approval, inserted by HSCA 2012 "
    "ss.168-169 from 1 April 2013); s.56(2)(a) and s.56A(3)(a) (the Secretary of State's "
    "support where an NHS trust is a party, omitted by HCA 2022 s.65 from 1 July 2022)",
    in_force=ALWAYS,
    summary="A merger or acquisition application may be made only with the approval of more "
    "than half of the members of each applicant foundation trust's council of governors; until "
    "30 June 2022 an NHS trust's part in it needed the Secretary of State's support.",
    sources=(
        section(NHS_ACT_2006, "56"),
        section(NHS_ACT_2006, "56A"),
        section(HSCA_2012, "168"),
        section(HSCA_2012, "169"),
        section(HCA_2022, "65"),
    ),
)
def application_conditions(p: Proposal) -> list[Condition] | None:
    trusts = _transaction_trusts(p)
    if not trusts or p.actor not in {*trusts, ft_regulator(p)}:
        return None
    if p.actor == ft_regulator(p) and not p.flag(*APPLIED):
        return None
    found = [_governors(p, trusts)]
    if _needs_support(p, trusts):
        found.append(SOS_SUPPORTED_TRANSACTION)
    return found


@precondition(
    "nhs_act_2006.s56.grant_conditions",
    actions={"merge"},
    citation="NHS Act 2006 ss.56(4), 56A(4) (Monitor must grant if satisfied of the preparatory "
    "steps, HSCA 2012 ss.168-169; from 1 July 2022 NHS England must grant only if so satisfied "
    "and the Secretary of State approves, and must otherwise refuse, HCA 2022 s.65)",
    in_force=ALWAYS,
    summary="The grant of a merger or acquisition rests on the regulator being satisfied the "
    "preparatory steps were taken; from 1 July 2022 also on the Secretary of State's approval, "
    "failing which NHS England must refuse.",
    sources=(section(NHS_ACT_2006, "56"), section(NHS_ACT_2006, "56A"), section(HCA_2022, "65")),
)
def grant_conditions(p: Proposal) -> list[Condition] | None:
    trusts = _transaction_trusts(p)
    if not trusts or p.actor != ft_regulator(p) or not p.flag(*APPLIED):
        return None
    if p.actor == "NHSE":
        return [TRANSACTION_STEPS, SOS_APPROVED_TRANSACTION]
    return [TRANSACTION_STEPS]


# --- foundation trust dissolution (s.57A) ----------------------------------------------------

NO_LIABILITIES = Condition(
    "no_liabilities",
    "Is the regulator satisfied that the foundation trust has no liabilities (NHS Act 2006 "
    "s.57A(3)(a), until 30 June 2022)?",
    "the regulator is satisfied the trust has no liabilities",
    "the trust has liabilities, so the regulator may not grant its dissolution (NHS Act 2006 "
    "s.57A(3)(a), before 1 July 2022)",
)
DISSOLUTION_STEPS = Condition(
    "dissolution_steps_taken",
    "Is the regulator satisfied that the steps necessary to prepare for the foundation trust's "
    "dissolution have been taken (NHS Act 2006 s.57A(3)(b))?",
    "the regulator is satisfied the necessary preparatory steps were taken",
    "the regulator is not satisfied the necessary preparatory steps were taken, so it may not "
    "grant the dissolution",
)


@precondition(
    "nhs_act_2006.s57A.grant_conditions",
    actions={"dissolve"},
    citation="NHS Act 2006 s.57A(3) (inserted by HSCA 2012 s.171 from 1 April 2013; the "
    "no-liabilities limb omitted by HCA 2022 s.66 from 1 July 2022)",
    in_force=ALWAYS,
    summary="The regulator grants a foundation trust's application to be dissolved if satisfied "
    "the preparatory steps were taken and, until 30 June 2022, that the trust has no "
    "liabilities.",
    sources=(section(NHS_ACT_2006, "57A"), section(HCA_2022, "66")),
)
def ft_dissolution_grant(p: Proposal) -> list[Condition] | None:
    trust = str(p.arg("body"))
    if p.kind(trust) is not K.FOUNDATION_TRUST or p.actor != ft_regulator(p):
        return None
    if not p.flag(*APPLIED):
        return None
    if p.law_day < FROM_HCA.start:
        return [NO_LIABILITIES, DISSOLUTION_STEPS]
    return [DISSOLUTION_STEPS]


RULES = (
    establishment_consultation,
    dissolution_conditions,
    merger_conditions,
    application_conditions,
    grant_conditions,
    ft_dissolution_grant,
)
