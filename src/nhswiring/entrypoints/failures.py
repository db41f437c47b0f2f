"""Every failure the command line can meet, as one line and an exit code: the one place that
decides what a user reads when something goes wrong.

Exit codes (documented in the README):

* 0: done; a check found nothing wrong.
* 1: a check ran and found failures (``verify``, ``run``, ``psr run``, ``psr monitoring``),
  or the product refused for a reason that is not the input (a corrupt ledger).
* 2: bad input: a value, a file, a database URL, or a database that cannot be used as it is.
  Nothing was written.
* 70: an internal error (a bug): one line asking for a report; NHSWIRING_DEBUG=1 shows the
  traceback.

Database errors arrive from three layers (SQLAlchemy, the driver, the operating system) with
multi-line messages full of internals; :func:`database_failure` reads them once, here, and
names the database (never its password) and what to do.

SQLAlchemy is imported only when an error is classified, and only if it was loaded already:
an exception cannot be one of its classes otherwise, and a read that never touched it
(``nhswiring show`` on a SQLite file) must not pay a sixth of a second to import it.
"""

from __future__ import annotations

import errno
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from typer._click.exceptions import ClickException, UsageError

from nhswiring.domain.errors import InvalidInput, LedgerBusy, LedgerConflict, NhswiringError
from nhswiring.ledger.database import URL_VARIABLE, database_url

if TYPE_CHECKING:
    from sqlalchemy.exc import SQLAlchemyError

OK, FAILURES_FOUND, BAD_INPUT, INTERNAL = 0, 1, 2, 70
DEBUG_VARIABLE = "NHSWIRING_DEBUG"


@dataclass(frozen=True, slots=True)
class Failure:
    code: int
    message: str


def safe_url(url: str | None) -> str:
    """The database URL as it may be printed: the password masked."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    text = database_url(url)
    try:
        parsed = make_url(text)
        return text if parsed.password is None else parsed.render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return text.split("@")[-1] if "@" in text else text


def classify(exc: BaseException, database: str | None = None) -> Failure | None:
    """The line and exit code for ``exc``, or None for an unexpected exception (a bug)."""
    if isinstance(exc, ClickException):
        return Failure(BAD_INPUT, _usage(exc))
    if isinstance(exc, InvalidInput | LedgerConflict):
        return Failure(BAD_INPUT, str(exc))
    if isinstance(exc, LedgerBusy):
        return Failure(
            BAD_INPUT, f"{exc}; the database {safe_url(database)} is busy: run the command again"
        )
    if isinstance(exc, NhswiringError):
        return Failure(FAILURES_FOUND, str(exc))
    if "sqlalchemy" in sys.modules:  # else no exception can be one of its
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            return Failure(BAD_INPUT, database_failure(exc, database))
    if isinstance(exc, UnicodeError):
        return Failure(BAD_INPUT, f"a file is not UTF-8 text ({exc}); save it as UTF-8")
    if isinstance(exc, OSError):
        return Failure(BAD_INPUT, _os_failure(exc))
    return None


def _usage(exc: ClickException) -> str:
    message = " ".join(exc.format_message().split()).rstrip(".")
    if isinstance(exc, UsageError) and exc.ctx is not None:
        return f"{message}; see `{exc.ctx.command_path} --help`"
    return message


def _os_failure(exc: OSError) -> str:
    where = f" {exc.filename}" if exc.filename else ""
    reason = exc.strerror or type(exc).__name__
    fixes = {
        errno.ENOENT: "check the path (an output folder must exist already)",
        errno.EACCES: "check the file's permissions",
        errno.EISDIR: "give a file, not a folder",
        errno.ENOTDIR: "check the path",
        errno.EROFS: "write somewhere writable",
        errno.ENOSPC: "free some space",
        errno.EADDRINUSE: "choose another --port",
    }
    return f"cannot use{where}: {reason}; {fixes.get(exc.errno or 0, 'check the path')}"


def database_failure(exc: SQLAlchemyError, database: str | None = None) -> str:
    """One line for a database that cannot be used: what is wrong and what to do."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    where = safe_url(database)
    if isinstance(exc, NoSuchModuleError | ArgumentError):
        return (
            f"database URL {where!r} is not usable ({_first_line(exc)}); "
            "use sqlite:///path/to/file.db or postgresql+psycopg://user@host:5432/dbname"
        )
    cause: BaseException = exc.orig if isinstance(exc, DBAPIError) and exc.orig else exc
    text = str(cause).lower()
    for needles, problem, fix in _DATABASE_PROBLEMS:
        if any(n in text for n in needles):
            return f"database {where}: {problem}; {fix}"
    return (
        f"database {where} could not be used ({_first_line(cause)}); "
        f"check --database or ${URL_VARIABLE}"
    )


#: (words in the driver's message, the problem, the fix), most specific first.
_DATABASE_PROBLEMS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("file is not a database", "database disk image is malformed", "not a database"),
        "the file is not a SQLite database",
        "point --database at an nhswiring database, or a new file name to create one",
    ),
    (
        ("readonly", "read-only", "read only"),
        "the database is read-only",
        "make the file and its folder writable, or use a copy",
    ),
    (
        ("unable to open database file",),
        "the file cannot be opened or created",
        "check that its folder exists and is writable",
    ),
    (
        (
            "connection refused",
            "could not translate host",
            "name or service not known",
            "timeout expired",
            "no route to host",
            "could not connect",
        ),
        "the server did not answer",
        "check the host and port, and that PostgreSQL is running",
    ),
    (
        ("password authentication failed", 'role "', "no password supplied"),
        "the server refused the credentials",
        "check the user name and password in the URL",
    ),
    (
        ("does not exist",),
        "no such database on the server",
        "create it (createdb) or correct the name in the URL",
    ),
    (
        ("locked", "busy"),
        "the database is busy (locked by another writer)",
        "run the command again",
    ),
    (
        ("permission denied",),
        "permission denied",
        "ask the database's owner for access, or use another database",
    ),
)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__
