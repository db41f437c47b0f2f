"""One unit of work = one database transaction: everything in it is recorded, or nothing is."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine, RootTransaction

from nhswiring.ledger.database import WRITE_OPTION
from nhswiring.ledger.store import Ledger


class UnitOfWork:
    """Use as ``with UnitOfWork(engine) as uow: ...; uow.commit()``; leaving the block
    without committing (or by an exception) rolls everything back.

    A unit of work that will append says so (``write=True``): it then holds the ledger's
    append lock from its first statement to its end, so that what it reads (a stream's
    version, the head) is what it writes on. Keep such units short: other writers wait.
    """

    def __init__(self, engine: Engine, *, write: bool = False) -> None:
        self.engine = engine
        self.write = write
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> UnitOfWork:
        self._connection = self.engine.connect()
        if self.write:
            self._connection.execution_options(**{WRITE_OPTION: True})
        self._transaction = self._connection.begin()
        self.ledger = Ledger(self._connection)
        if self.write:
            self.ledger.lock_for_append()
        return self

    def rollback(self) -> None:
        """Undo everything so far; the connection stays open for reads."""
        assert self._transaction is not None, "rollback() outside the with block"
        self._transaction.rollback()

    def commit(self) -> None:
        assert self._transaction is not None, "commit() outside the with block"
        self._transaction.commit()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._connection is not None
        assert self._transaction is not None
        if self._transaction.is_active:
            self._transaction.rollback()
        self._connection.close()
