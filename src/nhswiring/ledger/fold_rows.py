"""The ledger read as a fold needs it, and nothing more.

Replaying the register needs four columns of each entry (sequence number, effective date,
type, payload), not fifteen: the hashes, the recorded time and the verdict are for checking
and showing, not for folding. Reading only those, through the driver's own cursor, and
parsing each distinct date once (a million entries fall on a few thousand days) roughly
halves the cost of reading the ledger for a replay.

A fold that starts from a snapshot reads three things more: the ledger's head, the snapshot
row, and the hash of the entry the snapshot was folded to. What a fold reads is a
:class:`FoldSource`, declared here with the SQL of each read, so that the two ways of
reading agree by construction: a SQLAlchemy connection (:class:`ConnectionSource`, every
database, inside a unit of work) and a bare ``sqlite3`` connection
(``ledger/sqlite_source.py``, the command line's quick read of a SQLite file, which never
imports SQLAlchemy).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from nhswiring.ledger.audience import PUBLIC, Audience
from nhswiring.ledger.filters import entry_filters
from nhswiring.ledger.hashing import GENESIS_HASH

if TYPE_CHECKING:
    from sqlalchemy import Connection


class FoldRow(NamedTuple):
    seq: int
    effective_date: date
    action_type: str
    payload: dict[str, Any]


class SnapshotRow(NamedTuple):
    """A stored snapshot as read (``ledger/schema.py``'s ``register_snapshot``), unchecked."""

    seq: int
    head_hash: str
    fingerprint: str
    data: bytes


class NoSnapshotTable(Exception):
    """The database has no snapshot table (not migrated since snapshots came in)."""


class FoldSource(Protocol):
    """What a fold reads, through one connection and one transaction."""

    def head(self) -> tuple[int, str]:
        """The newest entry's sequence number and hash (0 and the genesis hash if none)."""

    def snapshot(self, scope: str, audience: Audience) -> SnapshotRow | None:
        """The stored snapshot of ``scope`` for ``audience``; raises :class:`NoSnapshotTable`."""

    def hash_at(self, seq: int) -> str | None:
        """The hash of entry ``seq`` (None if there is none)."""

    def rows(
        self, *, subject: str | None, audience: Audience, after: int | None = None
    ) -> Iterator[FoldRow]:
        """The entries a fold reads (``fold_query``), decoded."""


#: The newest entry: the ledger position a fold reflects.
HEAD_SQL = "SELECT seq, hash FROM ledger_entry ORDER BY seq DESC LIMIT 1"


def head_of(row: Any) -> tuple[int, str]:
    return (0, GENESIS_HASH) if row is None else (int(row[0]), str(row[1]))


def snapshot_sql(mark: str) -> str:
    return (
        "SELECT seq, head_hash, fingerprint, data FROM register_snapshot "
        f"WHERE scope = {mark} AND audience = {mark}"
    )


def hash_at_sql(mark: str) -> str:
    return f"SELECT hash FROM ledger_entry WHERE seq = {mark}"


def fold_query(
    sqlite: bool,
    *,
    subject: str | None = None,
    known_at: datetime | None = None,
    audience: Audience = PUBLIC,
    after: int | None = None,
) -> tuple[str, tuple[Any, ...]]:
    """The SQL (in the driver's parameter style) and parameters of a fold's read: entries as
    ``audience`` may see them, in effective-date order (then sequence number), the order a
    register folds them in; ``after`` keeps only those past a sequence number (the tail
    after a snapshot)."""
    filters = entry_filters(
        sqlite, subject=subject, known_at=known_at, audience=audience, after=after
    )
    sql = (
        "SELECT seq, effective_date, action_type, payload FROM ledger_entry"
        f"{filters.where} ORDER BY effective_date, seq"
    )
    return sql, filters.params


def decode_rows(rows: Iterable[Any]) -> Iterator[FoldRow]:
    """The driver's rows of :func:`fold_query` as :class:`FoldRow` (dates parsed once each,
    payloads decoded)."""
    days: dict[Any, date] = {}
    decode = _DECODER.raw_decode
    for seq, effective, action_type, text in rows:
        day = days.get(effective)
        if day is None:
            day = days[effective] = (
                date.fromisoformat(effective) if isinstance(effective, str) else effective
            )
        payload, end = decode(text)  # canonical JSON: no whitespace around the object
        if end != len(text):
            payload = json.loads(text)
        yield FoldRow(seq, day, action_type, payload)


def fold_rows(
    connection: Connection,
    *,
    subject: str | None = None,
    known_at: datetime | None = None,
    audience: Audience = PUBLIC,
    after: int | None = None,
    batch: int = 20_000,
) -> Iterator[FoldRow]:
    """The rows of :func:`fold_query` through a SQLAlchemy connection."""
    sqlite = connection.dialect.name == "sqlite"
    sql, params = fold_query(
        sqlite, subject=subject, known_at=known_at, audience=audience, after=after
    )
    rows: Iterator[Any]
    if sqlite:
        # sqlite3's cursor yields plain tuples at C speed; SQLAlchemy's result rows would
        # cost more than the fold itself. Same connection, same transaction.
        driver = connection.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        cursor.arraysize = batch
        rows = cursor.execute(sql, params)
    else:
        rows = iter(connection.execution_options(yield_per=batch).exec_driver_sql(sql, params))
    return decode_rows(rows)


class ConnectionSource:
    """A :class:`FoldSource` on a SQLAlchemy connection (in the caller's transaction)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.mark = "?" if connection.dialect.name == "sqlite" else "%s"

    def head(self) -> tuple[int, str]:
        return head_of(self.connection.exec_driver_sql(HEAD_SQL).first())

    def snapshot(self, scope: str, audience: Audience) -> SnapshotRow | None:
        from sqlalchemy.exc import DBAPIError

        try:
            # A savepoint: on PostgreSQL a failed statement would end the transaction.
            with self.connection.begin_nested():
                row = self.connection.exec_driver_sql(
                    snapshot_sql(self.mark), (scope, audience.key)
                ).first()
        except DBAPIError as exc:
            raise NoSnapshotTable from exc
        return None if row is None else SnapshotRow(int(row[0]), row[1], row[2], bytes(row[3]))

    def hash_at(self, seq: int) -> str | None:
        row = self.connection.exec_driver_sql(hash_at_sql(self.mark), (seq,)).first()
        return None if row is None else str(row[0])

    def rows(
        self, *, subject: str | None, audience: Audience, after: int | None = None
    ) -> Iterator[FoldRow]:
        return fold_rows(self.connection, subject=subject, audience=audience, after=after)


_DECODER = json.JSONDecoder()
