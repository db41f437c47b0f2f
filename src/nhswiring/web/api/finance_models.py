"""The finance API's documented shapes: the JSON of ``service/finance_views.py`` (the contract
the CLI's ``finance ... --json`` prints), described for OpenAPI, and the body of a recording.

Amounts are exact decimal strings in pounds (``unit`` GBP), never numbers: a float would
round them. A missing figure is null with its reason beside it, never zero.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from nhswiring.service.finance_records import ALLOCATION_MEASURES, MOST_ROWS
from nhswiring.web.api.models import BodySummary, Headed, _Out
from nhswiring.web.api.support import DATE_PATTERN

AMOUNT = "Pounds, exact, as a decimal string (null when the figure is missing)."
STATUS = Literal["met", "breached", "unknown"]


class Source(_Out):
    publication: str
    table: str = Field(description="Sheet, column and row read.")
    url: str


class OtherMeasure(_Out):
    stream: str
    measure: str
    meaning: str
    amount: str | None = Field(description=AMOUNT)
    provenance: Literal["published", "recorded"]
    source: Source | None


class Comparator(_Out):
    year: str
    amount: str | None = Field(description=AMOUNT)
    basis: str = Field(description="The body's own figure, or its predecessors' combined.")
    parts: list[dict[str, Any]]


class StreamLine(_Out):
    stream: str
    name: str
    measure: str = Field(description="The stream's one headline measure (never summed).")
    amount: str | None = Field(description=AMOUNT)
    source: Source | None
    previous: Comparator | None
    growth_percent: str | None = Field(description="Growth on the previous year, two places.")
    other_measures: list[OtherMeasure]
    missing: str | None = Field(None, description="Why the figure is missing.")


class YearOut(_Out):
    label: str
    start: str
    end: str | None
    first_year: str | None = Field(
        None, description="An ICB's first year runs from its establishment (s.14Z52(8))."
    )


class Decision(_Out):
    decision: str
    action: str
    by: str
    effective: str
    details: dict[str, Any]
    basis: Any


class RecordedFigure(_Out):
    figure: str
    measure: str | None
    amount: str = Field(description="Pounds, exact.")
    effective: str
    source: str | None
    note: str | None
    provenance: Literal["recorded"]
    current: bool = Field(description="False once a later recording supersedes it.")


class DutyFigure(_Out):
    item: str
    amount: str | None = Field(description=AMOUNT)


class DutyTest(_Out):
    duty: str
    title: str
    citation: str
    body: str
    year: str
    status: STATUS
    figures: list[DutyFigure]
    margin: str | None = Field(description="Headroom (negative: the breach), in pounds.")
    missing: list[str] = Field(description="The figures a duty still needs (never zero).")
    reading: str


class WeightedPopulation(_Out):
    amount: str | None
    missing: str | None = None


class PriceVerdict(_Out):
    outcome: str
    regime: str
    citations: list[str]


class PriceOut(_Out):
    """A national tariff or NHS Payment Scheme publication covering the year."""

    publication: str
    action: str
    edition: str
    publisher: str
    made: bool
    verdict: PriceVerdict | None = Field(description="The law of its date on who set it.")


class FinanceShow(Headed):
    body: BodySummary
    year: YearOut
    unit: Literal["GBP"]
    unit_label: str
    streams: list[StreamLine]
    weighted_population: WeightedPopulation | None = None
    objectives: list[Decision]
    limits: list[Decision]
    recorded: list[RecordedFigure]
    duties: list[DutyTest]
    prices: list[PriceOut] = Field(
        default_factory=list, description="The prices (tariff or payment scheme) in force."
    )


class Prices(Headed):
    publications: list[dict[str, Any]] = Field(
        description="Each tariff or payment scheme: publication, action, publisher, edition, "
        "dates, consultation, objections, whether it was made, its source and its verdict."
    )


class SystemMember(_Out):
    body: BodySummary
    recorded: list[RecordedFigure]


class FinanceSystem(Headed):
    system: BodySummary
    year: YearOut
    unit: Literal["GBP"]
    unit_label: str
    partners_basis: str
    members: list[SystemMember]
    limits: list[Decision]
    objectives: list[Decision]
    duties: list[DutyTest]


class CompareRow(_Out):
    model_config = ConfigDict(
        json_schema_extra={"description": "One ICB: each stream's headline amount (pounds, "
                           "exact; null when missing), keyed by stream."}
    )  # fmt: skip

    code: str
    name: str
    core_services: str | None = Field(description=AMOUNT)
    primary_medical_care: str | None = Field(description=AMOUNT)
    delegated_specialised: str | None = Field(description=AMOUNT)
    pharmacy_optometry_dental: str | None = Field(description=AMOUNT)
    running_cost_allowance: str | None = Field(description=AMOUNT)
    core_growth_percent: str | None
    duties: dict[str, STATUS] = Field(description="Each duty's status for the year.")


class FinanceCompare(Headed):
    year: str
    unit: Literal["GBP"]
    unit_label: str
    measures: dict[str, str] = Field(description="Each stream's headline measure.")
    sort: str
    descending: bool
    icbs: list[CompareRow]


class FigureIn(BaseModel):
    """One figure of the caller's own: a plan or in-year change to a stream, or an outturn
    or limit item. It stands beside NHS England's published figures, never over them."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=64, description="The body's ODS code.")
    year: str = Field(pattern=r"^\d{4}/\d{2}$", description="The financial year, e.g. 2024/25.")
    figure: str = Field(
        min_length=1,
        max_length=64,
        description="A stream (core_services, ...) or an item (expenditure, receipts, "
        "revenue_resource_use, running_costs, ...): docs/finance.md.",
    )
    amount: str = Field(
        min_length=1,
        max_length=40,
        description='Pounds as a decimal string (e.g. "2500000"); an in_year_change may be '
        "negative.",
    )
    measure: Literal["", "plan", "in_year_change"] = Field(
        "",
        description=f"For a stream: one of {', '.join(ALLOCATION_MEASURES)}; empty for an item.",
    )
    source: str = Field("", max_length=2000, description="The document it is from.")
    note: str = Field("", max_length=2000)


class FiguresIn(BaseModel):
    """Figures recorded in one transaction: all of them, or (one bad) none."""

    model_config = ConfigDict(extra="forbid")

    figures: list[FigureIn] = Field(min_length=1, max_length=MOST_ROWS)
    on: str | None = Field(
        None,
        pattern=DATE_PATTERN,
        description="The day the figures take effect, YYYY-MM-DD (default today).",
        json_schema_extra={"format": "date"},
    )


class FiguresRecorded(Headed):
    recorded: int = Field(ge=0, description="How many figures this request recorded.")
    entries: list[int] = Field(description="Their ledger sequence numbers.")
    replayed: bool = Field(description="True: an earlier request with this key recorded them.")
    by: str = Field(description="Who the ledger attributes them to.")
