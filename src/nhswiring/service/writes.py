"""Writing under contention: bounded retries, and requests recorded once.

Appends are one at a time (the chain has one head), so a writer may find the head taken or
the database busy. Those are not the user's problem: the write is tried again after a short,
growing, jittered wait, a bounded number of times. A true conflict (a stream that moved on
since the writer read it) is the user's problem, and is never retried here.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

from nhswiring.domain.errors import LedgerBusy, RequestReused
from nhswiring.ledger.store import LedgerEntry, RequestKey, SequenceRaced

T = TypeVar("T")

#: Attempts before a writer gives up, and the waits between them (seconds: the first, the
#: cap); with jitter the worst case is under three seconds of waiting.
ATTEMPTS = 10
FIRST_WAIT = 0.005
LONGEST_WAIT = 0.5

#: The field a reused request key is reported under.
REQUEST_FIELD = "idempotency key"

#: PostgreSQL states that mean "try again": serialization failure, deadlock, lock timeout.
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


@dataclass(frozen=True, slots=True)
class Recorded:
    """What a write left in the ledger. ``replayed``: the request had already been recorded
    (by an earlier run of the same command), so these are its entries and nothing new was
    written. ``retries``: how many times the write waited for other writers."""

    entries: Sequence[LedgerEntry]
    replayed: bool = False
    retries: int = 0

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def seqs(self) -> list[int]:
        return [e.seq for e in self.entries]


def already_recorded(entries: Sequence[LedgerEntry], request: RequestKey) -> Recorded:
    """The earlier recording of ``request``, if it asked for the same thing."""
    first = entries[0]
    if first.request_digest != request.digest:
        raise RequestReused(
            REQUEST_FIELD,
            f"already recorded a different request (ledger entry {first.seq}, "
            f"{first.recorded_at:%Y-%m-%d %H:%M:%S} UTC)",
            "use a new key for a new request",
        )
    return Recorded(tuple(entries), replayed=True)


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means "busy, try again" rather than a fault."""
    if isinstance(exc, SequenceRaced):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    if state in _RETRYABLE_SQLSTATES:
        return True
    text = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and ("locked" in text or "busy" in text)


def with_retries(write: Callable[[], Recorded], attempts: int = ATTEMPTS) -> Recorded:
    """Run ``write`` (one whole transaction) until it commits, retrying when it lost a race
    for the head or found the database busy; :class:`LedgerBusy` after ``attempts``."""
    started = time.monotonic()
    for attempt in range(attempts):
        try:
            done = write()
        except (SequenceRaced, DBAPIError) as exc:
            if not is_busy(exc):
                raise
            time.sleep(min(LONGEST_WAIT, FIRST_WAIT * 2**attempt) * (0.5 + random.random()))
            continue
        return done if attempt == 0 else Recorded(done.entries, done.replayed, attempt)
    raise LedgerBusy(
        f"database: still busy with other writers after {attempts} attempts over "
        f"{time.monotonic() - started:.1f} s; nothing was recorded: run the command again, "
        "or find the process holding the database"
    )
