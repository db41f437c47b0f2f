"""The financial duties tested on figures: the law of the year, the margin's sign, and an
unknown figure never read as zero."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.finance import FinancialYear, Item
from nhswiring.law.nhs_act_2006.financial_duties import (
    DutyStatus,
    DutyTest,
    body_duties,
    system_duties,
)
from nhswiring.law.parameters import TRUST_BREAKEVEN_YEARS

Y = FinancialYear
D = Decimal
amounts = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False)
kinds = st.sampled_from([BodyKind.CCG, BodyKind.ICB, BodyKind.NHS_TRUST, BodyKind.FOUNDATION_TRUST])
years = st.integers(min_value=2013, max_value=2030).map(FinancialYear)
figure_maps = st.dictionaries(st.sampled_from([i.value for i in Item]), amounts)


def _ids(tests: list[DutyTest]) -> list[str]:
    return [t.duty for t in tests]


def _consistent(t: DutyTest) -> None:
    if t.status is DutyStatus.UNKNOWN:
        assert t.margin is None
        assert t.missing
    else:
        assert t.margin is not None
        assert not t.missing
        assert (t.margin >= 0) == (t.status is DutyStatus.MET)
    assert all(amount is None for name, amount in t.figures if name in t.missing)


@given(kinds, years, figure_maps)
def test_margin_sign_matches_status_and_missing_is_never_decided(
    kind: BodyKind, year: FinancialYear, figures: dict[str, Decimal]
) -> None:
    for t in body_duties(kind, year, figures, code="X"):
        _consistent(t)


@given(years, st.dictionaries(st.sampled_from(["A", "B", "C"]), figure_maps), figure_maps)
def test_system_margin_sign_matches_status(
    year: FinancialYear, members: dict[str, dict[str, Decimal]], limits: dict[str, Decimal]
) -> None:
    for transfers in (None, {"revenue": D(5), "capital": D(0)}):
        for t in system_duties("A", year, members, limits, transfers):
            _consistent(t)


def test_ccg_duties_to_2022_and_icb_duties_from_2022() -> None:
    assert _ids(body_duties(BodyKind.CCG, Y(2019), {})) == [
        "nhs_act_2006.s223H.ccg_breakeven",
        "nhs_act_2006.s223I.ccg_revenue_resource_limit",
        "nhs_act_2006.s223I.ccg_capital_resource_limit",
        "nhs_act_2006.s223J.ccg_running_costs",
    ]
    assert body_duties(BodyKind.CCG, Y(2023), {}) == []
    assert body_duties(BodyKind.ICB, Y(2021), {}) == []
    assert _ids(body_duties(BodyKind.ICB, Y(2022), {})) == [
        "nhs_act_2006.s223GC.icb_breakeven",
        "nhs_act_2006.s223GB.icb_running_costs",
    ]


def test_the_2022_23_split_year() -> None:
    ccg = body_duties(BodyKind.CCG, Y(2022), {"expenditure": D(1), "receipts": D(1)})[0]
    assert "1 April 2022 to 30 June 2022" in ccg.reading
    icb = body_duties(BodyKind.ICB, Y(2022), {"expenditure": D(2), "receipts": D(1)})[0]
    assert "1 July 2022 to 31 March 2023 (9 months" in icb.reading
    assert icb.status is DutyStatus.BREACHED
    assert icb.margin == D(-1)
    merged = body_duties(
        BodyKind.ICB, Y(2026), {"expenditure": D(1), "receipts": D(1)}, established=date(2026, 4, 1)
    )[0]
    assert "the financial year 2026/27" in merged.reading
    assert merged.status is DutyStatus.MET
    assert body_duties(BodyKind.ICB, Y(2025), {}, established=date(2026, 4, 1)) == []


def test_an_unknown_figure_is_never_zero() -> None:
    t = body_duties(BodyKind.ICB, Y(2024), {"expenditure": D(0)})[0]
    assert t.status is DutyStatus.UNKNOWN
    assert t.missing == ("receipts",)
    assert t.to_json()["figures"] == [
        {"item": "expenditure", "amount": "0"},
        {"item": "receipts", "amount": None},
    ]


def test_trust_breakeven_one_year_with_another() -> None:
    assert TRUST_BREAKEVEN_YEARS == 3
    history = {
        Y(2021): {"trust_revenue": D(110), "trust_outgoings": D(100)},
        Y(2022): {"trust_revenue": D(100), "trust_outgoings": D(100)},
    }
    deficit_year = {"trust_revenue": D(100), "trust_outgoings": D(105)}
    (t,) = body_duties(BodyKind.NHS_TRUST, Y(2023), deficit_year, history=history)
    assert t.status is DutyStatus.MET
    assert t.margin == D(5)
    (short,) = body_duties(BodyKind.NHS_TRUST, Y(2023), deficit_year, history={})
    assert short.status is DutyStatus.UNKNOWN
    assert short.missing == (
        "2021/22:trust_outgoings",
        "2022/23:trust_outgoings",
        "2021/22:trust_revenue",
        "2022/23:trust_revenue",
    )
    # a trust established in the run is judged on the years it has
    (new,) = body_duties(
        BodyKind.NHS_TRUST, Y(2023), deficit_year, history={}, established=date(2023, 4, 1)
    )
    assert new.status is DutyStatus.BREACHED
    assert new.margin == D(-5)


def test_ft_capital_limit_only_where_an_order_exists() -> None:
    assert body_duties(BodyKind.FOUNDATION_TRUST, Y(2024), {"capital_expenditure": D(9)}) == []
    (t,) = body_duties(
        BodyKind.FOUNDATION_TRUST, Y(2024), {"capital_expenditure": D(9), "ft_capital_limit": D(8)}
    )
    assert t.status is DutyStatus.BREACHED
    assert t.margin == D(-1)
    limited = {"capital_expenditure": D(9), "ft_capital_limit": D(8)}
    assert body_duties(BodyKind.FOUNDATION_TRUST, Y(2021), limited) == []


def test_system_limits_from_2022_with_transfers() -> None:
    members = {
        "QHM": {"revenue_resource_use": D(100), "capital_resource_use": D(1)},
        "RTD": {"revenue_resource_use": D(60), "capital_resource_use": D(10)},
    }
    limits = {"revenue_resource_limit": D(140), "capital_resource_limit": D(20)}
    assert system_duties("QHM", Y(2021), members, limits) == []
    revenue, capital = system_duties("QHM", Y(2024), members, limits)
    assert revenue.status is DutyStatus.UNKNOWN
    assert revenue.missing == ("intra_system_transfers.revenue",)
    assert capital.status is DutyStatus.MET
    assert capital.margin == D(9)
    revenue, _ = system_duties("QHM", Y(2024), members, limits, {"revenue": D(30), "capital": D(0)})
    assert revenue.status is DutyStatus.MET
    assert revenue.margin == D(10)
    revenue, _ = system_duties("QHM", Y(2024), members, limits, {"revenue": D(10), "capital": D(0)})
    assert revenue.status is DutyStatus.BREACHED
    assert revenue.margin == D(-10)
    # the ICB itself always counts: missing from the members it is a missing figure
    revenue, _ = system_duties("QHM", Y(2024), {"RTD": members["RTD"]}, limits, {"revenue": D(0)})
    assert "QHM:revenue_resource_use" in revenue.missing


@given(st.sampled_from([BodyKind.CCG, BodyKind.ICB, BodyKind.FOUNDATION_TRUST]), years, amounts)
def test_dropping_any_figure_a_duty_read_makes_it_unknown(
    kind: BodyKind, year: FinancialYear, amount: Decimal
) -> None:
    complete = {i.value: amount for i in Item}
    for t in body_duties(kind, year, complete):
        assert t.status is not DutyStatus.UNKNOWN
        for name, _ in t.figures:
            fewer = {k: v for k, v in complete.items() if k != name}
            again = [u for u in body_duties(kind, year, fewer) if u.duty == t.duty]
            assert not again or again[0].status is DutyStatus.UNKNOWN
            assert not again or name in again[0].missing
