"""`nhswiring audit`: every change the register holds, with who made it, the instrument that
did it and its verdict under the law in force on its date, then the totals by outcome."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.time import parse_date
from nhswiring.entrypoints import render
from nhswiring.entrypoints.options import DatabaseOpt, JsonOpt
from nhswiring.service.audit import AuditRow, audit_ledger, totals
from nhswiring.service.system import System

_STYLE = {"lawful": "green", "unlawful": "bold red", "undetermined": "yellow", "noted": "dim"}


def register(app: typer.Typer) -> None:
    app.command()(audit)


def audit(
    from_: Annotated[
        str | None,
        typer.Option("--from", help="First date audited, YYYY-MM-DD (default: all)."),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Audit changes before this date, YYYY-MM-DD (default: all)."),
    ] = None,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """Judge every change the register holds (and every action recorded since) by the law in
    force on its date: date, actor, action, subjects, instrument and verdict, then totals.

    "noted" marks what is not a legal act (a partnership's formation, a region's map, a body
    in existence before 2013); "undetermined" names the fact the sources do not give.
    """
    start = parse_date(from_, "--from") if from_ is not None else None
    end = parse_date(to, "--to") if to is not None else None
    if start is not None and end is not None and end <= start:
        raise InvalidInput(
            "--to",
            f"{end.isoformat()} is not after --from {start.isoformat()}",
            "give a --to later than --from (the period is [from, to))",
        )
    rows = audit_ledger(System.connect(database), start=start, end=end)
    if json:
        render.emit_json([r.to_json() for r in rows])
        return
    render.table(
        f"Changes in the register: {len(rows):,}",
        ["date", "actor", "action", "subjects", "instrument", "verdict"],
        [_cells(r) for r in rows],
    )
    counted = totals(rows)
    render.table(
        "Totals by outcome",
        ["outcome", "changes"],
        [[Text(o, style=_STYLE.get(o, "")), f"{n:,}"] for o, n in counted.items()],
    )


def _cells(row: AuditRow) -> list[object]:
    instrument = row.instrument.title
    if row.instrument.reference != "unknown":
        instrument += f" ({row.instrument.reference})"
    verdict = Text(row.outcome, style=_STYLE.get(row.outcome, ""))
    missing = row.verdict.get("missing_facts") or []
    if missing:
        verdict.append(": needs " + ", ".join(str(m["name"]) for m in missing))
    return [
        row.day.isoformat(),
        row.actor,
        row.action,
        ", ".join(row.subjects[:6]) + (" ..." if len(row.subjects) > 6 else ""),
        instrument,
        verdict,
    ]
