"""Money: allocations to commissioners, system financial objectives, capital limits.

Until 2022 NHS England allotted funds to CCGs (s.223G) and there were no statutory system
objectives; foundation trusts' capital spending could not be limited. From 1 July 2022 NHS
England allots funds to ICBs, may set joint financial objectives for an ICB and its partner
trusts (s.223L) and resource limits (s.223M), and may limit one FT's capital spending for a
year by order (s.42B).
"""

from __future__ import annotations

from nhswiring.law.common import ALWAYS, BEFORE_HCA, FROM_HCA, TRUSTS, K, found, must, names
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import NHS_ACT_2006, part, schedule, section
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
    kinds = set(p.kinds(targets))
    if p.actor == "SOS" and kinds == {K.NHS_ENGLAND}:
        return found(
            "The Secretary of State allots NHS England's funding for the year.",
            must("Lay the allotment before Parliament", "NHS Act 2006 s.223B"),
        )
    commissioner = K.CCG if p.law_day < FROM_HCA.start else K.ICB
    if p.actor == "NHSE" and kinds == {commissioner}:
        return found(
            f"NHS England allots the {commissioner.value.upper()}s' funding.",
            must("Notify the Secretary of State of the allotments", "NHS Act 2006 s.223G"),
        )
    return None


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
    if p.actor != "NHSE" or p.kind(system) is not K.ICB:
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
        must(
            "Consult the foundation trust before making the order",
            "NHS Act 2006 s.42B(3)",
            on="NHSE",
        ),
        must("Publish the order", "NHS Act 2006 s.42B(4)", on="NHSE"),
        must(
            "Have regard to NHS England's published guidance on capital limits",
            "NHS Act 2006 s.42C",
        ),
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
    system_financial_objectives,
    no_system_objectives_before_2022,
    ft_capital_limit,
    no_ft_capital_limits_before_2022,
    nhs_trust_capital_limits,
)
