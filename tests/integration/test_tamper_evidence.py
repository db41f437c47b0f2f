"""What verify catches beyond the chain, on SQLite and PostgreSQL: the subject index, and a
ledger held against signed checkpoints (truncated, rewritten and re-hashed, or only grown)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from nhswiring.ledger import checkpoints as cp
from nhswiring.ledger.subject_index import compare_index
from nhswiring.service.integrity import (
    SignedCheckpoint,
    check_signatures,
    subjects_of,
    take_checkpoint,
    verify_ledger,
)
from nhswiring.service.system import System
from nhswiring.service.unit_of_work import UnitOfWork
from tests.integration.small_ledger import (
    SIZE,
    build,
    disable_guards,
    more,
    rewrite_and_rehash,
    truncate,
)

KEY = Ed25519PrivateKey.generate()


def signed_now(system: System, name: str = "cp.json") -> SignedCheckpoint:
    with UnitOfWork(system.engine) as uow:
        checkpoint = take_checkpoint(uow, KEY, verify_ledger(uow))
    [signed] = check_signatures([(name, checkpoint)], KEY.public_key())
    return signed


# --- the subject index ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM ledger_subject WHERE seq = 2",
        "UPDATE ledger_subject SET code = 'QXX' WHERE seq = 2",
    ],
)
def test_the_database_refuses_to_change_the_subject_index(engine: Engine, statement: str) -> None:
    system = build(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as c:
        c.execute(text(statement))
    assert system.verify().ok


def test_verify_names_a_deleted_subject_row(engine: Engine) -> None:
    system = build(engine)
    disable_guards(engine)
    with engine.begin() as c:
        c.execute(text("DELETE FROM ledger_subject WHERE seq = 3 AND code = 'Y63'"))
    report = system.verify()
    assert report.chain.ok  # the chain alone would not have noticed
    assert not report.ok
    assert (report.index.first_seq, report.index.first_code) == (3, "Y63")
    assert (report.index.missing, report.index.extra) == (1, 0)
    assert "entry 3" in (report.reason or "")
    assert "'Y63'" in (report.reason or "")


def test_verify_names_a_foreign_subject_row(engine: Engine) -> None:
    system = build(engine)
    disable_guards(engine)
    with engine.begin() as c:
        c.execute(text("INSERT INTO ledger_subject (code, seq) VALUES ('RR8', 5)"))
    report = system.verify()
    assert not report.ok
    assert (report.index.first_seq, report.index.first_code) == (5, "RR8")
    assert (report.index.missing, report.index.extra) == (0, 1)
    assert report.to_json()["subject_index"]["extra"] == 1


def test_the_index_check_reports_the_first_offence_in_sequence_order() -> None:
    def subjects(action_type: str, payload: dict[str, object]) -> list[str]:
        return [str(c) for c in payload["codes"]]  # type: ignore[attr-defined]

    entries = [
        (1, "t", '{"codes": ["A"]}'),
        (2, "t", '{"codes": ["A", "B", "A"]}'),
        (3, "t", "not json"),
        (4, "t", '{"codes": []}'),
    ]
    rows = [(1, "A"), (2, "A"), (4, "Z"), (9, "A")]
    report = compare_index(entries, rows, subjects)
    assert (report.entries, report.rows) == (4, 4)
    assert (report.missing, report.extra, report.undecodable) == (1, 2, 1)
    assert (report.first_seq, report.first_code) == (2, "B")
    clean = compare_index(entries[:2], [(1, "A"), (2, "A"), (2, "B")], subjects)
    assert clean.ok
    assert clean.reason is None


def test_subjects_are_rebuilt_as_append_indexed_them(engine: Engine) -> None:
    build(engine)
    with UnitOfWork(engine) as uow:
        entry = next(e for e in uow.ledger.read() if e.seq == 3)
    assert subjects_of(entry.action_type, entry.payload) == ("QHM", "Y63")


# --- signed checkpoints --------------------------------------------------------------------


def test_a_ledger_that_only_grew_passes_its_checkpoint(engine: Engine) -> None:
    system = build(engine)
    signed = signed_now(system)
    more(system, 3)
    [result] = system.verify([signed]).checkpoints
    assert result.ok
    assert result.consistency.grown_by == 3
    assert "grown by 3 entries since" in result.consistency.detail
    assert result.signature.origin_proven


def test_a_truncated_tail_fails_the_checkpoint(engine: Engine) -> None:
    system = build(engine)
    signed = signed_now(system)
    disable_guards(engine)
    truncate(engine, SIZE - 2)
    report = system.verify([signed])
    assert report.chain.ok
    assert report.index.ok
    assert not report.ok
    assert report.checkpoints[0].consistency.outcome == "truncated"
    assert f"ends at entry {SIZE - 2}" in (report.reason or "")


def test_a_rehashed_rewrite_passes_plain_verify_but_fails_the_checkpoint(engine: Engine) -> None:
    system = build(engine)
    signed = signed_now(system)
    disable_guards(engine)
    rewrite_and_rehash(engine, 5, "A Forged Name ICB")
    assert system.verify().ok  # the chain was recomputed: alone, it cannot tell
    report = system.verify([signed])
    assert not report.ok
    assert report.checkpoints[0].consistency.outcome == "rewritten"
    assert f"entry {SIZE} now has hash" in (report.reason or "")


def test_a_rewrite_after_a_checkpoint_is_caught_only_by_the_next(engine: Engine) -> None:
    """The honest limit: a checkpoint vouches for the ledger up to its own position. What is
    rewritten after it, or appended by a forger, is invisible to it; the next checkpoint
    (taken before the forgery) catches a rewrite, and nothing catches a forged entry
    appended after the newest checkpoint until an honest record disagrees with it."""
    system = build(engine)
    first = signed_now(system, "first.json")
    more(system, 2)
    second = signed_now(system, "second.json")
    disable_guards(engine)
    rewrite_and_rehash(engine, SIZE + 1, "A Forged Name ICB")
    more(system, 1, start=10)  # a forged entry, appended after both checkpoints
    report = system.verify([first, second])
    by_name = {r.source: r for r in report.checkpoints}
    assert by_name["first.json"].ok
    assert by_name["first.json"].consistency.grown_by == 3
    assert by_name["second.json"].consistency.outcome == "rewritten"
    third = signed_now(system, "third.json")  # it signs the forgery: it cannot know
    assert system.verify([third]).ok


def test_checkpoints_name_their_position_database_and_key(engine: Engine) -> None:
    system = build(engine)
    _, checkpoint, signature = signed_now(system)
    assert (checkpoint.seq, checkpoint.entries) == (SIZE, SIZE)
    assert checkpoint.database == engine.dialect.name
    assert checkpoint.key_fingerprint == cp.fingerprint(KEY.public_key())
    assert checkpoint.time.endswith("Z")
    assert signature.origin_proven


def test_a_forged_entry_appended_after_a_checkpoint_is_pinned_by_the_next(engine: Engine) -> None:
    """A forged entry appended after a checkpoint extends the chain validly: that checkpoint
    cannot tell it from a genuine one (an outside record must). The next checkpoint signs it
    into history, after which it can no longer be quietly removed or altered either: the
    entries between two checkpoints are exactly the ones an audit must check."""
    system = build(engine)
    first = signed_now(system, "first.json")
    more(system, 1, start=20)  # the forgery
    [result] = system.verify([first]).checkpoints
    assert result.ok
    assert result.consistency.grown_by == 1  # all the first checkpoint can say
    second = signed_now(system, "second.json")
    disable_guards(engine)
    truncate(engine, SIZE)  # the forger covers their tracks
    report = system.verify([first, second])
    by_name = {r.source: r for r in report.checkpoints}
    assert by_name["first.json"].ok
    assert by_name["second.json"].consistency.outcome == "truncated"
