"""NHS England's published allocations to ICBs (``allocations.csv``), their England totals
(``allocation_totals.csv``) and the publications they were read from
(``allocation_publications.csv``).

The tables are transcriptions of NHS England's workbooks, cell for cell, in thousands of
pounds as published; they become exact pounds here and nowhere else. A published figure is
never edited or overwritten: a user's own figures are ledger events beside them
(``domain/finance.py``). A year or stream the tables lack is *not published in the package*,
and every view says so rather than showing a zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.finance import (
    Allocation,
    FinancialYear,
    Provenance,
    Source,
    Stream,
    from_thousands,
)
from nhswiring.domain.time import parse_optional_date
from nhswiring.reference.tables import Table, load_table

ALLOCATIONS = "allocations.csv"
TOTALS = "allocation_totals.csv"
PUBLICATIONS = "allocation_publications.csv"
RATES = "allocation_rates.csv"
#: The row of ``allocation_rates.csv`` that is NHS England's figure for all of England.
ENGLAND = "ENGLAND"


@dataclass(frozen=True, slots=True)
class Publication:
    key: str
    title: str
    publisher: str
    years: tuple[str, ...]
    published: date | None
    page: str
    copy: str
    sha256: str
    note: str


@dataclass(frozen=True, slots=True)
class EnglandTotal:
    """The England row of one column of a published table; ``retained`` is money in that
    total that NHS England kept (its regions' pharmacy, optometry and dental lines), not
    allocated to any ICB."""

    year: FinancialYear
    stream: Stream
    measure: str
    amount: Decimal
    retained: Decimal
    source: Source


def allocation_tables() -> list[Table]:
    """The shipped allocation tables, for the checks every table must pass."""
    return [load_table(t) for t in (ALLOCATIONS, TOTALS, PUBLICATIONS, RATES)]


@cache
def publications() -> Mapping[str, Publication]:
    out = {}
    for row in load_table(PUBLICATIONS).rows:
        out[row["key"]] = Publication(
            key=row["key"],
            title=row["title"],
            publisher=row["publisher"],
            years=tuple(row["years"].split()),
            published=parse_optional_date(row["published"], f"{PUBLICATIONS} published"),
            page=row["page"],
            copy=row["copy"],
            sha256=row["sha256"],
            note=row["note"],
        )
    return out


def _source(key: str, table: str) -> Source:
    publication = publications().get(key)
    if publication is None:
        raise InvalidInput(
            f"{ALLOCATIONS} publication",
            f"{key!r} is not in {PUBLICATIONS}",
            "add the publication with its page and copy",
        )
    return Source(publication.title, table, publication.copy or publication.page)


@cache
def published_allocations() -> tuple[Allocation, ...]:
    """Every published figure, in table order, in pounds."""
    return tuple(
        Allocation(
            body=row["icb"],
            year=FinancialYear.parse(row["year"], f"{ALLOCATIONS} year"),
            stream=Stream(row["stream"]),
            measure=row["measure"],
            amount=from_thousands(row["amount_gbp_thousands"]),
            provenance=Provenance.PUBLISHED,
            source=_source(row["publication"], row["table"]),
        )
        for row in load_table(ALLOCATIONS).rows
    )


@cache
def _by_body() -> Mapping[str, tuple[Allocation, ...]]:
    index: dict[str, list[Allocation]] = defaultdict(list)
    for a in published_allocations():
        index[a.body].append(a)
    return {k: tuple(v) for k, v in index.items()}


def allocations_of(body: str, year: FinancialYear | None = None) -> tuple[Allocation, ...]:
    """``body``'s published figures (for ``year``, if given)."""
    found = _by_body().get(body, ())
    return found if year is None else tuple(a for a in found if a.year == year)


@cache
def published_years() -> tuple[FinancialYear, ...]:
    """The years whose allocations, as NHS England set them for the year, are shipped (a
    year with only an adjusted baseline, restated a year later, is not one)."""
    return tuple(sorted({a.year for a in published_allocations() if a.headline}))


@cache
def england_totals() -> tuple[EnglandTotal, ...]:
    return tuple(
        EnglandTotal(
            year=FinancialYear.parse(row["year"], f"{TOTALS} year"),
            stream=Stream(row["stream"]),
            measure=row["measure"],
            amount=from_thousands(row["england_gbp_thousands"]),
            retained=from_thousands(row["nhse_retained_gbp_thousands"] or "0"),
            source=_source(row["publication"], row["table"]),
        )
        for row in load_table(TOTALS).rows
    )


@dataclass(frozen=True, slots=True)
class Rate:
    """One of NHS England's own derived columns: its '£/head' (``per_head_gbp``) or its
    recurrent growth on the adjusted baseline (``growth_fraction``), kept as published so
    that the model's own growth can be checked against it."""

    body: str
    year: FinancialYear
    stream: Stream
    measure: str
    rate: str
    value: Decimal
    source: Source


@cache
def published_rates() -> tuple[Rate, ...]:
    return tuple(
        Rate(
            body=row["icb"],
            year=FinancialYear.parse(row["year"], f"{RATES} year"),
            stream=Stream(row["stream"]),
            measure=row["measure"],
            rate=row["rate"],
            value=Decimal(row["value"]),
            source=_source(row["publication"], row["table"]),
        )
        for row in load_table(RATES).rows
    )


def rate_of(body: str, year: FinancialYear, stream: Stream, rate: str) -> Rate | None:
    for r in published_rates():
        if (r.body, r.year, r.stream, r.rate) == (body, year, stream, rate):
            return r
    return None
