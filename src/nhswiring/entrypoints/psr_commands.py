"""`nhswiring psr ...`: run a provider selection case from opening to annual summary."""

from __future__ import annotations

import typer

from nhswiring.entrypoints import psr_outputs, psr_review, psr_steps
from nhswiring.entrypoints.psr_app import psr

# Importing the command modules attaches their commands to the `psr` group.
COMMAND_MODULES = (psr_steps, psr_review, psr_outputs)


def register(app: typer.Typer) -> None:
    app.add_typer(psr, name="psr")
