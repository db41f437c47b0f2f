"""The figures each duty is tested on, gathered from the ledger (law/nhs_act_2006/
financial_years.py ``held_figures``, which the report_outturn verdict reads too): outturns
users recorded, and limits NHS England set by a recorded action or a user recorded as a figure.

A limit set by a lawful recorded action (``set_capital_limit``, ``set_resource_limits``) is
the limit; a limit recorded as a figure stands in only where no action set one. Nothing is
defaulted: NHS England's initially published running cost allowance is not the limit an ICB's
outturn is tested against (it moves in year), so without a recorded limit the duty is unknown
and says which figure it needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from nhswiring.domain.bodies import Body, BodyKind
from nhswiring.domain.finance import FinancialYear, Item
from nhswiring.domain.register import Register
from nhswiring.law.nhs_act_2006.duty_tests import DutyTest
from nhswiring.law.nhs_act_2006.financial_duties import body_duties, system_duties
from nhswiring.law.nhs_act_2006.financial_years import held_figures
from nhswiring.law.parameters import TRUST_BREAKEVEN_YEARS
from nhswiring.service.finance import current_figures


def body_figures(register: Register, body: Body, year: FinancialYear) -> dict[str, Decimal]:
    """The figures the register holds for the body's year, limits set by decision included
    (law/nhs_act_2006/financial_years.py ``held_figures``)."""
    return {item: amount for item, (amount, _) in held_figures(register, body.code, year).items()}


def body_duty_tests(register: Register, body: Body, year: FinancialYear) -> list[DutyTest]:
    """Every duty the law of ``year`` lays on ``body``, tested on the ledger's figures."""
    history = {}
    if body.kind is BodyKind.NHS_TRUST:
        earlier = year
        for _ in range(TRUST_BREAKEVEN_YEARS):
            earlier = earlier.previous()
            history[earlier] = body_figures(register, body, earlier)
    return body_duties(
        body.kind,
        year,
        body_figures(register, body, year),
        established=body.start,
        history=history,
        code=body.code,
    )


def system_limits(register: Register, icb: str, year: FinancialYear) -> dict[str, Decimal]:
    """The s.223M limits for ``icb``'s system in ``year``: set by a recorded
    ``set_resource_limits`` action, or else recorded as figures on the ICB."""
    held = held_figures(register, icb, year)
    return {
        item: held[item][0]
        for item in (Item.REVENUE_RESOURCE_LIMIT, Item.CAPITAL_RESOURCE_LIMIT)
        if item in held
    }


def system_duty_tests(
    register: Register, icb: Body, members: Sequence[Body], year: FinancialYear
) -> list[DutyTest]:
    figures = {m.code: current_figures(register, m.code, year) for m in members}
    own = figures.get(icb.code, {})
    transfers = None
    if Item.SYSTEM_REVENUE_TRANSFERS in own or Item.SYSTEM_CAPITAL_TRANSFERS in own:
        transfers = {
            k: own[item]
            for k, item in (
                ("revenue", Item.SYSTEM_REVENUE_TRANSFERS),
                ("capital", Item.SYSTEM_CAPITAL_TRANSFERS),
            )
            if item in own
        }
    return system_duties(
        icb.code, year, figures, system_limits(register, icb.code, year), transfers
    )
