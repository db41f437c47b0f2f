"""Money: the one vocabulary of the system's finance (years, streams, figures, provenance).

Every figure is exact (``Decimal``) and in pounds; NHS England publishes allocations in
thousands of pounds, and the conversion happens once, where the published tables are read.
A figure always says where it came from: a *published* figure is NHS England's (a
publication, a table, an address) and ships with the package; a *recorded* figure is a
user's (a plan, an in-year change, an outturn from the accounts) and is a ledger event
attributed to whoever recorded it. The two never overwrite each other: a view shows both,
each with its provenance, and says which one a duty was tested on.

A figure nobody has is *missing*, never zero: a duty tested on a missing figure is
``unknown`` and names the figure it needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import ClassVar

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.event_base import Event
from nhswiring.domain.limits import finite_money
from nhswiring.domain.time import Interval

#: The unit of every amount the model holds or shows.
UNIT = "GBP"
UNIT_LABEL = "pounds (£)"
#: NHS England's allocation tables are in thousands of pounds.
THOUSAND = Decimal(1000)

#: The first and last financial years a figure may be recorded for: the register starts on
#: 1 April 2013; beyond 2100 a year is a typo.
FIRST_YEAR = 2013
LAST_YEAR = 2100


@dataclass(frozen=True, slots=True, order=True)
class FinancialYear:
    """A financial year, 1 April to 31 March, written ``2024/25``.

    An ICB's (and before it a CCG's) *first* financial year runs from the day it was
    established to the next 31 March (NHS Act 2006 s.14Z52(8); s.223G(8) for CCGs): the
    42 ICBs' first year was the nine months from 1 July 2022. :meth:`for_body` gives that
    period; :attr:`period` is the ordinary twelve months.
    """

    first: int

    @classmethod
    def parse(cls, label: str, field: str = "year") -> FinancialYear:
        match = re.fullmatch(r"(\d{4})/(\d{2})", label.strip())
        if not match or int(match[2]) != (int(match[1]) + 1) % 100:
            raise InvalidInput(
                field, f"{label!r} is not a financial year", "use YYYY/YY, e.g. 2024/25"
            )
        first = int(match[1])
        if not FIRST_YEAR <= first <= LAST_YEAR:
            raise InvalidInput(
                field,
                f"{label} is outside the model",
                f"give a year from {FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d} "
                f"to {LAST_YEAR}/{(LAST_YEAR + 1) % 100:02d}",
            )
        return cls(first)

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.first}/{(self.first + 1) % 100:02d}"

    @property
    def start(self) -> date:
        return date(self.first, 4, 1)

    @property
    def end(self) -> date:
        """The first day after the year (half-open: the year is ``[start, end)``)."""
        return date(self.first + 1, 4, 1)

    @property
    def last_day(self) -> date:
        return date(self.first + 1, 3, 31)

    @property
    def period(self) -> Interval:
        return Interval(self.start, self.end)

    def for_body(self, established: date) -> Interval:
        """The year as it applies to a body established on ``established``: its first year
        starts on that day (s.14Z52(8)); a body established after the year has none."""
        if established >= self.end:
            raise ValueError(f"a body established on {established} has no year {self.label}")
        return Interval(max(self.start, established), self.end)

    def previous(self) -> FinancialYear:
        return FinancialYear(self.first - 1)

    def next(self) -> FinancialYear:
        return FinancialYear(self.first + 1)

    def __str__(self) -> str:
        return self.label


class Stream(StrEnum):
    """NHS England's allocation streams to an ICB (and, before 1 July 2022, a CCG)."""

    CORE_SERVICES = "core_services"
    PRIMARY_MEDICAL_CARE = "primary_medical_care"
    DELEGATED_SPECIALISED = "delegated_specialised"
    PHARMACY_OPTOMETRY_DENTAL = "pharmacy_optometry_dental"
    RUNNING_COST_ALLOWANCE = "running_cost_allowance"


STREAM_NAMES: dict[Stream, str] = {
    Stream.CORE_SERVICES: "Core services",
    Stream.PRIMARY_MEDICAL_CARE: "Primary medical care",
    Stream.DELEGATED_SPECIALISED: "Delegated specialised services",
    Stream.PHARMACY_OPTOMETRY_DENTAL: "Pharmacy, optometry and dental",
    Stream.RUNNING_COST_ALLOWANCE: "Running cost allowance",
}

#: The measure of each stream that is its one headline figure: the same definition in every
#: year, so growth compares like with like (NHS England's tables carry several nested
#: measures of a stream, which must never be added together).
HEADLINE: dict[Stream, str] = {
    Stream.CORE_SERVICES: "recurrent",
    Stream.PRIMARY_MEDICAL_CARE: "recurrent",
    Stream.DELEGATED_SPECIALISED: "physical_plus_mental_health",
    Stream.PHARMACY_OPTOMETRY_DENTAL: "recurrent",
    Stream.RUNNING_COST_ALLOWANCE: "allowance",
}

#: The measure that restates a year's allocation for comparison with the next year.
ADJUSTED_BASELINE = "adjusted_baseline"

#: What each measure means, in NHS England's words paraphrased.
MEASURES: dict[str, str] = {
    "recurrent": "recurrent allocation (after growth and convergence)",
    "total": "total allocation (recurrent plus non-recurrent lines)",
    "combined": "combined allocation (total plus discharge and capacity funding)",
    "revised_recurrent": "revised recurrent allocation (recurrent plus later in-year lines)",
    "physical_plus_hcdd": "physical health services plus high-cost drugs and devices",
    "physical": "physical health services",
    "mental_health": "delegated mental health",
    "physical_plus_mental_health": "physical health plus mental health resource allocation",
    "allowance": "running cost allowance",
    "adjusted_baseline": "adjusted recurrent baseline: the year's recurrent allocation restated "
    "by NHS England in the next year's round with the in-year changes since (the basis of its "
    "own growth figures)",
    "in_year_change": "an in-year change recorded by a user",
    "plan": "a plan figure recorded by a user",
}


class Item(StrEnum):
    """The figures the duties are tested on: reported outturns and the limits set."""

    # outturns, from a body's annual accounts
    EXPENDITURE = "expenditure"  # ICB/CCG expenditure in the year (s.223GC, s.223H)
    RECEIPTS = "receipts"  # sums received in the year, the allotment included
    REVENUE_RESOURCE_USE = "revenue_resource_use"
    CAPITAL_RESOURCE_USE = "capital_resource_use"
    RUNNING_COSTS = "running_costs"  # revenue resource use on administration
    TRUST_REVENUE = "trust_revenue"  # an NHS trust's revenue (Sch 5 para 2(1))
    TRUST_OUTGOINGS = "trust_outgoings"  # outgoings properly chargeable to revenue account
    CAPITAL_EXPENDITURE = "capital_expenditure"  # capitalised in an FT's accounts (s.42B(7))
    # transfers between an ICB and its partner trusts, left out of local resource use (s.223M)
    SYSTEM_REVENUE_TRANSFERS = "system_revenue_transfers"
    SYSTEM_CAPITAL_TRANSFERS = "system_capital_transfers"
    # limits and allowances, when recorded as figures rather than set by an action
    REVENUE_RESOURCE_LIMIT = "revenue_resource_limit"
    CAPITAL_RESOURCE_LIMIT = "capital_resource_limit"
    RUNNING_COST_LIMIT = "running_cost_limit"
    FT_CAPITAL_LIMIT = "ft_capital_limit"


OUTTURN_ITEMS = frozenset(
    {
        Item.EXPENDITURE,
        Item.RECEIPTS,
        Item.REVENUE_RESOURCE_USE,
        Item.CAPITAL_RESOURCE_USE,
        Item.RUNNING_COSTS,
        Item.TRUST_REVENUE,
        Item.TRUST_OUTGOINGS,
        Item.CAPITAL_EXPENDITURE,
        Item.SYSTEM_REVENUE_TRANSFERS,
        Item.SYSTEM_CAPITAL_TRANSFERS,
    }
)

ITEM_NAMES: dict[Item, str] = {
    Item.EXPENDITURE: "Expenditure in the year",
    Item.RECEIPTS: "Sums received in the year (allotment included)",
    Item.REVENUE_RESOURCE_USE: "Revenue resource use",
    Item.CAPITAL_RESOURCE_USE: "Capital resource use",
    Item.RUNNING_COSTS: "Running costs (administration revenue resource use)",
    Item.TRUST_REVENUE: "Revenue",
    Item.TRUST_OUTGOINGS: "Outgoings properly chargeable to revenue account",
    Item.CAPITAL_EXPENDITURE: "Capital expenditure (capitalised in the accounts)",
    Item.SYSTEM_REVENUE_TRANSFERS: "Revenue transfers between the ICB and its partner trusts",
    Item.SYSTEM_CAPITAL_TRANSFERS: "Capital transfers between the ICB and its partner trusts",
    Item.REVENUE_RESOURCE_LIMIT: "Revenue resource limit",
    Item.CAPITAL_RESOURCE_LIMIT: "Capital resource limit",
    Item.RUNNING_COST_LIMIT: "Running cost limit",
    Item.FT_CAPITAL_LIMIT: "Foundation trust capital expenditure limit",
}


class Provenance(StrEnum):
    PUBLISHED = "published"  # NHS England's figure, shipped with the package
    RECORDED = "recorded"  # a user's figure, an attributed ledger event


def pounds(text: str | int | Decimal, field: str = "amount", *, signed: bool = False) -> Decimal:
    """An amount in pounds from text a user or a table gave ("2,500,000", "£1.5", "-3")."""
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        cleaned = text.strip().replace(",", "").replace("£", "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise InvalidInput(
                field, f"{text!r} is not an amount", "give pounds as a number, e.g. 2500000"
            ) from None
    return finite_money(value, field, signed=signed)


def pounds_text(amount: Decimal) -> str:
    """Exact pounds as people read them, every decimal place kept (nothing is rounded on the
    way to a reader): ``266303864.53586305`` -> ``£266,303,864.53586305``; ``-10000000`` ->
    ``-£10,000,000``. The one display of money in the CLI, the web pages and the verdicts."""
    sign = "-" if amount < 0 else ""
    whole, _, fraction = format(abs(amount), "f").partition(".")
    return f"{sign}£{int(whole):,}" + (f".{fraction}" if fraction.strip("0") else "")


def from_thousands(text: str) -> Decimal:
    """A published cell in £ thousands as exact pounds (``1,234.5`` → ``1234500``)."""
    return Decimal(text.replace(",", "")) * THOUSAND


@dataclass(frozen=True, slots=True)
class Source:
    """Where a published figure was read: the publication, the table (sheet, column, row)
    and the address of the copy read."""

    publication: str
    table: str
    url: str


@dataclass(frozen=True, slots=True)
class Allocation:
    """One allocation figure: ``body``'s ``stream`` for ``year``, measured as ``measure``."""

    body: str
    year: FinancialYear
    stream: Stream
    measure: str
    amount: Decimal
    provenance: Provenance
    source: Source | None = None  # published figures
    recorded_by: str = ""  # recorded figures: the actor, and the note they gave
    note: str = ""

    @property
    def headline(self) -> bool:
        return self.measure == HEADLINE[self.stream]


@dataclass(frozen=True, slots=True)
class FinanceFigureRecorded(Event):
    """A user's figure for a body and year: an allocation (a plan, an in-year change), an
    outturn from the accounts, or a limit. Attributed by the ledger entry that carries it;
    it stands beside NHS England's published figures and never replaces them. ``figure`` is
    a stream (``core_services``) for an allocation, or an :class:`Item`."""

    TYPE: ClassVar[str] = "finance.recorded"
    body: str
    year: str
    figure: str
    amount: Decimal
    measure: str = ""  # allocations: plan, in_year_change, recurrent, ...
    source: str = ""  # the document the figure was read from, if any
    note: str = ""

    @property
    def stream(self) -> str:
        return f"finance:{self.body}"

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.stream, self.body)
