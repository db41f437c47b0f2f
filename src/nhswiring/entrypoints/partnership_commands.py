"""Commands about the non-statutory partnerships: ``system-for`` and ``partnerships``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.markup import escape

from nhswiring.domain.time import parse_date
from nhswiring.entrypoints import render
from nhswiring.entrypoints.options import DatabaseOpt, JsonOpt
from nhswiring.service import partnerships
from nhswiring.service.system import System, check_register_date

OnOpt = Annotated[
    str | None, typer.Option("--as-at", "--on", help="Date YYYY-MM-DD (default today).")
]


def _day(text: str | None) -> date:
    return check_register_date(parse_date(text, "as-at") if text else date.today())


def _label(row: dict[str, Any]) -> str:
    status = "statutory" if row["statutory"] else "non-statutory partnership"
    return f"{escape(row['name'])} ({row['code']}; {row['kind']}, {status})"


def register(app: typer.Typer) -> None:
    @app.command("system-for")
    def system_for(
        area: Annotated[
            str,
            typer.Argument(
                help="A local authority (code or name), CCG, sub-ICB location, ICB or trust."
            ),
        ],
        as_at: OnOpt = None,
        json: JsonOpt = False,
        database: DatabaseOpt = None,
    ) -> None:
        """Who led the local health system for an area on a date: nobody before the STP
        footprints (30 March 2016), the STP/ICS (non-statutory) until 30 June 2022, the ICB
        from 1 July 2022."""
        day = _day(as_at)
        answer = partnerships.system_for(System.connect(database).register(), area, day)
        if json:
            render.emit_json(answer)
            return
        where = f"{escape(answer['area']['name'])} ({answer['area']['code']})"
        if not answer["systems"]:
            render.console.print(f"{where} on {day.isoformat()}: {answer['note']}")
            return
        for row in answer["systems"]:
            via = f" via {', '.join(row['via'])}" if row.get("via") else ""
            render.console.print(f"{where} on {day.isoformat()}: {_label(row)}{via}")
            if row.get("designation"):
                render.console.print(f"  designation then: {row['designation']}")
        render.console.print(answer["note"])

    @app.command("partnerships")
    def partnerships_command(
        code: Annotated[str, typer.Argument(help="Any body's code (or a partnership's).")],
        as_at: OnOpt = None,
        json: JsonOpt = False,
        database: DatabaseOpt = None,
    ) -> None:
        """The non-statutory partnerships a body is a member of on a date (for a partnership:
        its members). Partnerships hold no functions; their members do."""
        day = _day(as_at)
        answer = partnerships.partnerships_of(System.connect(database).register(), code, day)
        if json:
            render.emit_json(answer)
            return
        body = answer["body"]
        rows = answer["partnerships"]
        render.table(
            f"partnerships of {escape(body['name'])} ({body['code']}) on {day.isoformat()}: "
            f"{len(rows)}",
            ["code", "name", "kind", "statutory", "member since"],
            [[r["code"], r["name"], r["kind"], "no", r["member_since"]] for r in rows],
        )
        if "members" in answer:
            render.table(
                f"members of {escape(body['name'])} (a non-statutory partnership)",
                ["code", "name", "kind", "since"],
                [
                    [m["code"], m["name"] or "", m["kind"] or "", m["since"]]
                    for m in answer["members"]
                ],
            )
