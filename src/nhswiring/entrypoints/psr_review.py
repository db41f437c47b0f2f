"""`nhswiring psr` steps of the review of representations: a provider's request for
information and the authority's reply (reg 12(4)(b), (5)), a referral to the Independent
Patient Choice and Procurement Panel and the Panel's advice (reg 23). Each keeps the standstill
open until it is answered (reg 12(10))."""

from __future__ import annotations

from typing import Annotated

import typer

from nhswiring.domain.time import parse_date
from nhswiring.entrypoints.bounds import CODE, TEXT
from nhswiring.entrypoints.options import JsonOpt
from nhswiring.entrypoints.psr_app import (
    AuthorityOpt,
    ByOpt,
    CaseArg,
    DateOpt,
    DbOpt,
    _cases,
    _emit,
    psr,
)

ProviderOpt = Annotated[str, typer.Option("--provider", callback=CODE)]


@psr.command("request-information")
def request_information(
    case: CaseArg,
    provider: ProviderOpt,
    request: Annotated[str, typer.Option("--request", help="What it asks for.", callback=TEXT)],
    date_: DateOpt,
    by: ByOpt,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Record an aggrieved provider's request for information the authority records under reg
    24; it must be given promptly (reg 12(4)(b)), and the standstill waits for it."""
    result = _cases(database, case, authority).request_information(
        case_id=case, day=parse_date(date_, "date"), provider=provider, request=request, by=by
    )
    _emit(result, json, f"{case}: {provider}'s request for information recorded")


@psr.command("give-information")
def give_information(
    case: CaseArg,
    provider: ProviderOpt,
    answer: Annotated[str, typer.Option("--answer", help="What was given.", callback=TEXT)],
    date_: DateOpt,
    by: ByOpt,
    withheld: Annotated[
        str,
        typer.Option(
            "--withheld",
            help="The reg 12(5) ground for anything kept back: commercial_interests, "
            "fair_competition or public_interest.",
        ),
    ] = "",
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Record the information given to the provider (reg 12(4)(b)), and any reg 12(5) ground
    for withholding part of it."""
    result = _cases(database, case, authority).give_information(
        case_id=case,
        day=parse_date(date_, "date"),
        provider=provider,
        answer=answer,
        withheld=withheld,
        by=by,
    )
    _emit(result, json, f"{case}: information given to {provider}")


@psr.command("refer")
def refer(
    case: CaseArg,
    provider: ProviderOpt,
    date_: DateOpt,
    by: ByOpt,
    reference: Annotated[
        str, typer.Option("--reference", help="The Panel's case reference.", callback=CODE)
    ] = "",
    declined: Annotated[
        bool, typer.Option("--declined", help="The Panel declined to review it.")
    ] = False,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Record a provider's referral to the Independent Patient Choice and Procurement Panel
    after the further decision: the standstill waits for the Panel's advice (reg 12(10)(iv))."""
    result = _cases(database, case, authority).refer_to_panel(
        case_id=case,
        day=parse_date(date_, "date"),
        provider=provider,
        reference=reference,
        accepted=not declined,
        by=by,
    )
    _emit(result, json, f"{case}: {provider}'s referral to the Panel recorded")


@psr.command("advice")
def advice(
    case: CaseArg,
    provider: ProviderOpt,
    advice: Annotated[str, typer.Option("--advice", help="proceed, repeat or abandon")],
    summary: Annotated[str, typer.Option("--summary", callback=TEXT)],
    date_: DateOpt,
    by: ByOpt,
    json: JsonOpt = False,
    authority: AuthorityOpt = None,
    database: DbOpt = None,
) -> None:
    """Record the Panel's advice (reg 23): the authority then makes a subsequent further
    decision in its light (reg 12(7)), which the standstill waits for."""
    result = _cases(database, case, authority).record_panel_advice(
        case_id=case,
        day=parse_date(date_, "date"),
        provider=provider,
        advice=advice,
        summary=summary,
        by=by,
    )
    _emit(result, json, f"{case}: the Panel's advice on {provider}'s referral recorded")
