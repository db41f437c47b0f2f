"""A small, real ledger for the tamper and backup tests, and what a forger with database
access would do to it: drop the guards, edit rows, recompute every later hash."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, text

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.ledger.hashing import canonical_json, entry_hash
from nhswiring.ledger.store import EVERYTHING, RequestKey
from nhswiring.service.system import System, new_entry
from nhswiring.service.unit_of_work import UnitOfWork

#: Entries 1-3 public, 4 private to QHM with its own request key, 5 and 6 public.
SIZE = 6


def build(engine: Engine) -> System:
    """Six entries through the real write path: the first appended directly (``record``
    needs a loaded ledger), the rest recorded, one of them private, two with request keys."""
    with UnitOfWork(engine, write=True) as uow:
        uow.ledger.append(
            [
                new_entry(
                    date(2013, 4, 1),
                    "SOS",
                    ev.BodyEstablished("NHSE", BodyKind.NHS_ENGLAND, "NHS England"),
                )
            ]
        )
        uow.commit()
    system = System(engine)
    system.record(
        [
            new_entry(
                date(2013, 4, 1),
                "NHSE",
                ev.BodyEstablished(
                    "Y63", BodyKind.REGION, "North East and Yorkshire", parent="NHSE"
                ),
            ),
            new_entry(
                date(2022, 7, 1),
                "NHSE",
                ev.BodyEstablished("QHM", BodyKind.ICB, "NHS North East ICB", parent="Y63"),
            ),
        ],
        request=RequestKey("request-1", "a" * 64),
    )
    system.record(
        [
            new_entry(
                date(2024, 6, 1), "QHM", ev.PersonRegistered("P-1", "A Person"), visibility="QHM"
            )
        ],
        request=RequestKey("request-2", "b" * 64),
    )
    more(system, 2)
    return system


def more(system: System, count: int, start: int = 0) -> None:
    """``count`` more public entries (renamings of QHM), one transaction each."""
    for n in range(start, start + count):
        system.record(
            [
                new_entry(
                    date(2023, 1, 1 + n), "NHSE", ev.BodyRenamed("QHM", f"NHS North East ICB {n}")
                )
            ]
        )


def disable_guards(engine: Engine) -> None:
    """What a database administrator can do: switch off the append-only triggers."""
    with engine.begin() as c:
        if engine.dialect.name == "sqlite":
            for trigger in ("entry_no_update", "entry_no_delete"):
                c.execute(text(f"DROP TRIGGER ledger_{trigger}"))
            for trigger in ("subject_no_update", "subject_no_delete"):
                c.execute(text(f"DROP TRIGGER ledger_{trigger}"))
        else:
            c.execute(text("ALTER TABLE ledger_entry DISABLE TRIGGER USER"))
            c.execute(text("ALTER TABLE ledger_subject DISABLE TRIGGER USER"))


def rewrite_and_rehash(engine: Engine, seq: int, name: str) -> None:
    """Rename QHM differently in entry ``seq`` (a renaming) and recompute the hash of it and
    of every entry after it, so that the chain verifies again: a forger's rewrite."""
    with UnitOfWork(engine) as uow:
        entries = [e for e in uow.ledger.read(audience=EVERYTHING) if e.seq >= seq]
    with engine.begin() as c:
        prev = entries[0].prev_hash
        for entry in entries:
            payload = dict(entry.payload)
            if entry.seq == seq:
                assert entry.action_type == ev.BodyRenamed.TYPE
                payload["name"] = name
            digest = entry_hash(
                seq=entry.seq,
                stream=entry.stream,
                version=entry.version,
                effective_date=entry.effective_date,
                recorded_at=entry.recorded_at,
                actor=entry.actor,
                action_type=entry.action_type,
                payload=canonical_json(payload),
                verdict=None if entry.verdict is None else canonical_json(entry.verdict),
                regime=entry.regime,
                prev_hash=prev,
                visibility=entry.visibility,
                request_key=entry.request_key,
                request_digest=entry.request_digest,
            )
            c.execute(
                text(
                    "UPDATE ledger_entry SET payload = :payload, prev_hash = :prev, hash = :hash "
                    "WHERE seq = :seq"
                ),
                {
                    "payload": canonical_json(payload),
                    "prev": prev,
                    "hash": digest,
                    "seq": entry.seq,
                },
            )
            prev = digest


def truncate(engine: Engine, keep: int) -> None:
    """Remove every entry after ``keep`` (and its index rows): cutting off the tail."""
    with engine.begin() as c:
        c.execute(text("DELETE FROM ledger_subject WHERE seq > :keep"), {"keep": keep})
        c.execute(text("DELETE FROM ledger_entry WHERE seq > :keep"), {"keep": keep})
