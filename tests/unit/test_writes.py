"""Writes under contention: a lost race for the head or a busy database is retried, bounded;
a true conflict is not; a request is recorded once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import OperationalError

from nhswiring.domain.errors import LedgerBusy, LedgerConflict, RequestReused
from nhswiring.ledger.store import LedgerEntry, RequestKey, SequenceRaced
from nhswiring.service.writes import Recorded, already_recorded, is_busy, with_retries


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nhswiring.service.writes.time.sleep", lambda _s: None)


def _failing(failures: list[BaseException]) -> Recorded:
    if failures:
        raise failures.pop(0)
    return Recorded(())


def _locked() -> OperationalError:
    return OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))


def test_a_lost_race_or_a_busy_database_is_tried_again_and_counted() -> None:
    failures: list[BaseException] = [SequenceRaced(), _locked()]
    done = with_retries(lambda: _failing(failures))
    assert done.retries == 2


def test_a_database_busy_through_every_attempt_is_one_clear_error() -> None:
    with pytest.raises(LedgerBusy, match="nothing was recorded"):
        with_retries(lambda: _failing([_locked() for _ in range(20)]), attempts=4)


def test_a_true_conflict_is_never_retried() -> None:
    calls: list[int] = []

    def conflict() -> Recorded:
        calls.append(1)
        raise LedgerConflict("stream 'case:X' is at version 3, not 2")

    with pytest.raises(LedgerConflict):
        with_retries(conflict)
    assert calls == [1]


def test_other_database_errors_are_not_mistaken_for_busy() -> None:
    broken = OperationalError("SELECT", {}, Exception("no such table: ledger_entry"))
    assert not is_busy(broken)
    with pytest.raises(OperationalError):
        with_retries(lambda: _failing([broken]))


def _entry(digest: str | None) -> LedgerEntry:
    return LedgerEntry(
        7, "case:X", 1, date(2025, 1, 1), datetime(2025, 1, 1, tzinfo=UTC), "QHM", "case.step",
        {}, None, None, "0" * 64, "1" * 64, None, "cli:abc", digest,
    )  # fmt: skip


def test_a_request_recorded_before_is_recognised_only_if_it_asked_the_same() -> None:
    done = already_recorded([_entry("same")], RequestKey("cli:abc", "same"))
    assert done.replayed
    assert done.seqs == [7]
    with pytest.raises(RequestReused, match="different request"):
        already_recorded([_entry("same")], RequestKey("cli:abc", "other"))
