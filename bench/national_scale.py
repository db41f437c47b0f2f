"""National-scale benchmark: `make bench` (or `python -m bench.national_scale --help`).

Generates a synthetic history of appointments, delegations and contracts over the real bodies
(1,000,000 ledger entries over ten years by default), records it through the ledger and
prints each figure beside its target and the practical limit measured in the same run: append
throughput against a raw sqlite3 executemany of the very same rows; replay against a raw scan
of the same rows; the register's snapshot (taking it, starting a process from it); "as at"
for one body warm (in memory) and cold (from its snapshot, first read, after a tail), and for
the whole system; and `nhswiring show CODE` in a fresh process against a bare interpreter
start. Figures are also written as JSON for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.read_paths import cli_wall, cold_reads, raw_scan, snapshot_figures
from bench.synthetic import START, YEARS, generate
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.register import Register
from nhswiring.law.function_catalogue import CATALOGUE
from nhswiring.ledger.database import make_engine, migrate
from nhswiring.reference.history import real_history
from nhswiring.reference.rows import load_reference_data
from nhswiring.service.system import System, new_entry
from nhswiring.service.unit_of_work import UnitOfWork
from nhswiring.service.views import counts_by_kind, show_body


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def _p95_ms(samples: list[float]) -> float:
    return round(sorted(samples)[int(len(samples) * 0.95) - 1] * 1000, 3)


def raw_sqlite_baseline(source: Path, target: Path, batch: int) -> tuple[int, float, float]:
    """Insert the rows our ledger stored, as they are, with sqlite3's executemany: the rows,
    the wall-clock seconds and the CPU seconds of this process (SQLite runs in-process)."""
    migrate(make_engine(f"sqlite:///{target}"))
    src = sqlite3.connect(source)
    entries = src.execute("SELECT * FROM ledger_entry ORDER BY seq").fetchall()
    subjects = src.execute("SELECT code, seq FROM ledger_subject ORDER BY seq").fetchall()
    src.close()
    by_seq: dict[int, list[tuple[Any, ...]]] = {}
    for code, seq in subjects:
        by_seq.setdefault(seq, []).append((code, seq))
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    marks = ",".join("?" * len(entries[0]))
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(entries), batch):
        chunk = entries[i : i + batch]
        db.execute("BEGIN")
        db.executemany(f"INSERT INTO ledger_entry VALUES ({marks})", chunk)
        db.executemany(
            "INSERT INTO ledger_subject (code, seq) VALUES (?, ?)",
            [s for row in chunk for s in by_seq.get(row[0], [])],
        )
        db.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    db.close()
    return len(entries), elapsed, cpu


def run(entries: int, batch: int, seed: int, out: Path, samples: int) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    ledger_db, raw_db = out / "bench-ledger.db", out / "bench-raw.db"
    for path in (ledger_db, raw_db):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"building the real register and {entries:,} synthetic entries (seed {seed}) ...")
    reference = Register().apply_all(
        (h.effective, h.event) for h in real_history(load_reference_data())
    )
    gen_s, synthetic = _timed(lambda: list(generate(reference, entries, seed)))
    system = System.connect(f"sqlite:///{ledger_db}")
    system.initialise()

    print("turning events into ledger entries ...")
    convert_s, prepared = _timed(
        lambda: [new_entry(s.effective, s.actor, s.event) for s in synthetic]
    )
    print("appending through the ledger ...")

    def append_all() -> None:
        for i in range(0, len(prepared), batch):
            with UnitOfWork(system.engine) as uow:
                uow.ledger.append(prepared[i : i + batch])
                uow.commit()

    append_cpu = time.process_time()
    append_s, _ = _timed(append_all)
    append_cpu = time.process_time() - append_cpu
    system.engine.dispose()
    print("appending the same rows with raw sqlite3 executemany ...")
    raw_rows, raw_s, raw_cpu = raw_sqlite_baseline(ledger_db, raw_db, batch)

    print("replaying the whole ledger; a raw scan of the same rows; the snapshot ...")
    cold = System.connect(f"sqlite:///{ledger_db}")
    scan_rows, scan_s = raw_scan(ledger_db)
    snapshots = snapshot_figures(cold)
    register = cold.register()  # from the snapshot just taken
    total = register.events_applied

    rng = random.Random(seed)
    codes = [
        b.code
        for b in reference.bodies(
            date(2020, 1, 1), [BodyKind.CCG, BodyKind.NHS_TRUST, BodyKind.FOUNDATION_TRUST]
        )
    ]
    codes += [b.code for b in reference.bodies(date(2024, 1, 1), [BodyKind.ICB])]

    def random_day() -> date:
        return START + timedelta(days=rng.randrange(YEARS * 365))

    def body_and_day() -> tuple[str, date]:
        while True:
            code, day = rng.choice(codes), random_day()
            if register.body(code, day) is not None:
                return code, day

    def time_warm(code: str, day: date) -> float:
        return _timed(lambda: show_body(register, code, day, CATALOGUE))[0]

    def time_whole(day: date) -> float:
        def everything() -> int:
            counts_by_kind(register, day)
            return (
                len(register.bodies(day))
                + len(register.delegations(day))
                + len(register.appointments(day))
                + len(register.contracts(day))
            )

        return _timed(everything)[0]

    print("timing 'as at' for one body (warm, in memory) ...")
    warm = [time_warm(*body_and_day()) for _ in range(samples)]
    print("timing 'as at' for the whole system ...")
    whole = [time_whole(random_day()) for _ in range(20)]
    print("timing 'as at' for one body (cold: its snapshot and the entries about it since) ...")
    cold_one = cold_reads(cold, [body_and_day() for _ in range(max(samples // 5, 20))])
    print("timing `nhswiring show CODE` in fresh processes ...")
    cli = cli_wall(f"sqlite:///{ledger_db}", *body_and_day())

    results = {
        "machine": f"{platform.machine()} {platform.processor() or ''} "
        f"Python {platform.python_version()}".strip(),
        "entries": total,
        "synthetic_entries": entries,
        "batch": batch,
        "generation_s": round(gen_s, 2),
        "events_to_entries_s": round(convert_s, 2),
        "append_s": round(append_s, 2),
        "append_per_s": round(entries / append_s),
        "raw_sqlite_rows": raw_rows,
        "raw_sqlite_s": round(raw_s, 2),
        "raw_sqlite_per_s": round(raw_rows / raw_s),
        "append_vs_raw": round((entries / append_s) / (raw_rows / raw_s), 3),
        # CPU seconds of this process: the same ratio with other processes' load taken out
        "append_cpu_vs_raw_cpu": round((entries / append_cpu) / (raw_rows / raw_cpu), 3),
        "end_to_end_per_s": round(entries / (append_s + convert_s)),
        "replay_s": snapshots["replay_s"],
        "replay_per_s": round(snapshots["entries"] / snapshots["replay_s"]),
        "raw_scan_per_s": round(scan_rows / scan_s),
        "replay_vs_raw_scan": round(
            snapshots["entries"] / snapshots["replay_s"] / (scan_rows / scan_s), 3
        ),
        "snapshot_take_s": snapshots["snapshot_take_s"],
        "snapshot_mb": snapshots["snapshot_mb"],
        "start_from_snapshot_s": snapshots["start_from_snapshot_s"],
        "one_body_warm_median_ms": _median_ms(warm),
        "one_body_warm_p95_ms": _p95_ms(warm),
        "one_body_cold_median_ms": cold_one["from_snapshot_median_ms"],
        "one_body_cold_first_read_median_ms": cold_one["first_read_median_ms"],
        "one_body_cold_after_tail_median_ms": cold_one["from_snapshot_and_tail_median_ms"],
        "whole_system_median_ms": _median_ms(whole),
        "whole_system_max_ms": round(max(whole) * 1000, 1),
        **cli,
    }
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    return results


#: Each figure's target and the same-run practical limit it is read against.
TARGETS: dict[str, tuple[str, float]] = {
    "append_vs_raw": (">=", 0.5),
    "replay_per_s": (">=", 100_000),
    "one_body_cold_median_ms": ("<", 20),
    "one_body_cold_after_tail_median_ms": ("<", 20),
    "one_body_warm_median_ms": ("<", 20),
    "whole_system_median_ms": ("<", 1000),
    "cli_show_median_ms": ("<", 300),
    "cli_show_json_median_ms": ("<", 300),
}
LIMITS = {
    "append_per_s": "raw_sqlite_per_s",
    "append_vs_raw": "raw_sqlite_per_s",
    "replay_per_s": "raw_scan_per_s",
    "cli_show_median_ms": "python_start_median_ms",
    "cli_show_json_median_ms": "python_start_median_ms",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args(argv)
    results = run(args.entries, args.batch, args.seed, args.out, args.samples)
    width = max(len(k) for k in results)
    for key, value in results.items():
        notes = []
        if key in LIMITS:
            notes.append(f"same run: {LIMITS[key]} {results[LIMITS[key]]}")
        if key in TARGETS:
            op, limit = TARGETS[key]
            met = value >= limit if op == ">=" else value < limit
            notes.append(f"target {op} {limit:g}: {'met' if met else 'NOT MET'}")
        print(f"{key:<{width}}  {value}" + (f"  ({'; '.join(notes)})" if notes else ""))


if __name__ == "__main__":
    main()
