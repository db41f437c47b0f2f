"""Malformed finance input, generated: every file or figure either parses or is refused with
one line naming its field (``InvalidInput``), never another exception; amounts round-trip
through the ledger's event codec exactly."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.event_codec import from_payload, to_payload
from nhswiring.domain.finance import FinanceFigureRecorded, FinancialYear, pounds
from nhswiring.domain.limits import MONEY_MAX
from nhswiring.domain.register import Register
from nhswiring.service.finance_records import FigureRow, figure_event, parse_figures_csv
from nhswiring.service.scenarios import shipped_register

REGISTER: Register = shipped_register()
FIGURES = ["expenditure", "receipts", "core_services", "running_costs", "cash", ""]
CODES = ["QWO", "QHM", "NOPE", "", "00L", "RTD"]
YEARS = ["2024/25", "2022/23", "2012/13", "2024-25", "2101/02", ""]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_as_an_import_file_parses_or_is_refused_in_one_line(text: str) -> None:
    try:
        rows = parse_figures_csv(text)
    except InvalidInput as exc:
        refusal = str(exc)
    else:
        assert rows
        return
    assert "\n" not in refusal


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(CODES),
    st.sampled_from(YEARS),
    st.sampled_from(FIGURES),
    st.one_of(st.text(max_size=30), st.decimals(allow_nan=True, allow_infinity=True).map(str)),
    st.sampled_from(["", "plan", "in_year_change", "recurrent"]),
)
def test_any_figure_is_recorded_or_refused_naming_its_field(
    body: str, year: str, figure: str, amount: str, measure: str
) -> None:
    row = FigureRow(body, year, figure, amount, measure)
    try:
        event = figure_event(REGISTER, row, "line 2: ")
    except InvalidInput as exc:
        refusal = str(exc)
    else:
        assert event.amount.is_finite()
        assert abs(event.amount) <= MONEY_MAX
        assert FinancialYear.parse(event.year).label == event.year
        return
    assert refusal.startswith("line 2: ")  # the row's line and field, whatever is wrong


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=6, allow_nan=False))
def test_amounts_round_trip_through_the_ledger_exactly(amount: Decimal) -> None:
    event = FinanceFigureRecorded("QWO", "2024/25", "receipts", amount)
    back = from_payload(event.TYPE, to_payload(event))
    assert isinstance(back, FinanceFigureRecorded)
    assert back.amount == amount


def test_pounds_reads_what_people_write() -> None:
    assert pounds("£1,234.50") == Decimal("1234.50")
    assert pounds(" 2500000 ") == Decimal(2500000)
