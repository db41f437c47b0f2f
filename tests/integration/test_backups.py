"""Backups that restore: JSON lines across backends (verbatim, verified, all or nothing) and
SQLite's online backup."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from nhswiring.domain.errors import InvalidInput
from nhswiring.ledger.database import make_engine, migrate
from nhswiring.ledger.store import EVERYTHING
from nhswiring.service.backup import backup_sqlite, export_jsonl, import_jsonl
from nhswiring.service.system import System
from nhswiring.service.unit_of_work import UnitOfWork
from tests.conftest import _fresh_postgres
from tests.integration.small_ledger import SIZE, build


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'source.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


def _postgres(request: pytest.FixtureRequest) -> Engine:
    engine = _fresh_postgres(request.getfixturevalue("postgres_schema_url"))
    migrate(engine)
    return engine


def _sqlite(tmp_path: Path) -> Engine:
    return make_engine(f"sqlite:///{tmp_path / 'target.db'}")


def subject_rows(engine: Engine) -> list[tuple[int, str]]:
    with engine.connect() as c:
        rows = c.execute(text("SELECT seq, code FROM ledger_subject ORDER BY seq, code"))
        return [(int(seq), str(code)) for seq, code in rows]


@pytest.mark.postgres
@pytest.mark.parametrize("direction", ["sqlite->postgresql", "postgresql->sqlite"])
def test_export_and_import_round_trip_across_backends(
    request: pytest.FixtureRequest, tmp_path: Path, direction: str
) -> None:
    if direction == "sqlite->postgresql":
        source = make_engine(f"sqlite:///{tmp_path / 'source.db'}")
        migrate(source)
        target = _fresh_postgres(request.getfixturevalue("postgres_schema_url"))
    else:
        source = _postgres(request)
        target = _sqlite(tmp_path)
    system = build(source)
    lines = list(export_jsonl(system))
    assert len(lines) == SIZE
    restored = System(target)
    head = import_jsonl(restored, lines)

    with UnitOfWork(source) as a, UnitOfWork(target) as b:
        assert b.ledger.head() == a.ledger.head() == (head.seq, head.hash)
        before = [e.to_json() for e in a.ledger.read(audience=EVERYTHING)]
        after = [e.to_json() for e in b.ledger.read(audience=EVERYTHING)]
        assert after == before
        private = b.ledger.request_entries("request-2")
    assert [(e.seq, e.visibility) for e in private] == [(4, "QHM")]
    assert subject_rows(target) == subject_rows(source)
    assert restored.verify().ok
    assert list(export_jsonl(restored)) == lines  # the copy exports the same bytes
    source.dispose()
    target.dispose()


def test_an_export_line_carries_every_column_and_the_subjects(sqlite_engine: Engine) -> None:
    [*_, private, _, last] = [json.loads(x) for x in export_jsonl(build(sqlite_engine))]
    assert private["visibility"] == "QHM"
    assert private["request_key"] == "request-2"
    assert private["request_digest"] == "b" * 64
    assert private["subjects"] == ["person:P-1"]
    assert set(last) == {
        "seq",
        "stream",
        "version",
        "effective_date",
        "recorded_at",
        "actor",
        "action_type",
        "payload",
        "verdict",
        "regime",
        "prev_hash",
        "hash",
        "visibility",
        "request_key",
        "request_digest",
        "subjects",
    }


def test_import_refuses_a_database_that_already_holds_a_ledger(sqlite_engine: Engine) -> None:
    lines = list(export_jsonl(build(sqlite_engine)))
    with pytest.raises(InvalidInput, match="already holds a ledger"):
        import_jsonl(System(sqlite_engine), lines)


def _edit(
    number: int, change: Callable[[dict[str, object]], object]
) -> Callable[[list[str]], None]:
    def edit(lines: list[str]) -> None:
        data = json.loads(lines[number - 1])
        change(data)
        lines[number - 1] = json.dumps(data) + "\n"

    return edit


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_edit(5, lambda d: d.update(actor="QHM")), "line 5: entry 5's contents do not match"),
        (_edit(4, lambda d: d.update(visibility=None)), "line 4: entry 4's contents"),
        (_edit(3, lambda d: d.update(prev_hash="0" * 64)), "line 3: entry 3's previous-hash"),
        (lambda lines: lines.pop(1), "line 2: is entry 3, but entry 2 comes next"),
        (lambda lines: lines.insert(3, "{not json\n"), "line 4: is not JSON"),
        (_edit(2, lambda d: d.pop("hash")), "line 2: is not a ledger entry"),
        (lambda lines: lines.clear(), "holds no entries"),
    ],
)
def test_import_refuses_a_bad_file_and_writes_nothing(
    sqlite_engine: Engine, tmp_path: Path, tamper: Callable[[list[str]], object], message: str
) -> None:
    lines = list(export_jsonl(build(sqlite_engine)))
    tamper(lines)
    target = System(_sqlite(tmp_path))
    with pytest.raises(InvalidInput, match=message):
        import_jsonl(target, lines)
    with UnitOfWork(target.engine) as uow:
        assert uow.ledger.count() == 0
    assert subject_rows(target.engine) == []
    target.engine.dispose()


def test_import_refuses_subjects_the_chain_does_not_imply(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    """The subjects are not hashed, so a line's may be edited undetected by its hash; the
    subject index check before commit catches it."""
    from nhswiring.domain.errors import LedgerCorrupt

    lines = list(export_jsonl(build(sqlite_engine)))
    _edit(3, lambda d: d.update(subjects=["QHM"]))(lines)
    target = System(_sqlite(tmp_path))
    with pytest.raises(LedgerCorrupt, match="subject index wrong at entry 3"):
        import_jsonl(target, lines)
    with UnitOfWork(target.engine) as uow:
        assert uow.ledger.count() == 0
    target.engine.dispose()


def test_backup_copies_a_sqlite_database_and_checks_its_head(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    system = build(sqlite_engine)
    copy = tmp_path / "backup.db"
    head = backup_sqlite(system, copy)
    assert (head.seq, head.hash) == (SIZE, system.verify().head_hash)
    assert not Path(f"{copy}-wal").exists()  # one self-contained file
    copied = System.connect(f"sqlite:///{copy}")
    assert copied.verify().ok
    copied.engine.dispose()
    with pytest.raises(InvalidInput, match="already exists; choose a new file name, or add"):
        backup_sqlite(system, copy)
    assert backup_sqlite(system, copy, force=True) == head
    assert not (tmp_path / "backup.db.partial").exists()


@pytest.mark.postgres
def test_backup_refuses_postgresql_and_points_to_pg_dump(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    engine = _postgres(request)
    with pytest.raises(InvalidInput, match="pg_dump"):
        backup_sqlite(System(engine), tmp_path / "backup.db")
    assert not (tmp_path / "backup.db").exists()
    engine.dispose()
