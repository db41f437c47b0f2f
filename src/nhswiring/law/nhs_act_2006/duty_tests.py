"""The vocabulary of the financial duties tested on figures: a duty, its test, its status, and
the comparison "use within limit" every duty comes down to.

Pure functions, no state: the figures come in (``Item`` values of `nhswiring.domain.finance`,
exact pounds), a `DutyTest` per duty comes out, saying met, breached or unknown, with its
citation, the figures read, the margin and how the duty was read. The duty tested is the one
in force in *that* year, whatever the day the question is asked: a CCG's 2019/20 outturn is
judged by s.223H even when reported in 2023.

A figure not given is missing, never zero: a duty short of a figure is ``unknown`` and names
it. The margin is the headroom (limit less use, receipts less expenditure): zero or more within
the duty, below zero the amount of the breach.

Several duties are "with a view to ensuring" duties (ss.223GC, 223M): a duty of conduct,
not a guarantee of result. The only evidence of the conduct the model holds is the outturn,
so they are tested on the outturn and the reading says so: an overspend shows the target was
missed, and is reported as a breach of the duty as the auditors and NHS England report it.

The tests for each kind of body, and for a system, are in
`nhswiring.law.nhs_act_2006.financial_duties`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.finance import FinancialYear
from nhswiring.domain.time import Interval
from nhswiring.law.common import ALWAYS, BEFORE_HCA, FROM_HCA


class DutyStatus(StrEnum):
    MET = "met"
    BREACHED = "breached"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class DutyTest:
    """One duty tested on one body's (or one system's) figures for one financial year."""

    duty: str
    title: str
    citation: str
    body: str
    year: str
    status: DutyStatus
    figures: tuple[tuple[str, Decimal | None], ...]
    margin: Decimal | None
    missing: tuple[str, ...]
    reading: str

    def to_json(self) -> dict[str, Any]:
        return {
            "duty": self.duty,
            "title": self.title,
            "citation": self.citation,
            "body": self.body,
            "year": self.year,
            "status": self.status.value,
            "figures": [
                {"item": item, "amount": None if amount is None else str(amount)}
                for item, amount in self.figures
            ],
            "margin": None if self.margin is None else str(self.margin),
            "missing": list(self.missing),
            "reading": self.reading,
        }


@dataclass(frozen=True, slots=True)
class Duty:
    """A statutory financial duty: its id, short name, citation, and the years whose law
    contains it (a year is tested if its period overlaps ``in_force``)."""

    id: str
    title: str
    citation: str
    in_force: Interval
    kind: BodyKind


CCG_BREAKEVEN = Duty(
    "nhs_act_2006.s223H.ccg_breakeven",
    "CCG breakeven",
    "NHS Act 2006 s.223H(1) (inserted by HSCA 2012 s.27; omitted by HCA 2022 s.29(4))",
    BEFORE_HCA,
    BodyKind.CCG,
)
CCG_REVENUE_LIMIT = Duty(
    "nhs_act_2006.s223I.ccg_revenue_resource_limit",
    "CCG revenue resource limit",
    "NHS Act 2006 s.223I(3) (inserted by HSCA 2012 s.27; omitted by HCA 2022 s.29(4))",
    BEFORE_HCA,
    BodyKind.CCG,
)
CCG_CAPITAL_LIMIT = Duty(
    "nhs_act_2006.s223I.ccg_capital_resource_limit",
    "CCG capital resource limit",
    "NHS Act 2006 s.223I(2) (inserted by HSCA 2012 s.27; omitted by HCA 2022 s.29(4))",
    BEFORE_HCA,
    BodyKind.CCG,
)
CCG_RUNNING_COSTS = Duty(
    "nhs_act_2006.s223J.ccg_running_costs",
    "CCG running costs",
    "NHS Act 2006 s.223J(3) (inserted by HSCA 2012 s.27); SI 2012/2996 reg 57",
    BEFORE_HCA,
    BodyKind.CCG,
)
ICB_BREAKEVEN = Duty(
    "nhs_act_2006.s223GC.icb_breakeven",
    "ICB breakeven",
    "NHS Act 2006 s.223GC(1), (3) (inserted by HCA 2022 s.29)",
    FROM_HCA,
    BodyKind.ICB,
)
ICB_RUNNING_COSTS = Duty(
    "nhs_act_2006.s223GB.icb_running_costs",
    "ICB running costs",
    "NHS Act 2006 s.223GB(2) (inserted by HCA 2022 s.29): NHS England's published directions "
    "limiting an ICB's expenditure or resource use",
    FROM_HCA,
    BodyKind.ICB,
)
FT_CAPITAL_LIMIT = Duty(
    "nhs_act_2006.s42B.ft_capital_expenditure",
    "Foundation trust capital expenditure limit",
    "NHS Act 2006 s.42B(6)-(7) (inserted by HCA 2022 s.62)",
    FROM_HCA,
    BodyKind.FOUNDATION_TRUST,
)
TRUST_BREAKEVEN = Duty(
    "nhs_act_2006.sch5_para2_1.trust_breakeven",
    "NHS trust breakeven",
    "NHS Act 2006 Sch 5 para 2(1)",
    ALWAYS,
    BodyKind.NHS_TRUST,
)


SYSTEM_REVENUE_LIMIT = Duty(
    "nhs_act_2006.s223M.system_revenue_resource_limit",
    "System revenue resource limit",
    "NHS Act 2006 s.223M(1)(b), (2) (inserted by HCA 2022 s.29(5))",
    FROM_HCA,
    BodyKind.ICB,
)
SYSTEM_CAPITAL_LIMIT = Duty(
    "nhs_act_2006.s223M.system_capital_resource_limit",
    "System capital resource limit",
    "NHS Act 2006 s.223M(1)(a), (2) (inserted by HCA 2022 s.29(5))",
    FROM_HCA,
    BodyKind.ICB,
)

#: Every duty, in the order a body's duties are shown.
DUTIES: tuple[Duty, ...] = (
    CCG_BREAKEVEN,
    CCG_REVENUE_LIMIT,
    CCG_CAPITAL_LIMIT,
    CCG_RUNNING_COSTS,
    ICB_BREAKEVEN,
    ICB_RUNNING_COSTS,
    TRUST_BREAKEVEN,
    FT_CAPITAL_LIMIT,
    SYSTEM_REVENUE_LIMIT,
    SYSTEM_CAPITAL_LIMIT,
)


def applies(duty: Duty, year: FinancialYear) -> bool:
    """Whether the law of ``year`` contains ``duty`` (some day of the year is in force)."""
    return duty.in_force.overlaps(year.period)


def period(duty: Duty, year: FinancialYear, established: date | None = None) -> Interval | None:
    """The part of ``year`` the duty covers for a body established on ``established``: the
    body's first year runs from its establishment (s.14Z52(8); s.223G(8) for CCGs), and a
    CCG's last year ended on 30 June 2022 (SI 2022/734 reg 28). None when there is none."""
    start = max(year.start, duty.in_force.start, established or year.start)
    ends = [year.end] + ([duty.in_force.end] if duty.in_force.end else [])
    end = min(ends)
    return Interval(start, end) if start < end else None


def describe(span: Interval, year: FinancialYear) -> str:
    last = date.fromordinal((span.end or year.end).toordinal() - 1)
    months = (last.year - span.start.year) * 12 + last.month - span.start.month + 1
    whole = span.start == year.start and span.end == year.end
    return (
        f"the financial year {year.label}"
        if whole
        else f"{span.start:%-d %B %Y} to {last:%-d %B %Y} ({months} months of {year.label})"
    )


def compare(
    duty: Duty,
    body: str,
    year: FinancialYear,
    given: Mapping[str, Decimal | None],
    used: tuple[str, ...],
    allowed: tuple[str, ...],
    reading: str,
) -> DutyTest:
    """The test "sum of ``used`` within sum of ``allowed``": margin = allowed - used. Any
    figure not given makes it unknown, naming it in ``missing``."""
    order = (*used, *allowed)
    figures = tuple((str(name), given.get(name)) for name in order)
    missing = tuple(n for n, v in figures if v is None)
    if missing:
        return DutyTest(
            duty.id,
            duty.title,
            duty.citation,
            body,
            year.label,
            DutyStatus.UNKNOWN,
            figures,
            None,
            missing,
            reading,
        )
    total = sum((given[n] or Decimal(0) for n in allowed), Decimal(0))
    spent = sum((given[n] or Decimal(0) for n in used), Decimal(0))
    margin = total - spent
    status = DutyStatus.MET if margin >= 0 else DutyStatus.BREACHED
    return DutyTest(
        duty.id, duty.title, duty.citation, body, year.label, status, figures, margin, (), reading
    )
