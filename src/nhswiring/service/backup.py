"""Backups that restore: a SQLite file copied safely while in use, and the ledger exported to
JSON lines and imported, verbatim and verified, into an empty database on either backend.

A copy is only a backup once it has been opened and found to hold the same ledger: both
ways end by reading the copy's head and comparing it with the source's.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from nhswiring.domain.errors import InvalidInput, LedgerCorrupt
from nhswiring.ledger.database import make_engine, migrate, sqlite_file
from nhswiring.ledger.hashing import GENESIS_HASH
from nhswiring.ledger.portable import BadLine, export_lines, import_lines
from nhswiring.service.integrity import verify_ledger
from nhswiring.service.system import System
from nhswiring.service.unit_of_work import UnitOfWork

PG_DUMP_HELP = (
    "back PostgreSQL up with pg_dump and pg_restore (docs/architecture.md, 'Backups'), or "
    "use `nhswiring export --jsonl FILE`"
)


@dataclass(frozen=True, slots=True)
class Head:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"


def backup_sqlite(system: System, target: Path, *, force: bool = False) -> Head:
    """Copy the SQLite database to ``target`` with SQLite's online backup (a consistent
    snapshot, taken while others read and write), then open the copy and check that its head
    is the head the source had when the copy was taken."""
    source = sqlite_file(system.engine)
    if source is None:
        raise InvalidInput("--database", "is not a SQLite file", PG_DUMP_HELP)
    system.require_loaded()
    if target.exists() and not force:
        raise InvalidInput(
            "FILE", f"{target} already exists", "choose a new file name, or add --force"
        )
    if target.resolve() == source.resolve():
        raise InvalidInput("FILE", f"{target} is the database itself", "choose another file")
    if not target.parent.is_dir():
        raise InvalidInput("FILE", f"{target.parent} is not a directory", "name a file in one")
    partial = target.with_name(target.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        seq, head_hash = _copy(system, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            "FILE", f"cannot write {target} ({exc})", "choose a writable path"
        ) from None
    copied = _head_of(f"sqlite:///{target}")
    if copied != Head(seq, head_hash):
        raise LedgerCorrupt(f"the copy's head is {copied}, not the source's {seq} {head_hash}")
    return copied


def _copy(system: System, partial: Path) -> tuple[int, str]:
    """The online backup into ``partial``; the source's head in the same snapshot."""
    raw = system.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.execute("BEGIN")  # one snapshot for the head we read and the pages we copy
        head = _sqlite_head(driver)
        with closing(sqlite3.connect(partial)) as copy:
            driver.backup(copy)
            # One self-contained file: the copy keeps no write-ahead log beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        driver.execute("COMMIT")
        return head
    finally:
        raw.close()


def _sqlite_head(connection: sqlite3.Connection) -> tuple[int, str]:
    row = connection.execute("SELECT seq, hash FROM ledger_entry ORDER BY seq DESC LIMIT 1")
    found = row.fetchone()
    return (0, GENESIS_HASH) if found is None else (int(found[0]), str(found[1]))


def _head_of(url: str) -> Head:
    engine = make_engine(url)
    try:
        with UnitOfWork(engine) as uow:
            return Head(*uow.ledger.head())
    finally:
        engine.dispose()


def export_jsonl(system: System) -> Iterator[str]:
    """Every entry, oldest first, as JSON lines, read in one snapshot up to the head."""
    system.require_loaded()
    with UnitOfWork(system.engine) as uow:
        head, _ = uow.ledger.head()
        yield from export_lines(uow.ledger.connection, head)


def import_jsonl(system: System, lines: Iterable[str]) -> Head:
    """Load an export into an empty database (creating its schema if need be): every line
    checked as it is read, everything inserted in one transaction, then the chain and the
    subject index verified before commit. Any failure leaves the ledger empty."""
    migrate(system.engine)
    with UnitOfWork(system.engine, write=True) as uow:
        if uow.ledger.count():
            raise InvalidInput(
                "--database",
                f"{system.engine.url.render_as_string()} already holds a ledger",
                "import into a new, empty database (e.g. --database sqlite:///restored.db)",
            )
        try:
            imported = import_lines(uow.ledger.connection, lines)
        except BadLine as exc:
            raise InvalidInput(
                "--jsonl", str(exc), "nothing was imported; give a file `nhswiring export` wrote"
            ) from None
        if imported.entries == 0:
            raise InvalidInput(
                "--jsonl", "holds no entries", "give a file `nhswiring export` wrote"
            )
        verified = verify_ledger(uow)
        if not verified.ok:
            raise LedgerCorrupt(f"the imported ledger does not verify: {verified.reason}")
        uow.commit()
    return Head(imported.head_seq, imported.head_hash)
