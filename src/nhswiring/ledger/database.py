"""Engines and migrations. SQLite is the embedded default; PostgreSQL is chosen by URL.

SQLAlchemy is imported where an engine is made, not here: the command line imports this
module for every command (``tidy_sqlite``, the URL), and a read that never makes an engine
(``nhswiring show`` on a SQLite file, ``service/quick_read.py``) must not pay for it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nhswiring.domain.errors import InvalidInput

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

# Alembic is imported where a migration runs, not here: it takes longer to import than a
# command-line read of one body takes to answer, and reads never migrate.

DEFAULT_URL = "sqlite:///nhswiring.db"
URL_VARIABLE = "NHSWIRING_DATABASE_URL"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get(URL_VARIABLE) or DEFAULT_URL


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    from sqlalchemy import create_engine, event

    url = database_url(url)
    if not url.startswith(("sqlite", "postgresql")):
        raise InvalidInput(
            URL_VARIABLE,
            f"{url.split(':', 1)[0]!r} is not a supported database",
            "use sqlite:///path/to/file.db or postgresql+psycopg://user@host:5432/dbname",
        )
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        if _TIDY:
            _TIDY[-1].append(engine)
    return engine


def sqlite_file(engine: Engine) -> Path | None:
    """The file a SQLite engine opens (None for PostgreSQL and in-memory databases)."""
    name = engine.url.database
    if engine.dialect.name != "sqlite" or not name or name == ":memory:":
        return None
    return Path(name)


def missing_sqlite_file(engine: Engine) -> Path | None:
    """The SQLite file this engine would open, if it does not exist (connecting would
    create it, empty)."""
    path = sqlite_file(engine)
    return path if path is not None and not path.exists() else None


#: The SQLite engines made inside each ``tidy_sqlite`` block, innermost last.
_TIDY: list[list[Engine]] = []


@contextmanager
def tidy_sqlite() -> Iterator[None]:
    """Fold the write-ahead log back into each SQLite file made inside the block when it
    ends, so that the ``.db`` file alone is the whole database (``cp nhswiring.db`` after a
    command copies everything), and close the engines' connections. Never creates a file:
    an engine whose file does not exist is only disposed."""
    engines: list[Engine] = []
    _TIDY.append(engines)
    try:
        yield
    finally:
        _TIDY.remove(engines)
        for engine in engines:
            checkpoint_wal(engine)


def checkpoint_wal(engine: Engine) -> None:
    """``PRAGMA wal_checkpoint(TRUNCATE)``, then dispose. Best effort, without waiting: if
    another process is reading or writing, SQLite checkpoints what it can and the rest waits
    for the next checkpoint, which is not worth failing (or delaying) a command that has
    already done its work."""
    from sqlalchemy.exc import DBAPIError

    path = sqlite_file(engine)
    if path is not None and path.exists():
        # The driver's own connection, outside any transaction: a checkpoint cannot truncate
        # a log that its own connection's snapshot still reads.
        with suppress(DBAPIError, sqlite3.Error):
            raw = engine.raw_connection()
            try:
                cursor = raw.cursor()
                # Never wait for other processes' readers: a read command must not be held up
                # by a busy server. Busy, the checkpoint does what it can and reports it.
                cursor.execute("PRAGMA busy_timeout=0")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
    engine.dispose()


#: The execution option a unit of work sets when it will write (see ``_sqlite_begin``).
WRITE_OPTION = "nhswiring_write"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 module would otherwise open transactions itself, only at the first
    # write: reads before it would run outside the transaction, and a writer that read first
    # could find the database changed under it. SQLAlchemy's documented recipe hands
    # transaction control back to us (``_sqlite_begin``).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """Begin each transaction ourselves: a writer's IMMEDIATE, so that it takes SQLite's one
    write lock before it reads anything (waiting for the busy timeout if another writer has
    it) and every read it makes is of the state it will write on; a reader's deferred, a
    consistent snapshot that never blocks writers (WAL)."""
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def alembic_config(engine: Engine) -> Config:
    from importlib.resources import files

    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("nhswiring.ledger") / "migrations"))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser syntax
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration (creating it on an empty database)."""
    from alembic import command

    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def has_ledger(engine: Engine) -> bool:
    """Whether the ledger's table exists. A SQLite file that does not exist has none, and
    asking must not create it (connecting would): a read command given a mistyped path
    says so and leaves nothing behind."""
    from sqlalchemy import inspect

    if engine.dialect.name == "sqlite" and not _sqlite_file_exists(engine):
        return False
    return inspect(engine).has_table("ledger_entry")


def _sqlite_file_exists(engine: Engine) -> bool:
    name = engine.url.database or ""
    if name in ("", ":memory:") or name.startswith("file:") or "mode=memory" in name:
        return True  # in memory, or a URI the driver resolves: connect and see
    return os.path.exists(name)
