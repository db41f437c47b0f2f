"""Merger control of NHS providers: Enterprise Act 2002 Part 3 as it reached them, by date.

* 1 July 2012 to 30 June 2022 (HSCA 2012 s.79, commenced on 1 July 2012, omitted by HCA 2022
  s.83(2)): a combination of foundation trusts, or of an FT with a business, is treated as
  enterprises ceasing to be distinct; the authority investigating must tell Monitor, which
  advises it on relevant customer benefits for NHS patients (s.79(4)-(5)).
* To 31 March 2014 the Office of Fair Trading decided Phase 1 and the Competition Commission,
  on a reference, Phase 2. Phase 1 had no statutory time limit except for a formal merger notice
  (20 working days, extendable once by 10: ss.96-98). From 1 April 2014 the CMA does both
  (Enterprise and Regulatory Reform Act 2013, SI 2014/416), and a Phase 1 decision is due
  within 40 working days (s.34ZA), except for a case already active with the OFT before then
  (SI 2014/416 Schedule para 6: the Frimley Park case, notified on 28 March 2014, ran on the
  OFT's timetable).
* From 1 July 2022 (NHS Act 2006 s.72A, HCA 2022 s.83(1)) NHS trusts and FTs ceasing to be
  distinct among themselves is not a relevant merger situation; with a non-NHS enterprise among
  them it still is (s.72A(2)).
* A decision that binds (final undertakings, s.82; a final order, s.84) must be complied with by
  every person it relates to (s.94(2)) until it is released or ends: a merger of bodies it binds
  is unlawful. The decisions are events in the register (``domain/competition.py``), shipped in
  ``reference/data/merger_decisions.csv``.

The rules keep the ids they had in ``nhs_act_2006/providers.py`` (they are cited by cases and
by the hypothetical regimes); the bar is new.
"""

from __future__ import annotations

from nhswiring.domain.time import Interval
from nhswiring.law.common import ALWAYS, CMA_START, FROM_HCA, HCA_START, TRUSTS, K, found, must
from nhswiring.law.common import names as named
from nhswiring.law.engine import ALL_PERMISSIONS, Finding, rule
from nhswiring.law.instruments import (
    ENTERPRISE_ACT_2002,
    HCA_2022,
    HSCA_2012,
    NHS_ACT_2006,
    SI_2014_416,
    part,
    schedule,
    section,
)
from nhswiring.law.parameters import HSCA_S79_START
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect, Obligation
from nhswiring.law.working_days import add_working_days

#: HSCA 2012 s.79 in force from 1 July 2012 (the official table of earlier commencement orders;
#: research section 7) until its omission by HCA 2022 s.83(2) on 1 July 2022.
HSCA_S79 = Interval(HSCA_S79_START, HCA_START)

#: A merger notice's statutory period before 1 April 2014 (s.97(1), working days by s.98(3)).
MERGER_NOTICE_DAYS = 20
#: The CMA's Phase 1 time limit from 1 April 2014 (s.34ZA).
PHASE_1_DAYS = 40

ACTIVE_BEFORE_CMA = (
    "merger_notice_before_2014_04_01",
    "Was the merger already before the OFT (a merger notice or satisfactory submission received) "
    "before 1 April 2014 (SI 2014/416 Schedule para 6)?",
)


INTERIM_BAR = (
    "interim_measure_bars_merger",
    "Is an interim undertaking or order in force (Enterprise Act 2002 ss.80-81) that stops the "
    "parties completing the merger while the reference is not finally determined?",
)


def _parties(p: Proposal) -> list[str]:
    bodies = list(p.codes("bodies"))
    into = p.arg("into")
    if isinstance(into, str) and into not in bodies and p.body(into) is not None:
        bodies.append(into)
    return bodies


def _cma_phase_1(p: Proposal) -> Obligation:
    """The CMA's Phase 1, on the procedure of the proposal's date."""
    if p.has_fact(ACTIVE_BEFORE_CMA[0]) and p.flag(*ACTIVE_BEFORE_CMA):
        return must(
            "Brief the CMA, which decides on the OFT's administrative timetable: the case was "
            "active before 1 April 2014, so the 40-working-day limit does not apply",
            "SI 2014/416 Schedule para 6(1); Enterprise Act 2002 s.33",
            on="CMA",
        )
    return must(
        "Notify or brief the CMA (Phase 1): it must decide whether to refer the merger for a "
        "Phase 2 investigation within 40 working days of a complete merger notice or of telling "
        "the parties it has enough information",
        "Enterprise Act 2002 s.34ZA (inserted by ERRA 2013 Sch 8, from 1 April 2014) and s.33",
        due=add_working_days(p.day, PHASE_1_DAYS),
        on="CMA",
    )


def _cma_phase_2() -> Obligation:
    return must(
        "If the CMA refers the merger, a CMA inquiry group investigates and decides it (Phase 2)",
        "Enterprise Act 2002 ss.33, 35-36 and 41",
        on="CMA",
    )


@rule(
    "hsca_2012.s79.cma_merger_review",
    sources=(
        section(HSCA_2012, "79"),
        section(ENTERPRISE_ACT_2002, "33"),
        section(ENTERPRISE_ACT_2002, "34ZA"),
        section(ENTERPRISE_ACT_2002, "97"),
        schedule(SI_2014_416, "1", "6"),
    ),
    actions={"merge"},
    effect=Effect.REQUIRES,
    citation="HSCA 2012 s.79 (foundation trust combinations are enterprises ceasing to be "
    "distinct for Enterprise Act 2002 Part 3; Monitor advises on relevant customer benefits); "
    "Enterprise Act 2002 ss.33, 96-97 (OFT and Competition Commission to 31 March 2014) and "
    "s.34ZA (CMA Phase 1 within 40 working days from 1 April 2014; SI 2014/416 Sch para 6)",
    in_force=HSCA_S79,
    summary="From 1 July 2012 to 30 June 2022 a merger or acquisition involving a foundation "
    "trust was subject to merger control: the OFT (Phase 1) and the Competition Commission "
    "(Phase 2) until 31 March 2014, the CMA from 1 April 2014 with its 40-working-day Phase 1; "
    "Monitor advised the authority on relevant customer benefits.",
)
def cma_merger_review(p: Proposal) -> Finding | None:
    bodies = p.codes("bodies")
    if len(bodies) < 2 or K.FOUNDATION_TRUST not in p.kinds(bodies):
        return None
    authority = "CMA" if p.law_day >= CMA_START else "OFT"
    monitor = must(
        f"The {authority} must tell Monitor of its investigation; Monitor advises the {authority} "
        "on the merger's relevant customer benefits for NHS patients",
        "HSCA 2012 s.79(4)-(5)",
        on="MONITOR",
    )
    deemed = "is treated as enterprises ceasing to be distinct (HSCA 2012 s.79)"
    if authority == "OFT":
        return found(
            f"A combination involving a foundation trust {deemed}: the OFT may review it and "
            "refer it to the Competition Commission. Before 1 April 2014 Phase 1 has no "
            "statutory time limit unless a merger notice is given.",
            must(
                "Brief the OFT (an informal submission) or give it a merger notice; the OFT must "
                "decide on a merger notice within 20 working days, extendable once by 10",
                "Enterprise Act 2002 ss.96-97 and 98(3) (as in force to 31 March 2014)",
                due=add_working_days(p.day, MERGER_NOTICE_DAYS),
                on="OFT",
            ),
            must(
                "If the OFT refers the merger, the Competition Commission investigates and "
                "decides it (Phase 2)",
                "Enterprise Act 2002 ss.33, 35-36 and 41 (as in force to 31 March 2014)",
                on="CC",
            ),
            monitor,
        )
    return found(
        f"A combination involving a foundation trust {deemed}: the CMA (which took over the "
        "OFT's and the Competition Commission's merger functions on 1 April 2014) may review it.",
        _cma_phase_1(p),
        _cma_phase_2(),
        monitor,
    )


@rule(
    "nhs_act_2006.s72A.no_cma_review_of_nhs_mergers",
    actions={"merge"},
    effect=Effect.NOTES,
    citation="NHS Act 2006 s.72A(1) (inserted by HCA 2022 s.83, which omitted HSCA 2012 s.79)",
    in_force=FROM_HCA,
    summary="From 1 July 2022 NHS trusts and foundation trusts ceasing to be distinct is not a "
    "relevant merger situation: the CMA does not review mergers of NHS providers alone.",
)
def no_cma_review_of_nhs_mergers(p: Proposal) -> Finding | None:
    parties = p.codes("bodies")
    if len(parties) < 2 or not all(p.kind(b) in TRUSTS for b in parties):
        return None
    return found(
        "Only NHS trusts and foundation trusts are involved, so no relevant merger situation is "
        "created and there is no CMA merger review."
    )


@rule(
    "nhs_act_2006.s72A.cma_review_with_non_nhs_enterprise",
    sources=(
        section(NHS_ACT_2006, "72A"),
        section(HCA_2022, "83"),
        part(ENTERPRISE_ACT_2002, "3"),
        section(ENTERPRISE_ACT_2002, "34ZA"),
    ),
    actions={"merge"},
    effect=Effect.REQUIRES,
    citation="NHS Act 2006 s.72A(2) (inserted by HCA 2022 s.83); Enterprise Act 2002 Part 3 "
    "and s.34ZA",
    in_force=FROM_HCA,
    summary="From 1 July 2022, where an enterprise that is not an NHS trust or foundation trust "
    "(an independent provider) is involved, the transaction remains subject to CMA merger "
    "control (s.72A(2) where two or more NHS providers are also involved).",
)
def cma_review_with_non_nhs_enterprise(p: Proposal) -> Finding | None:
    parties = p.codes("bodies")
    kinds = p.kinds(parties)
    nhs = sum(1 for k in kinds if k in TRUSTS)
    if not nhs or K.INDEPENDENT_PROVIDER not in kinds:
        return None
    why = (
        "two or more NHS providers combine with a non-NHS enterprise, so s.72A(1) does not apply "
        "(s.72A(2))"
        if nhs >= 2
        else "s.72A(1) excludes only combinations of two or more NHS providers"
    )
    return found(
        f"An independent provider is involved and {why}: the CMA may review the transaction "
        "under Enterprise Act 2002 Part 3 (no advice from Monitor: HSCA 2012 s.79 is omitted).",
        _cma_phase_1(p),
        _cma_phase_2(),
    )


@rule(
    "enterprise_act_2002.s94.merger_control_decision_binds",
    sources=(
        section(ENTERPRISE_ACT_2002, "82"),
        section(ENTERPRISE_ACT_2002, "84"),
        section(ENTERPRISE_ACT_2002, "94"),
    ),
    actions={"merge"},
    effect=Effect.FORBIDS,
    citation="Enterprise Act 2002 s.82 (final undertakings: in force from acceptance until "
    "varied, superseded or released, s.82(2)), s.84 (final orders) and s.94(2) (every person "
    "to whom an enforcement undertaking or order relates must comply; enforceable by the CMA, "
    "before 1 April 2014 the OFT and the Competition Commission, s.94(6)-(7))",
    in_force=ALWAYS,
    summary="A merger or acquisition of bodies bound together by a competition authority's "
    "prohibition or undertakings in force on the day (the 2013 Bournemouth and Poole "
    "undertakings until the CMA released them in 2020) is unlawful, whatever else permits it.",
    overrides=(ALL_PERMISSIONS,),
)
def merger_control_decision_binds(p: Proposal) -> Finding | None:
    bindings = p.state.merger_controls.binding(_parties(p), p.day)
    if not bindings:
        return None
    said = []
    for b in bindings:
        d = b.decision
        said.append(
            f"{d.authority_name}, {d.outcome.value.replace('_', ' ')} "
            f"{'by' if d.dated == 'by' else 'of'} {b.start.isoformat()} "
            f"binding {named(p, list(d.parties))} under {d.binding} (source: {d.source_title}, "
            f"{d.source_url})"
        )
    return found(
        "The merger would breach a merger-control decision in force: "
        + "; ".join(said)
        + ". Those bound must comply until it is released (Enterprise Act 2002 s.94(2))."
    )


@rule(
    "enterprise_act_2002.s80.reference_not_finally_determined",
    sources=(
        section(ENTERPRISE_ACT_2002, "79"),
        section(ENTERPRISE_ACT_2002, "80"),
        section(ENTERPRISE_ACT_2002, "81"),
    ),
    actions={"merge"},
    effect=Effect.FORBIDS,
    citation="Enterprise Act 2002 s.79(1)-(2) (a reference is finally determined only by a "
    "clearing report or by final undertakings or a final order), ss.80-81 (interim "
    "undertakings and orders against pre-emptive action while it is not) and s.94(2)",
    in_force=ALWAYS,
    summary="While a reference of the merger is not finally determined (referred for Phase 2, "
    "or prohibited but with its final undertakings or order not yet in force) the parties may "
    "be bound by interim undertakings or orders not to complete it: the verdict asks.",
    overrides=(ALL_PERMISSIONS,),
)
def reference_not_finally_determined(p: Proposal) -> Finding | None:
    pending = p.state.merger_controls.pending(_parties(p), p.day)
    if pending is None:
        return None
    day, d = pending
    if not p.flag(*INTERIM_BAR):
        return None
    return found(
        f"The {d.authority_name}'s {d.outcome.value} {'by' if d.dated == 'by' else 'of'} "
        f"{day.isoformat()} ({d.source_title}) is not finally determined, and an interim "
        "undertaking or order in force bars completing the merger until it is (Enterprise Act "
        "2002 ss.80-81, 94(2))."
    )


RULES = (
    cma_merger_review,
    no_cma_review_of_nhs_mergers,
    cma_review_with_non_nhs_enterprise,
    merger_control_decision_binds,
    reference_not_finally_determined,
)
