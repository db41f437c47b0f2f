"""What the `nhswiring psr` commands share: the command group, common options, output."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from nhswiring.domain.errors import InvalidInput
from nhswiring.entrypoints import render
from nhswiring.entrypoints.bounds import CODE
from nhswiring.entrypoints.law_commands import verdict_lines
from nhswiring.entrypoints.requests import command_request
from nhswiring.service.psr.cases import Cases, StepResult
from nhswiring.service.system import System

psr = typer.Typer(
    help="Provider Selection Regime cases: open, route, assess, notice, "
    "represent, award, modify, record, summary.",
    no_args_is_help=True,
)

DbOpt = Annotated[str | None, typer.Option("--database", help="Database URL.")]
DateOpt = Annotated[str, typer.Option("--date", help="The step's date, YYYY-MM-DD.")]
ByOpt = Annotated[
    str, typer.Option("--by", help="The person taking the step (their id).", callback=CODE)
]
CaseArg = Annotated[str, typer.Argument(help="The case reference.", callback=CODE)]
AuthorityOpt = Annotated[
    str | None,
    typer.Option(
        "--authority",
        help="The relevant authority whose case it is (needed only when two organisations "
        "use the same case reference).",
        callback=CODE,
    ),
]


def _cases(database: str | None, case: str | None = None, authority: str | None = None) -> Cases:
    """The cases of one authority: the one given, or the only one with this case reference,
    acting for this command (so that it is recorded once however often it is run)."""
    system = System.connect(database)
    system.require_loaded()
    if authority is None and case is not None:
        owners = system.case_authorities(case)
        if not owners:
            raise InvalidInput(
                "case", f"no case {case!r}", "open it first with `nhswiring psr open`"
            )
        if len(owners) > 1:
            raise InvalidInput(
                "authority",
                f"case {case!r} exists for {', '.join(owners)}",
                "say whose it is with --authority CODE",
            )
        authority = owners[0]
    if authority is None:
        raise InvalidInput("authority", "is required", "give --authority CODE")
    return Cases(system, authority.strip().upper(), command_request())


def _emit(result: StepResult, json: bool, message: str) -> None:
    if json:
        data: dict[str, Any] = {
            "case": result.case.as_data() | {"status": result.case.status.value},
            "recorded": result.recorded,
            "replayed": result.replayed,
        }
        if result.verdict:
            data["verdict"] = result.verdict.to_json()
        if result.route:
            data["route"] = [o.to_json() for o in result.route]
        if result.conflicts:
            data["conflicts"] = [c.to_json() for c in result.conflicts]
        render.emit_json(data)
        return
    if result.replayed:
        render.console.print(
            f"already recorded by an earlier run of this command (ledger entries from "
            f"{result.first_seq}); nothing new written [dim](case status "
            f"{result.case.status.value})[/]"
        )
        return
    render.console.print(
        f"{escape(message)} [dim]({result.recorded} ledger entries; case status "
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
