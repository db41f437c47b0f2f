"""`nhswiring psr` outputs: notices (text and OCDS), the reg 24 record, the reg 25 summary,
the reg 26 monitoring report and the Schedule 1 CPV list."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nhswiring.domain.time import parse_date
from nhswiring.entrypoints import render
from nhswiring.entrypoints.bounds import TEXT
from nhswiring.entrypoints.paths import output_file

if TYPE_CHECKING:
    from nhswiring.service.psr.monitoring import MonitoringReport
from nhswiring.entrypoints.options import JsonOpt
from nhswiring.entrypoints.psr_app import (
    AuthorityOpt,
    ByOpt,
    CaseArg,
    DateOpt,
    DbOpt,
    _cases,
    _emit,
    _pairs,
    psr,
)


@psr.command()
def notice(
    case: CaseArg,
    schedule: Annotated[str, typer.Option("--schedule", help="2-15, or 'abandonment'.")],
    date_: DateOpt,
    by: ByOpt,
    field: Annotated[
        list[str] | None,
        typer.Option("--field", help="KEY=VALUE for items the case cannot fill.", callback=TEXT),
    ] = None,
    provider: Annotated[str | None, typer.Option("--provider")] = None,
    text: Annotated[bool, typer.Option("--text", help="Print the e-notification text.")] = False,
    ocds: Annotated[bool, typer.Option("--ocds", help="Print the OCDS release package.")] = False,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Publish a notice with the content its Schedule requires; the standstill follows a
    notice of intention. Prints the plain text, or the validated OCDS release."""
    from nhswiring.exports.ocds import release_package
    from nhswiring.service.psr.notices import parse_schedule, publish

    number = parse_schedule(schedule)
    day = parse_date(date_, "date")
    result = publish(
        _cases(database, case, authority),
        case_id=case,
        day=day,
        schedule=number,
        by=by,
        provider=provider,
        fields=_pairs(field or [], "field"),
    )
    published = result.case.notices[-1]
    if ocds:
        render.emit_json(release_package([published["ocds_release"]], day))
    elif text:
        render.console.print(published["text"], markup=False, highlight=False)
    else:
        _emit(
            result,
            json,
            f"{case}: {published['title']} submitted for publication on the {published['medium']}",
        )
        if published.get("standstill") and not json:
            s = published["standstill"]
            render.console.print(
                f"standstill from {s['begins']} until {s['ends_at']}; "
                "representations until then (reg 12)"
            )
        if published.get("late") and not json:
            render.error_line(
                f"late: the notice was due by {published['due']} (30 days after the award)"
            )


@psr.command()
def record(
    case: CaseArg,
    html: Annotated[Path | None, typer.Option("--html", help="Write the record as HTML.")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Write the record as PDF.")] = None,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """The reg 24 decision record, items (a) to (j), with what is missing."""
    from nhswiring.exports.documents import record_html, record_pdf
    from nhswiring.service.psr.records import build_record

    output_file(html, "--html")
    output_file(pdf, "--pdf")
    cases = _cases(database, case, authority)
    register = cases.register()
    rec = build_record(cases.state(case, register), register)
    authority = rec.case.authority
    if html:
        html.write_text(record_html(rec, authority), encoding="utf-8")
    if pdf:
        record_pdf(rec, authority, pdf)
    if json:
        render.emit_json(rec.to_json())
        return
    render.table(
        f"Decision record for {case} (PSR reg 24)",
        ["item", "what", "record"],
        [[i["item"], i["label"], i["value"] or "MISSING"] for i in rec.items],
    )
    if rec.missing:
        render.error_line(f"the record is incomplete: {', '.join(i['item'] for i in rec.missing)}")


@psr.command()
def summary(
    authority: Annotated[str, typer.Argument(help="The relevant authority's code.")],
    year: Annotated[str, typer.Option("--year", help="Financial year, e.g. 2024/25.")],
    csv_: Annotated[Path | None, typer.Option("--csv", help="Write CSV.")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write XLSX.")] = None,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """The annual summary (reg 25(2)(a)-(i)) for an authority and year: table, CSV or XLSX."""
    from nhswiring.exports.spreadsheets import summary_csv, summary_xlsx
    from nhswiring.service.psr.summary import READINGS, annual_summary

    output_file(csv_, "--csv")
    output_file(xlsx, "--xlsx")
    result = annual_summary(_cases(database, authority=authority).register(), authority, year)
    if csv_:
        csv_.write_text(summary_csv(result), encoding="utf-8")
    if xlsx:
        summary_xlsx(result, xlsx)
    if json:
        render.emit_json(result.to_json())
        return
    render.table(
        f"PSR annual summary: {authority} {year} ({result.period.start} to "
        f"{result.period.end}, end exclusive)",
        ["measure", "count", "basis"],
        result.rows(),
    )
    if result.representations:
        render.console.print(f"25(2)(i): {result.representation_summary()}", markup=False)
    for key, reading in READINGS.items():
        render.console.print(f"[dim]{key.replace('_', ' ')}: {reading}[/]")


@psr.command()
def monitoring(
    authority: Annotated[str, typer.Argument(help="The relevant authority's code.")],
    year: Annotated[str, typer.Option("--year", help="Financial year, e.g. 2024/25.")],
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="Report date (default: end of the year).")
    ] = None,
    csv_: Annotated[Path | None, typer.Option("--csv", help="Write CSV.")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write XLSX.")] = None,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """The annual monitoring report (reg 26): each case's compliance checks, with remedies."""
    from datetime import timedelta

    from nhswiring.exports.spreadsheets import monitoring_csv, monitoring_xlsx
    from nhswiring.service.psr.monitoring import monitoring_report
    from nhswiring.service.psr.summary import financial_year

    output_file(csv_, "--csv")
    output_file(xlsx, "--xlsx")
    period = financial_year(year)
    assert period.end is not None
    day = parse_date(as_at, "as-at") if as_at else period.end - timedelta(days=1)
    report = monitoring_report(
        _cases(database, authority=authority).register(), authority, year, day
    )
    if csv_:
        csv_.write_text(monitoring_csv(report), encoding="utf-8")
    if xlsx:
        monitoring_xlsx(report, xlsx)
    if json:
        render.emit_json(report.to_json())
    else:
        _monitoring_table(report, authority, year, day)
    if report.failures:  # a check that finds failures says so in its exit code (README)
        raise typer.Exit(1)


def _monitoring_table(report: MonitoringReport, authority: str, year: str, day: date) -> None:
    render.table(
        f"PSR monitoring (reg 26): {authority} {year}, as at {day}",
        ["case", "check", "result", "finding", "how it will be addressed"],
        [[f.case, f.check, f.result, f.detail, f.remedy] for f in report.findings],
    )
    if report.failures:
        render.error_line(f"{len(report.failures)} compliance failure(s) to address")


@psr.command()
def cpv(json: JsonOpt = False) -> None:
    """The CPV codes of PSR Schedule 1 (the services the regime covers)."""
    from nhswiring.service.psr.cpv import schedule_1

    codes = schedule_1()
    if json:
        render.emit_json(codes)
        return
    render.table("PSR Schedule 1", ["code", "description"], list(codes.items()))


@psr.command("run")
def run_case_script(
    file: Annotated[Path, typer.Argument(help="A case script (YAML), e.g. scenarios/psr/*.yaml")],
    database: Annotated[
        str | None,
        typer.Option("--database", help="Run on this ledger (default: a scratch database)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Run a scripted case step by step and check each step did what the script expects."""
    import tempfile

    from nhswiring.service.psr.cases import Cases
    from nhswiring.service.psr.script import run_script
    from nhswiring.service.psr.script_model import load_script
    from nhswiring.service.system import System

    script = load_script(file)
    with tempfile.TemporaryDirectory() as scratch:
        system = System.connect(database or f"sqlite:///{Path(scratch) / 'case.db'}")
        if not system.is_loaded():
            system.initialise()
        outcomes = run_script(Cases(system, script.authority), script, live=database is not None)
        system.engine.dispose()
    failed = [o for o in outcomes if o.failures]
    if json:
        render.emit_json({"script": script.name, "steps": [o.model_dump() for o in outcomes]})
    else:
        render.table(
            f"{script.name} ({script.case}, {script.authority})",
            ["#", "date", "step", "outcome", "what happened", "check"],
            [
                [o.index, o.date or "", o.step, o.outcome, o.message, "; ".join(o.failures) or "ok"]
                for o in outcomes
            ],
        )
    if failed:
        render.error_line(f"{len(failed)} step(s) did not do what the script expects")
        raise typer.Exit(1)
