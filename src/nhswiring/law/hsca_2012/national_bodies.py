"""NHS England, Monitor and the NHS Trust Development Authority under the 2012 Act: separate
statutory bodies that could work side by side but not merge, share a board or exercise each
other's functions (the "NHS Improvement" arrangement of 2016-2022 was administrative)."""

from __future__ import annotations

from nhswiring.law.common import BEFORE_HCA, REGULATORS_2012, K, found, names
from nhswiring.law.engine import Finding, rule
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

SEPARATE_BODIES = (
    "HSCA 2012 s.61 and Sch 8 (Monitor); NHS Act 2006 s.1H and Sch A1 (NHS England); "
    "SI 2012/901 (NHS TDA); NHS Act 2006 s.13Z"
)


def _national_pair(p: Proposal, codes: tuple[str, ...]) -> bool:
    kinds = set(p.kinds(codes))
    return K.NHS_ENGLAND in kinds and bool(kinds & REGULATORS_2012)


@rule(
    "hsca_2012.s61.no_merger_of_national_bodies",
    actions={"merge"},
    effect=Effect.FORBIDS,
    citation=SEPARATE_BODIES,
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 no power let NHS England, Monitor or the TDA merge: each was "
    "constituted by statute and neither could take over the other's functions; a merger "
    "needed primary legislation.",
)
def no_merger_of_national_bodies(p: Proposal) -> Finding | None:
    codes = p.codes("bodies")
    kinds = set(p.kinds(codes))
    if not (kinds & REGULATORS_2012) or not kinds <= {K.NHS_ENGLAND, *REGULATORS_2012}:
        return None
    return found(
        f"{names(p, codes)} are separate statutory bodies: Monitor is a body corporate "
        "constituted by the 2012 Act, NHS England's board is fixed by Schedule A1 and the TDA is "
        "a special health authority. Nothing in the 2006 or 2012 Acts lets any of them, or the "
        "Secretary of State, merge them or transfer one's statutory functions to another; that "
        "needs an Act of Parliament (which the Health and Care Act 2022 ss.33 and 36 became)."
    )


@rule(
    "hsca_2012.s61.no_shared_top_leadership",
    actions={"appoint"},
    effect=Effect.FORBIDS,
    citation=SEPARATE_BODIES,
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 NHS England could not share a chair, a chief executive or voting "
    "board members with Monitor or the TDA.",
    overrides=(
        "*permits",
        "nhs_act_2006.schA1.nhse_board",
        "hsca_2012.sch8.monitor_board",
        "nhs_act_2006.s28.tda_board",
    ),
)
def no_shared_top_leadership(p: Proposal) -> Finding | None:
    bodies = p.codes("bodies")
    if len(bodies) < 2 or not _national_pair(p, bodies):
        return None
    role = str(p.arg("role"))
    voting = p.arg("voting")
    non_voting_ned = role in {"non_executive_director", "associate_non_executive"} and (
        voting is False or role == "associate_non_executive"
    )
    if non_voting_ned:
        return None
    return found(
        f"A {role.replace('_', ' ')} shared by {names(p, bodies)} would make one person a voting "
        "member of two boards whose membership each statute fixes separately, and would have "
        "NHS England and a regulator exercising their functions jointly, for which there was no "
        "power. Legal advice reported in 2017 was that they could not share a chair, chief "
        "executive or board."
    )


@rule(
    "hsca_2012.s61.cross_appointed_non_voting_ned",
    actions={"appoint"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.2 (incidental powers) and Sch A1; HSCA 2012 Sch 8",
    in_force=BEFORE_HCA,
    summary="A non-executive of one national body could sit on the other's board without a "
    "vote: no statutory function of either is exercised by the other.",
)
def cross_appointed_non_voting_ned(p: Proposal) -> Finding | None:
    bodies = p.codes("bodies")
    role = str(p.arg("role"))
    if len(bodies) < 2 or not _national_pair(p, bodies):
        return None
    if role == "associate_non_executive" or (
        role == "non_executive_director" and p.arg("voting") is False
    ):
        return found(
            f"Appointing a non-voting non-executive across {names(p, bodies)} is within each "
            "body's incidental powers: the person attends and advises but takes no part in the "
            "other body's decisions, so each keeps its own statutory accountability (the 2018 "
            "cross-appointments were made on this basis)."
        )
    return None


@rule(
    "hsca_2012.s61.advisory_joint_committee",
    actions={"joint_committee"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.2 (incidental powers); HSCA 2012 Sch 8 para 21",
    in_force=BEFORE_HCA,
    summary="NHS England and Monitor or the TDA could hold an advisory joint committee (such as "
    "the 2017 joint finance committee) that exercised no statutory function.",
)
def advisory_joint_committee(p: Proposal) -> Finding | None:
    members = p.codes("members")
    if not _national_pair(p, members) or p.codes("functions"):
        return None
    if any(p.kind(m) not in {K.NHS_ENGLAND, *REGULATORS_2012} for m in members):
        return None
    return found(
        f"A committee of {names(p, members)} that only advises each board, exercising no "
        "statutory function of either, needs no power to exercise functions jointly."
    )


@rule(
    "hsca_2012.s61.no_joint_exercise_by_national_bodies",
    actions={"joint_committee"},
    effect=Effect.FORBIDS,
    citation=SEPARATE_BODIES,
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 NHS England could not exercise functions jointly with Monitor; "
    "its joint-working power (s.13Z) reached only special health authorities, CCGs and "
    "prescribed bodies.",
)
def no_joint_exercise_by_national_bodies(p: Proposal) -> Finding | None:
    members = p.codes("members")
    if not _national_pair(p, members) or not p.codes("functions"):
        return None
    return found(
        f"A joint committee of {names(p, members)} exercising "
        f"{', '.join(p.codes('functions'))} would have these bodies exercise statutory functions "
        "jointly; NHS England's only joint-working power (NHS Act 2006 s.13Z) did not extend to "
        "Monitor, and Monitor had no such power at all."
    )


@rule(
    "hsca_2012.sch8.monitor_board",
    actions={"appoint"},
    effect=Effect.PERMITS,
    citation="HSCA 2012 Sch 8 paras 1-4 (Monitor's chair and members appointed by the Secretary "
    "of State; chief executive by the non-executives with the Secretary of State's consent)",
    in_force=BEFORE_HCA,
    summary="The Secretary of State appointed Monitor's chair and non-executives; Monitor's "
    "non-executives appointed its chief executive with the Secretary of State's consent.",
)
def monitor_board(p: Proposal) -> Finding | None:
    return _regulator_board(p, K.MONITOR, "Monitor")


@rule(
    "nhs_act_2006.s28.tda_board",
    actions={"appoint"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.28 and Sch 6; SI 2012/901 (NHS Trust Development Authority "
    "(Establishment and Constitution) Order 2012)",
    in_force=BEFORE_HCA,
    summary="The TDA, a special health authority, had its chair and non-executives appointed by "
    "the Secretary of State and its chief executive by the authority.",
)
def tda_board(p: Proposal) -> Finding | None:
    return _regulator_board(p, K.TDA, "the NHS TDA")


def _regulator_board(p: Proposal, kind: K, label: str) -> Finding | None:
    bodies = p.codes("bodies")
    if not bodies or any(p.kind(b) not in REGULATORS_2012 for b in bodies):
        return None
    if kind not in p.kinds(bodies):
        return None
    role = str(p.arg("role"))
    appointer = "SOS" if role in {"chair", "non_executive_director"} else None
    if appointer and p.actor != appointer:
        return None
    if appointer is None and p.actor not in bodies and p.actor != "SOS":
        return None
    shared = (
        " (a joint appointment across Monitor and the TDA, as NHS Improvement's leaders "
        "were from 2016: each body makes its own appointment of the same person)"
        if len(bodies) > 1
        else ""
    )
    return found(f"{label} may appoint its {role.replace('_', ' ')} in this way{shared}.")


RULES = (
    no_merger_of_national_bodies,
    no_shared_top_leadership,
    cross_appointed_non_voting_ned,
    advisory_joint_committee,
    no_joint_exercise_by_national_bodies,
    monitor_board,
    tda_board,
)
