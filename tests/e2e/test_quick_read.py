"""``nhswiring show`` on a SQLite file reads through ``sqlite3`` alone
(``service/quick_read.py``): the same answer as the full read through SQLAlchemy, for any
body, date and audience; it declines whatever it cannot serve; it never writes; and it loads
neither SQLAlchemy nor Pydantic, which is what makes it quick."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import make_url

import nhswiring
from nhswiring.domain import events as ev
from nhswiring.domain.bodies import Body, BodyKind
from nhswiring.domain.people import Role
from nhswiring.domain.register import Register
from nhswiring.domain.time import REGISTER_START
from nhswiring.entrypoints import read_commands
from nhswiring.law.function_catalogue import CATALOGUE
from nhswiring.ledger.audience import PUBLIC, Audience
from nhswiring.ledger.database import make_engine, migrate
from nhswiring.ledger.sqlite_source import sqlite_path
from nhswiring.ledger.store import NewEntry
from nhswiring.service.quick_read import quick_register_for
from nhswiring.service.replay import replay
from nhswiring.service.snapshot_fold import REFRESH_AFTER
from nhswiring.service.system import System, new_entry
from nhswiring.service.unit_of_work import UnitOfWork
from nhswiring.service.views import show_body
from tests.e2e.test_law_cli import cli

QHM = Audience.of("QHM")


@pytest.fixture
def url(loaded_sqlite_url: str, tmp_path: Path) -> str:
    """A copy of the loaded database without snapshots (reads here take them)."""
    target = tmp_path / "quick.db"
    shutil.copyfile(Path(loaded_sqlite_url.removeprefix("sqlite:///")), target)
    with sqlite3.connect(target) as connection:
        connection.execute("DELETE FROM register_snapshot")
    connection.close()
    return f"sqlite:///{target}"


class Paths:
    """``show`` by either path: ``quick`` must be served by the quick read, ``full`` never
    is (the quick read is switched off)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
        self.capsys = capsys
        self.quick_on = True
        self.served: list[bool] = []
        real = quick_register_for

        def spy(database: str | None, code: str, audience: Audience) -> Register | None:
            register = real(database, code, audience) if self.quick_on else None
            self.served.append(register is not None)
            return register

        monkeypatch.setattr(read_commands, "quick_register_for", spy)

    def _show(self, url: str, args: tuple[str, ...]) -> str:
        code, out, err = cli(self.capsys, "show", *args, "--json", "--database", url)
        return out if code == 0 else f"exit {code}: {err}"

    def full(self, url: str, *args: str) -> str:
        self.quick_on = False
        try:
            return self._show(url, args)
        finally:
            self.quick_on = True

    def quick(self, url: str, *args: str) -> str:
        out = self._show(url, args)
        assert self.served[-1], f"the quick read declined show {' '.join(args)}"
        return out


@pytest.fixture
def paths(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Paths:
    return Paths(monkeypatch, capsys)


def _sample(register: Register) -> list[tuple[str, str]]:
    """Bodies of every kind, each on days it exists (its first day in the register, and a
    day within its life), with a few chosen for their history (many lives, successors,
    members)."""
    by_kind: dict[BodyKind, list[Body]] = {}
    for code in sorted(register.codes()):
        for life in register.lives(code)[:1]:
            by_kind.setdefault(life.kind, []).append(life)
    picks: list[tuple[str, str]] = []
    for bodies in by_kind.values():
        for body in bodies[:: max(1, len(bodies) // 6)][:6]:
            first = max(body.start, REGISTER_START)
            if body.end is not None and first >= body.end:
                continue
            picks.append((body.code, first.isoformat()))
            later = first + timedelta(days=400)
            if body.end is None or later < body.end:
                picks.append((body.code, later.isoformat()))
    for code in ("QHM", "RR8", "00L", "Y63", "NHSE", "TAD"):
        picks.append((code, "2023-01-01"))
    return picks


def _append(url: str, entries: list[NewEntry]) -> None:
    system = System.connect(url)
    with UnitOfWork(system.engine, write=True) as uow:
        uow.ledger.append(entries)
        uow.commit()
    system.engine.dispose()


def _fresh(url: str, code: str, day: date, audience: Audience = PUBLIC) -> Any:
    """``show`` of a fold of the ledger alone (no snapshot): the truth."""
    system = System.connect(url)
    with UnitOfWork(system.engine) as uow:
        entries = uow.ledger.read(subject=code, by_effective_date=True, audience=audience)
        register = replay(entries, partial=True)
    system.engine.dispose()
    return json.loads(json.dumps(show_body(register, code, day, CATALOGUE), default=str))


def test_show_json_is_the_same_by_either_path_for_many_bodies_and_dates(
    url: str, paths: Paths, register: Register
) -> None:
    picks = _sample(register)
    assert len({code for code, _ in picks}) > 40
    for code, day in picks:
        full = paths.full(url, code, "--as-at", day)  # ... which takes the body's snapshot
        assert paths.quick(url, code, "--as-at", day) == full, (code, day)
    assert paths.quick(url, "QHM") == paths.full(url, "QHM")  # today, by default
    unknown = paths.full(url, "NOSUCH")
    assert unknown.startswith("exit 2: error: code: 'NOSUCH' is not in the register")
    assert paths.quick(url, "NOSUCH") == unknown


def test_a_tail_since_the_snapshot_and_an_organisations_entries_read_alike(
    url: str, paths: Paths
) -> None:
    for audience in ((), ("--organisation", "QHM")):
        paths.full(url, "QHM", *audience)  # the snapshots the tail lands on
        paths.full(url, "RR8", *audience)
    day = date(2026, 1, 2)
    tail = [
        new_entry(day, "QHM", ev.AppointmentMade(f"A-Q{i}", "P-1", Role.CHAIR, ("QHM",)))
        for i in range(5)
    ]
    private = ev.ContractAwarded("C-PRIV", "QHM", "RR8", "maternity", Decimal(1000), day)
    _append(url, [*tail, new_entry(day, "QHM", private, visibility="QHM")])
    for code in ("QHM", "RR8"):
        for audience, who in (((), PUBLIC), (("--organisation", "QHM"), QHM)):
            for args in ((code, "--as-at", "2026-01-02"), (code, "--as-at", "2022-08-01")):
                quick = paths.quick(url, *args, *audience)
                assert quick == paths.full(url, *args, *audience), (args, audience)
                truth = _fresh(url, code, date.fromisoformat(args[2]), who)
                assert json.loads(quick) == truth, (args, audience)
    seen = json.loads(paths.quick(url, "RR8", "--as-at", "2026-01-02", "--organisation", "QHM"))
    assert "C-PRIV" in [c["id"] for c in seen["contracts"]]
    public = json.loads(paths.quick(url, "RR8", "--as-at", "2026-01-02"))
    assert "C-PRIV" not in [c["id"] for c in public["contracts"]]


def _appointments(day: date, code: str, count: int, tag: str) -> list[NewEntry]:
    return [
        new_entry(day, code, ev.AppointmentMade(f"A-{tag}{i}", "P-1", Role.CHAIR, (code,)))
        for i in range(count)
    ]


def test_the_quick_read_declines_until_the_full_read_has_taken_a_snapshot(url: str) -> None:
    assert quick_register_for(url, "QHM", PUBLIC) is None  # no snapshot yet
    System.connect(url).register_for("QHM")  # takes it
    assert quick_register_for(url, "QHM", PUBLIC) is not None
    assert quick_register_for(url, "QHM", QHM) is None  # each audience its own snapshot


def test_a_long_tail_or_a_back_dated_entry_is_left_to_the_full_read(url: str) -> None:
    system = System.connect(url)
    system.register_for("QHM")
    day = date(2026, 2, 1)
    _append(url, _appointments(day, "QHM", REFRESH_AFTER["subject"] - 1, "SHORT"))
    assert quick_register_for(url, "QHM", PUBLIC) is not None
    _append(url, _appointments(day, "QHM", 1, "LONG"))  # the snapshot is now due again
    assert quick_register_for(url, "QHM", PUBLIC) is None
    system.register_for("QHM")  # takes it again
    assert quick_register_for(url, "QHM", PUBLIC) is not None
    _append(url, _appointments(date(2015, 1, 1), "QHM", 1, "BACK"))
    assert quick_register_for(url, "QHM", PUBLIC) is None


def _url_of(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.mark.parametrize(
    "make",
    [
        lambda tmp: "postgresql+psycopg://nobody@127.0.0.1:1/none",
        lambda tmp: _url_of(tmp / "missing.db"),
        lambda tmp: "sqlite://",
        lambda tmp: "sqlite:///:memory:",
        lambda tmp: _url_of(tmp / "quick.db") + "?timeout=1",
    ],
    ids=["postgresql", "missing file", "memory", "memory by name", "options"],
)
def test_the_quick_read_declines_other_databases(
    url: str, tmp_path: Path, make: Callable[[Path], str]
) -> None:
    System.connect(url).register_for("QHM")
    assert quick_register_for(make(tmp_path), "QHM", PUBLIC) is None
    assert not (tmp_path / "missing.db").exists()  # asking never creates a file


def test_the_quick_read_declines_a_file_it_cannot_read(url: str, tmp_path: Path) -> None:
    not_a_database = tmp_path / "text.db"
    not_a_database.write_text("hello\n" * 100)
    assert quick_register_for(_url_of(not_a_database), "QHM", PUBLIC) is None
    empty = tmp_path / "empty.db"
    migrate(make_engine(_url_of(empty)))
    assert quick_register_for(_url_of(empty), "QHM", PUBLIC) is None
    System.connect(url).register_for("QHM")
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        connection.execute("DROP TABLE register_snapshot")
    connection.close()
    assert quick_register_for(url, "QHM", PUBLIC) is None


def test_the_quick_read_writes_nothing_and_leaves_no_files(url: str, paths: Paths) -> None:
    paths.full(url, "QHM")
    path = Path(url.removeprefix("sqlite:///"))
    before = hashlib.sha256(path.read_bytes()).hexdigest(), sorted(os.listdir(path.parent))
    paths.quick(url, "QHM")
    paths.quick(url, "QHM", "--as-at", "2023-01-01")
    after = hashlib.sha256(path.read_bytes()).hexdigest(), sorted(os.listdir(path.parent))
    assert after == before  # not a byte changed, and no -wal or -shm left behind
    paths._show(url, ("RR8",))  # no snapshot: declined, and read in full (which takes one)
    assert paths.served[-1] is False
    with sqlite3.connect(path) as connection:
        scopes = [r[0] for r in connection.execute("SELECT scope FROM register_snapshot")]
    connection.close()
    assert sorted(scopes) == ["subject:QHM", "subject:RR8"]  # the full reads' alone


_PATH_TEXT = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00/"), min_size=1, max_size=12
)


@given(parts=st.lists(_PATH_TEXT, min_size=1, max_size=3), absolute=st.booleans())
def test_the_file_of_a_url_is_the_one_sqlalchemy_opens(parts: list[str], absolute: bool) -> None:
    url = "sqlite:///" + ("/" if absolute else "") + "/".join(parts)
    found = sqlite_path(url)
    if found is not None:
        assert str(found) == str(Path(make_url(url).database or ""))


def test_show_in_a_fresh_process_loads_neither_sqlalchemy_nor_pydantic(url: str) -> None:
    System.connect(url).register_for("QHM", as_at=date(2023, 1, 1))  # its snapshot
    probe = (
        "import sys\n"
        "from nhswiring.entrypoints.cli import run\n"
        f"code = run(['show', 'QHM', '--as-at', '2023-01-01', '--database', {url!r}])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'pydantic'})\n"
        "print('LOADED', heavy, code)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(nhswiring.__file__).parents[1]))
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "LOADED [] 0" in done.stdout, done.stdout
    assert "NHS England" in done.stdout or "QHM" in done.stdout
