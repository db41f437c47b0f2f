"""`nhswiring psr ...`: run a provider selection case from opening to annual summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.time import parse_date, parse_optional_date
from nhswiring.entrypoints import render
from nhswiring.entrypoints.law_commands import _json_arg, verdict_lines
from nhswiring.service.psr.cases import Cases, StepResult
from nhswiring.service.system import System

psr = typer.Typer(
    help="Provider Selection Regime cases: open, route, assess, notice, "
    "represent, award, modify, record, summary.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
DbOpt = Annotated[str | None, typer.Option("--database", help="Database URL.")]
DateOpt = Annotated[str, typer.Option("--date", help="The step's date, YYYY-MM-DD.")]
ByOpt = Annotated[str, typer.Option("--by", help="The person taking the step (their id).")]
CaseArg = Annotated[str, typer.Argument(help="The case id.")]


def _cases(database: str | None) -> Cases:
    system = System.connect(database)
    system.require_loaded()
    return Cases(system)


def _emit(result: StepResult, json: bool, message: str) -> None:
    from dataclasses import asdict

    if json:
        data: dict[str, Any] = {
            "case": asdict(result.case) | {"status": result.case.status.value},
            "recorded": result.recorded,
        }
        if result.verdict:
            data["verdict"] = result.verdict.to_json()
        if result.route:
            data["route"] = [o.to_json() for o in result.route]
        if result.conflicts:
            data["conflicts"] = [c.to_json() for c in result.conflicts]
        render.emit_json(data)
        return
    render.console.print(
        f"{message} [dim]({result.recorded} ledger entries; case status "
        f"{result.case.status.value})[/]"
    )
    if result.verdict:
        for line in verdict_lines(result.verdict):
            render.console.print(line, highlight=False)


def _pairs(values: list[str], field: str) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, name = v.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(field, f"{v!r} is not ID=Name", "e.g. --decision-maker P1='A Smith'")
        out[key.strip()] = name.strip()
    return out


@psr.command("open")
def open_case(
    case: CaseArg,
    authority: Annotated[str, typer.Option("--authority", help="The relevant authority.")],
    service: Annotated[str, typer.Option("--service", help="The services, in words.")],
    cpv: Annotated[list[str], typer.Option("--cpv", help="CPV code(s) from PSR Schedule 1.")],
    value: Annotated[str, typer.Option("--value", help="Estimated lifetime value (£).")],
    decision_maker: Annotated[
        list[str], typer.Option("--decision-maker", help="ID=Name, repeatable.")
    ],
    date_: DateOpt,
    by: ByOpt,
    existing_contract: Annotated[str | None, typer.Option("--existing-contract")] = None,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """Open a case: the service (Schedule 1 CPV codes), authority, value and decision-makers."""
    result = _cases(database).open(
        case_id=case,
        day=parse_date(date_, "date"),
        authority=authority,
        service=service,
        cpv_codes=cpv,
        estimated_value=value,
        decision_makers=_pairs(decision_maker, "decision-maker"),
        by=by,
        existing_contract=existing_contract,
    )
    _emit(result, json, f"opened case {case}")


@psr.command()
def route(
    case: CaseArg,
    date_: DateOpt,
    facts: Annotated[str | None, typer.Option("--facts", help="The reg 6 facts as JSON.")] = None,
    process: Annotated[
        str | None, typer.Option("--process", help="Record this choice (omit: analyse).")
    ] = None,
    by: Annotated[str | None, typer.Option("--by")] = None,
    provider: Annotated[str | None, typer.Option("--provider")] = None,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """Which processes are mandatory, allowed or ruled out on the facts (reg 6), and why."""
    cases = _cases(database)
    day = parse_date(date_, "date")
    fact_values = _json_arg(facts, "facts")
    if process is None:
        options = cases.analyse(case_id=case, day=day, facts=fact_values, provider=provider)
        if json:
            render.emit_json([o.to_json() for o in options])
            return
        render.table(
            f"{case}: processes on these facts",
            ["process", "status", "why", "needs"],
            [
                [
                    o.process,
                    o.status,
                    "\n".join(f"{r['text']} ({r['citation']})" for r in o.to_json()["reasons"]),
                    ", ".join(m.name for m in o.verdict.missing_facts),
                ]
                for o in options
            ],
        )
        return
    if by is None:
        raise InvalidInput("by", "is required when recording a choice", "give --by PERSON")
    result = cases.route(
        case_id=case, day=day, process=process, facts=fact_values, by=by, provider=provider
    )
    _emit(result, json, f"{case}: process {process} recorded")


@psr.command()
def assess(
    case: CaseArg,
    provider: Annotated[str, typer.Option("--provider")],
    key_criteria: Annotated[
        str, typer.Option("--key-criteria", help="JSON: criterion -> {weight, score, reasons}")
    ],
    date_: DateOpt,
    by: ByOpt,
    basic_selection: Annotated[
        bool, typer.Option("--basic-selection-met/--basic-selection-not-met")
    ] = True,
    excluded: Annotated[
        str | None, typer.Option("--excluded", help="Grounds, if excluded (reg 20).")
    ] = None,
    award_score: Annotated[float | None, typer.Option("--award-score")] = None,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """Record a provider's assessment: key criteria (reg 5), basic selection (reg 19),
    exclusion (reg 20) and, for the Competitive Process, its award score."""
    result = _cases(database).assess(
        case_id=case,
        day=parse_date(date_, "date"),
        provider=provider,
        by=by,
        key_criteria=_json_arg(key_criteria, "key-criteria"),
        basic_selection_met=basic_selection,
        excluded=excluded is not None,
        exclusion_grounds=excluded or "",
        award_score=award_score,
    )
    _emit(result, json, f"{case}: {provider} assessed")


@psr.command()
def conflicts(
    case: CaseArg, date_: DateOpt, by: ByOpt, json: JsonOpt = False, database: DbOpt = None
) -> None:
    """Check decision-makers against declared interests and posts (reg 21); record each."""
    result = _cases(database).conflicts(case_id=case, day=parse_date(date_, "date"), by=by)
    if json:
        render.emit_json([c.to_json() for c in result.conflicts])
        return
    render.table(
        f"{case}: conflicts of interest",
        ["person", "provider", "basis", "conflicted", "management"],
        [[c.person, c.provider, c.basis, c.conflicted, c.management] for c in result.conflicts],
    )


@psr.command()
def represent(
    case: CaseArg,
    provider: Annotated[str, typer.Option("--provider")],
    summary: Annotated[str, typer.Option("--summary")],
    date_: DateOpt,
    by: ByOpt,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """Record a provider's written representations during the standstill (reg 12)."""
    result = _cases(database).represent(
        case_id=case, day=parse_date(date_, "date"), provider=provider, summary=summary, by=by
    )
    _emit(result, json, f"{case}: representations from {provider} recorded")


@psr.command()
def decide(
    case: CaseArg,
    provider: Annotated[str, typer.Option("--provider")],
    decision: Annotated[str, typer.Option("--decision", help="proceed, repeat, abandon")],
    reasons: Annotated[str, typer.Option("--reasons")],
    date_: DateOpt,
    by: ByOpt,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """Record the decision on representations and the day the provider is told (reg 12)."""
    result = _cases(database).decide_representation(
        case_id=case,
        day=parse_date(date_, "date"),
        provider=provider,
        decision=decision,
        reasons=reasons,
        by=by,
    )
    _emit(result, json, f"{case}: decision on {provider}'s representations recorded")


@psr.command()
def award(
    case: CaseArg,
    provider: Annotated[str, typer.Option("--provider")],
    value: Annotated[str, typer.Option("--value")],
    start: Annotated[str, typer.Option("--start")],
    date_: DateOpt,
    by: ByOpt,
    end: Annotated[str | None, typer.Option("--end")] = None,
    contract: Annotated[str | None, typer.Option("--contract")] = None,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """Enter into the contract (refused during the standstill, with when it ends)."""
    result = _cases(database).award(
        case_id=case,
        day=parse_date(date_, "date"),
        provider=provider,
        value=value,
        start=parse_date(start, "start"),
        end=parse_optional_date(end, "end"),
        by=by,
        contract_id=contract,
    )
    _emit(result, json, f"{case}: contract awarded to {provider}")


@psr.command()
def modify(
    case: CaseArg,
    change: Annotated[str, typer.Option("--change")],
    reason: Annotated[str, typer.Option("--reason")],
    date_: DateOpt,
    by: ByOpt,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """Modify the awarded contract (reg 13; urgent, reg 14)."""
    result = _cases(database).modify(
        case_id=case, day=parse_date(date_, "date"), change=change, reason=reason, by=by
    )
    _emit(result, json, f"{case}: modification recorded")


@psr.command()
def abandon(
    case: CaseArg,
    reason: Annotated[str, typer.Option("--reason")],
    date_: DateOpt,
    by: ByOpt,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """Abandon the process (an abandonment notice follows)."""
    result = _cases(database).abandon(
        case_id=case, day=parse_date(date_, "date"), reason=reason, by=by
    )
    _emit(result, json, f"{case}: abandoned")


@psr.command()
def show(case: CaseArg, json: JsonOpt = False, database: DbOpt = None) -> None:
    """The case as it stands, step by step."""
    state = _cases(database).state(case)
    from dataclasses import asdict

    if json:
        render.emit_json(asdict(state) | {"status": state.status.value})
        return
    render.console.print(
        f"[bold]{case}[/] {state.authority}: {state.service} "
        f"({', '.join(state.cpv_codes)}), status {state.status.value}"
    )
    render.table(
        "steps", ["date", "step", "by"], [[h["date"], h["step"], h["by"]] for h in state.history]
    )


@psr.command()
def notice(
    case: CaseArg,
    schedule: Annotated[str, typer.Option("--schedule", help="2-15, or 'abandonment'.")],
    date_: DateOpt,
    by: ByOpt,
    field: Annotated[
        list[str] | None, typer.Option("--field", help="KEY=VALUE for items the case cannot fill.")
    ] = None,
    provider: Annotated[str | None, typer.Option("--provider")] = None,
    text: Annotated[bool, typer.Option("--text", help="Print the e-notification text.")] = False,
    ocds: Annotated[bool, typer.Option("--ocds", help="Print the OCDS release package.")] = False,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """Publish a notice with the content its Schedule requires; the standstill follows a
    notice of intention. Prints the plain text, or the validated OCDS release."""
    from nhswiring.exports.ocds import release_package
    from nhswiring.service.psr.notices import publish

    number = None if schedule.strip().lower() == "abandonment" else _schedule(schedule)
    day = parse_date(date_, "date")
    result = publish(
        _cases(database),
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
        _emit(result, json, f"{case}: {published['title']} published on {published['medium']}")
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


def _schedule(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(
            "schedule", f"{text!r} is not a schedule number", "use 2 to 15, or 'abandonment'"
        ) from None


@psr.command()
def record(
    case: CaseArg,
    html: Annotated[Path | None, typer.Option("--html", help="Write the record as HTML.")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Write the record as PDF.")] = None,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """The reg 24 decision record, items (a) to (j), with what is missing."""
    from nhswiring.exports.documents import record_html, record_pdf
    from nhswiring.service.psr.records import build_record

    cases = _cases(database)
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
    """The annual summary (reg 25) for an authority and year, as a table, CSV or XLSX."""
    from nhswiring.service.psr.summary import annual_summary

    result = annual_summary(_cases(database).register(), authority, year)
    if csv_:
        csv_.write_text(result.to_csv(), encoding="utf-8")
    if xlsx:
        result.to_xlsx(xlsx)
    if json:
        render.emit_json(result.to_json())
        return
    render.table(
        f"PSR annual summary: {authority} {year} ({result.period.start} to {result.period.end})",
        ["measure", "count", "basis"],
        result.rows(),
    )


@psr.command()
def cpv(json: JsonOpt = False) -> None:
    """The CPV codes of PSR Schedule 1 (the services the regime covers)."""
    from nhswiring.service.psr.cpv import schedule_1

    codes = schedule_1()
    if json:
        render.emit_json(codes)
        return
    render.table("PSR Schedule 1", ["code", "description"], list(codes.items()))


def register(app: typer.Typer) -> None:
    app.add_typer(psr, name="psr")


__all__ = ["Path", "register"]
