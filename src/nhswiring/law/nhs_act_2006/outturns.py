"""Resource limits set, outturns reported and tested against the financial duties, and the
Secretary of State's objectives for NHS trusts before 2022.

NHS England directs resource limits: for each CCG alone until 30 June 2022 (s.223I), for an
ICB and its partner trusts jointly from 1 July 2022 (s.223M). A body reports its outturn for a
year; reporting is lawful, and the verdict states each duty of that year's law as met,
breached or unknown (`nhswiring.law.nhs_act_2006.financial_duties`). A breach is a finding
about the body's conduct in the year, not a bar on the report, so it *requires* (the law's
requirement, and how it was missed) rather than *forbids*; an unknown figure is a missing fact
the verdict asks for (undetermined), never a zero.

Until 30 June 2022 NHS trusts' financial objectives were the Secretary of State's, set with
the Treasury's consent (Sch 5 para 2(2)-(3) as first enacted); from 1 July 2022 NHS England's
(`nhswiring.law.nhs_act_2006.finance`).
"""

from __future__ import annotations

from decimal import Decimal

from nhswiring.domain.finance import FinancialYear, pounds_text
from nhswiring.law.common import ALWAYS, BEFORE_HCA, FROM_HCA, TRUSTS, K, found, must, names
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import Check, Finding, Rule, rule
from nhswiring.law.instruments import HCA_2022, HSCA_2012, NHS_ACT_2006, schedule, section
from nhswiring.law.nhs_act_2006.duty_tests import (
    DUTIES,
    FT_CAPITAL_LIMIT,
    SYSTEM_CAPITAL_LIMIT,
    SYSTEM_REVENUE_LIMIT,
    Duty,
    DutyStatus,
    DutyTest,
    applies,
)
from nhswiring.law.nhs_act_2006.finance import _for_nhs_trusts, _trust_targets
from nhswiring.law.nhs_act_2006.financial_duties import body_duties
from nhswiring.law.nhs_act_2006.financial_years import body_in_year, held_figures, year_of
from nhswiring.law.proposal import NeedsFact, Proposal
from nhswiring.law.verdict import Effect

REPORTERS = frozenset({K.CCG, K.ICB, K.NHS_TRUST, K.FOUNDATION_TRUST})


def money(amount: Decimal | None) -> str:
    return "not given" if amount is None else pounds_text(amount)


def _limits(p: Proposal) -> str:
    parts = [f"{what} {money(p.arg(what))}" for what in ("revenue", "capital") if p.arg(what)]
    return " and ".join(parts)


@rule(
    "nhs_act_2006.s223M.joint_resource_limits",
    actions={"set_resource_limits"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.223M (inserted by HCA 2022 s.29(5))",
    in_force=FROM_HCA,
    summary="NHS England directs, for each financial year, limits on the local capital and "
    "revenue resource use of an ICB and its partner NHS trusts and foundation trusts together "
    "(transfers between them excluded).",
)
def joint_resource_limits(p: Proposal) -> Finding | None:
    system, year = str(p.arg("system")), year_of(p)
    partners = p.codes("partners")
    body = body_in_year(p, system, year)
    if p.actor != "NHSE" or body is None or body.kind is not K.ICB:
        return None
    if any(p.kind(t) not in TRUSTS for t in partners):
        return None
    return found(
        f"NHS England directs the {year.label} limits ({_limits(p)}) for "
        f"{names(p, [system, *partners])} together.",
        must(
            "The ICB and its partner trusts must exercise their functions with a view to "
            "keeping local capital and revenue resource use within the limits",
            "NHS Act 2006 s.223M",
            on=system,
        ),
    )


@rule(
    "nhs_act_2006.s223I.ccg_resource_limits",
    actions={"set_resource_limits"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.223I (inserted by HSCA 2012 s.27)",
    in_force=BEFORE_HCA,
    summary="Until 30 June 2022 NHS England directed each CCG's own capital and revenue "
    "resource limits for a financial year, which the CCG had to keep within.",
)
def ccg_resource_limits(p: Proposal) -> Finding | None:
    system, year = str(p.arg("system")), year_of(p)
    body = body_in_year(p, system, year)
    if p.actor != "NHSE" or body is None or body.kind is not K.CCG or p.codes("partners"):
        return None
    return found(
        f"NHS England directs {names(p, [system])}'s {year.label} resource limits ({_limits(p)}).",
        must(
            "The CCG must keep its capital and revenue resource use within the limits",
            "NHS Act 2006 s.223I(2)-(3)",
            on=system,
        ),
        must("Notify the Secretary of State of the limits", "NHS Act 2006 s.223I(6)", on="NHSE"),
    )


@rule(
    "nhs_act_2006.no_joint_limits_before_2022",
    actions={"set_resource_limits"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.223I as it stood to 30 June 2022 (each CCG's own limits); s.223M "
    "inserted by HCA 2022 s.29(5) from 1 July 2022",
    sources=(section(NHS_ACT_2006, "223I"), section(NHS_ACT_2006, "223M")),
    in_force=BEFORE_HCA,
    summary="Before 1 July 2022 resource limits bound each CCG alone; no provision set limits "
    "for a commissioner and trusts together.",
)
def no_joint_limits_before_2022(p: Proposal) -> Finding | None:
    if not p.codes("partners"):
        return None
    return found(
        "There were no joint resource limits before 1 July 2022: s.223I limits bound each CCG "
        "alone, and trusts' limits were set separately."
    )


@rule(
    "nhs_act_2006.finance.body_has_the_year",
    actions={"set_resource_limits", "report_outturn"},
    effect=Effect.FORBIDS,
    citation="NHS Act 2006 s.14Z52(8) (an ICB's financial years); s.223G(8) (a CCG's)",
    sources=(section(NHS_ACT_2006, "14Z52"), section(NHS_ACT_2006, "223G")),
    in_force=ALWAYS,
    summary="Limits and outturns are for a body's own financial year: a body abolished before "
    "the year, or established after it, has none.",
    overrides=(
        "nhs_act_2006.s223M.joint_resource_limits",
        "nhs_act_2006.s223I.ccg_resource_limits",
        "nhs_act_2006.outturn.report",
    ),
)
def body_has_the_year(p: Proposal) -> Finding | None:
    code, year = str(p.arg("system") or p.arg("body")), year_of(p)
    if body_in_year(p, code, year) is not None:
        return None
    return found(
        f"{names(p, [code])} was not a CCG, ICB, NHS trust or foundation trust on any day of "
        f"{year.label}: it has no such financial year."
    )


@rule(
    "nhs_act_2006.outturn.report",
    actions={"report_outturn"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 Sch 15 (accounts and annual accounts of NHS bodies: CCGs, then ICBs, "
    "and NHS trusts); Sch 7 (foundation trusts' accounts)",
    sources=(schedule(NHS_ACT_2006, "15"), schedule(NHS_ACT_2006, "7")),
    in_force=ALWAYS,
    summary="A commissioner or trust reports its outturn for a financial year (from its annual "
    "accounts); NHS England may record it. The duties of that year are then tested on it.",
)
def report(p: Proposal) -> Finding | None:
    code, year = str(p.arg("body")), year_of(p)
    body = body_in_year(p, code, year)
    if body is None or body.kind not in REPORTERS:
        return None
    if p.actor not in {code, "NHSE", *body.successors}:
        return None
    used = {name for test in tests_for(p) for name, _ in test.figures}
    held = {item: v for item, v in _from_register(p).items() if item in used}
    read = "; ".join(f"{item} {money(amount)} ({where})" for item, (amount, where) in held.items())
    return found(
        f"{names(p, [code])} reports its outturn for {year.label}."
        + (f" Figures the report does not give, read from the register: {read}." if read else "")
    )


def _from_register(p: Proposal) -> dict[str, tuple[Decimal, str]]:
    """The figures and limits the register already holds for the body's year (recorded
    figures; limits set by recorded decisions) that the report itself does not give."""
    code, year = str(p.arg("body")), year_of(p)
    given = {**(p.arg("figures") or {}), **(p.arg("limits") or {})}
    held = held_figures(p.state, code, year, p.day)
    return {item: held[item] for item in sorted(held) if item not in given}


def tests_for(p: Proposal) -> list[DutyTest]:
    """The duties of the reported year, tested on the figures (and limits, and a trust's
    earlier years) the report gives."""
    code, year = str(p.arg("body")), year_of(p)
    body = body_in_year(p, code, year)
    if body is None:
        return []
    figures = {
        **{item: amount for item, (amount, _) in _from_register(p).items()},
        **(p.arg("figures") or {}),
        **(p.arg("limits") or {}),
    }
    history = {
        FinancialYear(int(label[:4])): held for label, held in (p.arg("history") or {}).items()
    }
    return body_duties(body.kind, year, figures, established=body.start, history=history, code=code)


def _figures(test: DutyTest) -> str:
    return ", ".join(f"{name} {money(amount)}" for name, amount in test.figures)


def _duty_rule(duty: Duty) -> Rule:
    def check(p: Proposal) -> Finding | None:
        if p.law_day != p.day and not duty.in_force.contains(p.law_day):
            return None  # a regime held fixed: the duty is not part of that regime's law
        test = next((t for t in tests_for(p) if t.duty == duty.id), None)
        if test is None:
            return None
        if test.status is DutyStatus.UNKNOWN:
            raise NeedsFact(
                "figures:" + ",".join(test.missing),
                f"What were {test.body}'s {', '.join(test.missing)} for {test.year}? The "
                f"{test.title} duty ({test.citation}) cannot be tested without them, and an "
                "unknown figure is never taken as zero: give them in figures (limits in "
                "limits, an NHS trust's earlier years in history).",
            )
        if test.status is DutyStatus.MET:
            return Finding(
                f"Met: {test.title}, {test.year} ({_figures(test)}; margin "
                f"{money(test.margin)}): {test.reading}.",
                effect=Effect.NOTES,
            )
        return Finding(
            f"Breached: {test.title}, {test.year} ({_figures(test)}; over by "
            f"{money(-(test.margin or Decimal(0)))}): {test.reading}."
        )

    check.__name__ = duty.id.rsplit(".", 1)[-1]
    made: Check = check
    return rule(
        duty.id,
        actions={"report_outturn"},
        effect=Effect.REQUIRES,
        citation=duty.citation,
        sources=_SOURCES[duty.id],
        in_force=ALWAYS,  # the law of the year reported decides, whenever it is reported
        summary=f"{duty.title}: tested on a reported outturn under the law of the year "
        "reported (met, breached, or unknown for want of a figure).",
    )(made)


_SOURCES = {
    "nhs_act_2006.s223H.ccg_breakeven": (section(NHS_ACT_2006, "223H"), section(HSCA_2012, "27")),
    "nhs_act_2006.s223I.ccg_revenue_resource_limit": (section(NHS_ACT_2006, "223I"),),
    "nhs_act_2006.s223I.ccg_capital_resource_limit": (section(NHS_ACT_2006, "223I"),),
    "nhs_act_2006.s223J.ccg_running_costs": (section(NHS_ACT_2006, "223J"),),
    "nhs_act_2006.s223GC.icb_breakeven": (section(NHS_ACT_2006, "223GC"), section(HCA_2022, "29")),
    "nhs_act_2006.s223GB.icb_running_costs": (section(NHS_ACT_2006, "223GB"),),
    "nhs_act_2006.sch5_para2_1.trust_breakeven": (schedule(NHS_ACT_2006, "5", "2"),),
    "nhs_act_2006.s42B.ft_capital_expenditure": (section(NHS_ACT_2006, "42B"),),
}


@rule(
    "nhs_act_2006.s42B.no_order_no_limit",
    actions={"report_outturn"},
    effect=Effect.NOTES,
    citation="NHS Act 2006 s.42B (inserted by HCA 2022 s.62)",
    in_force=ALWAYS,
    summary="A foundation trust's capital spending is limited only in a year for which NHS "
    "England has made a s.42B order: with no order there is no limit and nothing to breach.",
)
def no_order_no_limit(p: Proposal) -> Finding | None:
    code, year = str(p.arg("body")), year_of(p)
    body = body_in_year(p, code, year)
    if body is None or body.kind is not K.FOUNDATION_TRUST:
        return None
    if any(t.duty == FT_CAPITAL_LIMIT.id for t in tests_for(p)):
        return None
    if not applies(FT_CAPITAL_LIMIT, year):
        why = (
            f"no s.42B order could limit {year.label}: the power began on "
            f"{FROM_HCA.start:%-d %B %Y}, so {names(p, [code])} had no capital limit to keep within"
        )
    else:
        why = (
            f"no capital expenditure limit order for {year.label} was given, so "
            f"{names(p, [code])} had no s.42B limit to keep within"
        )
    return Finding(
        f"{why[0].upper()}{why[1:]} (foundation trusts carry no statutory breakeven duty; as an "
        "ICB's partner a trust shares the s.223M joint limits, tested for the system).",
        effect=Effect.NOTES,
    )


SOS_OBJECTIVES_CITATION = (
    "NHS Act 2006 Sch 5 para 2(2)-(3) as it stood to 30 June 2022 (objectives set by the "
    "Secretary of State with the consent of the Treasury; substituted by HCA 2022 s.60)"
)
SOS_OBJECTIVES_SOURCES = (schedule(NHS_ACT_2006, "5", "2"), section(HCA_2022, "60"))


def _sos_for_nhs_trusts(p: Proposal) -> bool:
    return (
        p.actor == "SOS"
        and _for_nhs_trusts(p)
        and not p.codes("partners")
        and all(p.kind(t) is K.NHS_TRUST for t in _trust_targets(p))
    )


@rule(
    "nhs_act_2006.sch5_para2.sos_trust_objectives",
    actions={"set_financial_objectives"},
    effect=Effect.PERMITS,
    citation=SOS_OBJECTIVES_CITATION,
    sources=SOS_OBJECTIVES_SOURCES,
    in_force=BEFORE_HCA,
    summary="Until 30 June 2022 the Secretary of State, with the Treasury's consent, set NHS "
    "trusts' financial objectives (generally, for one trust or for trusts of a description); "
    "each trust had to achieve them. Objectives so set continue after 1 July 2022 (SI "
    "2022/734 reg 14).",
)
def sos_trust_objectives(p: Proposal) -> Finding | None:
    if not _sos_for_nhs_trusts(p):
        return None
    whom = "all NHS trusts" if p.arg("all_nhs_trusts") else names(p, list(_trust_targets(p)))
    return found(
        f"The Secretary of State may set financial objectives for {whom} for {p.arg('year')}.",
        must(
            "Achieve the financial objectives the Secretary of State has set",
            "NHS Act 2006 Sch 5 para 2(2)",
        ),
    )


TREASURY_CONSENT = Condition(
    "treasury_consented_to_trust_objectives",
    "Has the Treasury consented to the financial objectives the Secretary of State sets for "
    "NHS trusts (NHS Act 2006 Sch 5 para 2(2) as it stood to 30 June 2022)?",
    "the Treasury consented to the objectives",
    "the Treasury has not consented, and the Secretary of State could set NHS trusts' "
    "financial objectives only with its consent (NHS Act 2006 Sch 5 para 2(2) as it stood to "
    "30 June 2022)",
)


@precondition(
    "nhs_act_2006.sch5_para2.treasury_consent",
    actions={"set_financial_objectives"},
    citation=SOS_OBJECTIVES_CITATION,
    sources=SOS_OBJECTIVES_SOURCES,
    in_force=BEFORE_HCA,
    summary="The Secretary of State's objectives for NHS trusts needed the Treasury's consent.",
)
def treasury_consent(p: Proposal) -> Condition | None:
    return TREASURY_CONSENT if _sos_for_nhs_trusts(p) else None


DUTY_RULES = tuple(
    _duty_rule(d) for d in DUTIES if d not in {SYSTEM_REVENUE_LIMIT, SYSTEM_CAPITAL_LIMIT}
)

RULES = (
    joint_resource_limits,
    ccg_resource_limits,
    no_joint_limits_before_2022,
    body_has_the_year,
    report,
    *DUTY_RULES,
    no_order_no_limit,
    sos_trust_objectives,
    treasury_consent,
)
