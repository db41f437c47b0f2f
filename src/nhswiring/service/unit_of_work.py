"""One unit of work = one database transaction: everything in it is recorded, or nothing is."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine, RootTransaction

from nhswiring.ledger.store import Ledger


class UnitOfWork:
    """Use as ``with UnitOfWork(engine) as uow: ...; uow.commit()``; leaving the block
    without committing (or by an exception) rolls everything back."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> UnitOfWork:
        self._connection = self.engine.connect()
        self._transaction = self._connection.begin()
        self.ledger = Ledger(self._connection)
        return self

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
