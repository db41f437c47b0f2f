"""Readers keep the register they have while one rebuild at a time brings it up to date."""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path

from nhswiring.domain import events as ev
from nhswiring.ledger.store import PUBLIC, Audience
from nhswiring.service.register_cache import RegisterCache
from nhswiring.service.system import System, new_entry


def _system(loaded_sqlite_url: str, tmp_path: Path) -> System:
    target = tmp_path / "cache.db"
    shutil.copyfile(Path(loaded_sqlite_url.removeprefix("sqlite:///")), target)
    return System.connect(f"sqlite:///{target}")


def _a_person(system: System, pid: str, visibility: str | None = None) -> None:
    system.record(
        [
            new_entry(
                date(2025, 1, 1), "QHM", ev.PersonRegistered(pid, "A Person"), visibility=visibility
            )
        ]
    )


def test_a_write_is_seen_after_one_background_rebuild(
    loaded_sqlite_url: str, tmp_path: Path
) -> None:
    system = _system(loaded_sqlite_url, tmp_path)
    cache = RegisterCache(system, check_every=0)
    first = cache.snapshot()
    assert first.head == system.head()
    assert cache.rebuilds == 1
    _a_person(system, "P-NEW")
    stale = cache.snapshot()  # answers at once from the snapshot it has
    assert stale is first
    assert stale.register.person("P-NEW") is None
    deadline = time.monotonic() + 10
    while cache.snapshot().head != system.head():
        assert time.monotonic() < deadline, "the rebuild never landed"
        time.sleep(0.02)
    fresh = cache.snapshot()
    assert fresh.register.person("P-NEW") is not None
    assert cache.rebuilds == 2  # one rebuild, however many readers asked meanwhile


def test_reads_without_a_write_do_not_rebuild(loaded_sqlite_url: str, tmp_path: Path) -> None:
    cache = RegisterCache(_system(loaded_sqlite_url, tmp_path), check_every=0)
    for _ in range(50):
        cache.snapshot()
    assert cache.rebuilds == 1


def test_each_audience_sees_only_what_it_may(loaded_sqlite_url: str, tmp_path: Path) -> None:
    system = _system(loaded_sqlite_url, tmp_path)
    _a_person(system, "P-QHM", visibility="QHM")
    cache = RegisterCache(system)
    assert cache.snapshot(PUBLIC).register.person("P-QHM") is None
    assert cache.snapshot(Audience.of("QOP")).register.person("P-QHM") is None
    assert cache.snapshot(Audience.of("QHM")).register.person("P-QHM") is not None
