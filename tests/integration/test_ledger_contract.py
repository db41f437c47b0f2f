"""The ledger contract, run identically on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from nhswiring.domain.errors import LedgerConflict
from nhswiring.ledger.hashing import GENESIS_HASH
from nhswiring.ledger.store import Ledger, NewEntry, SequenceRaced
from nhswiring.service.unit_of_work import UnitOfWork


def entry(stream: str = "QHM", n: int = 0, **kw: object) -> NewEntry:
    return NewEntry(
        stream=stream,
        effective_date=date(2022, 7, 1),
        actor="NHSE",
        action_type="body.renamed",
        payload={"code": stream, "name": f"name {n}", "ünïcode": "✓"},
        subjects=(stream, "Y63"),
        **kw,  # type: ignore[arg-type]
    )


def append(engine: Engine, entries: list[NewEntry]) -> None:
    with UnitOfWork(engine) as uow:
        uow.ledger.append(entries)
        uow.commit()


def test_append_assigns_sequence_versions_and_chains_hashes(engine: Engine) -> None:
    append(engine, [entry("QHM", 1), entry("QHM", 2), entry("QOP", 3)])
    with UnitOfWork(engine) as uow:
        rows = list(uow.ledger.read())
    assert [r.seq for r in rows] == [1, 2, 3]
    assert [(r.stream, r.version) for r in rows] == [("QHM", 1), ("QHM", 2), ("QOP", 1)]
    assert rows[0].prev_hash == GENESIS_HASH
    assert rows[1].prev_hash == rows[0].hash
    assert rows[2].prev_hash == rows[1].hash
    assert rows[0].payload["ünïcode"] == "✓"
    assert rows[0].recorded_at.tzinfo is not None


def test_read_by_subject_finds_every_entry_touching_a_body(engine: Engine) -> None:
    append(engine, [entry("QHM", 1), entry("QOP", 2)])
    with UnitOfWork(engine) as uow:
        assert [r.stream for r in uow.ledger.read(subject="Y63")] == ["QHM", "QOP"]
        assert [r.stream for r in uow.ledger.read(subject="QOP")] == ["QOP"]


def test_replay_order_is_effective_date_then_sequence(engine: Engine) -> None:
    late = NewEntry("A", date(2023, 1, 1), "NHSE", "t", {})
    early = NewEntry("B", date(2014, 1, 1), "NHSE", "t", {})
    append(engine, [late, early])
    with UnitOfWork(engine) as uow:
        assert [r.stream for r in uow.ledger.read(by_effective_date=True)] == ["B", "A"]


def test_known_at_hides_entries_recorded_later(engine: Engine) -> None:
    first = datetime(2024, 1, 1, tzinfo=UTC)
    with UnitOfWork(engine) as uow:
        uow.ledger.append([entry("QHM", 1)], recorded_at=first)
        uow.ledger.append([entry("QHM", 2)], recorded_at=datetime(2025, 1, 1, tzinfo=UTC))
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert len(list(uow.ledger.read(known_at=first))) == 1
        assert len(list(uow.ledger.read())) == 2


def test_verify_passes_on_an_untouched_ledger(engine: Engine) -> None:
    append(engine, [entry("QHM", i) for i in range(50)])
    with UnitOfWork(engine) as uow:
        report = uow.ledger.verify()
    assert report.ok
    assert report.checked == 50


def test_updates_and_deletes_are_refused_by_the_database(engine: Engine) -> None:
    append(engine, [entry("QHM", 1)])
    for statement in ("UPDATE ledger_entry SET actor = 'X'", "DELETE FROM ledger_entry"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as c:
            c.execute(text(statement))
    with UnitOfWork(engine) as uow:
        assert uow.ledger.count() == 1


def _disable_guards(engine: Engine) -> None:
    with engine.begin() as c:
        if engine.dialect.name == "sqlite":
            for trigger in ("entry_no_update", "entry_no_delete", "subject_no_update"):
                c.execute(text(f"DROP TRIGGER ledger_{trigger}"))
            c.execute(text("DROP TRIGGER ledger_subject_no_delete"))
        else:
            c.execute(text("ALTER TABLE ledger_entry DISABLE TRIGGER USER"))
            c.execute(text("ALTER TABLE ledger_subject DISABLE TRIGGER USER"))


@pytest.mark.parametrize(
    ("tamper", "broken_at", "reason"),
    [
        ('UPDATE ledger_entry SET payload = \'{"code":"QHM"}\' WHERE seq = 3', 3, "contents"),
        ("UPDATE ledger_entry SET effective_date = '2020-01-01' WHERE seq = 2", 2, "contents"),
        (
            "DELETE FROM ledger_subject WHERE seq = 4; DELETE FROM ledger_entry WHERE seq = 4",
            5,
            "missing",
        ),
        ("UPDATE ledger_entry SET hash = prev_hash WHERE seq = 5", 5, "contents"),
    ],
)
def test_verify_reports_the_first_broken_entry(
    engine: Engine, tamper: str, broken_at: int, reason: str
) -> None:
    append(engine, [entry("QHM", i) for i in range(8)])
    _disable_guards(engine)
    with engine.begin() as c:
        for statement in tamper.split("; "):
            c.execute(text(statement))
    with UnitOfWork(engine) as uow:
        report = uow.ledger.verify()
    assert report.first_broken == broken_at
    assert reason in (report.reason or "")


def test_expected_version_gives_optimistic_concurrency(engine: Engine) -> None:
    append(engine, [entry("QHM", 1)])
    append(engine, [entry("QHM", 2, expected_version=1)])
    with pytest.raises(LedgerConflict, match="version 2, not 1"):
        append(engine, [entry("QHM", 3, expected_version=1)])


def test_racing_writers_cannot_both_take_the_next_position(engine: Engine) -> None:
    append(engine, [entry("QHM", 0)])
    with engine.connect() as a, engine.connect() as b:
        ta, tb = a.begin(), b.begin()
        Ledger(a).append([entry("QOP", 1)])
        ta.commit()
        stale = Ledger(b)
        stale.head = lambda: (1, "stale")  # type: ignore[method-assign]  # read before a's commit
        with pytest.raises(SequenceRaced):
            stale.append([entry("QXU", 2)])
        tb.rollback()
    with UnitOfWork(engine) as uow:
        assert uow.ledger.count() == 2
        assert uow.ledger.verify().ok


def test_a_failed_unit_of_work_leaves_nothing_behind(engine: Engine) -> None:
    append(engine, [entry("QHM", 0)])

    def crash_half_way() -> None:
        with UnitOfWork(engine) as uow:
            uow.ledger.append([entry("QOP", i) for i in range(10)])
            raise RuntimeError("crash half way")

    with pytest.raises(RuntimeError):
        crash_half_way()
    with UnitOfWork(engine) as uow:
        assert uow.ledger.count() == 1
        assert list(uow.ledger.read(subject="QOP")) == []
