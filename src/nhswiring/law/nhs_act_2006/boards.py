"""Who appoints to the boards of NHS bodies, and what a joint appointment across a
commissioner and a provider requires (declared and managed conflicts of interest)."""

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
from nhswiring.law.instruments import (
    NHS_ACT_2006,
    SI_2024_1205,
    TRUST_MEMBERSHIP_1990,
    regulation,
    schedule,
)
from nhswiring.law.parameters import ICB_MEMBERSHIP_BAR
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect
from nhswiring.law.working_days import add_days

BOARD_ROLES = {
    "chair",
    "chief_executive",
    "executive_director",
    "non_executive_director",
    "associate_non_executive",
}


def _single(p: Proposal, kind: K) -> str | None:
    bodies = p.codes("bodies")
    return bodies[0] if len(bodies) == 1 and p.kind(bodies[0]) is kind else None


@rule(
    "nhs_act_2006.schA1.nhse_board",
    actions={"appoint"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 Sch A1 paras 2-3 (chair and non-executives appointed by the Secretary "
    "of State; chief executive by the non-executives with the Secretary of State's consent); "
    "s.2 (incidental powers)",
    in_force=ALWAYS,
    summary="The Secretary of State appoints NHS England's chair and non-executives; its "
    "non-executives appoint the chief executive with the Secretary of State's consent; NHS "
    "England appoints its executives and any non-voting associates.",
)
def nhse_board(p: Proposal) -> Finding | None:
    if not p.codes("bodies") or any(
        p.kind(b) is not K.NHS_ENGLAND and p.kind(b) not in {K.MONITOR, K.TDA}
        for b in p.codes("bodies")
    ):
        return None
    if K.NHS_ENGLAND not in p.kinds(p.codes("bodies")):
        return None
    role = str(p.arg("role"))
    if role == "chair" or (role == "non_executive_director" and p.arg("voting") is not False):
        if p.actor != "SOS":
            return None
        return found(f"The Secretary of State appoints NHS England's {role.replace('_', ' ')}.")
    if role == "chief_executive":
        if p.actor not in {"NHSE", "SOS"}:
            return None
        return found(
            "NHS England's non-executive members appoint its chief executive (with the "
            "Secretary of State's consent: nhs_act_2006.schA1p3.nhse_chief_executive_consent)."
        )
    non_voting = role == "associate_non_executive" or (
        role == "non_executive_director" and p.arg("voting") is False
    )
    if (role == "executive_director" or non_voting) and p.actor == "NHSE":
        return found(
            f"NHS England appoints its {role.replace('_', ' ')}s"
            f"{' (non-voting, under its incidental powers)' if non_voting else ''}."
        )
    return None


@rule(
    "nhs_act_2006.s14L.ccg_governing_body",
    actions={"appoint"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 ss.14L-14N (inserted by HSCA 2012 s.25); NHS (Clinical Commissioning "
    "Groups) Regulations 2012 (SI 2012/1631) Part 3",
    in_force=BEFORE_HCA,
    summary="A CCG appointed its governing body and accountable officer under its constitution "
    "(NHS England appointed the accountable officer on establishment).",
)
def ccg_governing_body(p: Proposal) -> Finding | None:
    bodies = p.codes("bodies")
    ccgs = [b for b in bodies if p.kind(b) is K.CCG]
    if not ccgs or p.actor not in {*ccgs, "NHSE"}:
        return None
    return found(f"{names(p, ccgs)} may appoint to its governing body under its constitution.")


@rule(
    "nhs_act_2006.sch1B.icb_board",
    actions={"appoint"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 Sch 1B paras 3-8 (inserted by HCA 2022 Sch 2)",
    in_force=FROM_HCA,
    summary="NHS England appoints an ICB's chair with the Secretary of State's approval; the "
    "chair appoints the chief executive with NHS England's approval; ordinary members, including "
    "partner members nominated by trusts, primary care and local authorities, are appointed "
    "under the constitution with the chair's approval.",
)
def icb_board(p: Proposal) -> Finding | None:
    icbs = [b for b in p.codes("bodies") if p.kind(b) is K.ICB]
    if not icbs:
        return None
    role = str(p.arg("role"))
    icb = icbs[0]
    if role == "chair":
        if p.actor != "NHSE":
            return None
        return found(
            "NHS England appoints an ICB's chair (with the Secretary of State's approval: "
            "nhs_act_2006.sch1B.icb_appointment_approval)."
        )
    if role == "chief_executive":
        if p.actor != icb:
            return None
        return found(
            "The ICB's chair appoints its chief executive (with NHS England's approval, and only "
            "an employee of the ICB: nhs_act_2006.sch1B.icb_appointment_approval)."
        )
    if p.actor != icb:
        return None
    return found(
        f"The ICB appoints its {role.replace('_', ' ')} under its constitution (with the chair's "
        "approval: nhs_act_2006.sch1B.icb_appointment_approval)."
    )


@rule(
    "nhs_act_2006.sch1B.icb_independence",
    sources=(schedule(NHS_ACT_2006, "1B", "4"), schedule(NHS_ACT_2006, "1B", "11")),
    actions={"appoint"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 Sch 1B para 4 (and para 11(4) for committees exercising "
    "commissioning functions)",
    in_force=FROM_HCA,
    summary="Nobody may be appointed to an ICB (or to a committee exercising its commissioning "
    "functions) whose involvement with the private healthcare sector, or otherwise, could "
    "reasonably be regarded as undermining the independence of the health service.",
    overrides=("*permits", "nhs_act_2006.sch1B.icb_board", "nhs_act_2006.s13UA.joint_appointment"),
)
def icb_independence(p: Proposal) -> Finding | None:
    bodies = p.codes("bodies")
    if K.ICB not in p.kinds(bodies):
        return None
    private = [b for b in bodies if p.kind(b) is K.INDEPENDENT_PROVIDER]
    if not private and not p.has_fact("undermines_independence"):
        return None
    if not p.flag(
        "undermines_independence",
        "Could the person's involvement with the private healthcare sector (or "
        "otherwise) reasonably be regarded as undermining the independence of the "
        "health service (NHS Act 2006 Sch 1B para 4)?",
    ):
        return None
    return found(
        "The appointing body considers that this person's involvement could reasonably "
        "be regarded as undermining the independence of the health service, so the "
        "appointment to the ICB may not be made."
    )


@rule(
    "nhs_act_2006.trust_boards",
    actions={"appoint"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 Sch 4 para 3 (NHS trust chair: the Secretary of State, from 1 July "
    "2022 NHS England, HCA 2022 s.59); Sch 7 paras 17-18 (FT chair and non-executives appointed "
    "by the council of governors; chief executive by the non-executives, approved by governors)",
    in_force=ALWAYS,
    summary="NHS trusts' chairs are appointed by the Secretary of State (NHS England from 1 July "
    "2022) and FTs' chairs and non-executives by their councils of governors; each board "
    "appoints its executives.",
)
def trust_boards(p: Proposal) -> Finding | None:
    trusts = [b for b in p.codes("bodies") if p.kind(b) in TRUSTS]
    if not trusts:
        return None
    trust = trusts[0]
    role = str(p.arg("role"))
    if p.kind(trust) is K.FOUNDATION_TRUST:
        if p.actor != trust:
            return None
        if role in {"chair", "non_executive_director"}:
            return found(
                "A foundation trust's council of governors appoints its chair and "
                "non-executive directors."
            )
        if role == "chief_executive":
            return found(
                "The foundation trust's non-executives appoint the chief executive (with the "
                "council of governors' approval: nhs_act_2006.sch7p17.ft_chief_executive_approval)."
            )
        return found(f"The foundation trust appoints its {role.replace('_', ' ')}.")
    chair_appointer = "SOS" if p.law_day < FROM_HCA.start else "NHSE"
    if role in {"chair", "non_executive_director"}:
        if p.actor not in {chair_appointer, "TDA"}:
            return None
        return found(
            f"{chair_appointer} appoints an NHS trust's chair and non-executives "
            "(the TDA exercised this for the Secretary of State until 2022)."
        )
    if p.actor != trust:
        return None
    return found(f"The NHS trust appoints its {role.replace('_', ' ')}.")


@rule(
    "nhs_act_2006.s13UA.joint_appointment",
    actions={"appoint"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.13UA (inserted by HCA 2022 s.74): joint appointments guidance",
    in_force=FROM_HCA,
    summary="From 1 July 2022 the Act recognises joint appointments between commissioners and "
    "providers (and with local authorities); the bodies must have regard to NHS England's "
    "guidance on them.",
)
def joint_appointment(p: Proposal) -> Finding | None:
    bodies = p.codes("bodies")
    kinds = set(p.kinds(bodies))
    if (
        len(bodies) < 2
        or not (kinds & COMMISSIONERS)
        or not (kinds & (TRUSTS | {K.LOCAL_AUTHORITY}))
        or p.actor not in bodies
    ):
        return None
    return found(
        f"A joint appointment across {names(p, bodies)} is made by each body under its own "
        "powers, having regard to NHS England's joint appointments guidance.",
        must(
            "Each body must have regard to NHS England's guidance on joint appointments",
            "NHS Act 2006 s.13UA",
        ),
    )


@rule(
    "nhs_act_2006.conflicts_registers",
    actions={"appoint"},
    effect=Effect.REQUIRES,
    citation="NHS Act 2006 s.14O (CCGs, to 30 June 2022); s.14Z30 (ICBs, from 1 July 2022)",
    in_force=ALWAYS,
    summary="A commissioner must keep registers of its members' interests and have each "
    "conflict declared within 28 days of the person becoming aware of it, and must manage "
    "conflicts so they do not affect the integrity of its decisions.",
)
def conflicts_registers(p: Proposal) -> Finding | None:
    bodies = p.codes("bodies")
    commissioners = [b for b in bodies if p.kind(b) in COMMISSIONERS]
    others = [b for b in bodies if b not in commissioners]
    if not commissioners or not others:
        return None
    section = "s.14O" if p.law_day < FROM_HCA.start else "s.14Z30"
    due = add_days(p.day, 28)
    return found(
        f"The person will hold posts in {names(p, others)} as well as in "
        f"{names(p, commissioners)}: a conflict of interest for the commissioner's decisions "
        "about those bodies, which must be declared, registered and managed.",
        *(
            must(
                f"Declare the person's interest in {o} in {c}'s register of interests within "
                "28 days",
                f"NHS Act 2006 {section}",
                due=due,
                on=c,
            )
            for c in commissioners
            for o in others
        ),
        *(
            must(
                f"{c} must record how the conflict will be managed so that it does not affect "
                "the integrity of its decisions (e.g. exclusion from decisions about "
                f"{', '.join(others)})",
                f"NHS Act 2006 {section}",
                on=c,
            )
            for c in commissioners
        ),
    )


@rule(
    "nhs_act_2006.pre2022_joint_appointment",
    actions={"appoint"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 ss.14L-14O (CCG constitution and conflicts); Sch 4 and Sch 7 "
    "(trusts' own appointment powers)",
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 nothing in the Act barred one person holding posts in a CCG and a "
    "provider; each body appointed under its own powers, and the CCG had to declare and manage "
    "the conflict.",
)
def pre2022_joint_appointment(p: Proposal) -> Finding | None:
    bodies = p.codes("bodies")
    kinds = set(p.kinds(bodies))
    if len(bodies) < 2 or K.CCG not in kinds or not (kinds & (TRUSTS | {K.LOCAL_AUTHORITY})):
        return None
    if p.actor not in bodies:
        return None  # each body appoints for itself; an outsider has no power to
    return found(
        f"Each of {names(p, bodies)} may appoint the same person under its own "
        "powers; no provision forbids the joint post."
    )


MEMBERSHIP_REGS = (
    "NHS Trusts (Membership and Procedure) Regulations 1990 (SI 1990/2024) reg "
    "11(1)(e) with reg 1(2) ('health service body'); integrated care boards "
    "added and reg 11(6B) inserted by SI 2024/1205 reg 2, from 16 December 2024"
)


def _commissioner_posts(p: Proposal) -> list[str]:
    """The commissioners the person would hold a post in: named in this appointment, or
    already held on the date."""
    bodies = list(p.codes("bodies"))
    person = str(p.arg("person"))
    held = [b for a in p.state.appointments(p.day) if a.person == person for b in a.bodies]
    return [b for b in dict.fromkeys(bodies + held) if p.kind(b) in COMMISSIONERS]


@rule(
    "si_1990_2024.reg11.commissioner_disqualification",
    sources=(
        regulation(TRUST_MEMBERSHIP_1990, "11"),
        regulation(TRUST_MEMBERSHIP_1990, "1"),
        regulation(SI_2024_1205, "2"),
    ),
    actions={"appoint"},
    effect=Effect.FORBIDS,
    citation=MEMBERSHIP_REGS,
    in_force=ALWAYS,
    summary="A member or employee of a CCG (to 30 June 2022) or of an ICB (from 16 December "
    "2024) may not be appointed chair or non-executive director of an NHS trust, unless (from "
    "2024) they are the ICB member nominated by the area's trusts; between 1 July 2022 and 15 "
    "December 2024 ICBs were not 'health service bodies' for this purpose.",
    overrides=(
        "*permits",
        "nhs_act_2006.trust_boards",
        "nhs_act_2006.s13UA.joint_appointment",
        "nhs_act_2006.pre2022_joint_appointment",
    ),
)
def commissioner_disqualification(p: Proposal) -> Finding | None:
    if str(p.arg("role")) not in {"chair", "non_executive_director"}:
        return None
    if not any(p.kind(b) is K.NHS_TRUST for b in p.codes("bodies")):
        return None
    posts = _commissioner_posts(p)
    ccgs = [b for b in posts if p.kind(b) is K.CCG]
    icbs = [b for b in posts if p.kind(b) is K.ICB]
    if ccgs and p.law_day < FROM_HCA.start:
        return found(
            f"The person holds a post in {names(p, ccgs)}, a health service body, so "
            "cannot be an NHS trust's chair or non-executive director."
        )
    if icbs and p.law_day >= ICB_MEMBERSHIP_BAR:
        if p.flag(
            "nominated_by_trusts",
            "Is the person the ICB's ordinary member nominated by the area's NHS trusts "
            "and FTs (NHS Act 2006 Sch 1B para 8(2)(a))?",
        ):
            return None
        return found(
            f"The person holds a post in {names(p, icbs)}; from 16 December 2024 an "
            "ICB is a health service body whose members and employees cannot be an NHS "
            "trust's chair or non-executive director."
        )
    return None


RULES = (
    nhse_board,
    ccg_governing_body,
    icb_board,
    icb_independence,
    trust_boards,
    joint_appointment,
    conflicts_registers,
    pre2022_joint_appointment,
    commissioner_disqualification,
)
