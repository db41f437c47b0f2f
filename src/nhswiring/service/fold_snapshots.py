"""The register folded incrementally: from the latest snapshot, plus the entries since.

A snapshot is the folded register (the whole of it, or one body's partial fold) as at a
ledger position, stored in ``register_snapshot`` beside the ledger (a table, so it works the
same on SQLite and PostgreSQL). It is a cache rebuilt from the ledger, never the truth:
``verify`` never reads it, and it is used only if

* it was folded by the same code (its fingerprint, ``snapshot_codec.fingerprint``),
* the ledger still holds, at the snapshot's sequence number, the entry it was folded to (the
  hash matches: a snapshot copied in from another database, or left behind by a restore, is
  ignored), and
* it loads from domain classes alone (a corrupted or foreign blob is ignored).

Then only the entries after it are read and folded. One case cannot be folded on top: the
register folds in effective-date order, so an entry appended since the snapshot but effective
*before* the last date the snapshot folded (a back-dated correction) would have to be folded
before entries already in it. The tail arrives in date order, so its first entry shows this;
the register is then folded in full, from the ledger, and the snapshot replaced.

A snapshot is refreshed after a full fold, or once the tail has grown past a threshold, in a
short transaction of its own after the read (never inside a writer's transaction: appends
never wait for a snapshot to be taken). Taking one is best effort: a database that is busy
or read-only simply goes without.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import DBAPIError

from nhswiring.domain.register import Register
from nhswiring.ledger.audience import PUBLIC, Audience
from nhswiring.ledger.fold_rows import FoldRow, fold_rows
from nhswiring.ledger.schema import ledger_entry, register_snapshot
from nhswiring.service.replay import collector_paused, fold_onto
from nhswiring.service.snapshot_codec import dump_register, fingerprint, load_register
from nhswiring.service.unit_of_work import UnitOfWork

#: The scope of the whole register's snapshot; one body's is ``subject:CODE``.
WHOLE = "register"

#: How many entries past its snapshot a fold may read before the snapshot is taken again.
#: The whole register: refreshing costs seconds at a million entries, so not for every few
#: writes; one body: a few milliseconds, worth it as soon as the tail costs as much to fold.
REFRESH_AFTER = {WHOLE: 20_000, "subject": 64}


def subject_scope(code: str) -> str:
    return f"subject:{code}"


@dataclass(frozen=True, slots=True)
class Folded:
    """A register and how it was got: from a snapshot at ``snapshot_seq`` plus ``tail``
    entries, or (``snapshot_seq`` None) folded in full, for ``full_reason``."""

    register: Register
    head: int  #: the sequence number of the newest ledger entry it reflects
    snapshot_seq: int | None
    tail: int
    full_reason: str | None


def fold(
    engine: Engine,
    audience: Audience = PUBLIC,
    subject: str | None = None,
    *,
    keep: bool = True,
) -> Folded:
    """The register as ``audience`` sees it (the whole, or with ``subject`` the partial fold
    of the entries about that body), from the snapshot if a valid one exists; with ``keep``,
    a new snapshot is taken when the fold was full or the tail long."""
    scope = WHOLE if subject is None else subject_scope(subject)
    with UnitOfWork(engine) as uow:
        connection = uow.ledger.connection
        head, head_hash = uow.ledger.head()
        base, reason = _usable_snapshot(connection, scope, audience, partial=subject is not None)
        folded: Folded | None = None
        if base is not None:
            snapshot_seq, register = base
            rows = fold_rows(connection, subject=subject, audience=audience, after=snapshot_seq)
            first = next(rows, None)
            if first is None:
                folded = Folded(register, head, snapshot_seq, 0, None)
            elif register.last_effective and first.effective_date < register.last_effective:
                reason = (
                    f"entry {first.seq} is effective {first.effective_date}, before the "
                    f"snapshot's last date {register.last_effective}: folded in full"
                )
            else:
                counted = _Counted(first, rows)
                fold_onto(register, counted)
                folded = Folded(register, head, snapshot_seq, counted.count, None)
        if folded is None:
            register = Register(partial=subject is not None)
            counted = _Counted(None, fold_rows(connection, subject=subject, audience=audience))
            fold_onto(register, counted)
            folded = Folded(register, head, None, counted.count, reason)
    limit = REFRESH_AFTER[WHOLE if subject is None else "subject"]
    if keep and head and (folded.snapshot_seq is None or folded.tail >= limit):
        take_snapshot(engine, scope, audience, folded.register, head, head_hash)
    return folded


class _Counted:
    """Rows with the first put back, counted as they are folded."""

    def __init__(self, first: FoldRow | None, rest: Iterator[FoldRow]) -> None:
        self.first = first
        self.rest = rest
        self.count = 0

    def __iter__(self) -> Iterator[FoldRow]:
        if self.first is not None:
            self.count += 1
            yield self.first
        for row in self.rest:
            self.count += 1
            yield row


def _usable_snapshot(
    connection: Connection, scope: str, audience: Audience, *, partial: bool
) -> tuple[tuple[int, Register] | None, str]:
    """The snapshot to start from (its sequence number and register), or None and why not."""
    try:
        with connection.begin_nested():  # a database not yet migrated has no snapshot table
            row = connection.execute(
                select(
                    register_snapshot.c.seq,
                    register_snapshot.c.head_hash,
                    register_snapshot.c.fingerprint,
                    register_snapshot.c.data,
                ).where(
                    register_snapshot.c.scope == scope,
                    register_snapshot.c.audience == audience.key,
                )
            ).first()
    except DBAPIError:
        return None, "no snapshot table (run `nhswiring init` to migrate)"
    if row is None:
        return None, "no snapshot yet"
    if row.fingerprint != fingerprint():
        return None, "the snapshot was folded by other code"
    at = connection.execute(
        select(ledger_entry.c.hash).where(ledger_entry.c.seq == row.seq)
    ).scalar()
    if at != row.head_hash:
        return None, "the snapshot does not match this ledger"
    try:
        with collector_paused():
            register = load_register(bytes(row.data))
    except Exception:
        return None, "the snapshot does not load"
    if register.partial != partial:
        return None, "the snapshot is of another scope"
    return (int(row.seq), register), ""


def take_snapshot(
    engine: Engine,
    scope: str,
    audience: Audience,
    register: Register,
    seq: int,
    head_hash: str,
) -> bool:
    """Store ``register`` as folded to entry ``seq`` (whose hash is ``head_hash``), replacing
    an older snapshot of the same scope and audience; False if the database would not take
    it (busy, read-only, not migrated): the snapshot is only ever an optimisation."""
    data = dump_register(register)  # before the transaction: the lock is held for the write
    row: dict[str, Any] = {
        "scope": scope,
        "audience": audience.key,
        "seq": seq,
        "head_hash": head_hash,
        "fingerprint": fingerprint(),
        "data": data,
        "taken_at": datetime.now(UTC),
    }
    where = (register_snapshot.c.scope == scope, register_snapshot.c.audience == audience.key)
    try:
        with engine.connect() as connection, connection.begin():
            connection.execute(delete(register_snapshot).where(*where))
            connection.execute(insert(register_snapshot).values(row))
    except DBAPIError:
        return False
    return True
