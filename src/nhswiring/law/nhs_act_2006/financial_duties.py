"""The statutory financial duties, tested on figures: did this body, or this ICB and its
partner trusts, keep within what the law required of them in a financial year?

Pure functions, no state: the figures come in (``Item`` values of `nhswiring.domain.finance`,
exact pounds) and a `DutyTest` per duty comes out (met, breached or unknown; see
`nhswiring.law.nhs_act_2006.duty_tests`). The law applied is the law of the year tested,
whatever the day the question is asked: a CCG's 2019/20 outturn is judged by s.223H even when
reported after CCGs were abolished.

* CCGs (years to 2021/22, and the stub 1 April - 30 June 2022): breakeven (s.223H), revenue and
  capital resource limits (s.223I), running costs (s.223J(3), SI 2012/2996 reg 57).
* ICBs (from 1 July 2022; the first year nine months): breakeven (s.223GC), running costs
  within NHS England's limit (s.223GB).
* NHS trusts: breakeven taking one financial year with another (Sch 5 para 2(1)), read over
  `TRUST_BREAKEVEN_YEARS` consecutive years.
* Foundation trusts (from 1 July 2022): capital expenditure within a s.42B order's limit, only
  in a year for which an order exists.
* An ICB and its partner trusts together (from 1 July 2022): local revenue and capital
  resource use within NHS England's limits (s.223M), transfers between them excluded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.finance import FinancialYear, Item
from nhswiring.domain.time import Interval
from nhswiring.law.common import FROM_HCA
from nhswiring.law.nhs_act_2006.duty_tests import (
    CCG_BREAKEVEN,
    CCG_CAPITAL_LIMIT,
    CCG_REVENUE_LIMIT,
    CCG_RUNNING_COSTS,
    DUTIES,
    FT_CAPITAL_LIMIT,
    ICB_BREAKEVEN,
    ICB_RUNNING_COSTS,
    SYSTEM_CAPITAL_LIMIT,
    SYSTEM_REVENUE_LIMIT,
    TRUST_BREAKEVEN,
    Duty,
    DutyStatus,
    DutyTest,
    applies,
    compare,
    describe,
    period,
)
from nhswiring.law.parameters import TRUST_BREAKEVEN_YEARS

__all__ = [
    "DUTIES",
    "Duty",
    "DutyStatus",
    "DutyTest",
    "body_duties",
    "system_duties",
    "trust_breakeven",
]


def _ccg(
    year: FinancialYear, figures: Mapping[str, Decimal], span: Interval, code: str
) -> list[DutyTest]:
    when = describe(span, year)
    stub = " (the CCGs' last period, SI 2022/734 reg 28)" if span.end == FROM_HCA.start else ""
    return [
        compare(
            CCG_BREAKEVEN,
            code,
            year,
            figures,
            (Item.EXPENDITURE,),
            (Item.RECEIPTS,),
            f"expenditure in {when}{stub} must not exceed the allotment and other sums received "
            "in it; an absolute duty ('so as to ensure'), tested on the outturn",
        ),
        compare(
            CCG_REVENUE_LIMIT,
            code,
            year,
            figures,
            (Item.REVENUE_RESOURCE_USE,),
            (Item.REVENUE_RESOURCE_LIMIT,),
            f"revenue resource use in {when} must not exceed the limit NHS England directed",
        ),
        compare(
            CCG_CAPITAL_LIMIT,
            code,
            year,
            figures,
            (Item.CAPITAL_RESOURCE_USE,),
            (Item.CAPITAL_RESOURCE_LIMIT,),
            f"capital resource use in {when} must not exceed the limit NHS England directed",
        ),
        compare(
            CCG_RUNNING_COSTS,
            code,
            year,
            figures,
            (Item.RUNNING_COSTS,),
            (Item.RUNNING_COST_LIMIT,),
            f"revenue resource use on administration (as SI 2012/2996 reg 57 defines it) in {when} "
            "must not exceed the amount NHS England directed (the running cost allowance); the "
            "direction rests on one by the Secretary of State under s.223E(3)(a)",
        ),
    ]


def _icb(
    year: FinancialYear, figures: Mapping[str, Decimal], span: Interval, code: str
) -> list[DutyTest]:
    when = describe(span, year)
    first = ", the ICB's first financial year (s.14Z52(8))," if span.start != year.start else ""
    return [
        compare(
            ICB_BREAKEVEN,
            code,
            year,
            figures,
            (Item.EXPENDITURE,),
            (Item.RECEIPTS,),
            f"expenditure in {when}{first} must not exceed the sums received in it, the s.223G "
            "allotment counting as received; a 'with a view to' duty, tested on the outturn",
        ),
        compare(
            ICB_RUNNING_COSTS,
            code,
            year,
            figures,
            (Item.RUNNING_COSTS,),
            (Item.RUNNING_COST_LIMIT,),
            f"running costs in {when} must not exceed the running cost limit NHS England "
            "publishes with the ICB's allocation (a finance business rule); read as a limit on "
            "expenditure under s.223GB(2), there being no ICB s.223J(3) - UNCONFIRMED that the "
            "limit is given by s.223GB direction rather than as policy",
        ),
    ]


def _ft(
    year: FinancialYear, figures: Mapping[str, Decimal], span: Interval, code: str
) -> list[DutyTest]:
    if Item.FT_CAPITAL_LIMIT not in figures:
        return []  # no order for this year: no limit, no duty (not a breach)
    return [
        compare(
            FT_CAPITAL_LIMIT,
            code,
            year,
            figures,
            (Item.CAPITAL_EXPENDITURE,),
            (Item.FT_CAPITAL_LIMIT,),
            f"capital expenditure (capitalised in the accounts) in {describe(span, year)} must "
            "not exceed the limit in NHS England's order for that year, whenever in the year the "
            "order was made; an absolute duty ('must not exceed')",
        )
    ]


def body_duties(
    kind: BodyKind,
    year: FinancialYear,
    figures: Mapping[str, Decimal],
    *,
    established: date | None = None,
    history: Mapping[FinancialYear, Mapping[str, Decimal]] | None = None,
    code: str = "",
) -> list[DutyTest]:
    """Every duty the law of ``year`` lays on a body of ``kind``, tested on ``figures``
    (``history``: an NHS trust's earlier years, for 'one financial year with another')."""
    if established is not None and established >= year.end:
        return []
    if kind is BodyKind.NHS_TRUST:
        if not applies(TRUST_BREAKEVEN, year):
            return []
        return [trust_breakeven(year, figures, history or {}, established, code)]
    duties = {
        BodyKind.CCG: (CCG_BREAKEVEN, _ccg),
        BodyKind.ICB: (ICB_BREAKEVEN, _icb),
        BodyKind.FOUNDATION_TRUST: (FT_CAPITAL_LIMIT, _ft),
    }
    if kind not in duties:
        return []
    duty, tests = duties[kind]
    span = period(duty, year, established)
    if span is None:
        return []
    return tests(year, figures, span, code)


def trust_breakeven(
    year: FinancialYear,
    figures: Mapping[str, Decimal],
    history: Mapping[FinancialYear, Mapping[str, Decimal]],
    established: date | None = None,
    code: str = "",
) -> DutyTest:
    """Sch 5 para 2(1), read as: over the `TRUST_BREAKEVEN_YEARS` consecutive years ending
    with ``year`` (fewer for a trust established within them), revenue less revenue-account
    outgoings sums to zero or more. A deficit in one year, recovered within the run, is no
    breach; a year of the run not given makes the test unknown, naming the year."""
    first = FinancialYear.containing(established) if established else None
    run = [
        FinancialYear(year.first - back)
        for back in range(TRUST_BREAKEVEN_YEARS - 1, -1, -1)
        if first is None or year.first - back >= first.first
    ]
    given: dict[str, Decimal | None] = {}
    revenue: list[str] = []
    outgoings: list[str] = []
    for each in run:
        held = figures if each == year else history.get(each, {})
        for item, names in ((Item.TRUST_REVENUE, revenue), (Item.TRUST_OUTGOINGS, outgoings)):
            name = f"{each.label}:{item.value}"
            given[name] = held.get(item)
            names.append(name)
    span = f"{run[0].label} to {run[-1].label}" if len(run) > 1 else run[0].label
    return compare(
        TRUST_BREAKEVEN,
        code,
        year,
        given,
        tuple(outgoings),
        tuple(revenue),
        f"taking one financial year with another: revenue over {span} ({len(run)} year(s), "
        f"the model's reading of {TRUST_BREAKEVEN_YEARS} consecutive years, after the "
        "Department of Health's three-year recovery rule; the Act sets no period) must not be "
        "less than the outgoings properly chargeable to revenue account; a single year's "
        "deficit is not by itself a breach",
    )


_SYSTEM = (
    (SYSTEM_REVENUE_LIMIT, "revenue", Item.REVENUE_RESOURCE_USE, Item.REVENUE_RESOURCE_LIMIT),
    (SYSTEM_CAPITAL_LIMIT, "capital", Item.CAPITAL_RESOURCE_USE, Item.CAPITAL_RESOURCE_LIMIT),
)


def system_duties(
    icb: str,
    year: FinancialYear,
    members: Mapping[str, Mapping[str, Decimal]],
    limits: Mapping[str, Decimal],
    transfers: Mapping[str, Decimal] | None = None,
) -> list[DutyTest]:
    """s.223M for ``icb`` and its partner trusts (``members``, the ICB included, each with
    its own resource use, apportioned already where a trust partners several ICBs) against
    NHS England's ``limits``; ``transfers`` between those bodies (``revenue``, ``capital``)
    are not local resource use. No joint limits existed before 1 July 2022: none before
    2022/23."""
    if not applies(SYSTEM_REVENUE_LIMIT, year):
        return []
    codes = list(dict.fromkeys([icb, *members]))  # the ICB always counts
    return [
        _joint_limit(duty, what, use, limit, icb, year, codes, members, limits, transfers)
        for duty, what, use, limit in _SYSTEM
    ]


def _joint_limit(
    duty: Duty,
    what: str,
    use: Item,
    limit: Item,
    icb: str,
    year: FinancialYear,
    codes: list[str],
    members: Mapping[str, Mapping[str, Decimal]],
    limits: Mapping[str, Decimal],
    transfers: Mapping[str, Decimal] | None,
) -> DutyTest:
    given: dict[str, Decimal | None] = {
        f"{c}:{use.value}": members.get(c, {}).get(use) for c in codes
    }
    transfer = None if transfers is None else transfers.get(what)
    given["intra_system_transfers"] = transfer
    given[limit.value] = limits.get(limit)
    used = tuple(n for n in given if n.endswith(use.value))
    reading = (
        f"local {what} resource use of {icb} and its partner trusts in {year.label} (each "
        "body's own use, less transfers between them) must not exceed the limit NHS England "
        "directed; a 'with a view to' duty on all of them together, tested on the outturn"
    )
    if year == FinancialYear.containing(FROM_HCA.start):
        reading += (
            "; 2022/23 is the ICB's nine-month first year, and whether the partner trusts' "
            "use counts for nine or twelve months is as NHS England's direction says "
            "(UNCONFIRMED)"
        )
    if transfer is not None:
        # margin = limit - (gross use - transfers) = (limit + transfers) - gross use
        return compare(
            duty, icb, year, given, used, (limit.value, "intra_system_transfers"), reading
        )
    # Transfers not given: the gross sum over-counts local use, so within the limit gross is
    # within it net; over the limit gross, only the transfers can tell.
    gross = compare(
        duty,
        icb,
        year,
        {k: v for k, v in given.items() if k != "intra_system_transfers"},
        used,
        (limit.value,),
        reading + "; transfers between the bodies were not given: the gross sum was tested",
    )
    if gross.status is DutyStatus.MET:
        return DutyTest(
            gross.duty,
            gross.title,
            gross.citation,
            icb,
            year.label,
            DutyStatus.MET,
            gross.figures,
            gross.margin,
            (),
            gross.reading + " (within the limit before deducting them, so the margin shown "
            "is the least it can be)",
        )
    figures = (*gross.figures, ("intra_system_transfers", None))
    return DutyTest(
        gross.duty,
        gross.title,
        gross.citation,
        icb,
        year.label,
        DutyStatus.UNKNOWN,
        figures,
        None,
        (*gross.missing, f"intra_system_transfers.{what}"),
        gross.reading + " (over the limit before deducting them, or short of a figure: "
        "unknown until they are given)",
    )
