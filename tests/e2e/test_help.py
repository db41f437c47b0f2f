"""Every command's help fits an 80-column terminal and names every option in full; --version."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from nhswiring.entrypoints.cli import app


def command_paths(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and subcommand (Typer's own click: groups have ``commands``)."""
    yield path
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from command_paths(sub, (*path, name))


PATHS = list(command_paths(typer.main.get_command(app)))


def help_text(path: tuple[str, ...], columns: int) -> str:
    result = CliRunner().invoke(
        app, [*path, "--help"], env={"COLUMNS": str(columns)}, terminal_width=columns
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_reached() -> None:
    assert {("check",), ("psr", "route"), ("psr", "assess"), ("users", "add")} <= set(PATHS)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "nhswiring")
def test_help_fits_80_columns(path: tuple[str, ...]) -> None:
    text = help_text(path, 80)
    long = [line for line in text.splitlines() if len(line) > 80]
    assert not long, "\n".join(long)
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    for param in command.params:
        for opt in [*param.opts, *param.secondary_opts]:
            if opt.startswith("--"):
                assert opt in text, f"{opt} is cut short in the help of {' '.join(path)}"


def test_the_width_check_can_fail() -> None:
    """At 120 columns the same help is wider than 80: the check above measures something."""
    assert any(len(line) > 80 for line in help_text(("psr", "assess"), 120).splitlines())


def test_version_is_the_installed_distribution() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"nhswiring {metadata.version('nhswiring')}"
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert metadata.version("nhswiring") == pyproject["project"]["version"]
