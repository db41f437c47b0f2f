"""``nhswiring finance``: allocations, objectives, limits, outturns and duties by body and year.

Every view prints a table by default, JSON with ``--json``, and writes CSV or XLSX with
``--csv FILE`` / ``--xlsx FILE``; amounts are exact pounds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from nhswiring.domain.finance import FinancialYear, pounds_text
from nhswiring.domain.register import Register
from nhswiring.domain.time import parse_date
from nhswiring.entrypoints import render
from nhswiring.entrypoints.options import DatabaseOpt, JsonOpt
from nhswiring.entrypoints.paths import output_file
from nhswiring.entrypoints.requests import command_request
from nhswiring.exports.finance_sheets import (
    SHOW_HEADER,
    compare_header,
    compare_rows,
    show_rows,
    system_rows,
    to_csv,
    to_xlsx,
)
from nhswiring.ledger.hashing import request_digest
from nhswiring.ledger.store import RequestKey
from nhswiring.service.scenarios import shipped_register
from nhswiring.service.system import System

finance = typer.Typer(
    help="Money as law: NHS England's allocations, the objectives and limits it set, "
    "outturns, and the statutory financial duties tested on them.",
    no_args_is_help=True,
)

YearOpt = Annotated[str, typer.Option("--year", help="Financial year, e.g. 2024/25.")]
CsvOpt = Annotated[Path | None, typer.Option("--csv", help="Write the table as CSV.")]
XlsxOpt = Annotated[Path | None, typer.Option("--xlsx", help="Write the table as XLSX.")]
CodeArg = Annotated[str, typer.Argument(help="The body's ODS code, e.g. QWO.")]


def _state(database: str | None) -> Register:
    """The database's register when one has been created (so recorded figures count),
    otherwise the shipped register: published allocations need no database."""
    system = System.connect(database)
    return system.register() if system.is_loaded() else shipped_register()


def _year_and_outputs(year: str, csv_: Path | None, xlsx: Path | None) -> FinancialYear:
    """The year asked for, once the files asked for are known to be writable (bad input is
    refused before any work)."""
    from nhswiring.service.finance import parse_year

    output_file(csv_, "--csv")
    output_file(xlsx, "--xlsx")
    return parse_year(year)


def _export(
    title: str, header: list[str], rows: list[list[str]], csv_: Path | None, xlsx: Path | None
) -> None:
    if csv_:
        csv_.write_text(to_csv(header, rows), encoding="utf-8")
    if xlsx:
        to_xlsx(title, header, rows, xlsx)


@finance.command()
def show(
    code: CodeArg,
    year: YearOpt,
    csv_: CsvOpt = None,
    xlsx: XlsxOpt = None,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """One body's year: allocation by stream (source, growth), objectives, limits, recorded
    figures, and each financial duty met, breached or unknown with its citation."""
    from nhswiring.service.finance_views import finance_show

    fy = _year_and_outputs(year, csv_, xlsx)
    view = finance_show(_state(database), code.strip(), fy)
    rows = show_rows(view)
    body = view["body"]
    title = f"{body['name']} ({body['code']}), {fy.label}: amounts in pounds (£)"
    _export(title, SHOW_HEADER, rows, csv_, xlsx)
    if json:
        render.emit_json(view)
        return
    _print_show(view, title)


@finance.command()
def system(
    code: CodeArg,
    year: YearOpt,
    csv_: CsvOpt = None,
    xlsx: XlsxOpt = None,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """An ICB with its partner trusts: their recorded figures and the joint revenue and
    capital resource limits (NHS Act 2006 s.223M) tested on their combined use."""
    from nhswiring.service.finance_views import finance_system

    fy = _year_and_outputs(year, csv_, xlsx)
    view = finance_system(_state(database), code.strip(), fy)
    rows = system_rows(view)
    title = (
        f"{view['system']['name']} ({view['system']['code']}) and partner trusts, "
        f"{fy.label}: amounts in pounds (£)"
    )
    _export(title, SHOW_HEADER, rows, csv_, xlsx)
    if json:
        render.emit_json(view)
        return
    render.table(
        escape(title),
        ["member", "code", "kind", "figures recorded"],
        [
            [
                m["body"]["name"],
                m["body"]["code"],
                m["body"]["kind"],
                ", ".join(
                    f"{r['figure']} {_pounds(r['amount'])}" for r in m["recorded"] if r["current"]
                )
                or "none",
            ]
            for m in view["members"]
        ],
    )
    render.console.print(f"partners: {view['partners_basis']}", markup=False)
    _print_duties(view["duties"])


@finance.command()
def compare(
    year: YearOpt,
    sort: Annotated[
        str,
        typer.Option("--sort", help="Column to sort on: name, code, a stream, core_growth."),
    ] = "name",
    descending: Annotated[bool, typer.Option("--descending", help="Largest first.")] = False,
    csv_: CsvOpt = None,
    xlsx: XlsxOpt = None,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """Every ICB in one table: headline allocation per stream, core growth, duties."""
    from nhswiring.service.finance_views import finance_compare

    fy = _year_and_outputs(year, csv_, xlsx)
    view = finance_compare(_state(database), fy, sort, descending)
    header, rows = compare_header(view), compare_rows(view)
    title = f"ICB allocations {fy.label} (headline measures; amounts in pounds (£))"
    _export(title, header, rows, csv_, xlsx)
    if json:
        render.emit_json(view)
        return
    render.table(escape(title), header, rows)


PRICE_HEADER = ["publication", "edition", "publisher", "date", "made", "verdict", "basis", "source"]


@finance.command()
def prices(
    year: Annotated[
        str | None, typer.Option("--year", help="Only the editions covering this year.")
    ] = None,
    csv_: CsvOpt = None,
    xlsx: XlsxOpt = None,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """Who set the prices: each national tariff and NHS Payment Scheme, judged by the law
    of its date (who may publish, consultation, objection thresholds)."""
    from nhswiring.service.finance import parse_year
    from nhswiring.service.finance_prices import prices_json

    output_file(csv_, "--csv")
    output_file(xlsx, "--xlsx")
    view = prices_json(_state(database), parse_year(year) if year else None)
    rows = [
        [
            p["publication"],
            p["edition"] + (" (amendment)" if p["amendment"] else ""),
            p["publisher"],
            f"{p['date_basis'] or ''} {p['date'] or ''}".strip(),
            "yes" if p["made"] else "no",
            p["verdict"]["outcome"] if p["verdict"] else "not judged",
            "; ".join(p["verdict"]["citations"]) if p["verdict"] else p["summary"],
            p["source"]["url"],
        ]
        for p in view["publications"]
    ]
    _export("National tariffs and NHS Payment Schemes", PRICE_HEADER, rows, csv_, xlsx)
    if json:
        render.emit_json(view)
        return
    render.table(
        "National tariffs and NHS Payment Schemes" + (f", {year}" if year else ""),
        PRICE_HEADER[:7],
        [r[:7] for r in rows],
    )


@finance.command()
def record(
    code: CodeArg,
    year: YearOpt,
    figure: Annotated[
        str,
        typer.Option(
            "--figure",
            help="A stream (core_services, ...) for a plan or in-year change, or an outturn or "
            "limit item (expenditure, receipts, revenue_resource_use, ...): docs/finance.md.",
        ),
    ],
    amount: Annotated[str, typer.Option("--amount", help="Pounds, e.g. 2500000.")],
    by: Annotated[str, typer.Option("--by", help="Who records it (for the ledger).")],
    measure: Annotated[
        str, typer.Option("--measure", help="For a stream: plan or in_year_change.")
    ] = "",
    source: Annotated[str, typer.Option("--source", help="The document it is from.")] = "",
    note: Annotated[str, typer.Option("--note", help="A note kept with it.")] = "",
    on: Annotated[str | None, typer.Option("--on", help="Effective date (default today).")] = None,
    database: DatabaseOpt = None,
) -> None:
    """Record one figure of your own as an attributed ledger event (published figures are
    never overwritten; a later recording of the same figure supersedes yours)."""
    from nhswiring.service.finance_records import FigureRow, record_figures

    day = parse_date(on, "on") if on else date.today()
    row = FigureRow(code, year, figure, amount, measure, source, note)
    done = record_figures(
        System.connect(database), [row], actor=by, day=day, request=command_request()
    )
    _recorded(done.seqs, done.replayed)


@finance.command("import")
def import_figures(
    file: Annotated[
        Path, typer.Argument(help="CSV: body, year, figure, amount[, measure, source, note].")
    ],
    by: Annotated[str, typer.Option("--by", help="Who records them (for the ledger).")],
    on: Annotated[str | None, typer.Option("--on", help="Effective date (default today).")] = None,
    database: DatabaseOpt = None,
) -> None:
    """Record a CSV of figures (e.g. the accounts' headline figures) in one transaction: a
    bad row is refused by line and nothing is recorded."""
    from nhswiring.domain.errors import InvalidInput
    from nhswiring.service.finance_records import parse_figures_csv, record_figures

    if not file.is_file():
        raise InvalidInput("file", f"{file} is not a file", "give the path of a CSV file")
    text = file.read_text(encoding="utf-8-sig")
    rows = parse_figures_csv(text)
    day = parse_date(on, "on") if on else date.today()
    # The request is the file's content, not its name: the same file run again is recognised;
    # an edited file under the same name is a new request.
    digest = request_digest({"command": "finance import", "by": by, "on": str(day), "csv": text})
    done = record_figures(
        System.connect(database),
        rows,
        actor=by,
        day=day,
        request=RequestKey(f"cli:{digest}", digest),
        numbered=True,
    )
    _recorded(done.seqs, done.replayed)


def _pounds(text: str | None) -> str:
    return "-" if text is None or text == "" else pounds_text(Decimal(text))


def _print_show(view: dict[str, Any], title: str) -> None:
    streams = view.get("streams", [])
    if streams:
        render.table(
            escape(title),
            ["stream", "measure", "amount", "previous year", "growth", "NHS England £/head"],
            [
                [
                    s["name"],
                    s["measure"],
                    _pounds(s["amount"]) if s["amount"] else "missing",
                    _pounds(s["previous"]["amount"]) if s.get("previous") else "-",
                    f"{s['growth_percent']}%" if s.get("growth_percent") else "-",
                    _pounds(s["per_head"]["amount"]) if s.get("per_head") else "-",
                ]
                for s in streams
            ],
        )
        sources = {s["source"]["publication"]: s["source"]["url"] for s in streams if s["source"]}
        for publication, url in sources.items():
            render.console.print(f"source: {publication} ({url})", markup=False)
        reasons: dict[str, list[str]] = {}
        for s in streams:
            if s.get("missing"):
                reasons.setdefault(s["missing"], []).append(s["name"])
        for reason, names in reasons.items():
            render.console.print(f"{', '.join(names)}: {reason}", markup=False)
    else:
        render.console.print(title, markup=False)
    if view["year"].get("first_year"):
        render.console.print(view["year"]["first_year"], markup=False)
    population = view.get("weighted_population")
    if population and population.get("missing"):
        render.console.print(f"per weighted head: {population['missing']}", markup=False)
    for key in ("objectives", "limits"):
        for d in view.get(key, []):
            details = ", ".join(f"{k} {v}" for k, v in d["details"].items())
            render.console.print(
                f"{key[:-1]}: {d['action']} by {d['by']} on {d['effective']}: {details}",
                markup=False,
            )
    if view.get("recorded"):
        render.table(
            "recorded figures (users', attributed in the ledger)",
            ["figure", "measure", "amount", "effective", "status", "source"],
            [
                [
                    r["figure"],
                    r["measure"] or "",
                    _pounds(r["amount"]),
                    r["effective"],
                    "current" if r["current"] else "superseded",
                    r["source"] or "",
                ]
                for r in view["recorded"]
            ],
        )
    _print_duties(view.get("duties", []))
    for p in view.get("prices", []):
        verdict = p["verdict"]["outcome"] if p["verdict"] else "not made"
        render.console.print(
            f"prices: {p['publication']} ({p['edition']}, {p['publisher']}): {verdict}",
            markup=False,
        )


def _print_duties(duties: list[dict[str, Any]]) -> None:
    if not duties:
        render.console.print("no statutory financial duty applies to this body in this year")
        return
    render.table(
        "financial duties (margin: headroom, negative = the breach)",
        ["duty", "status", "margin", "citation", "missing"],
        [
            [
                d["title"],
                d["status"],
                _pounds(d["margin"]),
                d["citation"],
                ", ".join(d["missing"]),
            ]
            for d in duties
        ],
    )


def _recorded(seqs: list[int], replayed: bool) -> None:
    again = "already recorded by an earlier run of this command as " if replayed else ""
    render.console.print(f"{again}ledger entries {seqs[0]}-{seqs[-1]} ({len(seqs)})")


def register(app: typer.Typer) -> None:
    app.add_typer(finance, name="finance")
