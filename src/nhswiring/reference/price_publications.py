"""The real tariffs and payment schemes (``price_publications.csv``) as dated ledger events.

Each loaded row is one publication: a national tariff by Monitor (or by NHS England from 1 July
2022), or an NHS Payment Scheme (or an in-period amendment of one) by NHS England, recorded on
its date as the publisher's decision with the arguments the law judges it on and the facts its
sources establish (the consultation held, the objection outcome). `nhswiring audit` reads them
back and judges each by the law of its date, as it judges the register's other changes. Rows
that are not publications the register can record (proposals not published, the Payment by
Results tariff before the register begins, publications not confirmed) are kept in the table
for the history they tell but not loaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from nhswiring.domain import events as ev
from nhswiring.domain.errors import InvalidInput, PricePublicationDataError
from nhswiring.domain.time import parse_date, parse_optional_date
from nhswiring.ledger.hashing import canonical_json
from nhswiring.reference.tables import Table, load_table

TABLE = "price_publications.csv"
ACTIONS = frozenset({"publish_national_tariff", "publish_payment_scheme"})
DATE_BASES = frozenset({"on", "by"})
OBJECTIONS = frozenset({"percentages", "below", "presumed_below", "reached", ""})
#: What the audit calls each publication.
CHANGES = {
    "publish_national_tariff": "national tariff publication",
    "publish_payment_scheme": "payment scheme publication",
}


@dataclass(frozen=True, slots=True)
class PricePublication:
    publication_id: str
    action: str
    publisher: str
    day: date
    args: dict[str, Any]
    facts: dict[str, Any]
    source_url: str


def price_tables() -> list[Table]:
    """The shipped price-publication table, for the checks every table must pass."""
    return [load_table(TABLE)]


@cache
def price_publications() -> tuple[PricePublication, ...]:
    """Every loaded publication, in table order."""
    return tuple(
        _publication(row) for row in load_table(TABLE).rows if row.get("loaded", "") == "yes"
    )


def _publication(row: dict[str, str]) -> PricePublication:
    where = f"{TABLE}: {row.get('publication_id', '?')}"
    try:
        action = row["action"]
        if action not in ACTIONS:
            raise ValueError(f"action {action!r} is not one of {sorted(ACTIONS)}")
        if row["date_basis"] not in DATE_BASES:
            raise ValueError(f"date_basis {row['date_basis']!r} is not one of {sorted(DATE_BASES)}")
        if row["objections"] not in OBJECTIONS:
            raise ValueError(f"objections {row['objections']!r} is not one of {sorted(OBJECTIONS)}")
        day = parse_date(row["date"], f"{where} date")
        effective = parse_optional_date(row["effective_from"] or None, f"{where} effective_from")
        amendment = row["amendment"] == "yes"
        args: dict[str, Any] = {"edition": row["edition"]}
        if effective is not None:
            args["effective_from"] = effective.isoformat()
        if action == "publish_payment_scheme" and amendment:
            args["amendment"] = True
        facts = _facts(row, action, amendment)
    except (KeyError, ValueError, InvalidInput) as exc:
        raise PricePublicationDataError(f"{where}: {exc}") from exc
    if not row["source_url"].startswith("http"):
        raise PricePublicationDataError(f"{where}: every publication names its source URL")
    return PricePublication(
        row["publication_id"], action, row["publisher"], day, args, facts, row["source_url"]
    )


def _percentages(row: dict[str, str], names: dict[str, str]) -> dict[str, Any]:
    return {fact: row[column] for column, fact in names.items() if row[column]}


def _facts(row: dict[str, str], action: str, amendment: bool) -> dict[str, Any]:
    """The facts the sources establish for the rules of the publication's date (a fact no rule
    of that date reads is ignored by the judge)."""
    consulted = row["consulted"] == "yes"
    objections = row["objections"]
    if action == "publish_national_tariff":
        facts: dict[str, Any] = {
            "tariff_consultation_held": consulted,
            "tariff_agreed_with_board": True,  # the proposals were joint (s.118(7)-(12))
        }
        if objections == "percentages":
            facts |= _percentages(
                row,
                {
                    "commissioner_objection_percent": "tariff_commissioner_objection_percent",
                    "provider_objection_percent": "tariff_provider_objection_percent",
                    "share_of_supply_objection_percent": "tariff_share_of_supply_objection_percent",
                },
            )
        elif objections in {"below", "presumed_below"}:
            facts["tariff_objections_below_thresholds"] = True
        return facts
    if amendment:
        return {
            "payment_scheme_amendment_not_significant": True,
            "payment_scheme_amendment_consultation_held": consulted,
        }
    facts = {
        "payment_scheme_impact_assessed": consulted,
        "payment_scheme_consultation_held": consulted,
    }
    if objections == "percentages":
        facts |= _percentages(
            row,
            {
                "commissioner_objection_percent": "payment_scheme_icb_objection_percent",
                "provider_objection_percent": "payment_scheme_provider_objection_percent",
            },
        )
    elif objections in {"below", "presumed_below"}:
        facts["payment_scheme_objections_within_threshold"] = True
    return facts


def details(publication: PricePublication) -> str:
    """The event's details: what the audit needs to judge the publication again."""
    return canonical_json(
        {"args": publication.args, "facts": publication.facts, "source": publication.source_url}
    )


def read_details(e: ev.DecisionRecorded) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(args, facts) of a publication recorded by this module; None for any other decision."""
    if e.action not in ACTIONS:
        return None
    try:
        data = json.loads(e.details)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("args"), dict):
        return None
    return dict(data["args"]), dict(data.get("facts") or {})


def price_publication_events(phase: int) -> Iterator[tuple[date, int, str, ev.DecisionRecorded]]:
    """(date, phase, actor, event) for every loaded publication; the actor is the publisher."""
    for p in price_publications():
        yield (
            p.day,
            phase,
            p.publisher,
            ev.DecisionRecorded(p.publication_id, p.action, p.publisher, (), details(p)),
        )
