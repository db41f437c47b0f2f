"""The ``nhswiring`` command line."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Sequence
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from typer._click.exceptions import NoArgsIsHelpError

from nhswiring.domain.bodies import parse_kind
from nhswiring.domain.time import parse_date
from nhswiring.entrypoints import (
    account_commands,
    failures,
    law_commands,
    ledger_commands,
    psr_commands,
    render,
)
from nhswiring.entrypoints.bounds import CODE
from nhswiring.entrypoints.demo import run_demo
from nhswiring.entrypoints.options import DatabaseOpt, JsonOpt
from nhswiring.entrypoints.progress import loading_bar
from nhswiring.entrypoints.serve_command import serve
from nhswiring.law.function_catalogue import CATALOGUE, function
from nhswiring.ledger.database import tidy_sqlite
from nhswiring.ledger.store import Audience
from nhswiring.service import views
from nhswiring.service.ods_import import import_ods_files
from nhswiring.service.system import System, check_register_date

app = typer.Typer(
    help="nhswiring: the NHS in England as an executable model. Every read command answers "
    "'as at' a date (default today).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

AsAtOpt = Annotated[str | None, typer.Option("--as-at", help="Date YYYY-MM-DD (default today).")]
CodeArg = Annotated[str, typer.Argument(callback=CODE)]


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


def _as_at(text: str | None) -> date:
    return check_register_date(parse_date(text, "as-at") if text else date.today())


def _system(database: str | None) -> System:
    return System.connect(database)


@app.command()
def init(database: DatabaseOpt = None) -> None:
    """Create the database and load the real register and history (if not already there)."""
    system = _system(database)
    with loading_bar() as progress:
        report = system.initialise(progress)
    message = f"loaded {report.entries:,} ledger entries" if report.loaded else "already loaded"
    render.console.print(f"{message} in {report.seconds:.1f} s")


@app.command()
def demo(database: DatabaseOpt = None) -> None:
    """Build the database if absent and report the system at the key dates of the reforms."""
    run_demo(_system(database))


@app.command("list")
def list_bodies(
    kind: Annotated[str, typer.Option("--kind", help="A kind (icb, ccg, ...) or group (trust).")],
    as_at: AsAtOpt = None,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """The bodies of one kind in force on a date."""
    kinds = parse_kind(kind)
    day = _as_at(as_at)
    rows = views.list_bodies(_system(database).register(), day, kinds)
    if json:
        render.emit_json(rows)
        return
    render.table(
        f"{kind} as at {day.isoformat()}: {len(rows)}",
        ["code", "name", "kind", "parent", "start", "end"],
        [[r["code"], r["name"], r["kind"], r["parent"], r["start"], r["end"]] for r in rows],
    )


OrganisationOpt = Annotated[
    str | None,
    typer.Option(
        "--organisation",
        callback=CODE,
        help="Also show this organisation's private entries (its provider selection cases, "
        "their people and contracts). Without it, only the public record.",
    ),
]


def _audience(organisation: str | None) -> Audience:
    return Audience.of(organisation.strip().upper() if organisation else None)


@app.command()
def show(
    code: CodeArg,
    as_at: AsAtOpt = None,
    json: JsonOpt = False,
    organisation: OrganisationOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """One body as at a date: parent, predecessors, functions, delegations, area."""
    day = _as_at(as_at)
    code = code.strip()
    register = _system(database).register_for(code, as_at=day, audience=_audience(organisation))
    data = views.show_body(register, code, day, CATALOGUE)
    if json:
        render.emit_json(data)
        return
    render.console.print(
        f"[bold]{escape(data['name'])}[/] ({data['code']}), {data['kind']}, "
        f"{data['start']} to {data['end'] or 'now'}; parent {data['parent']}"
        + ("; care trust (s.77 designation)" if data.get("care_trust") else "")
    )
    for label in ("predecessors", "successors", "children"):
        if data[label]:
            render.console.print(f"{label}: {', '.join(data[label])}")
    render.table(
        "functions held",
        ["function", "scope", "citation"],
        [[f["function"], f["scope"], f["citation"]] for f in data["functions"]],
    )
    delegations = [("out", d) for d in data["delegations_out"]]
    delegations += [("in", d) for d in data["delegations_in"]]
    if delegations:
        render.table(
            "delegations",
            ["", "function", "from", "to", "since", "basis"],
            [
                [w, d["function"], d["from"], d["to"], d["start"], d["basis"]]
                for w, d in delegations
            ],
        )
    if data.get("contracts"):
        render.table(
            "contracts in force (end exclusive)",
            ["contract", "commissioner", "provider", "service", "lifetime value", "from", "to"],
            [
                [
                    c["id"],
                    c["commissioner"],
                    c["provider"],
                    c["service"],
                    f"£{float(c['lifetime_value']):,.0f}",
                    c["start"],
                    c["end"] or "",
                ]
                for c in data["contracts"]
            ],
        )
    if data["area"]:
        render.console.print(
            "area: "
            + ", ".join(a["code"] + ("" if a["whole"] else " (part)") for a in data["area"])
        )


@app.command()
def history(
    code: CodeArg,
    as_at: AsAtOpt = None,
    json: JsonOpt = False,
    organisation: OrganisationOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Every public ledger entry about a body, oldest first (with --as-at: those effective by
    then; with --organisation: that organisation's private entries too)."""
    entries = _system(database).history(code.strip(), _audience(organisation))
    if as_at:
        day = parse_date(as_at, "as-at")
        entries = [e for e in entries if e.effective_date <= day]
    if json:
        render.emit_json(views.history_json(entries))
        return
    render.table(
        f"history of {code}",
        ["seq", "effective", "actor", "action", "details"],
        [
            [e.seq, e.effective_date.isoformat(), e.actor, e.action_type, _summary(e.payload)]
            for e in entries
        ],
    )


def _summary(payload: dict[str, object]) -> str:
    """A ledger payload in words (lists joined, never a Python repr), cut to 120 characters."""
    return ", ".join(
        f"{k}={render.text(v)}" for k, v in payload.items() if v not in (None, [], "")
    )[:120]


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
    day = _as_at(as_at)
    answers = views.who_commissions_json(_system(database).register(), fn, area.strip(), day)
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
    summary = import_ods_files(_system(database), files, day, record=not dry_run)
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
ledger_commands.register(app)
psr_commands.register(app)
app.command()(serve)
account_commands.register(app)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` and return its exit code (see ``failures`` for the codes).

    Every failure becomes one line on stderr, never a traceback: the expected ones by
    :func:`failures.classify`, the unexpected (a bug) as "internal error" with exit 70 and a
    request to report it (``NHSWIRING_DEBUG=1`` re-raises it, traceback and all).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        # When the command ends, SQLite's write-ahead log is folded back into the file.
        with tidy_sqlite():
            result = _command().main(args=args, prog_name="nhswiring", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        if exc.ctx is not None:
            help_text = exc.ctx.get_help()  # Typer's rich help prints itself, returning ""
            if help_text:
                sys.stdout.write(help_text + "\n")
        return failures.BAD_INPUT
    except typer.Abort:
        render.error_line("aborted")
        return 130
    except Exception as exc:
        failure = failures.classify(exc, _database_argument(args))
        if failure is None:
            if os.environ.get(failures.DEBUG_VARIABLE) == "1":
                raise
            render.error_line(
                f"internal error: {type(exc).__name__}: {exc}; "
                "please report it with the command you ran"
            )
            return failures.INTERNAL
        render.error_line(failure.message)
        return failure.code
    return result if isinstance(result, int) else failures.OK


@functools.cache
def _command() -> typer.core.TyperGroup:
    """The command tree, built once per process (Typer takes a fifth of a second to build
    it, which a test suite running the CLI hundreds of times in-process would pay each
    time)."""
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    return command


def _database_argument(args: Sequence[str]) -> str | None:
    """The --database the command was given (to name it in an error), if any."""
    for i, arg in enumerate(args):
        if arg == "--database" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--database="):
            return arg.partition("=")[2]
    return None


def main() -> None:
    """The ``nhswiring`` console script."""
    sys.exit(run())


if __name__ == "__main__":
    main()
