"""`nhswiring psr` steps: open, route, assess, conflicts, represent, decide, award, modify,
abandon, show. Each is one judged, attributed ledger transaction."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import KEY_CRITERIA
from nhswiring.domain.time import parse_date, parse_optional_date
from nhswiring.entrypoints import render
from nhswiring.entrypoints.bounds import CHANGE, CODE, MONEY, NAME, TEXT
from nhswiring.entrypoints.law_commands import _json_arg
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
from nhswiring.law.facts import check_route_facts, psr_route_facts
from nhswiring.law.psr_2023.exclusions import ExclusionFacts, ExclusionStatus


@psr.command("open")
def open_case(
    case: CaseArg,
    authority: Annotated[
        str, typer.Option("--authority", help="The relevant authority.", callback=CODE)
    ],
    service: Annotated[
        str, typer.Option("--service", help="The services, in words.", callback=NAME)
    ],
    cpv: Annotated[
        list[str], typer.Option("--cpv", help="CPV code(s) from PSR Schedule 1.", callback=CODE)
    ],
    value: Annotated[
        str, typer.Option("--value", help="Estimated lifetime value (£).", callback=MONEY)
    ],
    decision_maker: Annotated[
        list[str], typer.Option("--decision-maker", help="ID=Name, repeatable.", callback=NAME)
    ],
    date_: DateOpt,
    by: ByOpt,
    existing_contract: Annotated[
        str | None, typer.Option("--existing-contract", callback=CODE)
    ] = None,
    other_existing_contract: Annotated[
        list[str] | None,
        typer.Option(
            "--other-existing-contract", help="A further contract replaced.", callback=CODE
        ),
    ] = None,
    lot: Annotated[str | None, typer.Option("--lot", callback=CODE)] = None,
    procurement: Annotated[str | None, typer.Option("--procurement", callback=CODE)] = None,
    json: JsonOpt = False,
    database: DbOpt = None,
) -> None:
    """Open a case: the service (Schedule 1 CPV codes), authority, value and decision-makers;
    the existing contract(s) it replaces; the lot of a procurement it awards."""
    result = _cases(database, authority=authority).open(
        case_id=case,
        day=parse_date(date_, "date"),
        authority=authority,
        service=service,
        cpv_codes=cpv,
        estimated_value=value,
        decision_makers=_pairs(decision_maker, "decision-maker"),
        by=by,
        existing_contract=existing_contract,
        other_existing_contracts=other_existing_contract or None,
        lot=lot,
        procurement=procurement,
    )
    _emit(result, json, f"opened case {case}")


#: Help computed from the fact vocabulary and the reg 5 criteria, so it names them all (in
#: the command's description, which is wider than an option's column at 80 columns).
ROUTE_HELP = (
    "Which processes are mandatory, allowed or ruled out on the facts (reg 6), and why.\n\n"
    "The facts (--facts, a JSON object): "
    + ", ".join(f.name for f in psr_route_facts())
    + ". What each asks: docs/psr.md (Facts and key criteria)."
)
ASSESS_HELP = (
    "Record a provider's assessment: key criteria (reg 5), basic selection (reg 19), "
    "exclusion (reg 20) and, for the Competitive Process, its award score.\n\n"
    f"The key criteria (--key-criteria, all five): {', '.join(KEY_CRITERIA)}. Example: "
    "docs/psr.md (Facts and key criteria)."
)


@psr.command(help=ROUTE_HELP)
def route(
    case: CaseArg,
    date_: DateOpt,
    facts: Annotated[
        str | None,
        typer.Option(
            "--facts",
            help="The reg 6 facts as a JSON object, e.g. "
            '\'{"existing_provider": true, "existing_provider_satisfactory": true}\' '
            "(the facts are listed above).",
        ),
    ] = None,
    process: Annotated[
        str | None, typer.Option("--process", help="Record this choice (omit: analyse).")
    ] = None,
    by: Annotated[str | None, typer.Option("--by")] = None,
    provider: Annotated[str | None, typer.Option("--provider", callback=CODE)] = None,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Which processes are mandatory, allowed or ruled out on the facts (reg 6), and why
    (the help, with the facts, is ROUTE_HELP)."""
    cases = _cases(database, case, authority)
    day = parse_date(date_, "date")
    fact_values = _json_arg(facts, "facts")
    for name in check_route_facts(fact_values):
        render.errors.print(
            f"[yellow]unread fact[/] {name}: the PSR route does not read it, so it changed "
            "nothing (docs/psr.md, Facts and key criteria)",
            highlight=False,
            soft_wrap=True,
        )
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


@psr.command(help=ASSESS_HELP)
def assess(
    case: CaseArg,
    provider: Annotated[str, typer.Option("--provider", callback=CODE)],
    key_criteria: Annotated[
        str,
        typer.Option(
            "--key-criteria",
            help="JSON: each of the five criteria (above) -> {weight, reasons, score "
            "(optional)}, the weights summing to 100.",
        ),
    ],
    date_: DateOpt,
    by: ByOpt,
    address: Annotated[
        str,
        typer.Option(
            "--address", help="Registered office or principal place of business.", callback=TEXT
        ),
    ] = "",
    basic_selection_not_met: Annotated[
        bool,
        typer.Option(
            "--basic-selection-not-met",
            help="The provider fails the basic selection criteria (reg 19, Schedule 16).",
        ),
    ] = False,
    basic_selection_notes: Annotated[
        str,
        typer.Option("--basic-selection-notes", help="How Schedule 16 was applied.", callback=TEXT),
    ] = "",
    excluded: Annotated[
        str | None,
        typer.Option(
            "--excluded",
            help="Grounds on which the provider is an excluded provider.",
            callback=TEXT,
        ),
    ] = None,
    excludable: Annotated[
        str | None,
        typer.Option(
            "--excludable", help="Grounds on which it is an excludable provider.", callback=TEXT
        ),
    ] = None,
    exclude: Annotated[
        bool, typer.Option("--exclude", help="Exclude the excludable provider (reg 20(2)).")
    ] = False,
    debarment_list: Annotated[
        bool, typer.Option("--debarment-list", help="The grounds are a debarment-list entry.")
    ] = False,
    public_interest: Annotated[
        str,
        typer.Option(
            "--public-interest",
            help="Overriding public-interest reasons (reg 20(1A)).",
            callback=TEXT,
        ),
    ] = "",
    award_score: Annotated[float | None, typer.Option("--award-score")] = None,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Record a provider's assessment (the help, with the criteria, is ASSESS_HELP)."""
    if excluded is not None and excludable is not None:
        raise InvalidInput(
            "excluded", "and --excludable both given", "give the one status that applies"
        )
    status = (
        ExclusionStatus.EXCLUDED
        if excluded is not None
        else ExclusionStatus.EXCLUDABLE
        if excludable is not None
        else ExclusionStatus.NONE
    )
    result = _cases(database, case, authority).assess(
        case_id=case,
        day=parse_date(date_, "date"),
        provider=provider,
        by=by,
        key_criteria=_json_arg(key_criteria, "key-criteria"),
        basic_selection_met=not basic_selection_not_met,
        basic_selection_notes=basic_selection_notes,
        exclusion=ExclusionFacts(
            status,
            grounds=excluded or excludable or "",
            debarment_list=debarment_list,
            exclude=exclude,
            public_interest=public_interest,
        ),
        award_score=award_score,
        address=address,
    )
    assessment = result.case.assessments[provider]["exclusion"]
    _emit(result, json, f"{case}: {provider} assessed; {assessment['reason']}")


@psr.command()
def conflicts(
    case: CaseArg,
    date_: DateOpt,
    by: ByOpt,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Check decision-makers against declared interests and posts (reg 21); record each."""
    result = _cases(database, case, authority).conflicts(
        case_id=case, day=parse_date(date_, "date"), by=by
    )
    if json:
        render.emit_json([c.to_json() for c in result.conflicts])
        return
    if not result.conflicts:
        render.console.print(
            f"{case}: no decision-maker holds a post or declared interest in a provider in "
            "the case (reg 21)"
        )
        return
    render.table(
        f"{case}: conflicts of interest",
        ["person", "provider", "basis", "conflicted", "management"],
        [[c.person, c.provider, c.basis, c.conflicted, c.management] for c in result.conflicts],
    )


@psr.command()
def represent(
    case: CaseArg,
    provider: Annotated[str, typer.Option("--provider", callback=CODE)],
    summary: Annotated[str, typer.Option("--summary", callback=TEXT)],
    date_: DateOpt,
    by: ByOpt,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Record a provider's written representations during the standstill (reg 12)."""
    result = _cases(database, case, authority).represent(
        case_id=case, day=parse_date(date_, "date"), provider=provider, summary=summary, by=by
    )
    _emit(result, json, f"{case}: representations from {provider} recorded")


@psr.command()
def decide(
    case: CaseArg,
    provider: Annotated[str, typer.Option("--provider", callback=CODE)],
    decision: Annotated[str, typer.Option("--decision", help="proceed, repeat, abandon")],
    reasons: Annotated[str, typer.Option("--reasons", callback=TEXT)],
    date_: DateOpt,
    by: ByOpt,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Record the decision on representations and the day the provider is told (reg 12)."""
    result = _cases(database, case, authority).decide_representation(
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
    provider: Annotated[str, typer.Option("--provider", callback=CODE)],
    value: Annotated[str, typer.Option("--value", callback=MONEY)],
    start: Annotated[str, typer.Option("--start")],
    date_: DateOpt,
    by: ByOpt,
    end: Annotated[str | None, typer.Option("--end")] = None,
    contract: Annotated[str | None, typer.Option("--contract", callback=CODE)] = None,
    address: Annotated[
        str,
        typer.Option("--address", help="Provider's registered office (reg 24(c)).", callback=TEXT),
    ] = "",
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Enter into the contract (refused during the standstill, with when it ends)."""
    result = _cases(database, case, authority).award(
        case_id=case,
        day=parse_date(date_, "date"),
        provider=provider,
        value=value,
        start=parse_date(start, "start"),
        end=parse_optional_date(end, "end"),
        by=by,
        contract_id=contract,
        address=address,
    )
    _emit(result, json, f"{case}: contract awarded to {provider}")


@psr.command()
def modify(
    case: CaseArg,
    change: Annotated[
        str, typer.Option("--change", help="Change in lifetime value (£, +/-).", callback=CHANGE)
    ],
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help="authority_decision, clearly_provided_for, change_of_provider, "
            "external_factors, urgent, continuity",
        ),
    ],
    date_: DateOpt,
    by: ByOpt,
    cumulative: Annotated[
        str | None,
        typer.Option(
            "--cumulative",
            help="Cumulative change since entered into, if not all here.",
            callback=CHANGE,
        ),
    ] = None,
    facts: Annotated[
        str | None, typer.Option("--facts", help="Facts for reg 13/14 as JSON.")
    ] = None,
    description: Annotated[
        str,
        typer.Option(
            "--description", help="What changes and why (the notices' text).", callback=TEXT
        ),
    ] = "",
    new_end: Annotated[
        str | None, typer.Option("--new-end", help="New end of the term (exclusive), if any.")
    ] = None,
    takes_effect: Annotated[
        str | None, typer.Option("--takes-effect", help="When it takes effect (default --date).")
    ] = None,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Modify the awarded contract (reg 13; urgent, reg 14)."""
    result = _cases(database, case, authority).modify(
        case_id=case,
        day=parse_date(date_, "date"),
        change=change,
        reason=reason,
        by=by,
        cumulative=cumulative,
        facts=_json_arg(facts, "facts"),
        description=description,
        new_end=parse_optional_date(new_end, "new-end"),
        takes_effect=parse_optional_date(takes_effect, "takes-effect"),
    )
    m = result.case.modifications[-1]
    needs = "a Schedule 12/14 notice is due within 30 days" if m.notice_required else "no notice"
    _emit(result, json, f"{case}: modification recorded; {needs}")


@psr.command()
def abandon(
    case: CaseArg,
    reason: Annotated[str, typer.Option("--reason", callback=TEXT)],
    date_: DateOpt,
    by: ByOpt,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Abandon the process (an abandonment notice follows)."""
    result = _cases(database, case, authority).abandon(
        case_id=case, day=parse_date(date_, "date"), reason=reason, by=by
    )
    _emit(result, json, f"{case}: abandoned")


@psr.command()
def show(
    case: CaseArg, json: JsonOpt = False, authority: AuthorityOpt = None, database: DbOpt = None
) -> None:
    """The case as it stands, step by step."""
    state = _cases(database, case, authority).state(case)
    if json:
        render.emit_json(state.as_data() | {"status": state.status.value})
        return
    render.console.print(
        f"[bold]{escape(case)}[/] {state.authority}: {escape(state.service)} "
        f"({', '.join(state.cpv_codes)}), status {state.status.value}"
    )
    render.table(
        "steps", ["date", "step", "by"], [[h["date"], h["step"], h["by"]] for h in state.history]
    )
