"""Load on the web app and JSON API: `make bench-web` (or `python -m bench.web_load --help`).

Starts `nhswiring serve` on 127.0.0.1 (loopback only) over a scratch SQLite database and a
scratch PostgreSQL schema, and drives it with httpx's asyncio client, bounded in requests and
in time:

- the practical limit: closed-loop requests to `/healthz` (no work behind it) with 50 clients,
  the most this server stack answers on this machine in the same run;
- API reads, 50 clients paced to 100 requests/s (open loop: latency counts from when each
  request was due, so a slow server cannot hide its queue), target p99 < 100 ms;
- the same while a provider selection step is written every 2 s through the API (a case
  opened by an editor of QHM), target p99 < 250 ms;
- pages, 50 clients paced to 25 requests/s, target p99 < 250 ms;
- closed-loop API read throughput, 50 clients, as fast as the server answers.

Figures are printed and written to `bench/out/web_load.json`; `--write-docs` also replaces
the web section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
from sqlalchemy import text

from nhswiring.ledger.database import make_engine
from nhswiring.service.accounts import Accounts
from nhswiring.service.system import System

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOCS = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- web-load:begin -->", "<!-- web-load:end -->"
POSTGRES_URL = os.environ.get(
    "NHSWIRING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

API_READS = [
    "/api/v1/bodies/QHM?as_at=2023-01-01",
    "/api/v1/bodies/00L?as_at=2019-04-01",
    "/api/v1/bodies?kind=icb&as_at=2023-01-01&limit=50",
    "/api/v1/who-commissions?function=commission_specialised_services&area=E08000025&as_at=2024-06-01",
    "/api/v1/bodies/RR8/history",
    "/api/v1/regimes",
]
PAGES = [
    "/",
    "/bodies/QHM?as_at=2023-01-01",
    "/bodies?kind=icb&as_at=2023-01-01",
    "/who-commissions?function=commission_specialised_services&area=E08000025&as_at=2024-06-01",
    "/bodies/QHM/graph?as_at=2023-01-01",
]


@dataclass(frozen=True, slots=True)
class Figures:
    name: str
    requests: int
    errors: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    target_p99_ms: float | None = None

    @property
    def met(self) -> str:
        if self.target_p99_ms is None:
            return ""
        return "yes" if self.p99_ms < self.target_p99_ms and not self.errors else "**no**"


def _percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))
    return round(ordered[index] * 1000, 1)


def _figures(
    name: str, latencies: list[float], errors: int, seconds: float, target: float | None
) -> Figures:
    return Figures(
        name=name,
        requests=len(latencies) + errors,
        errors=errors,
        seconds=round(seconds, 2),
        per_second=round((len(latencies) + errors) / seconds, 1),
        p50_ms=_percentile(latencies, 0.50),
        p95_ms=_percentile(latencies, 0.95),
        p99_ms=_percentile(latencies, 0.99),
        max_ms=round(max(latencies, default=0.0) * 1000, 1),
        target_p99_ms=target,
    )


async def paced(
    client: httpx.AsyncClient, urls: Sequence[str], *, clients: int, rate: float, seconds: float
) -> tuple[list[float], int, float]:
    """Open loop: request i is due at start + i/rate; ``clients`` workers take them in
    turn; latency runs from the due time (so queueing inside the server counts)."""
    total = int(rate * seconds)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(i)
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter() + 0.05
    rng = random.Random(7)
    plan = [rng.choice(urls) for _ in range(total)]

    async def worker() -> None:
        nonlocal errors
        while True:
            try:
                i = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                response = await client.get(plan[i])
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - due)
            else:
                errors += 1

    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - start


async def closed_loop(
    client: httpx.AsyncClient, urls: Sequence[str], *, clients: int, seconds: float
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()

    async def worker(offset: int) -> None:
        nonlocal errors
        i = offset
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                response = await client.get(urls[i % len(urls)])
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - sent)
            else:
                errors += 1
            i += 1

    await asyncio.gather(*(worker(n) for n in range(clients)))
    return latencies, errors, time.perf_counter() - start


async def write_steps(client: httpx.AsyncClient, token: str, stop: asyncio.Event) -> list[float]:
    """A provider selection step every 2 s: QHM opens a new case (one transaction: the
    step and the decision-maker, private to QHM)."""
    took: list[float] = []
    n = 0
    while not stop.is_set():
        n += 1
        body = {
            "reference": f"BENCH-{uuid.uuid4().hex[:8]}",
            "service": "Community nursing (benchmark)",
            "cpv_codes": ["85323000-9"],
            "estimated_value": "1200000",
            "decision_makers": {"NE1": "Ann Lowe"},
            "date": "2025-05-01",
            "by": "NE1",
        }
        sent = time.perf_counter()
        response = await client.post(
            "/api/v1/cases", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        if response.status_code != 201:
            raise SystemExit(f"writer: {response.status_code} {response.text[:300]}")
        took.append(time.perf_counter() - sent)
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=2.0)
    return took


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(url: str, workers: int) -> Iterator[str]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {"NHSWIRING_DATABASE_URL": url}
    exe = Path(sys.executable).parent / "nhswiring"
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise SystemExit(
                    f"server exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}"
                )
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server not ready within 90 s")
            time.sleep(0.25)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def prepare(url: str) -> str:
    """Initialise the ledger and make an editor of QHM with a write token."""
    system = System.connect(url)
    system.initialise()
    accounts = Accounts(system.engine)
    email = f"bench-{uuid.uuid4().hex[:6]}@example.nhs.uk"
    accounts.add_user("QHM", email, "editor", "benchmark-password-1")
    _, token = accounts.create_token(email, ["cases:read", "cases:write"], "bench")
    system.engine.dispose()
    return token


async def run_backend(base: str, token: str, seconds: float) -> list[Figures]:
    limits = httpx.Limits(max_connections=60, max_keepalive_connections=60)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as client:
        for url in API_READS + PAGES:  # warm every snapshot and template once
            (await client.get(url)).raise_for_status()
        out = []
        lat, err, took = await closed_loop(
            client, ["/healthz"], clients=50, seconds=min(5, seconds)
        )
        out.append(
            _figures("practical limit: closed-loop /healthz, 50 clients", lat, err, took, None)
        )
        lat, err, took = await paced(client, API_READS, clients=50, rate=100, seconds=seconds)
        out.append(_figures("API reads, 50 clients paced to 100/s", lat, err, took, 100))
        stop = asyncio.Event()
        writer = asyncio.create_task(write_steps(client, token, stop))
        lat, err, took = await paced(client, API_READS, clients=50, rate=100, seconds=seconds)
        stop.set()
        writes = await writer
        out.append(
            _figures(
                f"API reads, 100/s, with a PSR step every 2 s ({len(writes)} steps, "
                f"median {_percentile(writes, 0.5)} ms)",
                lat,
                err,
                took,
                250,
            )
        )
        lat, err, took = await paced(client, PAGES, clients=50, rate=25, seconds=seconds)
        out.append(_figures("pages, 50 clients paced to 25/s", lat, err, took, 250))
        lat, err, took = await closed_loop(client, API_READS, clients=50, seconds=min(10, seconds))
        out.append(_figures("closed-loop API reads, 50 clients", lat, err, took, None))
    return out


@contextmanager
def database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        scratch = Path(tempfile.mkdtemp(prefix="nhswiring-web-"))
        try:
            yield f"sqlite:///{scratch / 'bench.db'}"
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return
    schema = f"nhswiring_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def table(results: dict[str, list[Figures]]) -> str:
    lines = [
        "| backend | load | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms "
        "| target p99 | met? |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for backend, figures in results.items():
        for f in figures:
            target = f"< {f.target_p99_ms:.0f} ms" if f.target_p99_ms else ""
            lines.append(
                f"| {backend} | {f.name} | {f.requests:,} | {f.errors} | {f.per_second:,.1f} | "
                f"{f.p50_ms} | {f.p95_ms} | **{f.p99_ms}** | {f.max_ms} | {target} | {f.met} |"
            )
    return "\n".join(lines)


def write_docs(markdown: str) -> None:
    text_ = DOCS.read_text(encoding="utf-8")
    section = f"{BEGIN}\n{markdown}\n{END}"
    if BEGIN in text_:
        head, rest = text_.split(BEGIN, 1)
        text_ = head + section + rest.split(END, 1)[1]
    else:
        text_ = text_.rstrip() + "\n\n## The web app and JSON API under load\n\n" + section + "\n"
    DOCS.write_text(text_, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=20.0, help="Length of each paced run.")
    parser.add_argument("--workers", type=int, default=1, help="Server worker processes.")
    parser.add_argument("--write-docs", action="store_true", help="Update docs/performance.md.")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results: dict[str, list[Figures]] = {}
    for backend in backends:
        with database(backend) as url:
            token = prepare(url)
            with server(url, args.workers) as base:
                results[backend] = asyncio.run(run_backend(base, token, args.seconds))
        print(table({backend: results[backend]}), flush=True)
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    markdown = (
        f"Measured by `bench/web_load.py` (`make bench-web`) on {machine}: one `nhswiring serve` "
        f"process ({args.workers} worker) on 127.0.0.1, httpx asyncio clients in a second "
        f"process, {args.seconds:.0f} s per paced run. Latency of paced runs counts from when "
        "each request was due. The practical limit is the same server answering `/healthz` "
        "(no work) as fast as it can, in the same run.\n\n" + table(results)
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "web_load.json").write_text(
        json.dumps({k: [asdict(f) for f in v] for k, v in results.items()}, indent=2)
    )
    if args.write_docs:
        write_docs(markdown)
        print(f"wrote {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
