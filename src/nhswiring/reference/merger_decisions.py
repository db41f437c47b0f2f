"""Merger-control decisions (``merger_decisions.csv``) as dated ledger events.

Each row is one decision of the OFT, the Competition Commission or the CMA on the merger of
two or more NHS foundation trusts, recorded on its date and attributed to the authority that
took it. The table carries its own sources; see ``domain/competition.py`` for what a decision
binds and until when.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache

from nhswiring.domain.competition import MergerAuthority, MergerControlDecided, MergerOutcome
from nhswiring.domain.errors import InvalidInput, MergerDecisionDataError
from nhswiring.domain.time import parse_date, parse_optional_date
from nhswiring.reference.tables import Table, load_table, split_codes

TABLE = "merger_decisions.csv"
DATE_BASES = frozenset({"on", "by"})


def merger_tables() -> list[Table]:
    """The shipped merger-decision table, for the checks every table must pass."""
    return [load_table(TABLE)]


@cache
def merger_decisions() -> tuple[tuple[date, MergerControlDecided], ...]:
    """Every shipped decision with its effective date, in table order."""
    return tuple(_decision(row) for row in load_table(TABLE).rows)


def _decision(row: dict[str, str]) -> tuple[date, MergerControlDecided]:
    where = f"{TABLE}: {row.get('decision_id', '?')}"
    try:
        day = parse_date(row["date"], f"{where} date")
        if row["date_basis"] not in DATE_BASES:
            raise ValueError(f"date_basis {row['date_basis']!r} is not one of {sorted(DATE_BASES)}")
        parties = split_codes(row["parties"])
        if len(parties) < 2:
            raise ValueError("a merger decision names two or more parties")
        event = MergerControlDecided(
            decision_id=row["decision_id"],
            authority=MergerAuthority(row["authority"]),
            outcome=MergerOutcome(row["outcome"]),
            parties=parties,
            phase=int(row["phase"]),
            case_reference=row["case_reference"],
            binding=row["binding"],
            binds_until=parse_optional_date(row["binds_until"], f"{where} binds_until"),
            releases=row["releases"],
            summary=row["summary"],
            source_title=row["source_title"],
            source_url=row["source_url"],
            dated=row["date_basis"],
        )
    except (KeyError, ValueError, InvalidInput) as exc:
        raise MergerDecisionDataError(f"{where}: {exc}") from exc
    if not event.source_url.startswith("http"):
        raise MergerDecisionDataError(f"{where}: every decision names its source URL")
    return day, event


def merger_decision_events(phase: int) -> Iterator[tuple[date, int, str, MergerControlDecided]]:
    """(effective date, phase, actor, event) for every decision; the actor is the authority
    (``OFT``, ``CC`` or ``CMA``)."""
    for day, event in merger_decisions():
        yield day, phase, event.authority.value, event
