"""A SQLite file's ledger read through the standard library's ``sqlite3`` alone.

The command line's read of one body (``nhswiring show CODE``) should answer in a fraction of
a second, start-up included, and importing SQLAlchemy alone costs a sixth of a second. So,
for a plain SQLite file, it reads what a fold reads (``fold_rows.FoldSource``, the same SQL)
through ``sqlite3``, in one read transaction, and writes nothing: the connection is opened
``query_only``, refusing any change. (Not ``mode=ro``: a read-only connection cannot tidy up
the write-ahead log's files when it closes, and would leave ``.db-wal`` and ``.db-shm``
beside the database; ``mode=rw`` still never creates a missing file.)

Anything else (PostgreSQL, an in-memory database, a URL with options or escapes) is left to
SQLAlchemy, which understands every URL it accepts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

from nhswiring.ledger.audience import Audience
from nhswiring.ledger.fold_rows import (
    HEAD_SQL,
    FoldRow,
    NoSnapshotTable,
    SnapshotRow,
    decode_rows,
    fold_query,
    hash_at_sql,
    head_of,
    snapshot_sql,
)

_PREFIX = "sqlite:///"


def sqlite_path(url: str) -> Path | None:
    """The file a plain SQLite URL (``sqlite:///path``) names, as SQLAlchemy reads it; None
    for any other URL (these characters would make SQLAlchemy read the URL differently:
    ``?`` starts options, ``%`` an escape)."""
    if not url.startswith(_PREFIX):
        return None
    name = url[len(_PREFIX) :]
    if not name or name == ":memory:" or name.startswith("file:") or any(c in name for c in "?%"):
        return None
    return Path(name)


class SqliteSource:
    """A :class:`~nhswiring.ledger.fold_rows.FoldSource` on a ``sqlite3`` connection."""

    def __init__(self, connection: sqlite3.Connection, batch: int = 20_000) -> None:
        self.connection = connection
        self.batch = batch

    def head(self) -> tuple[int, str]:
        return head_of(self.connection.execute(HEAD_SQL).fetchone())

    def snapshot(self, scope: str, audience: Audience) -> SnapshotRow | None:
        try:
            row = self.connection.execute(snapshot_sql("?"), (scope, audience.key)).fetchone()
        except sqlite3.OperationalError as exc:
            raise NoSnapshotTable from exc
        return None if row is None else SnapshotRow(int(row[0]), row[1], row[2], bytes(row[3]))

    def hash_at(self, seq: int) -> str | None:
        row = self.connection.execute(hash_at_sql("?"), (seq,)).fetchone()
        return None if row is None else str(row[0])

    def rows(
        self, *, subject: str | None, audience: Audience, after: int | None = None
    ) -> Iterator[FoldRow]:
        sql, params = fold_query(True, subject=subject, audience=audience, after=after)
        cursor = self.connection.cursor()
        cursor.arraysize = self.batch
        return decode_rows(cursor.execute(sql, params))


@contextmanager
def reading(path: Path) -> Iterator[SqliteSource]:
    """A source on the SQLite file at ``path``, in one read transaction (a consistent view,
    which in WAL mode never blocks a writer); raises ``sqlite3.Error`` if it cannot be
    opened. The file must exist (it is never created)."""
    uri = f"file:{quote(str(path.absolute()))}?mode=rw"
    with closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as connection:
        connection.execute("PRAGMA query_only = ON")
        connection.execute("BEGIN")
        try:
            yield SqliteSource(connection)
        finally:
            connection.execute("ROLLBACK")
