"""Which financial year an action concerns, and which body a code was in it.

A code can name different bodies over time (a CCG's code reused for a sub-ICB location, an
STP's for its ICB), and an allotment, a limit or an outturn is for the body that had the
financial year, which may not be the body the code names on the day of the action (an
allotment made for a year a merged ICB begins; a CCG's final accounts after its abolition).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from nhswiring.domain.bodies import Body
from nhswiring.domain.finance import FinancialYear, Item
from nhswiring.domain.register import Register
from nhswiring.law.common import K
from nhswiring.law.proposal import Proposal


def year_of(p: Proposal) -> FinancialYear:
    """The financial year an action concerns (its ``year`` argument, validated as YYYY/YY)."""
    return FinancialYear(int(str(p.arg("year"))[:4]))


#: The bodies that have financial years of their own in this model: commissioners and trusts.
FINANCIAL_BODIES = frozenset({K.CCG, K.ICB, K.NHS_TRUST, K.FOUNDATION_TRUST})


def body_in_year(p: Proposal, code: str, year: FinancialYear) -> Body | None:
    return financial_body(p.state, code, year)


def financial_body(register: Register, code: str, year: FinancialYear) -> Body | None:
    """``code`` as a commissioner or trust, as it stood on the last day of ``year`` it was one
    (None if it was none on any day of the year): an allotment, a limit or a duty is for a body
    that has the year, which for a body established or abolished within it is the part it
    existed (s.14Z52(8)). A code reused (a CCG's code for a sub-ICB location, an STP's for its
    ICB) is read in its financial life only. The law and the finance views both ask this."""
    for life in reversed(register.lives(code)):
        end = min(year.end, life.end) if life.end else year.end
        if life.start < end and year.start < end:
            held = register.body(code, end - timedelta(days=1))
            if held is not None and held.kind in FINANCIAL_BODIES:
                return held
    return None


def kind_in_year(p: Proposal, code: str, year: FinancialYear) -> K | None:
    body = body_in_year(p, code, year)
    return body.kind if body else None


#: The limits a recorded decision sets, by action: (argument, the item it limits).
_LIMITS_SET: dict[str, tuple[tuple[str, Item], ...]] = {
    "set_capital_limit": (("amount", Item.FT_CAPITAL_LIMIT),),
    "set_resource_limits": (
        ("revenue", Item.REVENUE_RESOURCE_LIMIT),
        ("capital", Item.CAPITAL_RESOURCE_LIMIT),
    ),
}


def held_figures(
    register: Register, code: str, year: FinancialYear, until: date | None = None
) -> dict[str, tuple[Decimal, str]]:
    """What the register holds for ``code``'s ``year`` (as known on ``until``), each with
    where it came from: the latest figure a user recorded of each outturn or limit item, and
    the limits NHS England set by a recorded decision naming the body and the year (an FT's
    order, a CCG's or a system's limits), which win over a limit recorded as a figure."""
    held: dict[str, tuple[Decimal, str]] = {}
    for day, e in register.finance_figures(code, until):
        if e.year == year.label and not e.measure:
            held[e.figure] = (e.amount, f"recorded on {day.isoformat()}")
    for day, d in register.decisions(until or date.max, code):
        limits = _LIMITS_SET.get(d.action)
        if limits is None:
            continue
        details = json.loads(d.details)
        named = details.get("trust") or details.get("system")
        if details.get("year") != year.label or named != code:
            continue
        for argument, item in limits:
            value = details.get(argument)
            if value not in (None, "None", ""):
                held[item] = (Decimal(str(value)), f"{d.action} of {day.isoformat()}")
    return held
