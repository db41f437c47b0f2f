"""The ``nhswiring`` command line: its entry point, kept light.

A read of one body (``nhswiring show CODE``) should answer in a fraction of a second, start-up
included, and most of that would otherwise go on importing what other commands need: the law
engine, the web app, the PSR services, Alembic. So the entry point looks at the command
first: the register reads (``read_commands.py``) run on their own, and anything else loads
the whole command tree (``commands.py``, where every command is declared). ``app`` is that
tree, imported on first use.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer
from typer._click.exceptions import NoArgsIsHelpError

from nhswiring.entrypoints import failures, render
from nhswiring.ledger.database import tidy_sqlite

if TYPE_CHECKING:
    from nhswiring.entrypoints.commands import app as app


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` and return its exit code (see ``failures`` for the codes).

    Every failure becomes one line on stderr, never a traceback: the expected ones by
    :func:`failures.classify`, the unexpected (a bug) as "internal error" with exit 70 and a
    request to report it (``NHSWIRING_DEBUG=1`` re-raises it, traceback and all).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        # When the command ends, SQLite's write-ahead log is folded back into the file.
        with tidy_sqlite():
            command = _read_commands() if _is_register_read(args) else _command()
            result = command.main(args=args, prog_name="nhswiring", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        if exc.ctx is not None:
            help_text = exc.ctx.get_help()  # Typer's rich help prints itself, returning ""
            if help_text:
                sys.stdout.write(help_text + "\n")
        return failures.BAD_INPUT
    except typer.Abort:
        render.error_line("aborted")
        return 130
    except Exception as exc:
        failure = failures.classify(exc, _database_argument(args))
        if failure is None:
            if os.environ.get(failures.DEBUG_VARIABLE) == "1":
                raise
            render.error_line(
                f"internal error: {type(exc).__name__}: {exc}; "
                "please report it with the command you ran"
            )
            return failures.INTERNAL
        render.error_line(failure.message)
        return failure.code
    return result if isinstance(result, int) else failures.OK


def _is_register_read(args: Sequence[str]) -> bool:
    """Whether the command is one of the light register reads (the command name comes
    first: the only options before it, ``--version`` and ``--help``, need the whole tree)."""
    from nhswiring.entrypoints.read_commands import NAMES

    return bool(args) and args[0] in NAMES


@functools.cache
def _command() -> typer.core.TyperGroup:
    """The command tree, built once per process (Typer takes a fifth of a second to build
    it, which a test suite running the CLI hundreds of times in-process would pay each
    time)."""
    from nhswiring.entrypoints.commands import app

    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    return command


@functools.cache
def _read_commands() -> typer.core.TyperGroup:
    """The register reads alone, as the same commands under the same name."""
    from nhswiring.entrypoints import read_commands

    reads = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    read_commands.register(reads)
    command = typer.main.get_command(reads)
    assert isinstance(command, typer.core.TyperGroup)
    for each in (command, *command.commands.values()):
        _values_as_given(each)
    return command


def _values_as_given(command: Any) -> None:
    """Take the command's text and flags as the command line gives them.

    Typer converts every value through a Pydantic adapter, built on first use; for a string
    or a flag the adapter returns the value it was given, but importing Pydantic to build it
    costs a read a tenth of a second. Typer's own pass-through conversion (which checks the
    value's type and returns it) does the same without Pydantic, so it is set for ``str``
    parameters and boolean flags, the help option included; other types keep Typer's
    conversion. Best effort: should Typer's internals change shape, nothing is set and the
    read is merely slower (``tests/e2e/test_quick_read.py`` notices)."""
    try:
        from typer._coercion import PassThroughRuntimeParam

        context = command.context_class(command, **command.context_settings)
        params = [*command.params, command.get_help_option(context)]
        for param in params:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is None or getattr(param, "_runtime_param", False) is not None:
                continue
            kind = descriptor.annotation
            if kind is str or (kind is bool and param.is_flag):
                param._runtime_param = PassThroughRuntimeParam(
                    parameter_info=descriptor.parameter_info, annotation=kind
                )
    except Exception:  # pragma: no cover - another Typer: its own conversion stays
        return


def _database_argument(args: Sequence[str]) -> str | None:
    """The --database the command was given (to name it in an error), if any."""
    for i, arg in enumerate(args):
        if arg == "--database" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--database="):
            return arg.partition("=")[2]
    return None


def __getattr__(name: str) -> Any:
    """``app``, the whole command tree, loaded when first asked for (tests and tools)."""
    if name == "app":
        from nhswiring.entrypoints.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """The ``nhswiring`` console script."""
    sys.exit(run())


if __name__ == "__main__":
    main()
