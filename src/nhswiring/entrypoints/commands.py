"""The ``nhswiring`` command line: every command (``cli.py`` is the entry point that runs
them, and runs the light register reads of ``read_commands.py`` without loading this)."""

from __future__ import annotations

from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from nhswiring.domain.bodies import parse_kind
from nhswiring.domain.time import parse_date
from nhswiring.entrypoints import (
    account_commands,
    audit_command,
    finance_commands,
    law_commands,
    ledger_commands,
    partnership_commands,
    psr_commands,
    read_commands,
    render,
)
from nhswiring.entrypoints.bounds import CODE
from nhswiring.entrypoints.demo import run_demo
from nhswiring.entrypoints.options import DatabaseOpt, JsonOpt
from nhswiring.entrypoints.progress import loading_bar
from nhswiring.entrypoints.read_commands import AsAtOpt, as_at_day, system_for
from nhswiring.entrypoints.serve_command import serve
from nhswiring.law.function_catalogue import CATALOGUE, function
from nhswiring.service import views
from nhswiring.service.ods_import import import_ods_files

app = typer.Typer(
    help="nhswiring: the NHS in England as an executable model. Every read command answers "
    "'as at' a date (default today).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    """The installed distribution's version (package metadata), so it cannot drift from the
    version that was built and installed."""
    if value:
        render.console.print(f"nhswiring {metadata.version('nhswiring')}", highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Options for nhswiring itself, before any command."""


@app.command()
def init(database: DatabaseOpt = None) -> None:
    """Create the database and load the real register and history (if not already there)."""
    system = system_for(database)
    with loading_bar() as progress:
        report = system.initialise(progress)
    message = f"loaded {report.entries:,} ledger entries" if report.loaded else "already loaded"
    render.console.print(f"{message} in {report.seconds:.1f} s")


@app.command()
def demo(database: DatabaseOpt = None) -> None:
    """Build the database if absent and report the system at the key dates of the reforms."""
    run_demo(system_for(database))


@app.command("list")
def list_bodies(
    kind: Annotated[str, typer.Option("--kind", help="A kind (icb, ccg, ...) or group (trust).")],
    as_at: AsAtOpt = None,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """The bodies of one kind in force on a date."""
    kinds = parse_kind(kind)
    day = as_at_day(as_at)
    rows = views.list_bodies(system_for(database).register(), day, kinds)
    if json:
        render.emit_json(rows)
        return
    render.table(
        f"{kind} as at {day.isoformat()}: {len(rows)}",
        ["code", "name", "kind", "parent", "start", "end"],
        [[r["code"], r["name"], r["kind"], r["parent"], r["start"], r["end"]] for r in rows],
    )


# The register reads (show, history) live in read_commands.py, kept light for start-up.
read_commands.register(app)


@app.command("who-commissions")
def who_commissions(
    function_key: Annotated[str, typer.Argument(metavar="FUNCTION")],
    area: Annotated[
        str, typer.Option("--area", help="Local authority, sub-ICB, CCG or ICB.", callback=CODE)
    ],
    as_at: AsAtOpt = None,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """Who holds a function for an area on a date, and the delegations it is exercised by."""
    fn = function(function_key)
    day = as_at_day(as_at)
    answers = views.who_commissions_json(system_for(database).register(), fn, area.strip(), day)
    if json:
        render.emit_json(answers)
        return
    if not answers:
        render.console.print(f"no body holds {fn.key} for {escape(area)} on {day.isoformat()}")
    for a in answers:
        chain = " -> ".join([a["holder"]["code"], *(d["to"] for d in a["chain"])])
        render.console.print(
            f"{fn.key} for {escape(area)} on {day.isoformat()}: held by {a['holder']['name']} "
            f"({a['holder']['code']}; {a['holder']['citation']}); exercised by "
            f"{a['exercised_by']['name']} [{chain}]"
        )


@app.command()
def functions(json: JsonOpt = False) -> None:
    """The catalogue of statutory functions and the provisions that confer them."""
    rows = [views.function_json(f) for f in CATALOGUE.values()]
    if json:
        render.emit_json(rows)
        return
    render.table(
        "statutory functions",
        ["key", "holder", "from", "to", "citation"],
        [
            [r["key"], c["holder"], c["start"], c["end"], c["citation"]]
            for r in rows
            for c in r["conferrals"]
        ],
    )


@app.command("import-ods")
def import_ods(
    files: Annotated[
        list[Path],
        typer.Argument(help="etr.csv, ect.csv, eccg.csv, ecsu.csv (headerless ODS, any year)"),
    ],
    as_at: AsAtOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report, record nothing.")] = False,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """Reconcile NHS Digital ODS extracts with the register as at the day they describe: record
    what no cited source contradicts, report the rest (conflicts, unclassified records)."""
    day = parse_date(as_at, "as-at") if as_at else date.today()
    summary = import_ods_files(system_for(database), files, day, record=not dry_run)
    if json:
        render.emit_json(summary.to_json())
        return
    render.table(
        f"ODS import as at {day.isoformat()}" + (" (dry run)" if dry_run else ""),
        ["change", "code", "effective", "detail"],
        [[c.change, c.code, c.effective.isoformat(), c.detail] for c in summary.changes],
    )
    render.console.print(summary.headline())


law_commands.register(app)
audit_command.register(app)
ledger_commands.register(app)
partnership_commands.register(app)
psr_commands.register(app)
finance_commands.register(app)
app.command()(serve)
account_commands.register(app)
