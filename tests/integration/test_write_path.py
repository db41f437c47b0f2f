"""The write path on a real ledger: a write that would make history inconsistent is refused
whole, by a fold of the history of what it touches (not of the whole ledger); a writer that
finds another holding the append lock waits for it instead of failing."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from nhswiring.domain import events as ev
from nhswiring.domain.errors import InconsistentHistory
from nhswiring.service.system import System, new_entry


@pytest.fixture
def system(loaded_sqlite_url: str, tmp_path: Path) -> Iterator[System]:
    copy = tmp_path / "write.db"
    shutil.copy(loaded_sqlite_url.removeprefix("sqlite:///"), copy)
    system = System.connect(f"sqlite:///{copy}")
    yield system
    system.engine.dispose()


def test_renaming_a_body_after_its_dissolution_is_refused_and_nothing_written(
    system: System,
) -> None:
    """RC3 (Ealing Hospital NHS Trust) was dissolved on 1 October 2014, its services taken
    over by North West London Hospitals (later London North West University Healthcare)."""
    head = system.head()
    with pytest.raises(InconsistentHistory, match="no body 'RC3' is in force"):
        system.record([new_entry(date(2015, 1, 1), "NHSE", ev.BodyRenamed("RC3", "Renamed"))])
    assert system.head() == head


def test_a_back_dated_dissolution_that_contradicts_later_entries_is_refused(
    system: System,
) -> None:
    """A rename recorded for 2023, then a dissolution back-dated before it: the fold of QHM's
    history (with the new entry in its date order) finds the rename of a body not in force."""
    system.record([new_entry(date(2023, 1, 1), "NHSE", ev.BodyRenamed("QHM", "Renamed ICB"))])
    head = system.head()
    with pytest.raises(InconsistentHistory, match="no body 'QHM' is in force"):
        system.record([new_entry(date(2022, 12, 1), "SOS", ev.BodyDissolved("QHM", ()))])
    assert system.head() == head


def test_a_body_nobody_established_cannot_be_renamed(system: System) -> None:
    head = system.head()
    with pytest.raises(InconsistentHistory, match="no body 'ZZ9' is in force"):
        system.record([new_entry(date(2024, 1, 1), "NHSE", ev.BodyRenamed("ZZ9", "Nobody"))])
    assert system.head() == head


def test_a_writer_waits_for_another_holding_the_append_lock(system: System) -> None:
    """SQLite: another connection holds the write lock for 0.4 s; the write waits for it
    (busy timeout, then bounded retries) and is recorded, not refused."""
    held = threading.Event()

    def hold() -> None:
        with system.engine.connect() as c:
            raw = c.connection.dbapi_connection
            assert raw is not None
            raw.execute("BEGIN IMMEDIATE")
            held.set()
            time.sleep(0.4)
            raw.execute("ROLLBACK")

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    started = time.perf_counter()
    done = system.record([new_entry(date(2025, 1, 1), "QHM", ev.PersonRegistered("W1", "Wai"))])
    holder.join()
    assert len(done) == 1
    assert time.perf_counter() - started >= 0.3
    with system.engine.connect() as c:
        assert (
            c.execute(text("SELECT count(*) FROM ledger_entry WHERE stream = 'person:W1'")).scalar()
            == 1
        )
