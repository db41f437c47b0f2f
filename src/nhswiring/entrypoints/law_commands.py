"""`check`, `run`, `compare`, `law` and `explain`: the law as code, from the command line."""

from __future__ import annotations

import json as jsonlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.text import Text

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.limits import finite_numbers
from nhswiring.domain.time import parse_date
from nhswiring.entrypoints import render
from nhswiring.entrypoints.bounds import CODE
from nhswiring.entrypoints.options import JsonOpt
from nhswiring.entrypoints.paths import output_folder
from nhswiring.entrypoints.requests import command_request
from nhswiring.law.actions import parse_args
from nhswiring.law.facts import check_facts
from nhswiring.law.judge import judge
from nhswiring.law.regimes import IN_FORCE, regime, regime_in_force, regimes
from nhswiring.law.verdict import Outcome, Verdict
from nhswiring.ledger.store import LedgerEntry
from nhswiring.service.compare import compare as compare_runs
from nhswiring.service.effects import effects
from nhswiring.service.scenarios import load_scenario, run_scenario, shipped_register
from nhswiring.service.system import System, new_entry

RegimeOpt = Annotated[str, typer.Option("--regime", help="in-force (default) or a regime key.")]


def _json_arg(text: str | None, field: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = jsonlib.loads(text, parse_constant=lambda name: _no_constant(name, field))
    except jsonlib.JSONDecodeError as exc:
        raise InvalidInput(
            field,
            f"is not valid JSON ({exc.msg} at column {exc.colno})",
            'give a JSON object, e.g. \'{"bodies": ["RTD", "RR7"]}\'',
        ) from None
    except RecursionError:
        raise InvalidInput(field, "is nested too deeply", "give a flat JSON object") from None
    if not isinstance(value, dict):
        raise InvalidInput(field, "is not a JSON object", "give a JSON object {...}")
    return finite_numbers(value, field)  # type: ignore[no-any-return]


def _no_constant(name: str, field: str) -> Any:
    """JSON has no NaN or Infinity (Python's parser accepts them unless told otherwise)."""
    raise InvalidInput(field, f"{name} is not a number", "give finite numbers only")


def verdict_lines(v: Verdict) -> list[str]:
    colour = {"lawful": "green", "unlawful": "red", "undetermined": "yellow"}[v.outcome.value]
    lines = [
        f"[bold {colour}]{v.outcome.value.upper()}[/] ({v.regime}, {v.day.isoformat()}): "
        f"{escape(v.actor)} {escape(v.action)}"
    ]
    for r in v.reasons:
        mark = " (overridden by " + str(r.overridden_by) + ")" if r.overridden else ""
        lines.append(
            f"  {r.effect.value:8} {r.rule}{mark}\n           {r.text}\n"
            f"           [dim]{r.citation}[/]"
        )
    for o in v.obligations:
        due = f" by {o.due.isoformat()}" if o.due else ""
        on = f" [{o.on}]" if o.on else ""
        lines.append(f"  must{on}{due}: {o.text} [dim]({o.citation})[/]")
    for m in v.missing_facts:
        lines.append(f"  [yellow]missing fact[/] {m.name}: {m.question}")
    for name in v.unread_facts:
        lines.append(
            f"  [yellow]unread fact[/] {name}: no rule looked at it in reaching this verdict, so "
            "it changed nothing"
        )
    return lines


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        date_: Annotated[str, typer.Option("--date", help="The action's date, YYYY-MM-DD.")],
        actor: Annotated[
            str, typer.Option("--actor", help="The body that decides or applies.", callback=CODE)
        ],
        action: Annotated[
            str, typer.Option("--action", help="merge, appoint, direct, ...", callback=CODE)
        ],
        args: Annotated[str, typer.Option("--args", help="The action's arguments as JSON.")],
        facts: Annotated[
            str | None,
            typer.Option(
                "--facts",
                help='Facts as a JSON object, e.g. \'{"nhse_significant_failure": '
                "true}'. Every fact, its type and the actions that read it: docs/law.md "
                "(Facts). A verdict names any fact it still needs; a fact no rule of the "
                "action reads is reported as unread.",
            ),
        ] = None,
        regime_key: RegimeOpt = IN_FORCE,
        record: Annotated[
            bool,
            typer.Option(
                "--record", help="If lawful, record the decision in the ledger with its verdict."
            ),
        ] = False,
        json: JsonOpt = False,
        database: Annotated[str | None, typer.Option("--database", help="Database URL.")] = None,
    ) -> None:
        """Judge one action on a date: outcome, reasons with citations, obligations.

        The state is the database's register when one has been created (so recorded
        decisions and ODS imports count), otherwise the shipped register.
        """
        day = parse_date(date_, "date")
        system = System.connect(database)
        if record and system.is_loaded() and (done := system.recorded(command_request())):
            # Recognised before it is judged again: judged on the state it changed, the same
            # decision could now be refused (a body it merged no longer exists, say).
            seqs = ", ".join(str(n) for n in done.seqs)
            if json:
                render.emit_json(
                    (done.entries[0].verdict or {}) | {"recorded": done.seqs, "replayed": True}
                )
            else:
                render.console.print(
                    f"already recorded by an earlier run of this command as ledger entries {seqs}"
                    "; nothing new written"
                )
            return
        state = system.register() if (record or system.is_loaded()) else shipped_register()
        parsed_args = _json_arg(args, "args")
        fact_values = _json_arg(facts, "facts")
        check_facts(fact_values, [action.strip()])  # names and types; unread is per verdict
        verdict = judge(
            day=day,
            actor=actor.strip(),
            action=action.strip(),
            args=parsed_args,
            facts=fact_values,
            state=state,
            regime_key=regime_key,
        )
        recorded: Sequence[LedgerEntry] = []
        replayed = False
        refused = record and verdict.outcome is not Outcome.LAWFUL
        if record and not refused:
            events = effects(
                day,
                actor.strip(),
                action.strip(),
                parse_args(action.strip(), parsed_args),
                verdict,
                state,
            )
            written = system.record(
                [
                    new_entry(
                        day, actor.strip(), e, verdict=verdict.to_json(), regime=verdict.regime
                    )
                    for e in events
                ],
                request=command_request(),
            )
            recorded, replayed = written.entries, written.replayed
        if json:
            render.emit_json(
                verdict.to_json()
                | ({"recorded": [e.seq for e in recorded], "replayed": replayed} if record else {})
            )
        else:
            for line in verdict_lines(verdict):
                render.console.print(line, highlight=False)
            if recorded:
                render.console.print(
                    ("already recorded by an earlier run of this command, " if replayed else "")
                    + f"recorded as ledger entries {', '.join(str(e.seq) for e in recorded)}"
                )
        if refused:
            raise InvalidInput(
                "--record",
                f"the verdict is {verdict.outcome.value}, so nothing was recorded",
                "record only lawful decisions",
            )

    @app.command()
    def run(
        file: Path,
        regime_key: Annotated[
            str | None, typer.Option("--regime", help="Hold one regime fixed.")
        ] = None,
        json: JsonOpt = False,
    ) -> None:
        """Run a scenario file; exit 1 if any `expect` fails."""
        result = run_scenario(load_scenario(file), regime_key)
        if json:
            render.emit_json(result.to_json())
        else:
            render.console.print(f"[bold]{escape(result.scenario.name)}[/] under {result.regime}")
            for s in result.steps:
                met = {True: "[green]as expected[/]", False: "[red]NOT AS EXPECTED[/]", None: ""}[
                    s.met
                ]
                render.console.print(f"\nstep {s.index} {met}")
                for line in verdict_lines(s.verdict):
                    render.console.print(line, highlight=False)
        if result.failures:
            raise typer.Exit(1)

    @app.command()
    def compare(file: Path, regime_a: str, regime_b: str, json: JsonOpt = False) -> None:
        """The same scenario under two regimes, differences highlighted."""
        comparison = compare_runs(load_scenario(file), regime_a, regime_b)
        if json:
            render.emit_json(comparison.to_json())
            return
        rows = []
        for s in comparison.steps:
            only_a, only_b = s.deciding_rules()
            flag = Text("DIFFERS", style="bold yellow") if s.differs else ""
            rows.append(
                [
                    s.index,
                    s.a.day.isoformat(),
                    f"{s.a.actor} {s.a.action}",
                    s.a.outcome.value,
                    s.b.outcome.value,
                    flag,
                    "\n".join(only_a),
                    "\n".join(only_b),
                ]
            )
        render.table(
            f"{comparison.scenario.name}: {regime_a} vs {regime_b}",
            [
                "#",
                "date",
                "action",
                regime_a,
                regime_b,
                "",
                f"rules only {regime_a}",
                f"rules only {regime_b}",
            ],
            rows,
        )
        needs = [(s.index, *s.requirements()) for s in comparison.steps]
        if any(a or b for _, a, b in needs):
            render.table(
                "What each regime requires that the other does not",
                ["#", f"only {regime_a}", f"only {regime_b}"],
                [[i, "\n".join(a), "\n".join(b)] for i, a, b in needs if a or b],
            )

    @app.command()
    def law(
        regime_key: Annotated[str | None, typer.Option("--regime")] = None,
        date_: Annotated[str | None, typer.Option("--date", help="Rules in force then.")] = None,
        json: JsonOpt = False,
    ) -> None:
        """List the rules of a regime (in force on a date), with their citations."""
        day = parse_date(date_, "date") if date_ else date.today()
        chosen = regime_in_force(day) if regime_key in (None, IN_FORCE) else regime(regime_key)
        law_day = chosen.law_day(day)
        rules = [r for r in chosen.rules if r.in_force.contains(law_day)]
        rows = [
            {
                "rule": r.id,
                "effect": r.effect.value,
                "actions": sorted(r.actions),
                "citation": r.citation,
                "in_force": r.in_force.to_json(),
                "overrides": list(r.overrides),
            }
            for r in rules
        ]
        if json:
            render.emit_json({"regime": chosen.key, "date": day.isoformat(), "rules": rows})
            return
        render.table(
            f"{chosen.key}: {len(rows)} rules in force on {law_day.isoformat()}",
            ["rule", "effect", "actions", "citation"],
            [[r["rule"], r["effect"], ", ".join(r["actions"]), r["citation"]] for r in rows],
        )

    @app.command()
    def docs(
        write: Annotated[
            bool, typer.Option("--write", help="Write docs/law.md and docs/reforms.md.")
        ] = False,
        root: Annotated[Path, typer.Option("--root", help="Project root.")] = Path("."),
    ) -> None:
        """Generate docs/law.md (from the rules) and docs/reforms.md (from the scenarios)."""
        from nhswiring.service.docs import law_markdown, write_docs

        if write:
            for path in write_docs(output_folder(root, "--root")):
                render.console.print(f"wrote {path}")
        else:
            render.console.print(law_markdown(), markup=False, highlight=False)

    @app.command()
    def explain(rule_id: str, json: JsonOpt = False) -> None:
        """One rule: what it says (in our words), its citation, dates and precedence."""
        for reg in regimes().values():
            for r in reg.rules:
                if r.id == rule_id:
                    data = {
                        "rule": r.id,
                        "summary": r.summary,
                        "citation": r.citation,
                        "effect": r.effect.value,
                        "actions": sorted(r.actions),
                        "in_force": r.in_force.to_json(),
                        "overrides": list(r.overrides),
                        "regimes": sorted(
                            k for k, g in regimes().items() if any(x.id == r.id for x in g.rules)
                        ),
                    }
                    if json:
                        render.emit_json(data)
                    else:
                        render.console.print(
                            f"[bold]{r.id}[/] ({r.effect.value})\n{r.summary}"
                            f"\n[dim]{r.citation}[/]\nin force "
                            f"{render.in_force(r.in_force)}; regimes: "
                            f"{', '.join(data['regimes'])}",
                            highlight=False,
                        )
                    return
        raise InvalidInput(
            "RULE",
            f"{rule_id!r} is not a rule",
            "run `nhswiring law --regime REGIME` to list rule ids",
        )
