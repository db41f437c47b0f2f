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

The fold itself is ``snapshot_fold.fold_from``, on the reads of ``ledger/fold_rows.py``: the
same code serves the command line's quick read of a SQLite file (``quick_read.py``), which
reads through ``sqlite3`` without SQLAlchemy and leaves every snapshot to be taken here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import DBAPIError

from nhswiring.domain.register import Register
from nhswiring.ledger.audience import PUBLIC, Audience
from nhswiring.ledger.fold_rows import ConnectionSource
from nhswiring.ledger.schema import register_snapshot
from nhswiring.service.snapshot_codec import dump_register, fingerprint
from nhswiring.service.snapshot_fold import REFRESH_AFTER as REFRESH_AFTER
from nhswiring.service.snapshot_fold import WHOLE as WHOLE
from nhswiring.service.snapshot_fold import Folded as Folded
from nhswiring.service.snapshot_fold import fold_from
from nhswiring.service.snapshot_fold import subject_scope as subject_scope
from nhswiring.service.unit_of_work import UnitOfWork


def fold(
    engine: Engine,
    audience: Audience = PUBLIC,
    subject: str | None = None,
    *,
    keep: bool = True,
) -> Folded:
    """The register as ``audience`` sees it (the whole, or with ``subject`` the partial fold
    of the entries about that body), from the snapshot if a valid one exists
    (``snapshot_fold.py``); with ``keep``, a new snapshot is taken when the fold was full or
    the tail long."""
    with UnitOfWork(engine) as uow:
        folded = fold_from(ConnectionSource(uow.ledger.connection), audience, subject)
        assert folded is not None  # folded in full when no snapshot serves
    if keep and folded.wants_snapshot:
        take_snapshot(
            engine, folded.scope, audience, folded.register, folded.head, folded.head_hash
        )
    return folded


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
