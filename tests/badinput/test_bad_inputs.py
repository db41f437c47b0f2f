"""Bad input, table-driven: every row ends in exit 2 and one line on stderr naming the
problem, never a traceback and never the last-resort "internal error", with the ledger, the
accounts and the files as they were."""

from __future__ import annotations

import pytest
import typer

from nhswiring.entrypoints.cli import app
from tests.badinput import table
from tests.badinput.conftest import SCENARIO, Prepared, assert_refused, invoke


def _commands() -> tuple[list[tuple[str, ...]], set[tuple[str, ...]]]:
    """Every command's path, and those with a required parameter (from the app itself, so
    a new command joins the table without being listed here)."""
    paths: list[tuple[str, ...]] = []
    required: set[tuple[str, ...]] = set()

    def walk(
        command: typer.core.TyperCommand | typer.core.TyperGroup, path: tuple[str, ...]
    ) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in sorted(subcommands.items()):
                walk(sub, (*path, name))
            return
        paths.append(path)
        if any(p.required for p in command.params):
            required.add(path)

    walk(typer.main.get_command(app), ())  # type: ignore[arg-type]
    return paths, required


ROWS = [
    *table.dates(),
    *table.early_dates(),
    *table.databases(),
    *table.money(),
    *table.check_args(),
    *table.long_text(),
    *table.outputs(),
    *table.files(),
    *table.ods(),
    *table.usage(*_commands()),
    *table.values(),
]


def test_the_table_is_large_and_its_ids_unique() -> None:
    assert len(ROWS) >= 500
    assert len({r.id for r in ROWS}) == len(ROWS)


def _argv(row: table.Row, prepared: Prepared) -> list[str]:
    ro = f"sqlite:///file:{prepared.db}?mode=ro&uri=true"
    return [
        a.replace("{db}", prepared.url)
        .replace("{ro}", ro)
        .replace("{files}", str(prepared.files))
        .replace("{scenario}", str(SCENARIO))
        for a in row.argv
    ]


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("row", ROWS, ids=[r.id[:80] for r in ROWS])
def test_bad_input_is_one_line(row: table.Row, prepared: Prepared) -> None:
    outcome = invoke(_argv(row, prepared))
    assert_refused(outcome, row.code)
    assert "s3cr3t-pw" not in outcome.err  # a database password is never printed
