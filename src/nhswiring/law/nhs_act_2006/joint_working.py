"""Delegation and joint committees.

Until 30 June 2022 NHS England could arrange for its functions to be exercised only by CCGs,
special health authorities or prescribed bodies (s.13Z), and CCGs only with other CCGs or NHS
England (s.14Z3, s.14Z9; joint committees from 1 October 2014). Trusts could not take part.
From 1 July 2022 any "relevant body" (NHS England, an ICB, an NHS trust, an FT) may arrange for
another relevant body, a local authority or a combined authority to exercise its functions, or
exercise them jointly through a joint committee (ss.65Z5-65Z6), subject to the functions that
regulations reserve (SI 2022/642).
"""

from __future__ import annotations

from nhswiring.domain.commissioning import functions_held
from nhswiring.domain.time import Interval
from nhswiring.law.common import (
    BEFORE_HCA,
    CCG_JOINT_COMMITTEES,
    FROM_HCA,
    HSCA_START,
    RELEVANT_BODIES,
    TRUSTS,
    K,
    found,
    must,
    names,
)
from nhswiring.law.engine import Finding, rule
from nhswiring.law.function_catalogue import CATALOGUE
from nhswiring.law.instruments import HSCA_2012, JOINT_WORKING_2022, NHS_ACT_2006, section, whole
from nhswiring.law.parameters import NHS_DIGITAL_TRANSFER
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

#: NHS England functions that may not be delegated under s.65Z5 (SI 2022/642 reg 3 and Sch).
RESERVED_TO_NHSE = frozenset(
    {
        "establish_commissioners",  # ss.14Z25, 14Z26, 14Z28
        "direct_nhs_trusts",  # ss.27B-27D
        "oversee_providers",  # trust oversight and intervention
        "set_allocations",
        "set_financial_objectives",
        "set_ft_capital_limits",
        "approve_foundation_trust_transactions",
    }
)
#: From NHS Digital's abolition NHS England's data functions (inherited from NHS Digital) may
#: not be delegated either (SI 2022/642 reg 2(c), inserted by SI 2023/98).
DATA_FUNCTIONS = frozenset({"manage_health_information"})


def _holds(p: Proposal, body: str, function: str) -> bool:
    """The body holds the function by law, or exercises it by a delegation in force."""
    if any(h.function == function for h in functions_held(body, p.day, p.state, CATALOGUE)):
        return True
    return any(
        d.delegate == body and d.function == function for d in p.state.delegations(p.day, body)
    )


@rule(
    "nhs_act_2006.own_functions_only",
    actions={"delegate"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.13Z(1) and s.14Z3 (to 30 June 2022); s.65Z5(1) and s.275A (from "
    "1 July 2022)",
    in_force=Interval(HSCA_START),
    summary="A body can arrange for others to exercise only functions it has (by statute, or "
    "by a delegation it may pass on).",
    overrides=(
        "proposals_2019.commissioner_provider_committees",
        "nhs_act_2006.s13Z.nhse_arrangements",
        "nhs_act_2006.s14Z3.ccg_arrangements",
        "nhs_act_2006.s65Z5.delegation",
    ),
)
def own_functions_only(p: Proposal) -> Finding | None:
    function, source = str(p.arg("function")), str(p.arg("from"))
    if function not in CATALOGUE or _holds(p, source, function):
        return None
    return found(
        f"{names(p, [source])} does not hold {function} on {p.day.isoformat()}, so it "
        "cannot arrange for another body to exercise it."
    )


@rule(
    "nhs_act_2006.delegator_decides",
    actions={"delegate"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.13Z, s.14Z3, s.65Z5 (the holder of the function makes the "
    "arrangement)",
    in_force=Interval(HSCA_START),
    summary="Only the body whose function it is can make the arrangement for it to be "
    "exercised by another.",
    overrides=(
        "nhs_act_2006.s13Z.nhse_arrangements",
        "nhs_act_2006.s14Z3.ccg_arrangements",
        "nhs_act_2006.s65Z5.delegation",
    ),
)
def delegator_decides(p: Proposal) -> Finding | None:
    if p.actor == p.arg("from"):
        return None
    return found(
        f"{p.actor} is not the body delegating ({p.arg('from')}); only the holder can "
        "arrange for its function to be exercised by another."
    )


@rule(
    "nhs_act_2006.s13Z.nhse_arrangements",
    actions={"delegate"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.13Z (inserted by HSCA 2012 s.23; omitted from 1 July 2022)",
    in_force=BEFORE_HCA,
    summary="NHS England could arrange for a CCG (or a special health authority or prescribed "
    "body) to exercise its functions, remaining liable for them.",
)
def nhse_arrangements(p: Proposal) -> Finding | None:
    if p.arg("from") != "NHSE" or p.kind(str(p.arg("to"))) not in {
        K.CCG,
        K.TDA,
        K.HEALTH_EDUCATION_ENGLAND,
    }:
        return None
    return found(
        f"NHS England may arrange for {names(p, [str(p.arg('to'))])} to exercise "
        f"{p.arg('function')}; NHS England stays liable for its exercise.",
        must(
            "Agree the terms of the arrangement (e.g. a delegation agreement)",
            "NHS Act 2006 s.13Z(3)",
        ),
    )


@rule(
    "nhs_act_2006.s13Z.no_delegation_to_providers",
    actions={"delegate"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.13Z and s.14Z3 (to 30 June 2022)",
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 commissioners could not delegate commissioning functions to NHS "
    "trusts, foundation trusts or local authorities: no provision allowed it.",
)
def no_delegation_to_providers(p: Proposal) -> Finding | None:
    to = str(p.arg("to"))
    if p.kind(str(p.arg("from"))) not in {K.NHS_ENGLAND, K.CCG}:
        return None
    if p.kind(to) not in TRUSTS | {K.LOCAL_AUTHORITY, K.INDEPENDENT_PROVIDER, K.ICB}:
        return None
    return found(
        f"{names(p, [to])} is not a body to which NHS England (s.13Z: CCGs, special "
        "health authorities, prescribed bodies) or a CCG (s.14Z3: other CCGs) could "
        "arrange for functions to be exercised."
    )


@rule(
    "nhs_act_2006.s14Z3.ccg_arrangements",
    actions={"delegate"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14Z3 (CCG to CCG) and s.14Z9 (CCG to NHS England) (inserted by HSCA "
    "2012 s.26)",
    in_force=BEFORE_HCA,
    summary="A CCG could arrange for another CCG, or NHS England, to exercise its commissioning "
    "functions, each CCG remaining liable.",
)
def ccg_arrangements(p: Proposal) -> Finding | None:
    if p.kind(str(p.arg("from"))) is not K.CCG or p.kind(str(p.arg("to"))) not in {
        K.CCG,
        K.NHS_ENGLAND,
    }:
        return None
    return found(
        f"The CCG may arrange for {names(p, [str(p.arg('to'))])} to exercise the "
        "function; it remains liable for it."
    )


@rule(
    "nhs_act_2006.s65Z5.delegation",
    actions={"delegate"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.65Z5 (inserted by HCA 2022 s.71)",
    in_force=FROM_HCA,
    summary="A relevant body (NHS England, an ICB, an NHS trust, an FT) may arrange for another "
    "relevant body, a local authority or a combined authority to exercise any of its functions, "
    "on agreed terms; rights and liabilities then lie with the body exercising the function.",
)
def delegation(p: Proposal) -> Finding | None:
    source, to = str(p.arg("from")), str(p.arg("to"))
    if p.kind(source) not in RELEVANT_BODIES:
        return None
    if p.kind(to) not in RELEVANT_BODIES | {K.LOCAL_AUTHORITY, K.JOINT_COMMITTEE}:
        return None
    return found(
        f"{names(p, [source])} may arrange for {names(p, [to])} to exercise {p.arg('function')}.",
        must(
            "Agree the terms of the arrangement, including any limit on onward delegation",
            "NHS Act 2006 s.65Z5(4)",
        ),
        must(
            "Have regard to NHS England's guidance on joint working and delegation",
            "NHS Act 2006 s.65Z7",
        ),
    )


@rule(
    "si_2022_642.reserved_nhse_functions",
    sources=(whole(JOINT_WORKING_2022), section(NHS_ACT_2006, "65Z5")),
    actions={"delegate"},
    effect=Effect.FORBIDS,
    citation="NHS (Joint Working and Delegation Arrangements) (England) Regulations 2022 "
    "(SI 2022/642), made under NHS Act 2006 s.65Z5(3)",
    in_force=FROM_HCA,
    summary="Some NHS England functions may not be delegated under s.65Z5: establishing and "
    "overseeing ICBs, directing and restructuring NHS trusts, and other oversight functions.",
    overrides=("nhs_act_2006.s65Z5.delegation",),
)
def reserved_nhse_functions(p: Proposal) -> Finding | None:
    reserved = RESERVED_TO_NHSE | (DATA_FUNCTIONS if p.law_day >= NHS_DIGITAL_TRANSFER else set())
    if p.arg("from") != "NHSE" or p.arg("function") not in reserved:
        return None
    return found(
        f"{p.arg('function')} is among NHS England's functions that the 2022 "
        "regulations keep out of s.65Z5 arrangements."
    )


@rule(
    "nhs_act_2006.s65Z5.local_authorities_not_relevant_bodies",
    actions={"delegate"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.65Z5(2) (relevant bodies) and s.75 (partnership arrangements)",
    in_force=FROM_HCA,
    summary="Local authorities may receive NHS functions but cannot delegate their own under "
    "s.65Z5; their route is a s.75 partnership arrangement.",
)
def local_authorities_not_relevant_bodies(p: Proposal) -> Finding | None:
    if p.kind(str(p.arg("from"))) is not K.LOCAL_AUTHORITY:
        return None
    return found(
        "A local authority is not a relevant body under s.65Z5; use a partnership "
        "arrangement under NHS Act 2006 s.75 instead."
    )


# --- joint committees ------------------------------------------------------------------------


@rule(
    "nhs_act_2006.s14Z3.ccg_joint_committee",
    actions={"joint_committee"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.14Z3(2A) and s.14Z9(1A)-(1B) (inserted by the Legislative Reform "
    "(Clinical Commissioning Groups) Order 2014, SI 2014/2436)",
    in_force=Interval(CCG_JOINT_COMMITTEES, FROM_HCA.start),
    summary="From 1 October 2014 CCGs could exercise commissioning functions jointly through a "
    "joint committee with other CCGs or with NHS England.",
)
def ccg_joint_committee(p: Proposal) -> Finding | None:
    kinds = set(p.kinds(p.codes("members")))
    if not kinds or not kinds <= {K.CCG, K.NHS_ENGLAND} or K.CCG not in kinds:
        return None
    return found(
        f"{names(p, p.codes('members'))} may form a joint committee to exercise their "
        "commissioning functions jointly; each remains liable."
    )


@rule(
    "nhs_act_2006.s14Z3.no_ccg_joint_committee_before_2014",
    sources=(section(NHS_ACT_2006, "14Z3"), section(HSCA_2012, "26")),
    actions={"joint_committee"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.14Z3 as enacted by HSCA 2012 s.26 (no joint committees until SI "
    "2014/2436)",
    in_force=Interval(HSCA_START, CCG_JOINT_COMMITTEES),
    summary="Until 1 October 2014 CCGs could exercise functions jointly but could not form a "
    "joint committee to do so.",
)
def no_ccg_joint_committee_before_2014(p: Proposal) -> Finding | None:
    kinds = p.kinds(p.codes("members"))
    if K.CCG not in kinds or K.NHS_ENGLAND in kinds:
        return None  # NHS England with CCGs, on NHS England's functions: s.13Z
    return found(
        "The power to form joint committees was added only by the Legislative Reform "
        "(CCGs) Order 2014, from 1 October 2014."
    )


@rule(
    "nhs_act_2006.no_commissioner_provider_joint_committee",
    sources=(
        section(NHS_ACT_2006, "13Z"),
        section(NHS_ACT_2006, "14Z3"),
        section(NHS_ACT_2006, "14Z9"),
        section(NHS_ACT_2006, "47A"),
    ),
    actions={"joint_committee"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 ss.13Z, 14Z3, 14Z9 (to 30 June 2022); FTs had no joint-exercise "
    "power until s.47A (HCA 2022 s.64)",
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 commissioners and NHS providers could not form joint committees "
    "that exercised functions: no provision let a CCG or NHS England act jointly with a trust.",
)
def no_commissioner_provider_joint_committee(p: Proposal) -> Finding | None:
    kinds = set(p.kinds(p.codes("members")))
    if not (kinds & {K.CCG, K.NHS_ENGLAND}) or not (kinds & TRUSTS):
        return None
    return found(
        f"{names(p, p.codes('members'))} mix commissioners and providers; the 2012 "
        "scheme gave no power for them to exercise functions jointly (committees in "
        "common, each deciding separately, were the workaround)."
    )


@rule(
    "nhs_act_2006.s65Z6.joint_committee",
    sources=(section(NHS_ACT_2006, "65Z6"), section(NHS_ACT_2006, "47A")),
    actions={"joint_committee"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.65Z6 (inserted by HCA 2022 s.71); for FTs also s.47A (HCA 2022 s.64)",
    in_force=FROM_HCA,
    summary="Where a function is exercisable jointly by relevant bodies (and local or combined "
    "authorities), they may arrange for a joint committee of theirs to exercise it, and set up "
    "a pooled fund.",
)
def s65z6_joint_committee(p: Proposal) -> Finding | None:
    members = p.codes("members")
    kinds = set(p.kinds(members))
    if not kinds or None in kinds or not kinds <= RELEVANT_BODIES | {K.LOCAL_AUTHORITY}:
        return None
    if not kinds & RELEVANT_BODIES:
        return None
    return found(
        f"{names(p, members)} may exercise functions jointly through a joint committee.",
        must(
            "Arrange for the functions to be exercisable jointly (s.65Z5) and set the "
            "committee's terms",
            "NHS Act 2006 ss.65Z5-65Z6",
        ),
        must("Have regard to NHS England's guidance on joint working", "NHS Act 2006 s.65Z7"),
    )


@rule(
    "nhs_act_2006.s65Z6.members_must_be_public_bodies",
    actions={"joint_committee"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.65Z6(1) (relevant bodies, local authorities and combined "
    "authorities only)",
    in_force=FROM_HCA,
    summary="A s.65Z6 joint committee is a committee of relevant bodies and local or combined "
    "authorities; an independent provider cannot be one of its constituent bodies.",
)
def members_must_be_public_bodies(p: Proposal) -> Finding | None:
    outsiders = [m for m in p.codes("members") if p.kind(m) is K.INDEPENDENT_PROVIDER]
    if not outsiders:
        return None
    return found(
        f"{names(p, outsiders)} is not a relevant body or local authority and cannot "
        "be a party to a s.65Z6 joint committee."
    )


@rule(
    "nhs_act_2006.s13Z.nhse_joint_committee",
    actions={"joint_committee"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.13Z(2)-(4) (inserted by HSCA 2012 s.23; omitted from 1 July 2022)",
    in_force=BEFORE_HCA,
    summary="NHS England could exercise its own functions jointly with CCGs through a joint "
    "committee, remaining liable (available before the 2014 order gave CCGs joint committees "
    "for their own functions).",
)
def nhse_joint_committee(p: Proposal) -> Finding | None:
    members = p.codes("members")
    kinds = set(p.kinds(members))
    functions = p.codes("functions")
    if K.NHS_ENGLAND not in kinds or not kinds <= {K.NHS_ENGLAND, K.CCG} or not functions:
        return None
    if not all(_holds(p, "NHSE", f) for f in functions):
        return None
    return found(
        f"NHS England may exercise {', '.join(functions)} jointly with "
        f"{names(p, [m for m in members if m != 'NHSE'])} through a joint committee."
    )


RULES = (
    nhse_joint_committee,
    own_functions_only,
    delegator_decides,
    nhse_arrangements,
    no_delegation_to_providers,
    ccg_arrangements,
    delegation,
    reserved_nhse_functions,
    local_authorities_not_relevant_bodies,
    ccg_joint_committee,
    no_ccg_joint_committee_before_2014,
    no_commissioner_provider_joint_committee,
    s65z6_joint_committee,
    members_must_be_public_bodies,
)
