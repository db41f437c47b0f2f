"""The system as users reach it: a database, the real register loaded into it, and state as at
any date rebuilt from the ledger."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from time import perf_counter

from sqlalchemy import Engine

from nhswiring.domain.errors import InvalidInput, UnknownBody
from nhswiring.domain.event_codec import to_payload
from nhswiring.domain.events import Event
from nhswiring.domain.register import Register
from nhswiring.domain.time import REGISTER_START
from nhswiring.law.regimes import regime_key_in_force
from nhswiring.ledger.database import has_ledger, make_engine, migrate
from nhswiring.ledger.store import LedgerEntry, NewEntry, VerifyReport
from nhswiring.reference.history import HistoryEntry, real_history
from nhswiring.reference.rows import load_reference_data
from nhswiring.service.replay import replay
from nhswiring.service.unit_of_work import UnitOfWork

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class LoadReport:
    loaded: bool
    entries: int
    seconds: float


def new_entry(
    effective: date,
    actor: str,
    event: Event,
    *,
    verdict: dict[str, object] | None = None,
    regime: str | None = None,
) -> NewEntry:
    """The ledger entry that records ``event`` as decided by ``actor`` on ``effective``."""
    return NewEntry(
        stream=event.stream,
        effective_date=effective,
        actor=actor,
        action_type=event.TYPE,
        payload=to_payload(event),
        subjects=event.subjects,
        verdict=verdict,
        regime=regime or regime_key_in_force(effective),
    )


def history_entries(history: Sequence[HistoryEntry]) -> list[NewEntry]:
    return [new_entry(h.effective, h.actor, h.event) for h in history]


class System:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cached: tuple[int, datetime | None, Register] | None = None

    @classmethod
    def connect(cls, url: str | None = None) -> System:
        return cls(make_engine(url))

    # --- set-up ----------------------------------------------------------------------------

    def is_loaded(self) -> bool:
        if not has_ledger(self.engine):
            return False
        with UnitOfWork(self.engine) as uow:
            return uow.ledger.count() > 0

    def initialise(self, progress: Progress | None = None, chunk: int = 2_000) -> LoadReport:
        """Create the schema if needed and, on an empty ledger, record the real history."""
        started = perf_counter()
        migrate(self.engine)
        if self.is_loaded():
            return LoadReport(False, 0, perf_counter() - started)
        entries = history_entries(real_history(load_reference_data()))
        with UnitOfWork(self.engine) as uow:
            for i in range(0, len(entries), chunk):
                uow.ledger.append(entries[i : i + chunk])
                if progress:
                    progress(min(i + chunk, len(entries)), len(entries))
            uow.commit()
        self._cached = None
        return LoadReport(True, len(entries), perf_counter() - started)

    def require_loaded(self) -> None:
        if not self.is_loaded():
            raise InvalidInput(
                "database",
                f"{self.engine.url.render_as_string()} holds no register yet",
                "run `nhswiring init` (or `nhswiring demo`) to create it",
            )

    # --- reading ---------------------------------------------------------------------------

    def register(self, known_at: datetime | None = None) -> Register:
        self.require_loaded()
        with UnitOfWork(self.engine) as uow:
            head, _ = uow.ledger.head()
            if self._cached and self._cached[:2] == (head, known_at):
                return self._cached[2]
            register = replay(uow.ledger.read(known_at=known_at, by_effective_date=True))
        self._cached = (head, known_at, register)
        # The register is long-lived and large: take it out of the cyclic collector's way so
        # that answering questions does not trigger full collections over a million objects.
        gc.collect()
        gc.freeze()
        return register

    def register_for(
        self, code: str, known_at: datetime | None = None, as_at: date | None = None
    ) -> Register:
        """The register folded from only the entries that touch ``code``: enough to show that
        one body (its facts, children, area, delegations and appointments), and fast however
        long the ledger grows, because it is an index lookup on the subject table."""
        self.require_loaded()
        with UnitOfWork(self.engine) as uow:
            entries = uow.ledger.read(
                subject=code, known_at=known_at, by_effective_date=True, as_at=as_at
            )
            return replay(entries, partial=True)

    def history(self, code: str) -> list[LedgerEntry]:
        self.require_loaded()
        with UnitOfWork(self.engine) as uow:
            entries = list(uow.ledger.read(subject=code))
        if not entries:
            raise UnknownBody(
                "code", f"{code!r} is not in the register", "use an ODS code such as QHM or RR8"
            )
        return entries

    def verify(self) -> VerifyReport:
        self.require_loaded()
        with UnitOfWork(self.engine) as uow:
            return uow.ledger.verify()

    def record(self, entries: Sequence[NewEntry]) -> list[LedgerEntry]:
        """Append entries as one transaction, kept only if the whole ledger still replays.

        A back-dated entry can contradict later ones (renaming a body after its real
        dissolution, say), so the check is a replay of everything, inside the transaction.
        """
        self.require_loaded()
        with UnitOfWork(self.engine) as uow:
            stored = uow.ledger.append(entries)
            register = replay(uow.ledger.read(by_effective_date=True))
            uow.commit()
            head, _ = uow.ledger.head()
        self._cached = (head, None, register)
        return stored


def check_register_date(day: date) -> date:
    if day < REGISTER_START:
        raise InvalidInput(
            "as-at",
            f"{day.isoformat()} is before the register begins",
            f"use a date on or after {REGISTER_START.isoformat()} (when CCGs and NHS England "
            "took up their functions)",
        )
    return day
