"""The options every command group shares, declared once: where the ledger is, and whether
the answer is for a person or a program."""

from __future__ import annotations

from typing import Annotated

import typer

DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Database URL (default $NHSWIRING_DATABASE_URL or sqlite:///nhswiring.db).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
