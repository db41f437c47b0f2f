"""`nhswiring serve` on a fresh database: it initialises the ledger, loads the register and
reports ready on /readyz (the README's `make serve` on a fresh clone), within 60 s."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_on_an_empty_database_is_ready_within_60_seconds(tmp_path: Path) -> None:
    port = _free_port()
    exe = Path(sys.executable).parent / "nhswiring"
    env = os.environ | {"NHSWIRING_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    statuses: set[int] = set()
    try:
        while time.monotonic() - started < 60:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                response = httpx.get(f"{base}/readyz", timeout=2)
            except httpx.HTTPError:
                time.sleep(0.1)
                continue
            statuses.add(response.status_code)
            if response.status_code == 200:
                break
            assert response.status_code == 503
            assert response.headers["retry-after"] == "5"
            time.sleep(0.1)
        assert 200 in statuses, f"not ready within 60 s (saw {sorted(statuses)})"
        assert response.json()["ledger_head"] > 4000
        home = httpx.get(f"{base}/", timeout=5)
        assert home.status_code == 200
        assert "server" not in home.headers
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
