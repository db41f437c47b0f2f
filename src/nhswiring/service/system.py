"""The system as users reach it: a database, the real register loaded into it, and state as at
any date rebuilt from the ledger."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from time import perf_counter
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from nhswiring.domain.errors import InvalidInput, UnknownBody
from nhswiring.domain.event_codec import to_payload
from nhswiring.domain.events import CaseStep, Event
from nhswiring.domain.register import Register
from nhswiring.domain.time import check_register_date as check_register_date
from nhswiring.ledger.database import has_ledger, make_engine, migrate, missing_sqlite_file
from nhswiring.ledger.fold_rows import fold_rows
from nhswiring.ledger.store import (
    PUBLIC,
    Audience,
    LedgerEntry,
    NewEntry,
    RequestKey,
    RequestRecorded,
    private_stream,
)
from nhswiring.service.fold_snapshots import fold
from nhswiring.service.replay import fold_onto, replay
from nhswiring.service.unit_of_work import UnitOfWork
from nhswiring.service.writes import Recorded, already_recorded, with_retries

if TYPE_CHECKING:  # imported where used: a command-line read must not pay for them
    from nhswiring.reference.history import HistoryEntry
    from nhswiring.service.integrity import SignedCheckpoint, Verification

Progress = Callable[[int, int], None]
CASE_STEP = CaseStep.TYPE


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
    visibility: str | None = None,
) -> NewEntry:
    """The ledger entry that records ``event`` as decided by ``actor`` on ``effective``;
    with ``visibility``, private to that organisation, in its own stream."""
    return NewEntry(
        stream=private_stream(visibility, event.stream) if visibility else event.stream,
        effective_date=effective,
        actor=actor,
        action_type=event.TYPE,
        payload=to_payload(event),
        subjects=event.subjects,
        verdict=verdict,
        regime=regime or _regime_in_force()(effective),
        visibility=visibility,
    )


@functools.cache
def _regime_in_force() -> Callable[[date], str | None]:
    """``law.regimes.regime_key_in_force``, imported on first use: the law engine behind it
    is needed by writes, not by reads."""
    from nhswiring.law.regimes import regime_key_in_force

    return regime_key_in_force


def history_entries(history: Sequence[HistoryEntry]) -> list[NewEntry]:
    return [new_entry(h.effective, h.actor, h.event) for h in history]


class System:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cached: dict[str, tuple[int, datetime | None, Register]] = {}
        self._loaded = False

    @classmethod
    def connect(cls, url: str | None = None) -> System:
        return cls(make_engine(url))

    # --- set-up ----------------------------------------------------------------------------

    def is_loaded(self) -> bool:
        """Whether the register has been recorded (once it has, it stays: the ledger only
        grows, so the answer is kept rather than asked of the database before every write).
        Asking must not create: connecting to a SQLite file that is not there makes one."""
        if self._loaded:
            return True
        if missing_sqlite_file(self.engine) or not has_ledger(self.engine):
            return False
        with UnitOfWork(self.engine) as uow:
            self._loaded = uow.ledger.head()[0] > 0
        return self._loaded

    def initialise(self, progress: Progress | None = None, chunk: int = 2_000) -> LoadReport:
        """Create the schema if needed and, on an empty ledger, record the real history."""
        started = perf_counter()
        migrate(self.engine)
        if self.is_loaded():
            return LoadReport(False, 0, perf_counter() - started)
        from nhswiring.reference.history import real_history
        from nhswiring.reference.rows import load_reference_data

        entries = history_entries(real_history(load_reference_data()))
        with UnitOfWork(self.engine, write=True) as uow:
            for i in range(0, len(entries), chunk):
                uow.ledger.append(entries[i : i + chunk])
                if progress:
                    progress(min(i + chunk, len(entries)), len(entries))
            uow.commit()
        self._cached.clear()
        return LoadReport(True, len(entries), perf_counter() - started)

    def require_loaded(self) -> None:
        """Refuse, in one line, to read a database that holds no register: a mistyped path
        would otherwise leave an empty SQLite file behind and report a confusing error."""
        missing = missing_sqlite_file(self.engine)
        if missing:
            raise InvalidInput(
                "database", f"no database at {missing}", "run `nhswiring init` to create it"
            )
        if not self.is_loaded():
            raise InvalidInput(
                "database",
                f"{self.engine.url.render_as_string()} holds no register yet",
                "run `nhswiring init` (or `nhswiring demo`) to create it",
            )

    # --- reading ---------------------------------------------------------------------------

    def register(self, known_at: datetime | None = None, audience: Audience = PUBLIC) -> Register:
        """The whole register as ``audience`` may see it (the public record by default; an
        organisation also sees its own cases, people and contracts).

        As the ledger stands now, it is the latest snapshot plus the entries since
        (``fold_snapshots.py``), so a new process does not replay the whole ledger; as it
        was known at an earlier moment, it is folded from the ledger."""
        self.require_loaded()
        if known_at is None:
            head = self.head()
            cached = self._cached.get(audience.key)
            if cached and cached[:2] == (head, None):
                return cached[2]
            folded = fold(self.engine, audience)
            head, register = folded.head, folded.register
        else:
            with UnitOfWork(self.engine) as uow:
                head, _ = uow.ledger.head()
                cached = self._cached.get(audience.key)
                if cached and cached[:2] == (head, known_at):
                    return cached[2]
                register = self.replay(uow, audience, known_at)
        self._cached[audience.key] = (head, known_at, register)
        # The register is long-lived and large: take it out of the cyclic collector's way so
        # that answering questions does not trigger full collections over a million objects.
        gc.collect()
        gc.freeze()
        return register

    @staticmethod
    def replay(uow: UnitOfWork, audience: Audience, known_at: datetime | None = None) -> Register:
        """The register folded from the ledger alone (no snapshot)."""
        rows = fold_rows(uow.ledger.connection, known_at=known_at, audience=audience)
        return fold_onto(Register(), rows)

    def head(self) -> int:
        """The sequence number of the newest entry (0 for an empty ledger)."""
        with UnitOfWork(self.engine) as uow:
            return uow.ledger.head()[0]

    def register_for(
        self,
        code: str,
        known_at: datetime | None = None,
        as_at: date | None = None,
        audience: Audience = PUBLIC,
    ) -> Register:
        """The register folded from only the entries that touch ``code``: enough to show that
        one body (its facts, children, area, delegations and appointments), and fast however
        long the ledger grows, because it is an index lookup on the subject table. As the
        ledger stands now, it starts from that body's snapshot and folds only the entries
        about it since (every date is then answered from one fold); as known at an earlier
        moment, ``as_at`` narrows the fold to the entries that can matter on that date."""
        self.require_loaded()
        if known_at is None:  # the body's snapshot and the entries about it since
            return fold(self.engine, audience, subject=code).register
        with UnitOfWork(self.engine) as uow:
            entries = uow.ledger.read(
                subject=code,
                known_at=known_at,
                by_effective_date=True,
                as_at=as_at,
                audience=audience,
            )
            return replay(entries, partial=True)

    def history(self, code: str, audience: Audience = PUBLIC) -> list[LedgerEntry]:
        """Every entry about ``code`` that ``audience`` may see (the public record by default:
        another organisation's case steps never appear)."""
        self.require_loaded()
        with UnitOfWork(self.engine) as uow:
            entries = list(uow.ledger.read(subject=code, audience=audience))
        if not entries:
            raise UnknownBody(
                "code", f"{code!r} is not in the register", "use an ODS code such as QHM or RR8"
            )
        return entries

    def verify(self, checkpoints: Sequence[SignedCheckpoint] = ()) -> Verification:
        """The chain from genesis, the subject index rebuilt from it, and the ledger held
        against each signature-checked checkpoint (``service/integrity.py``)."""
        from nhswiring.service.integrity import verify_ledger

        self.require_loaded()
        with UnitOfWork(self.engine) as uow:
            return verify_ledger(uow, checkpoints)

    def changes(
        self, after: int = 0, limit: int = 100, audience: Audience = PUBLIC
    ) -> list[LedgerEntry]:
        """The entries after sequence number ``after`` that ``audience`` may see, oldest first
        (a feed: page on with the last ``seq`` returned)."""
        self.require_loaded()
        with UnitOfWork(self.engine) as uow:
            return list(uow.ledger.read(after=after, limit=limit, audience=audience))

    def case_authorities(self, reference: str) -> list[str]:
        """The organisations that have a case with this reference (for a command-line user
        who gave the reference alone)."""
        self.require_loaded()
        with UnitOfWork(self.engine) as uow:
            streams = uow.ledger.private_streams(f"case:{reference}")
        return sorted({s.split(":", 2)[1] for s in streams})

    def record(self, entries: Sequence[NewEntry], *, request: RequestKey | None = None) -> Recorded:
        """Append entries as one transaction, kept only if the history they touch still
        folds; with ``request``, once only.

        A back-dated entry can contradict later ones (renaming a body after its real
        dissolution, say), so inside the transaction the entries about every subject the new
        entries touch are folded again, with them, as the writer's audience sees them (the
        public record, and the writer's own organisation's private entries when it records
        some: at most one organisation per transaction). That costs the subjects' history, not
        the ledger's, so a write holds the append lock for milliseconds however long the
        ledger grows. Losing a race for the head is retried with a bounded back-off; a true
        conflict (a stream not at the version its writer saw) is not.
        """
        self.require_loaded()
        owners = {e.visibility for e in entries if e.visibility}
        if len(owners) > 1:
            raise InvalidInput(
                "visibility",
                f"one transaction records entries of {len(owners)} organisations",
                "record each organisation's private entries in its own transaction",
            )
        audience = Audience.of(next(iter(owners), None))
        return with_retries(lambda: self._append_once(entries, audience, request))

    def recorded(self, request: RequestKey) -> Recorded | None:
        """What an earlier run of ``request`` recorded, if it committed (None otherwise)."""
        with UnitOfWork(self.engine) as uow:
            done = uow.ledger.request_entries(request.key)
        return already_recorded(done, request) if done else None

    def _append_once(
        self, entries: Sequence[NewEntry], audience: Audience, request: RequestKey | None
    ) -> Recorded:
        with UnitOfWork(self.engine, write=True) as uow:
            if request is not None and (done := uow.ledger.request_entries(request.key)):
                return already_recorded(done, request)
            try:
                stored = uow.ledger.append(entries, request=request)
            except RequestRecorded:  # a concurrent retry of the same request won
                assert request is not None
                uow.rollback()
                return already_recorded(uow.ledger.request_entries(request.key), request)
            check_consistent(uow, entries, audience)
            uow.commit()
        return Recorded(stored)


def check_consistent(uow: UnitOfWork, entries: Sequence[NewEntry], audience: Audience) -> None:
    """Fold the new entries with every entry about the subjects they touch; an
    :class:`InconsistentHistory` leaves the transaction to be rolled back.

    Case steps are left out: the register keeps them without judging them (the case service
    judges each step against the case's own state), and an authority's many cases would
    otherwise make every write of its pay for all of them.
    """
    subjects = frozenset(c for e in entries if e.action_type != CASE_STEP for c in e.subjects)
    if not subjects:
        return
    if len(subjects) > _MOST_SUBJECTS:  # a bulk load: folding everything is cheaper
        fold_onto(Register(), fold_rows(uow.ledger.connection, audience=audience))
        return
    related = uow.ledger.about(subjects, audience=audience, without_action=CASE_STEP)
    replay(related, partial=True, complete_for=subjects)


#: Beyond this many subjects one write is a bulk load, and the check folds the whole ledger.
_MOST_SUBJECTS = 2_000
