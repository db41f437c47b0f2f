"""Register snapshots are a cache, never the truth: snapshot plus tail always equals a fold
of the whole ledger, and a snapshot that is corrupt, foreign, stale or folded by other code
is ignored (``service/fold_snapshots.py``)."""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text, update

from nhswiring.domain import events as ev
from nhswiring.domain.people import Role
from nhswiring.domain.register import Register
from nhswiring.ledger.schema import register_snapshot
from nhswiring.ledger.store import PUBLIC, Audience, NewEntry
from nhswiring.service.fold_snapshots import fold, subject_scope
from nhswiring.service.replay import replay
from nhswiring.service.system import System, new_entry
from nhswiring.service.unit_of_work import UnitOfWork
from tests.integration import small_ledger


def state(register: Register) -> dict[str, Any]:
    """A register's folded state, for comparing two folds (empty index entries, which
    reading a ``defaultdict`` leaves behind, are not state)."""
    out: dict[str, Any] = {}
    for name, value in vars(register).items():
        if isinstance(value, defaultdict | dict):
            value = {k: v for k, v in value.items() if v not in ([], {})}
        out[name] = value
    return out


def fresh(engine: Engine, audience: Audience = PUBLIC, subject: str | None = None) -> Register:
    """The register folded from the ledger alone, by the general reader: the truth."""
    with UnitOfWork(engine) as uow:
        entries = uow.ledger.read(subject=subject, by_effective_date=True, audience=audience)
        return replay(entries, partial=subject is not None)


def _copy(loaded_sqlite_url: str, directory: Path) -> System:
    target = directory / "snapshots.db"
    shutil.copyfile(Path(loaded_sqlite_url.removeprefix("sqlite:///")), target)
    system = System.connect(f"sqlite:///{target}")
    with system.engine.begin() as connection:  # reads of the shared database leave snapshots
        connection.execute(text("DELETE FROM register_snapshot"))
    return system


def _append(system: System, entries: list[NewEntry]) -> None:
    with UnitOfWork(system.engine, write=True) as uow:
        uow.ledger.append(entries)
        uow.commit()


def _person(day: date, pid: str) -> NewEntry:
    return new_entry(day, "QHM", ev.PersonRegistered(pid, f"Person {pid}"))


def test_a_first_fold_is_full_and_leaves_a_snapshot_the_next_starts_from(
    loaded_sqlite_url: str, tmp_path: Path
) -> None:
    system = _copy(loaded_sqlite_url, tmp_path)
    first = fold(system.engine)
    assert first.snapshot_seq is None
    assert first.full_reason == "no snapshot yet"
    again = fold(system.engine)
    assert again.snapshot_seq == system.head()
    assert again.tail == 0
    assert state(again.register) == state(first.register) == state(fresh(system.engine))


def test_a_tail_in_date_order_is_folded_onto_the_snapshot(
    loaded_sqlite_url: str, tmp_path: Path
) -> None:
    system = _copy(loaded_sqlite_url, tmp_path)
    base = fold(system.engine)
    last = base.register.last_effective
    assert last is not None
    _append(system, [_person(last + timedelta(days=i), f"P-TAIL-{i}") for i in range(3)])
    after = fold(system.engine)
    assert (after.snapshot_seq, after.tail, after.full_reason) == (base.head, 3, None)
    assert state(after.register) == state(fresh(system.engine))


def test_a_back_dated_tail_is_folded_in_full_and_says_why(
    loaded_sqlite_url: str, tmp_path: Path
) -> None:
    system = _copy(loaded_sqlite_url, tmp_path)
    fold(system.engine)
    _append(system, [_person(date(2014, 1, 1), "P-BACK")])
    after = fold(system.engine)
    assert after.snapshot_seq is None
    assert after.full_reason is not None
    assert "before the snapshot's last date" in after.full_reason
    assert state(after.register) == state(fresh(system.engine))
    # ... and the snapshot was replaced, so the next read starts from it
    assert fold(system.engine).snapshot_seq == system.head()


def test_one_bodys_snapshot_plus_tail_equals_its_fresh_fold(
    loaded_sqlite_url: str, tmp_path: Path
) -> None:
    system = _copy(loaded_sqlite_url, tmp_path)
    fold(system.engine, subject="QHM")
    last = fresh(system.engine, subject="QHM").last_effective
    assert last is not None
    _append(
        system,
        [
            new_entry(
                last + timedelta(days=1),
                "QHM",
                ev.ContractAwarded(
                    "C-SNAP", "QHM", "RR8", "community nursing", Decimal(100_000), last
                ),
            )
        ],
    )
    after = fold(system.engine, subject="QHM")
    assert after.snapshot_seq is not None
    assert after.tail == 1
    assert state(after.register) == state(fresh(system.engine, subject="QHM"))
    assert [c.contract_id for c in after.register.contracts(last, "QHM")] == ["C-SNAP"]


def _tamper(engine: Engine, **values: Any) -> None:
    with engine.begin() as connection:
        connection.execute(update(register_snapshot).values(**values))


def test_a_corrupt_snapshot_is_ignored(loaded_sqlite_url: str, tmp_path: Path) -> None:
    system = _copy(loaded_sqlite_url, tmp_path)
    fold(system.engine)
    _tamper(system.engine, data=b"not a register at all")
    again = fold(system.engine, keep=False)
    assert again.full_reason == "the snapshot does not load"
    assert state(again.register) == state(fresh(system.engine))


def test_a_foreign_snapshot_is_ignored(loaded_sqlite_url: str, tmp_path: Path) -> None:
    """A snapshot that does not match this ledger at its position (copied from another
    database, or left behind by a restore) is never used."""
    system = _copy(loaded_sqlite_url, tmp_path)
    fold(system.engine)
    _tamper(system.engine, head_hash="0" * 64)
    assert fold(system.engine).full_reason == "the snapshot does not match this ledger"


def test_a_snapshot_folded_by_other_code_is_ignored(loaded_sqlite_url: str, tmp_path: Path) -> None:
    system = _copy(loaded_sqlite_url, tmp_path)
    fold(system.engine)
    _tamper(system.engine, fingerprint="f" * 64)
    assert fold(system.engine).full_reason == "the snapshot was folded by other code"


def test_a_snapshot_of_another_scope_is_ignored(loaded_sqlite_url: str, tmp_path: Path) -> None:
    system = _copy(loaded_sqlite_url, tmp_path)
    fold(system.engine)
    _tamper(system.engine, scope=subject_scope("QHM"))  # a whole register posing as a body's
    assert fold(system.engine, subject="QHM").full_reason == "the snapshot is of another scope"


def test_each_audience_has_its_own_snapshot(loaded_sqlite_url: str, tmp_path: Path) -> None:
    system = _copy(loaded_sqlite_url, tmp_path)
    last = fold(system.engine).register.last_effective
    assert last is not None
    private = new_entry(last, "QHM", ev.PersonRegistered("P-PRIV", "Private"), visibility="QHM")
    _append(system, [private])
    qhm = Audience.of("QHM")
    assert fold(system.engine, qhm).register.person("P-PRIV") is not None
    assert fold(system.engine, qhm).snapshot_seq == system.head()
    assert fold(system.engine).register.person("P-PRIV") is None  # the public snapshot
    with system.engine.connect() as connection:
        keys = connection.execute(text("SELECT audience FROM register_snapshot")).scalars()
        assert sorted(keys) == ["org:QHM", "public"]


def test_a_database_without_the_snapshot_table_still_reads(
    loaded_sqlite_url: str, tmp_path: Path
) -> None:
    system = _copy(loaded_sqlite_url, tmp_path)
    with system.engine.begin() as connection:
        connection.execute(text("DROP TABLE register_snapshot"))
    folded = fold(system.engine)
    assert folded.full_reason is not None
    assert "no snapshot table" in folded.full_reason
    assert state(folded.register) == state(fresh(system.engine))


def test_snapshots_work_alike_on_both_backends(engine: Engine) -> None:
    system = small_ledger.build(engine)
    first = fold(engine)
    assert first.snapshot_seq is None
    _append(system, [_person(date(2025, 1, 1), "P-LATE")])
    after = fold(engine)
    assert after.snapshot_seq == first.head
    assert after.tail == 1
    assert state(after.register) == state(fresh(engine))
    assert System(engine).verify().ok  # verify never reads the snapshot


_DAYS = st.dates(date(2013, 4, 1), date(2030, 12, 31))
_TAIL_EVENT = st.one_of(
    st.builds(lambda d, i: (d, ev.PersonRegistered(f"P-H{i}", "Someone")), _DAYS, st.integers()),
    st.builds(
        lambda d, i, c, p: (
            d,
            ev.ContractAwarded(f"C-H{i}", c, p, "maternity", Decimal(1000), d),
        ),
        _DAYS,
        st.integers(),
        st.sampled_from(["QHM", "00L"]),
        st.sampled_from(["RR8", "RTD"]),
    ),
    st.builds(
        lambda d, i, b: (d, ev.AppointmentMade(f"A-H{i}", "P-1", Role.CHAIR, (b,))),
        _DAYS,
        st.integers(),
        st.sampled_from(["QHM", "RR8"]),
    ),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batches=st.lists(st.lists(_TAIL_EVENT, min_size=1, max_size=6), min_size=1, max_size=3),
    subject=st.sampled_from([None, "QHM", "RR8"]),
)
def test_snapshot_plus_any_tail_equals_a_fresh_fold(
    loaded_sqlite_url: str, batches: list[list[tuple[date, ev.Event]]], subject: str | None
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        system = _copy(loaded_sqlite_url, Path(directory))
        fold(system.engine, subject=subject)  # the snapshot the tails land on
        for batch in batches:
            _append(system, [new_entry(d, "QHM", e) for d, e in batch])
            folded = fold(system.engine, subject=subject)
            assert state(folded.register) == state(fresh(system.engine, subject=subject))
        system.engine.dispose()
