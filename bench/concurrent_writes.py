"""Writers under contention: `make bench-writes` (or `python -m bench.concurrent_writes --help`).

On SQLite and on PostgreSQL, with the real register loaded (so the ledger is as long as a
fresh installation's), this measures:

- the practical limit: one writer appending one entry per transaction as fast as it can.
  Appends to a hash chain are one at a time by nature (each names the one before), so this
  is the most that any number of writers can get through together on this machine;
- 8 writers (separate processes, as 8 CLI commands or 8 server workers would be) appending
  to distinct streams at once: writes/s, latency, and the share of writes that had to wait
  and try again (none should fail: a lost race for the head is retried, bounded);
- 8 writers appending to the same stream at the version each read: exactly one must win and
  seven be refused as a conflict, with nothing half-written;
- how long one write holds the append lock at this ledger length (the whole write
  transaction, including the consistency check of the subjects it touches).

Figures are printed and written to bench/out/concurrent_writes.json; ``--write-docs`` also
replaces the writers section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import statistics
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.synthetic import generate
from bench.web_load import database
from nhswiring.domain import events as ev
from nhswiring.domain.errors import LedgerConflict
from nhswiring.domain.register import Register
from nhswiring.ledger.store import PUBLIC, NewEntry
from nhswiring.reference.history import real_history
from nhswiring.reference.rows import load_reference_data
from nhswiring.service.system import System, new_entry
from nhswiring.service.unit_of_work import UnitOfWork

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOCS = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- writers:begin -->", "<!-- writers:end -->"
DAY = date(2025, 4, 1)


@dataclass(frozen=True, slots=True)
class Figures:
    backend: str
    load: str
    writers: int
    writes: int
    failed: int
    seconds: float
    writes_per_s: float
    retried_share: float
    p50_ms: float
    p95_ms: float
    max_ms: float


def _entry(worker: int, i: int) -> NewEntry:
    """A public entry in a stream of its own (a person registered), touching one subject."""
    return new_entry(DAY, f"BENCH{worker}", ev.PersonRegistered(f"W{worker}-{i}", "Bench Person"))


def _writer(url: str, worker: int, count: int, barrier: Any, results: Any) -> None:
    system = System.connect(url)
    system.require_loaded()
    timings: list[tuple[float, int]] = []
    failed = 0
    barrier.wait()
    for i in range(count):
        started = time.perf_counter()
        try:
            recorded = system.record([_entry(worker, i)])
        except Exception:  # a failure is a finding of the benchmark, counted and reported
            failed += 1
            continue
        timings.append((time.perf_counter() - started, recorded.retries))
    results.put((timings, failed))
    system.engine.dispose()


def run_writers(backend: str, url: str, writers: int, count: int, label: str) -> Figures:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(writers + 1)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(url, w + 100 * writers, count, barrier, results))
        for w in range(writers)
    ]
    for p in procs:
        p.start()
    barrier.wait()
    started = time.perf_counter()
    gathered = [results.get(timeout=600) for _ in procs]
    seconds = time.perf_counter() - started
    for p in procs:
        p.join()
    timings = [t for batch, _ in gathered for t in batch]
    failed = sum(f for _, f in gathered)
    latencies = sorted(t * 1000 for t, _ in timings)
    return Figures(
        backend=backend,
        load=label,
        writers=writers,
        writes=len(timings),
        failed=failed,
        seconds=round(seconds, 2),
        writes_per_s=round(len(timings) / seconds, 1),
        retried_share=round(sum(1 for _, r in timings if r) / max(1, len(timings)), 4),
        p50_ms=round(statistics.median(latencies), 2),
        p95_ms=round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        max_ms=round(latencies[-1], 2),
    )


def _same_stream_writer(url: str, barrier: Any, results: Any) -> None:
    system = System.connect(url)
    with UnitOfWork(system.engine) as uow:
        version = uow.ledger.stream_versions(["bench:one-stream"]).get("bench:one-stream", 0)
    entry = new_entry(DAY, "BENCH", ev.PersonRegistered("ONE", "One Stream"))
    entry = entry._replace(stream="bench:one-stream", expected_version=version)
    barrier.wait()
    try:
        system.record([entry])
        results.put("won")
    except LedgerConflict:
        results.put("conflict")
    except Exception as exc:  # anything else is a defect the benchmark reports
        results.put(f"error: {type(exc).__name__}: {exc}")
    system.engine.dispose()


def same_stream(url: str, writers: int) -> dict[str, int]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(writers)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_same_stream_writer, args=(url, barrier, results))
        for _ in range(writers)
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join()
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o] = counts.get(o, 0) + 1
    return counts


def grow(system: System, count: int, batch: int = 5_000) -> None:
    """Lengthen the ledger with a valid synthetic history (bench/synthetic.py), so the writes
    are measured on a ledger as long as a busy installation's."""
    if count <= 0:
        return
    reference = Register().apply_all(
        (h.effective, h.event) for h in real_history(load_reference_data())
    )
    prepared = [new_entry(s.effective, s.actor, s.event) for s in generate(reference, count)]
    for i in range(0, len(prepared), batch):
        with UnitOfWork(system.engine, write=True) as uow:
            uow.ledger.append(prepared[i : i + batch])
            uow.commit()


def measure(backend: str, writers: int, count: int, extra: int) -> dict[str, Any]:
    with database(backend) as url:
        system = System.connect(url)
        loaded = system.initialise()
        grow(system, extra)
        entries = system.head()
        # What one write used to hold the lock for: a replay of the whole ledger.
        started = time.perf_counter()
        with UnitOfWork(system.engine) as uow:
            System.replay(uow, PUBLIC)
        whole_replay = time.perf_counter() - started
        system.engine.dispose()
        limit = run_writers(backend, url, 1, count * 2, "practical limit: 1 writer")
        contended = run_writers(
            backend, url, writers, count, f"{writers} writers, distinct streams"
        )
        one_stream = same_stream(url, writers)
        after = System.connect(url)
        verified = after.verify().ok
        after.engine.dispose()
    return {
        "backend": backend,
        "ledger_entries": entries,
        "load_seconds": round(loaded.seconds, 1),
        "whole_replay_seconds": round(whole_replay, 2),
        "figures": [asdict(limit), asdict(contended)],
        "same_stream": one_stream,
        "verified_after": verified,
    }


def table(runs: list[dict[str, Any]]) -> str:
    lines = [
        "| backend | load | writes | failed | writes/s | retried | p50 ms | p95 ms | max ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        for f in run["figures"]:
            lines.append(
                f"| {f['backend']} | {f['load']} | {f['writes']} | {f['failed']} "
                f"| {f['writes_per_s']} | {f['retried_share']:.1%} | {f['p50_ms']} "
                f"| {f['p95_ms']} | {f['max_ms']} |"
            )
    lines.append("")
    for run in runs:
        outcome = ", ".join(f"{v} {k}" for k, v in sorted(run["same_stream"].items()))
        lines.append(
            f"- {run['backend']}: ledger of {run['ledger_entries']:,} entries (a replay of all "
            f"of it, which every write used to do holding the lock: "
            f"{run['whole_replay_seconds']} s); 8 writers of one "
            f"stream at the same version: {outcome}; chain verified afterwards: "
            f"{'yes' if run['verified_after'] else 'NO'}."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--count", type=int, default=150, help="Writes per writer.")
    parser.add_argument(
        "--grow", type=int, default=100_000, help="Synthetic entries added to the real register."
    )
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    runs = [measure(b, args.writers, args.count, args.grow) for b in backends]
    OUT.mkdir(parents=True, exist_ok=True)
    meta = {"machine": platform.platform(), "python": platform.python_version()}
    (OUT / "concurrent_writes.json").write_text(json.dumps({"meta": meta, "runs": runs}, indent=2))
    text = table(runs)
    print(text)
    if args.write_docs:
        docs = DOCS.read_text(encoding="utf-8")
        if BEGIN in docs:
            head, _, rest = docs.partition(BEGIN)
            _, _, tail = rest.partition(END)
            DOCS.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
