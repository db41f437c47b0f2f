"""The money of one body in one financial year: allocations by stream, growth on the year
before, the objectives and limits set, the outturn recorded and the duties it is tested on.

Published figures (NHS England's, shipped with the package) and recorded ones (users',
attributed ledger events) are shown side by side and never merged: a stream's headline is
always the published figure where one exists, and a recorded figure is listed with who
recorded it. A figure the package lacks is reported as missing with the reason, never as a
zero. The JSON here is the contract the CLI, the API and the web pages print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from nhswiring.domain.bodies import Body, BodyKind
from nhswiring.domain.errors import InvalidInput, UnknownBody
from nhswiring.domain.finance import (
    ADJUSTED_BASELINE,
    HEADLINE,
    MEASURES,
    STREAM_NAMES,
    UNIT,
    Allocation,
    FinancialYear,
    Stream,
)
from nhswiring.domain.register import Register
from nhswiring.law.nhs_act_2006.financial_years import financial_body
from nhswiring.reference.allocations import allocations_of, published_years, rate_of
from nhswiring.service.views import body_json, find_body

JsonDict = dict[str, Any]

#: Growth is shown to this many decimal places of a percentage.
GROWTH_PLACES = Decimal("0.01")


def money(amount: Decimal | None) -> str | None:
    """Pounds as exact text: scripts parse it back into a decimal without rounding."""
    return None if amount is None else format(amount.normalize(), "f")


def body_in_year(register: Register, code: str, year: FinancialYear) -> Body:
    """The commissioner or trust ``code`` was in ``year`` (law/nhs_act_2006/financial_years.py
    says which life of a reused code that is), or a one-line refusal saying why there is none."""
    body = financial_body(register, code, year)
    if body is not None:
        return body
    lives = register.lives(code)
    if not lives:
        find_body(register, code, year.start)  # names the unknown code
    kinds = ", ".join(sorted({b.kind.value for b in lives}))
    raise UnknownBody(
        "code",
        f"{code} was no commissioner or trust in {year.label} (it was: {kinds})",
        "finance covers CCGs (2013-2022), ICBs (from 1 July 2022), NHS trusts and foundation "
        "trusts; give one of those and a year it existed",
    )


def source_json(a: Allocation) -> JsonDict | None:
    if a.source is None:
        return None
    return {"publication": a.source.publication, "table": a.source.table, "url": a.source.url}


def allocation_json(a: Allocation) -> JsonDict:
    return {
        "stream": a.stream.value,
        "measure": a.measure,
        "meaning": MEASURES.get(a.measure, a.measure),
        "amount": money(a.amount),
        "provenance": a.provenance.value,
        "source": source_json(a),
    }


@dataclass(frozen=True, slots=True)
class Comparator:
    """The previous year's figure to measure growth against: the body's own, or its
    predecessors' combined where it was formed from them. ``amount`` is None when a part is
    missing (a predecessor split between successors has no published share)."""

    year: FinancialYear
    amount: Decimal | None
    basis: str
    parts: tuple[tuple[str, Decimal | None], ...] = ()

    def to_json(self) -> JsonDict:
        return {
            "year": self.year.label,
            "amount": money(self.amount),
            "basis": self.basis,
            "parts": [{"body": b, "amount": money(a)} for b, a in self.parts],
        }


def headline(body: str, year: FinancialYear, stream: Stream) -> Allocation | None:
    for a in allocations_of(body, year):
        if a.stream is stream and a.measure == HEADLINE[stream]:
            return a
    return None


def comparator(
    register: Register, body: Body, year: FinancialYear, stream: Stream
) -> Comparator | None:
    """Last year's figure for ``stream`` on a like-for-like basis, or None if nothing
    comparable is published.

    First choice is NHS England's adjusted baseline for last year (published in this year's
    round: last year's allocation restated with the in-year changes made since), which is
    what its own growth figures are measured against; failing that, last year's published
    headline as first set. A body that did not exist last year is compared with its
    predecessors: their figures are added only where each was absorbed whole (its only
    successor is this body). A predecessor split between successors has no published share,
    so the combined figure is left unknown and the parts say which share is missing (the
    2026 mergers)."""
    last = year.previous()
    if register.body(body.code, last.last_day) is not None:
        return _own_comparator(body.code, last, stream)
    if not body.predecessors or body.start != year.start:
        return None
    parts: list[tuple[str, Decimal | None]] = []
    split: list[str] = []
    for code in body.predecessors:
        old = register.body(code, last.last_day)
        figure = _own_comparator(code, last, stream)
        whole = old is not None and tuple(old.successors) == (body.code,)
        if figure is not None and figure.amount is not None and whole:
            parts.append((code, figure.amount))
        else:
            parts.append((code, None))
            if figure is not None and not whole:
                split.append(code)
    known = [a for _, a in parts if a is not None]
    if len(known) < len(parts):
        reason = (
            f"{', '.join(split)} split between successors: no published share"
            if split
            else "a predecessor's figure is not published in the package"
        )
        return Comparator(last, None, f"predecessors combined; unknown ({reason})", tuple(parts))
    return Comparator(
        last, sum(known, Decimal(0)), "predecessors combined (each absorbed whole)", tuple(parts)
    )


def _own_comparator(code: str, last: FinancialYear, stream: Stream) -> Comparator | None:
    figures = allocations_of(code, last)
    for a in figures:
        if a.stream is stream and a.measure == ADJUSTED_BASELINE:
            return Comparator(last, a.amount, f"NHS England's {last.label} adjusted baseline")
    own = headline(code, last, stream)
    if own is not None:
        return Comparator(last, own.amount, f"the {last.label} allocation as first published")
    return None


def growth_fraction(current: Decimal, previous: Comparator | None) -> Decimal | None:
    """Growth on the previous year as an unrounded fraction, or None if unknown."""
    if previous is None or previous.amount is None or previous.amount == 0:
        return None
    return (current - previous.amount) / previous.amount


def growth(current: Decimal, previous: Comparator | None) -> str | None:
    """Growth on the previous year as a percentage with two places, or None if unknown."""
    fraction = growth_fraction(current, previous)
    return None if fraction is None else str((fraction * 100).quantize(GROWTH_PLACES))


def stream_lines(register: Register, body: Body, year: FinancialYear) -> list[JsonDict]:
    """One line per stream: the headline figure, its source, growth, and the other published
    measures of the same stream (never to be added to the headline)."""
    lines: list[JsonDict] = []
    published = allocations_of(body.code, year)
    for stream in Stream:
        main = headline(body.code, year, stream)
        others = [allocation_json(a) for a in published if a.stream is stream and a is not main]
        line: JsonDict = {
            "stream": stream.value,
            "name": STREAM_NAMES[stream],
            "measure": HEADLINE[stream],
            "amount": None,
            "source": None,
            "previous": None,
            "growth_percent": None,
            "other_measures": others,
        }
        if main is None:
            line["missing"] = missing_reason(body, year, stream)
        else:
            previous = comparator(register, body, year, stream)
            line |= {
                "amount": money(main.amount),
                "source": source_json(main),
                "previous": previous.to_json() if previous else None,
                "growth_percent": growth(main.amount, previous),
                "per_head": per_head_json(body.code, year, stream),
            }
        lines.append(line)
    return lines


def per_head_json(code: str, year: FinancialYear, stream: Stream) -> JsonDict | None:
    """NHS England's own '£/head' for the stream, where its table gives one."""
    rate = rate_of(code, year, stream, "per_head_gbp")
    if rate is None:
        return None
    return {
        "amount": money(rate.value.quantize(Decimal("0.01"))),
        "measure": rate.measure,
        "basis": "NHS England's published £ per head (its table does not say which population "
        "it divides by; weighted populations are not in the package)",
        "source": {"publication": rate.source.publication, "table": rate.source.table},
    }


def missing_reason(body: Body, year: FinancialYear, stream: Stream) -> str:
    """Why a stream has no figure: the package lacks the year, or the stream did not apply."""
    if body.kind is BodyKind.CCG:
        return (
            "NHS England's allocations to CCGs (2013/14 to the first quarter of 2022/23) are not "
            "in the package: no copy of its CCG allocation tables could be read (docs/data.md); "
            "no figure is estimated"
        )
    years = published_years()
    if year not in years:
        shipped = ", ".join(y.label for y in years)
        restated = any(a.stream is stream for a in allocations_of(body.code, year))
        return (
            f"NHS England's {year.label} allocations are not in the package (it ships {shipped}; "
            "see docs/data.md); no figure is estimated"
            + (
                f"; the {year.label} adjusted baseline NHS England restated in the next year's "
                "round is listed under other measures"
                if restated
                else ""
            )
        )
    if body.kind is not BodyKind.ICB:
        return f"NHS England allocates to ICBs; {body.code} is a {body.kind.value}"
    if stream is Stream.DELEGATED_SPECIALISED:
        return (
            f"no delegated specialised allocation for {body.code} in {year.label} is in the "
            "package (only 2025/26 is; in 2024/25 three regions' ICBs held delegation, and those "
            "figures were not obtained)"
        )
    return f"NHS England's {year.label} table has no {stream.value} figure for {body.code}"


def year_json(body: Body, year: FinancialYear) -> JsonDict:
    """The year as it applies to the body (s.14Z52(8): an ICB's first year starts when it
    was established)."""
    period = year.for_body(body.start)
    out: JsonDict = {
        "label": year.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat() if period.end else None,
    }
    if period.start != year.start:
        out["first_year"] = (
            f"{body.code}'s first financial year runs from its establishment on "
            f"{period.start.isoformat()} to 31 March {year.first + 1} (NHS Act 2006 s.14Z52(8))"
        )
    return out


def allocations_json(register: Register, code: str, year: FinancialYear) -> JsonDict:
    """What ``code`` was allocated in ``year``, stream by stream, with sources and growth."""
    body = body_in_year(register, code, year)
    return {
        "body": body_json(body),
        "year": year_json(body, year),
        "unit": UNIT,
        "streams": stream_lines(register, body, year),
        "weighted_population": {
            "amount": None,
            "missing": "NHS England's weighted populations by ICB (its supporting spreadsheet "
            "J) are not in the package, so no allocation per weighted head is shown; see "
            "docs/data.md",
        },
    }


def parse_year(label: str | None, day: date | None = None) -> FinancialYear:
    """The ``--year`` a user gave, or the year containing ``day`` (today's by default)."""
    if label:
        return FinancialYear.parse(label)
    if day is None:
        raise InvalidInput("year", "no financial year given", "give --year, e.g. 2024/25")
    return FinancialYear.containing(day)


#: The actions whose recorded decisions set a body's objectives or limits for a year.
OBJECTIVE_ACTIONS = frozenset({"set_financial_objectives"})
LIMIT_ACTIONS = frozenset({"set_resource_limits", "set_capital_limit"})


def decisions_json(
    register: Register, code: str, year: FinancialYear, actions: frozenset[str]
) -> list[JsonDict]:
    """The recorded decisions of ``actions`` that concern ``code`` and name ``year``, each
    with the verdict's basis (the provision that permitted it)."""
    import json

    out: list[JsonDict] = []
    for day, e in register.decisions(date.max, code):
        if e.action not in actions:
            continue
        details = json.loads(e.details)
        if details.get("year") != year.label:
            continue
        out.append(
            {
                "decision": e.decision_id,
                "action": e.action,
                "by": e.actor,
                "effective": day.isoformat(),
                "details": {k: v for k, v in details.items() if k != "basis"},
                "basis": details.get("basis"),
            }
        )
    return out


def recorded_json(register: Register, code: str, year: FinancialYear) -> list[JsonDict]:
    """Users' figures for ``code`` and ``year``, oldest first: a later recording of the same
    figure supersedes an earlier one for the duties, and both stay listed."""
    rows = [(day, e) for day, e in register.finance_figures(code) if e.year == year.label]
    latest = {(e.figure, e.measure): i for i, (_, e) in enumerate(rows)}
    return [
        {
            "figure": e.figure,
            "measure": e.measure or None,
            "amount": money(e.amount),
            "effective": day.isoformat(),
            "source": e.source or None,
            "note": e.note or None,
            "provenance": "recorded",
            "current": latest[(e.figure, e.measure)] == i,
        }
        for i, (day, e) in enumerate(rows)
    ]


def current_figures(register: Register, code: str, year: FinancialYear) -> dict[str, Decimal]:
    """The latest recorded amount of each outturn or limit item (allocation plans aside)."""
    out: dict[str, Decimal] = {}
    for _day, e in register.finance_figures(code):
        if e.year == year.label and not e.measure:
            out[e.figure] = e.amount
    return out


def allocation_totals() -> list[JsonDict]:
    """Each published year and stream: the 42 ICBs' headline figures added up beside NHS
    England's own England total (with the money it kept regionally), and the difference,
    which is under £1,000 (the rounding of NHS England's total row) for every column."""
    from nhswiring.reference.allocations import england_totals, published_allocations

    rows: list[JsonDict] = []
    for total in england_totals():
        if total.measure != HEADLINE[total.stream]:
            continue
        icbs = [
            a.amount
            for a in published_allocations()
            if (a.year, a.stream, a.measure) == (total.year, total.stream, total.measure)
        ]
        added = sum(icbs, Decimal(0))
        rows.append(
            {
                "year": total.year.label,
                "stream": total.stream.value,
                "icbs": len(icbs),
                "sum_of_icbs": money(added),
                "nhse_retained": money(total.retained),
                "england_total": money(total.amount),
                "difference": money(added + total.retained - total.amount),
            }
        )
    return rows
