"""The shipped allocations: every ICB, every year, and each stream's sum equal to NHS England's
own England total (issue 12's test of the data)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.finance import HEADLINE, FinancialYear, Provenance, Stream, from_thousands
from nhswiring.domain.register import Register
from nhswiring.reference.allocations import (
    Rate,
    allocations_of,
    england_totals,
    publications,
    published_allocations,
    published_rates,
    published_years,
)
from nhswiring.service.finance import body_in_year, comparator, growth_fraction

#: The England row of some columns holds a figure rounded to the nearest £1k while the ICB
#: rows carry the unrounded cells: the sum may differ from the total by less than £1k.
ROUNDING = Decimal(1000)


def test_amounts_are_exact_pounds_from_thousands() -> None:
    assert from_thousands("1,234.5") == Decimal("1234500.0")
    assert from_thousands("13795204.066352937") == Decimal("13795204066.352937")


@pytest.mark.parametrize("total", england_totals(), ids=lambda t: f"{t.year}-{t.measure}")
def test_each_stream_sums_to_nhs_englands_total(total: object) -> None:
    from nhswiring.reference.allocations import EnglandTotal

    assert isinstance(total, EnglandTotal)
    rows = [
        a
        for a in published_allocations()
        if (a.year, a.stream, a.measure) == (total.year, total.stream, total.measure)
    ]
    assert len(rows) == 42, f"{total.year} {total.stream} {total.measure}: {len(rows)} ICBs"
    difference = sum((a.amount for a in rows), Decimal(0)) + total.retained - total.amount
    assert abs(difference) < ROUNDING, f"{total.year} {total.stream}: off by £{difference}"


def test_every_published_column_has_its_england_total() -> None:
    columns = {(a.year, a.stream, a.measure) for a in published_allocations()}
    assert columns == {(t.year, t.stream, t.measure) for t in england_totals()}


def test_every_icb_has_at_least_two_years_of_every_stream_but_specialised(
    register: Register,
) -> None:
    years: dict[tuple[str, Stream], set[FinancialYear]] = defaultdict(set)
    for a in published_allocations():
        if a.measure == HEADLINE[a.stream]:
            years[(a.body, a.stream)].add(a.year)
    icbs = {a.body for a in published_allocations()}
    assert len(icbs) == 42
    for icb in icbs:
        for stream in Stream:
            if stream is Stream.DELEGATED_SPECIALISED:
                continue  # 2025/26 only: see docs/data.md
            assert len(years[(icb, stream)]) >= 2, f"{icb} {stream}"


def test_each_figure_is_an_icb_of_the_register_in_its_year(register: Register) -> None:
    for year in published_years():
        for a in published_allocations():
            if a.year != year:
                continue
            body = register.body(a.body, year.last_day)
            assert body is not None, f"{a.body} in {year}"
            assert body.kind is BodyKind.ICB, f"{a.body} in {year}"


def test_every_figure_names_its_publication_table_and_copy() -> None:
    for a in published_allocations():
        assert a.provenance is Provenance.PUBLISHED
        assert a.source is not None
        assert a.source.table
        assert a.source.url.startswith("https://")
    assert all(p.sha256 for p in publications().values())


def test_a_year_the_package_lacks_is_empty_not_zero() -> None:
    assert allocations_of("QWO", FinancialYear(2021)) == ()
    # 2022/23 has only NHS England's adjusted baselines, restated a year later: no headline
    assert {a.measure for a in allocations_of("QWO", FinancialYear(2022))} == {"adjusted_baseline"}
    assert allocations_of("QWO", FinancialYear(2024))


@pytest.mark.parametrize(
    "rate",
    [r for r in published_rates() if r.rate == "growth_fraction" and r.body != "ENGLAND"],
    ids=lambda r: f"{r.body}-{r.year}-{r.stream}",
)
def test_growth_on_the_adjusted_baseline_is_nhs_englands_own(
    register: Register, rate: Rate
) -> None:
    """The model's growth is measured the way NHS England measures it: a check on both the
    transcription and the comparator (a year-on-year figure on the first-published 2024/25
    allocation would overstate 2025/26 growth several times over)."""
    body = body_in_year(register, rate.body, rate.year)
    current = next(
        a.amount
        for a in allocations_of(rate.body, rate.year)
        if a.stream is rate.stream and a.measure == rate.measure
    )
    fraction = growth_fraction(current, comparator(register, body, rate.year, rate.stream))
    assert fraction is not None
    assert abs(fraction - rate.value) < Decimal("0.00001"), f"{fraction} vs {rate.value}"


def test_the_demo_summary_adds_each_stream_up_to_nhs_englands_total() -> None:
    from nhswiring.service.finance import allocation_totals

    rows = allocation_totals()
    assert len(rows) == 13  # 4 streams x 2023/24 and 2024/25, 5 in 2025/26
    assert all(r["icbs"] == 42 for r in rows)
    assert all(abs(Decimal(r["difference"])) < ROUNDING for r in rows)
    core = next(r for r in rows if (r["year"], r["stream"]) == ("2025/26", "core_services"))
    assert core["england_total"] == "116741038000"
