"""A command's request: what it asked for, named so that it is recorded once.

A command that writes may be run twice: by a script retrying after a crash, by a person who
did not see the first answer. Its arguments name the request (``--database``, ``--json`` and
output options aside, which change where and how, not what), and the ledger keeps the name
with the transaction it wrote, so the second run is recognised rather than recorded again.
"""

from __future__ import annotations

from typer._click import Context as ClickContext  # Typer's own Click, which runs commands
from typer._click.globals import get_current_context

from nhswiring.ledger.hashing import request_digest
from nhswiring.ledger.store import RequestKey

#: Options that do not change what a command asks for: where it runs and how it answers.
_NOT_THE_REQUEST = frozenset({"database", "json", "out", "output", "format"})


def command_request(ctx: ClickContext | None = None) -> RequestKey:
    """The request a command makes, named by its arguments: run again after a crash (or
    twice by mistake), the same command is recognised as already recorded instead of
    recording its step again."""
    ctx = ctx or get_current_context()
    asked = {
        "command": ctx.command_path.split(" ", 1)[-1],
        "params": {
            k: v if isinstance(v, bool | int | None) else str(v)
            for k, v in sorted(ctx.params.items())
            if k not in _NOT_THE_REQUEST
        },
    }
    digest = request_digest(asked)
    return RequestKey(f"cli:{digest}", digest)
