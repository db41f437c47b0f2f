"""The register reads of the command line (``show``, ``history``) and the options they share
with the other read commands.

Kept light on purpose: ``nhswiring show CODE`` should answer in a fraction of a second,
start-up included, so this module imports only the register and the rendering (never the law
engine, the web app, the PSR services, Alembic, or SQLAlchemy: ``show`` on a SQLite file
reads it through ``sqlite3``, ``service/quick_read.py``, and only a read that needs more
loads ``System``). ``cli.py`` runs these commands without loading the rest of the command
tree; ``commands.py`` adds them to it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from nhswiring.domain.time import check_register_date, parse_date
from nhswiring.entrypoints import render
from nhswiring.entrypoints.bounds import CODE
from nhswiring.entrypoints.options import DatabaseOpt, JsonOpt
from nhswiring.law.function_catalogue import CATALOGUE
from nhswiring.ledger.audience import Audience
from nhswiring.service import views
from nhswiring.service.quick_read import quick_register_for

if TYPE_CHECKING:
    from nhswiring.service.system import System

#: The commands defined here, which the entry point can run on their own.
NAMES = frozenset({"show", "history"})

AsAtOpt = Annotated[str | None, typer.Option("--as-at", help="Date YYYY-MM-DD (default today).")]
CodeArg = Annotated[str, typer.Argument(callback=CODE)]


def as_at_day(text: str | None) -> date:
    return check_register_date(parse_date(text, "as-at") if text else date.today())


def system_for(database: str | None) -> System:
    from nhswiring.service.system import System

    return System.connect(database)


OrganisationOpt = Annotated[
    str | None,
    typer.Option(
        "--organisation",
        callback=CODE,
        help="Also show this organisation's private entries (its provider selection cases, "
        "their people and contracts). Without it, only the public record.",
    ),
]


def audience_of(organisation: str | None) -> Audience:
    return Audience.of(organisation.strip().upper() if organisation else None)


def show(
    code: CodeArg,
    as_at: AsAtOpt = None,
    json: JsonOpt = False,
    organisation: OrganisationOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """One body as at a date: parent, predecessors, functions, delegations, area."""
    day = as_at_day(as_at)
    code = code.strip()
    audience = audience_of(organisation)
    register = quick_register_for(database, code, audience)
    if register is None:  # not the common case: the full read (which may take a snapshot)
        register = system_for(database).register_for(code, as_at=day, audience=audience)
    data = views.show_body(register, code, day, CATALOGUE)
    if json:
        render.emit_json(data)
        return
    from rich.markup import escape  # for people only: JSON never loads Rich

    render.console.print(
        f"[bold]{escape(data['name'])}[/] ({data['code']}), {data['kind']}, "
        f"{data['start']} to {data['end'] or 'now'}; parent {data['parent']}"
        + ("; care trust (s.77 designation)" if data.get("care_trust") else "")
    )
    for life in data.get("other_lives", []):
        render.console.print(
            f"same code, another body: {escape(life['name'])}, {life['kind']}, "
            f"{life['start']} to {life['end'] or 'now'}"
        )
    if data.get("statutory") is False:
        render.console.print("non-statutory partnership: it holds no functions; its members act")
    for label in ("predecessors", "successors", "children", "members", "partnerships"):
        if data[label]:
            items = [m if isinstance(m, str) else m["code"] for m in data[label]]
            render.console.print(f"{label}: {', '.join(items)}")
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
    if data.get("merger_control"):
        render.table(
            "merger control (OFT, Competition Commission, CMA decisions to date)",
            ["date", "authority", "outcome", "phase", "parties", "binding", "source"],
            [
                [
                    m["date"] if m["dated"] == "on" else f"by {m['date']}",
                    m["authority"],
                    m["outcome"].replace("_", " "),
                    str(m["phase"]),
                    ", ".join(m["parties"]),
                    (m["binding"] or "") + (" (in force)" if m["binds_on_date"] else ""),
                    m["source"]["url"],
                ]
                for m in data["merger_control"]
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


def history(
    code: CodeArg,
    as_at: AsAtOpt = None,
    json: JsonOpt = False,
    organisation: OrganisationOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Every public ledger entry about a body, oldest first (with --as-at: those effective by
    then; with --organisation: that organisation's private entries too)."""
    entries = system_for(database).history(code.strip(), audience_of(organisation))
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


def register(app: typer.Typer) -> None:
    app.command()(show)
    app.command()(history)
