"""The read paths of `make bench` beyond the in-memory ones: the fold from the ledger beside a
raw scan of the same rows, the register's snapshot (taking it, starting from it), one body
read cold (first read, from its snapshot, from its snapshot plus a tail) and the command line
read of one body in a fresh process beside the interpreter's own start-up."""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import nhswiring
from nhswiring.domain import events as ev
from nhswiring.domain.people import Role
from nhswiring.law.function_catalogue import CATALOGUE
from nhswiring.ledger.audience import PUBLIC
from nhswiring.service.fold_snapshots import WHOLE, fold
from nhswiring.service.system import System, new_entry
from nhswiring.service.unit_of_work import UnitOfWork
from nhswiring.service.views import show_body


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def median_ms(samples: Sequence[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def raw_scan(db: Path) -> tuple[int, float]:
    """The practical limit of a replay's reading: sqlite3 fetching the four columns a fold
    reads, in fold order, and parsing each payload's JSON (no events, no fold)."""
    connection = sqlite3.connect(db)
    started = time.perf_counter()
    rows = 0
    loads = json.loads
    query = (
        "SELECT seq, effective_date, action_type, payload FROM ledger_entry "
        "WHERE visibility IS NULL ORDER BY effective_date, seq"
    )
    for _seq, _day, _type, payload in connection.execute(query):
        loads(payload)
        rows += 1
    elapsed = time.perf_counter() - started
    connection.close()
    return rows, elapsed


def snapshot_figures(system: System) -> dict[str, Any]:
    """Replay from the ledger alone; taking the whole register's snapshot; a process start
    that loads it (and a tail of 0)."""
    engine = system.engine
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM register_snapshot")
    with UnitOfWork(engine) as uow:
        replay_s, register = timed(lambda: System.replay(uow, PUBLIC))
    take_s, first = timed(lambda: fold(engine))  # the full fold again, and the snapshot taken
    assert first.snapshot_seq is None
    with engine.connect() as connection:
        size = connection.exec_driver_sql(
            "SELECT length(data) FROM register_snapshot WHERE scope = ?", (WHOLE,)
        ).scalar_one()
    starts = []
    for _ in range(3):
        seconds, again = timed(lambda: fold(engine))
        assert again.snapshot_seq is not None
        assert again.tail == 0
        starts.append(seconds)
    return {
        "entries": register.events_applied,
        "replay_s": round(replay_s, 2),
        "snapshot_take_s": round(take_s - replay_s, 2),
        "snapshot_mb": round(size / 1e6, 1),
        "start_from_snapshot_s": round(statistics.median(starts), 2),
    }


def cold_reads(system: System, picks: Sequence[tuple[str, date]]) -> dict[str, Any]:
    """One body read with nothing in memory: its first read (folds its entries, takes its
    snapshot), later reads (its snapshot, no tail), and reads after a tail of 20 entries about
    it was appended (its snapshot plus those 20)."""
    first, again, tailed = [], [], []
    engine = system.engine

    def read(code: str, day: date) -> None:
        show_body(system.register_for(code, as_at=day), code, day, CATALOGUE)

    def time_read(code: str, day: date) -> float:
        return timed(lambda: read(code, day))[0]

    picks = list({code: (code, day) for code, day in picks}.values())  # each body once
    for code, day in picks:
        first.append(time_read(code, day))
        again.append(time_read(code, day))
    head = system.head()
    for n, (code, day) in enumerate(picks[:20]):
        last = fold(engine, subject=code, keep=False).register.last_effective or day
        tail = [
            new_entry(
                last + timedelta(days=1),
                "REGISTER",
                ev.AppointmentMade(f"BENCH-{head}-{n}-{i}", "P1", Role.CHAIR, (code,)),
            )
            for i in range(20)
        ]
        with UnitOfWork(engine, write=True) as uow:
            uow.ledger.append(tail)
            uow.commit()
        tailed.append(time_read(code, day))
    return {
        "first_read_median_ms": median_ms(first),
        "from_snapshot_median_ms": median_ms(again),
        "from_snapshot_and_tail_median_ms": median_ms(tailed),
    }


def cli_wall(url: str, code: str, day: date, runs: int = 7) -> dict[str, Any]:
    """``nhswiring show CODE`` as a user runs it: a fresh interpreter each time (the OS file
    cache warm after a first run), as tables and as JSON (the tables of a busy body are
    hundreds of rows, which Rich takes its time to lay out), beside a bare interpreter
    start-up in the same run."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(nhswiring.__file__).resolve().parent.parent)
    show = [
        sys.executable,
        "-m",
        "nhswiring.entrypoints.cli",
        "show",
        code,
        "--as-at",
        day.isoformat(),
        "--database",
        url,
    ]
    bare = [sys.executable, "-c", "pass"]

    def wall(argv: list[str]) -> float:
        seconds, done = timed(lambda: subprocess.run(argv, env=env, capture_output=True))
        assert done.returncode == 0, done.stderr
        return float(seconds)

    wall(show)  # warm-up: the OS cache, the body's snapshot
    shows = [wall(show) for _ in range(runs)]
    as_json = [wall([*show, "--json"]) for _ in range(runs)]
    bares = [wall(bare) for _ in range(runs)]
    return {
        "cli_show_median_ms": median_ms(shows),
        "cli_show_json_median_ms": median_ms(as_json),
        "python_start_median_ms": median_ms(bares),
        "cli_show_body": f"{code} as at {day.isoformat()}",
    }
