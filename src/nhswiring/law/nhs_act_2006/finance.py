"""Money: allocations to commissioners, system financial objectives, capital limits.

Until 2022 NHS England allotted funds to CCGs (s.223G) and there were no statutory system
objectives; foundation trusts' capital spending could not be limited. From 1 July 2022 NHS
England allots funds to ICBs, may set joint financial objectives for an ICB and its partner
trusts (s.223L) and resource limits (s.223M), and may limit one FT's capital spending for a
year by order (s.42B).

An allotment is for a financial year of the commissioner allotted to: a CCG or ICB abolished
before the year (the predecessors of the ICBs merged on 1 April 2026, for 2026/27) has none,
and its successor receives the allotment. Resource limits and outturns are in
`nhswiring.law.nhs_act_2006.outturns`; the duties tested on outturns in
`nhswiring.law.nhs_act_2006.financial_duties`.
"""

from __future__ import annotations

from datetime import date

from nhswiring.domain.bodies import Body
from nhswiring.domain.finance import FinancialYear
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
    HCA_2022,
    HCA_COMMENCEMENT_2,
    NHS_ACT_2006,
    part,
    regulation,
    schedule,
    section,
)
from nhswiring.law.nhs_act_2006.financial_years import body_in_year, kind_in_year, year_of
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect


@rule(
    "nhs_act_2006.s223G.allotments",
    actions={"set_allocations"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.223G (CCGs, inserted by HSCA 2012 s.27; ICBs from 1 July 2022); "
    "s.223B (the Secretary of State's allotment to NHS England)",
    in_force=ALWAYS,
    summary="The Secretary of State allots NHS England its funding; NHS England allots each "
    "commissioner's (CCGs', then ICBs') for the year.",
)
def allotments(p: Proposal) -> Finding | None:
    targets = p.codes("to")
    if p.actor == "SOS" and set(p.kinds(targets)) == {K.NHS_ENGLAND}:
        return found(
            "The Secretary of State allots NHS England's funding for the year.",
            must("Lay the allotment before Parliament", "NHS Act 2006 s.223B"),
        )
    commissioner = K.CCG if p.law_day < FROM_HCA.start else K.ICB
    kinds = {kind_in_year(p, t, year_of(p)) for t in targets}
    if p.actor == "NHSE" and kinds == {commissioner}:
        return found(
            f"NHS England allots the {commissioner.value.upper()}s' funding.",
            must("Notify the Secretary of State of the allotments", "NHS Act 2006 s.223G"),
        )
    return None


@rule(
    "nhs_act_2006.s223G.commissioner_has_the_year",
    actions={"set_allocations"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.223G(1) (an allotment is for a commissioner's financial year); "
    "s.14Z52(8) (an ICB's financial years); s.223G(8) (a CCG's)",
    sources=(section(NHS_ACT_2006, "223G"), section(NHS_ACT_2006, "14Z52")),
    in_force=ALWAYS,
    summary="NHS England allots a commissioner its funding for a financial year of that "
    "commissioner: a CCG or ICB abolished before the year begins (the predecessors of the 2026 "
    "merged ICBs for 2026/27), or not yet established when it ends, has no such year.",
    overrides=("nhs_act_2006.s223G.allotments",),
)
def commissioner_has_the_year(p: Proposal) -> Finding | None:
    year = year_of(p)
    absent: list[Body] = []
    for t in p.codes("to"):
        if body_in_year(p, t, year) is None:
            absent.extend([b for b in p.state.lives(t) if b.kind in COMMISSIONERS][-1:])
    if not absent:
        return None
    why = "; ".join(_no_year(b, year) for b in absent)
    return found(f"No allotment can be made for {year.label} to a body without that year: {why}.")


def _no_year(body: Body, year: FinancialYear) -> str:
    if body.start >= year.end:
        return f"{body.name} ({body.code}) is established only on {body.start.isoformat()}"
    after = f", its area passing to {', '.join(body.successors)}" if body.successors else ""
    ended = body.end.isoformat() if body.end else "?"
    return f"{body.name} ({body.code}) was abolished on {ended}{after}"


@rule(
    "nhs_act_2006.s223L.system_financial_objectives",
    actions={"set_financial_objectives"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 ss.223L-223M (inserted by HCA 2022 s.29(5))",
    in_force=FROM_HCA,
    summary="NHS England may set financial objectives for an ICB and its partner NHS trusts and "
    "FTs jointly, which they must seek to achieve, and limits on their combined capital and "
    "revenue resource use.",
)
def system_financial_objectives(p: Proposal) -> Finding | None:
    system = str(p.arg("system"))
    if p.actor != "NHSE" or p.kind(system) is not K.ICB or _trust_targets(p):
        return None
    partners = p.codes("partners")
    if any(p.kind(t) not in TRUSTS for t in partners):
        return None
    return found(
        f"NHS England may set joint financial objectives for {names(p, [system])} and "
        "its partner trusts.",
        must(
            "The ICB and its partner trusts must seek to achieve the objectives",
            "NHS Act 2006 s.223L",
            on=system,
        ),
        must(
            "Keep combined resource use within any limits NHS England directs",
            "NHS Act 2006 s.223M",
            on=system,
        ),
    )


@rule(
    "nhs_act_2006.no_system_objectives_before_2022",
    sources=(
        *(section(NHS_ACT_2006, n) for n in ("223H", "223I", "223J", "223K")),
        schedule(NHS_ACT_2006, "5", "2"),
    ),
    actions={"set_financial_objectives"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 ss.223H-223K (CCG duties) and Sch 5 para 2 (NHS trusts), as they "
    "stood to 30 June 2022",
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 each commissioner and trust had its own duties; there was no "
    "power to set statutory financial objectives for a commissioner and providers together "
    "(system control totals were policy, not law).",
)
def no_system_objectives_before_2022(p: Proposal) -> Finding | None:
    if not p.codes("partners"):
        return None
    return found(
        "No provision let NHS England or the regulators set joint statutory financial "
        "objectives for a CCG and trusts; any 'system control total' bound nobody in "
        "law."
    )


def _trust_targets(p: Proposal) -> tuple[str, ...]:
    """The trusts named as the objectives' subject under Sch 5 para 2 (not as an ICB's
    partners): ``nhs_trusts``, or a ``system`` that is itself a trust with no partners."""
    named = p.codes("nhs_trusts")
    system = p.arg("system")
    if system and not p.codes("partners") and p.kind(str(system)) in TRUSTS:
        named = (*named, str(system))
    return named


def _for_nhs_trusts(p: Proposal) -> bool:
    return bool(p.arg("all_nhs_trusts")) or bool(_trust_targets(p))


TRUST_OBJECTIVES_SOURCES = (schedule(NHS_ACT_2006, "5", "2"), section(HCA_2022, "60"))


@rule(
    "nhs_act_2006.sch5_para2.nhs_trust_objectives",
    sources=(*TRUST_OBJECTIVES_SOURCES, regulation(HCA_COMMENCEMENT_2, "14")),
    actions={"set_financial_objectives"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 Sch 5 para 2(2)-(4) (substituted by HCA 2022 s.60, in force 1 July "
    "2022; objectives set before then saved by SI 2022/734 reg 14)",
    in_force=FROM_HCA,
    summary="From 1 July 2022 NHS England may set financial objectives for NHS trusts, generally, "
    "for a particular trust or for trusts of a description; each trust must achieve those that "
    "apply to it. Objectives set under the old para 2(2) before 1 July 2022 continue.",
)
def nhs_trust_objectives(p: Proposal) -> Finding | None:
    if p.actor != "NHSE" or not _for_nhs_trusts(p):
        return None
    trusts = _trust_targets(p)
    if any(p.kind(t) is not K.NHS_TRUST for t in trusts):
        return None
    whom = "all NHS trusts" if p.arg("all_nhs_trusts") else names(p, list(trusts))
    duty = "Achieve the financial objectives NHS England has set"
    return found(
        f"NHS England may set financial objectives for {whom} for {p.arg('year')} (Sch 5 para "
        "2(2), (4)).",
        *(
            [must(duty, "NHS Act 2006 Sch 5 para 2(3)")]
            if p.arg("all_nhs_trusts")
            else [must(duty, "NHS Act 2006 Sch 5 para 2(3)", on=t) for t in trusts]
        ),
    )


@rule(
    "nhs_act_2006.sch5_para2_1.breakeven",
    actions={"set_financial_objectives"},
    effect=Effect.REQUIRES,
    citation="NHS Act 2006 Sch 5 para 2(1)",
    in_force=ALWAYS,
    summary="Whatever objectives are set, each NHS trust must ensure that its revenue is not "
    "less than sufficient, taking one financial year with another, to meet the outgoings "
    "properly chargeable to revenue account: breakeven over the years, not in each single year.",
)
def breakeven(p: Proposal) -> Finding | None:
    if not _for_nhs_trusts(p) or any(p.kind(t) is not K.NHS_TRUST for t in _trust_targets(p)):
        return None
    return found(
        "Each NHS trust also carries the standing breakeven duty, one financial year with another.",
        must(
            "Keep revenue sufficient, taking one financial year with another, to meet outgoings "
            "properly chargeable to revenue account",
            "NHS Act 2006 Sch 5 para 2(1)",
        ),
    )


@rule(
    "nhs_act_2006.sch5_para2.nhs_trusts_only",
    sources=(*TRUST_OBJECTIVES_SOURCES, section(NHS_ACT_2006, "223L")),
    actions={"set_financial_objectives"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 Sch 5 para 2(2)-(4) (NHS trusts established under s.25 only; "
    "substituted by HCA 2022 s.60); s.223L (foundation trusts only jointly, as an ICB's "
    "partners)",
    in_force=FROM_HCA,
    summary="Sch 5 para 2 lets NHS England set objectives for NHS trusts, not foundation trusts: "
    "a foundation trust can be bound only jointly with its ICB and partners (s.223L).",
)
def nhs_trusts_only(p: Proposal) -> Finding | None:
    if p.actor != "NHSE":
        return None
    others = [t for t in _trust_targets(p) if p.kind(t) is not K.NHS_TRUST]
    if not others:
        return None
    return found(
        f"{names(p, others)} is not an NHS trust: Sch 5 para 2 objectives cannot be set for "
        "it; use joint system objectives with its ICB (s.223L)."
    )


@rule(
    "nhs_act_2006.sch5_para2.no_nhse_objectives_before_2022",
    sources=TRUST_OBJECTIVES_SOURCES,
    actions={"set_financial_objectives"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 Sch 5 para 2(2) as it stood to 30 June 2022 (NHS England's power was "
    "substituted by HCA 2022 s.60 from 1 July 2022)",
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 NHS England (the NHS Commissioning Board) had no power to set "
    "NHS trusts' financial objectives: HCA 2022 s.60 gave it that power from 1 July 2022.",
)
def no_nhse_objectives_before_2022(p: Proposal) -> Finding | None:
    if p.actor != "NHSE" or not _for_nhs_trusts(p) or p.codes("partners"):
        return None
    return found(
        "NHS England could not set NHS trusts' financial objectives before 1 July 2022; the "
        "power under Sch 5 para 2(2) is NHS England's only from then (HCA 2022 s.60)."
    )


@rule(
    "nhs_act_2006.s42B.ft_capital_limit",
    actions={"set_capital_limit"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 ss.42B-42C (inserted by HCA 2022 s.62)",
    in_force=FROM_HCA,
    summary="NHS England may by order limit a named foundation trust's capital expenditure for "
    "one financial year, after consulting the trust, and must publish the order.",
)
def ft_capital_limit(p: Proposal) -> Finding | None:
    trust = str(p.arg("trust"))
    if p.actor != "NHSE" or p.kind(trust) is not K.FOUNDATION_TRUST:
        return None
    return found(
        f"NHS England may limit {names(p, [trust])}'s capital expenditure for {p.arg('year')}.",
        must("Publish the order", "NHS Act 2006 s.42B(4)", on="NHSE"),
        must(
            "Have regard to NHS England's published guidance on capital limits",
            "NHS Act 2006 s.42C",
        ),
    )


def financial_year_end(year: str) -> date:
    """The last day of the financial year written "2023/24" (1 April 2023 to 31 March 2024)."""
    return date(int(year[:4]) + 1, 3, 31)


@rule(
    "nhs_act_2006.s42B.year_not_past",
    actions={"set_capital_limit"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.42B(1), (5) (inserted by HCA 2022 s.62)",
    in_force=FROM_HCA,
    summary="A capital expenditure limit order covers a single financial year and may be made "
    "during or before that year, never after it has ended.",
    overrides=("nhs_act_2006.s42B.ft_capital_limit",),
)
def year_not_past(p: Proposal) -> Finding | None:
    if p.kind(str(p.arg("trust"))) is not K.FOUNDATION_TRUST:
        return None
    end = financial_year_end(str(p.arg("year")))
    if p.day <= end:
        return None
    return found(
        f"The financial year {p.arg('year')} ended on {end.isoformat()}: an order may be made "
        "only during or before the year it limits (s.42B(5))."
    )


@rule(
    "nhs_act_2006.no_ft_capital_limits_before_2022",
    sources=(part(NHS_ACT_2006, "2", "5"), section(NHS_ACT_2006, "42B")),
    actions={"set_capital_limit"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 Part 2 Chapter 5 as it stood to 30 June 2022 (no capital limit "
    "power; s.42B inserted by HCA 2022 s.62)",
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 no one could limit a foundation trust's capital spending: FTs "
    "could borrow and spend their surpluses.",
)
def no_ft_capital_limits_before_2022(p: Proposal) -> Finding | None:
    if p.kind(str(p.arg("trust"))) is not K.FOUNDATION_TRUST:
        return None
    return found(
        "Foundation trusts' capital spending was theirs to decide; the power to limit "
        "it arrived with the 2022 Act."
    )


@rule(
    "nhs_act_2006.nhs_trust_capital_limits",
    actions={"set_capital_limit"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.8 and Sch 5 (directions to NHS trusts, incl. capital resource "
    "limits; the TDA for the Secretary of State to 2022); s.27B and s.223M (NHS England from "
    "1 July 2022)",
    in_force=ALWAYS,
    summary="NHS trusts' capital spending can be limited by direction (the Secretary of State, "
    "through the TDA until 2022; NHS England since).",
)
def nhs_trust_capital_limits(p: Proposal) -> Finding | None:
    if p.kind(str(p.arg("trust"))) is not K.NHS_TRUST:
        return None
    allowed = {"SOS", "TDA"} if p.law_day < FROM_HCA.start else {"SOS", "NHSE"}
    if p.actor not in allowed:
        return None
    return found("The NHS trust's capital resource limit may be set by direction.")


RULES = (
    allotments,
    commissioner_has_the_year,
    system_financial_objectives,
    no_system_objectives_before_2022,
    nhs_trust_objectives,
    breakeven,
    nhs_trusts_only,
    no_nhse_objectives_before_2022,
    ft_capital_limit,
    year_not_past,
    no_ft_capital_limits_before_2022,
    nhs_trust_capital_limits,
)
