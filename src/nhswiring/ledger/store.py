"""Append to the ledger, read it back, verify its chain.

Appends are serialised by the chain itself: every entry names the previous entry's hash and
takes the next sequence number, so two writers racing for the same position cannot both win
(the primary key refuses the second). Within a stream, ``version`` gives optimistic
concurrency: a writer that says which version it last saw is refused if another came first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from nhswiring.domain.errors import LedgerConflict
from nhswiring.ledger.hashing import GENESIS_HASH, canonical_json, entry_hash
from nhswiring.ledger.schema import ledger_entry, ledger_subject

JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry to append. ``expected_version`` is the stream version the writer last saw."""

    stream: str
    effective_date: date
    actor: str
    action_type: str
    payload: JsonDict
    subjects: tuple[str, ...] = ()
    verdict: JsonDict | None = None
    regime: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    seq: int
    stream: str
    version: int
    effective_date: date
    recorded_at: datetime
    actor: str
    action_type: str
    payload: JsonDict
    verdict: JsonDict | None
    regime: str | None
    prev_hash: str
    hash: str

    def to_json(self) -> JsonDict:
        return {
            "seq": self.seq,
            "stream": self.stream,
            "version": self.version,
            "effective_date": self.effective_date.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "actor": self.actor,
            "action_type": self.action_type,
            "payload": self.payload,
            "verdict": self.verdict,
            "regime": self.regime,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class VerifyReport:
    checked: int
    first_broken: int | None = None
    reason: str | None = None
    head_hash: str = GENESIS_HASH
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.first_broken is None


class Ledger:
    """The ledger seen through one connection; the caller owns the transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # --- writing -------------------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        row = self.connection.execute(
            select(ledger_entry.c.seq, ledger_entry.c.hash)
            .order_by(ledger_entry.c.seq.desc())
            .limit(1)
        ).first()
        return (0, GENESIS_HASH) if row is None else (int(row.seq), str(row.hash))

    def stream_versions(self, streams: Iterable[str]) -> dict[str, int]:
        wanted = sorted(set(streams))
        versions: dict[str, int] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows = self.connection.execute(
                select(ledger_entry.c.stream, func.max(ledger_entry.c.version))
                .where(ledger_entry.c.stream.in_(chunk))
                .group_by(ledger_entry.c.stream)
            )
            versions.update({str(s): int(v) for s, v in rows})
        return versions

    def append(
        self, entries: Sequence[NewEntry], *, recorded_at: datetime | None = None
    ) -> list[LedgerEntry]:
        """Append entries in order, in the caller's transaction, and return them as stored."""
        if not entries:
            return []
        recorded = recorded_at or datetime.now(UTC)
        seq, prev = self.head()
        versions = self.stream_versions(e.stream for e in entries)
        stored: list[LedgerEntry] = []
        rows: list[JsonDict] = []
        subject_rows: list[JsonDict] = []
        for e in entries:
            current = versions.get(e.stream, 0)
            if e.expected_version is not None and e.expected_version != current:
                raise LedgerConflict(
                    f"stream {e.stream!r} is at version {current}, not {e.expected_version}: "
                    "someone else recorded first; reload and try again"
                )
            seq += 1
            version = versions[e.stream] = current + 1
            payload = canonical_json(e.payload)
            verdict = None if e.verdict is None else canonical_json(e.verdict)
            digest = entry_hash(
                seq=seq,
                stream=e.stream,
                version=version,
                effective_date=e.effective_date,
                recorded_at=recorded,
                actor=e.actor,
                action_type=e.action_type,
                payload=payload,
                verdict=verdict,
                regime=e.regime,
                prev_hash=prev,
            )
            rows.append(
                {
                    "seq": seq,
                    "stream": e.stream,
                    "version": version,
                    "effective_date": e.effective_date,
                    "recorded_at": recorded,
                    "actor": e.actor,
                    "action_type": e.action_type,
                    "payload": payload,
                    "verdict": verdict,
                    "regime": e.regime,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            subject_rows.extend({"code": c, "seq": seq} for c in dict.fromkeys(e.subjects))
            stored.append(
                LedgerEntry(
                    seq,
                    e.stream,
                    version,
                    e.effective_date,
                    recorded,
                    e.actor,
                    e.action_type,
                    e.payload,
                    e.verdict,
                    e.regime,
                    prev,
                    digest,
                )
            )
            prev = digest
        try:
            self.connection.execute(ledger_entry.insert(), rows)
            if subject_rows:
                self.connection.execute(ledger_subject.insert(), subject_rows)
        except IntegrityError as exc:
            raise LedgerConflict(
                "another writer appended to the ledger at the same time; nothing was recorded, "
                "try again"
            ) from exc
        return stored

    # --- reading -------------------------------------------------------------------------

    def count(self) -> int:
        return int(
            self.connection.execute(select(func.count()).select_from(ledger_entry)).scalar_one()
        )

    def read(
        self,
        *,
        subject: str | None = None,
        known_at: datetime | None = None,
        by_effective_date: bool = False,
        batch: int = 20_000,
    ) -> Iterator[LedgerEntry]:
        """Entries in sequence order (or effective-date order, for replay), streamed."""
        query = select(ledger_entry)
        if subject is not None:
            query = query.where(
                ledger_entry.c.seq.in_(
                    select(ledger_subject.c.seq).where(ledger_subject.c.code == subject)
                )
            )
        if known_at is not None:
            query = query.where(ledger_entry.c.recorded_at <= known_at)
        order = (ledger_entry.c.effective_date, ledger_entry.c.seq)
        query = query.order_by(*order) if by_effective_date else query.order_by(ledger_entry.c.seq)
        result = self.connection.execution_options(yield_per=batch).execute(query)
        for row in result:
            yield _entry(row)

    def verify(self) -> VerifyReport:
        """Recompute every hash in sequence order; report the first entry that does not fit."""
        prev = GENESIS_HASH
        expected_seq = 1
        checked = 0
        query = select(ledger_entry).order_by(ledger_entry.c.seq)
        for row in self.connection.execution_options(yield_per=20_000).execute(query):
            checked += 1
            if row.seq != expected_seq:
                return VerifyReport(
                    checked,
                    int(row.seq),
                    f"entry {expected_seq} is missing (found {row.seq} next)",
                    prev,
                )
            if row.prev_hash != prev:
                return VerifyReport(
                    checked,
                    int(row.seq),
                    "its previous-hash does not match the entry before it",
                    prev,
                )
            digest = entry_hash(
                seq=row.seq,
                stream=row.stream,
                version=row.version,
                effective_date=row.effective_date,
                recorded_at=row.recorded_at,
                actor=row.actor,
                action_type=row.action_type,
                payload=row.payload,
                verdict=row.verdict,
                regime=row.regime,
                prev_hash=row.prev_hash,
            )
            if digest != row.hash:
                return VerifyReport(
                    checked,
                    int(row.seq),
                    "its contents do not match its hash (altered after writing)",
                    prev,
                )
            prev = digest
            expected_seq += 1
        return VerifyReport(checked, None, None, prev)


def _entry(row: Any) -> LedgerEntry:
    recorded = row.recorded_at
    if recorded.tzinfo is None:
        recorded = recorded.replace(tzinfo=UTC)
    return LedgerEntry(
        seq=int(row.seq),
        stream=row.stream,
        version=int(row.version),
        effective_date=row.effective_date,
        recorded_at=recorded,
        actor=row.actor,
        action_type=row.action_type,
        payload=json.loads(row.payload),
        verdict=None if row.verdict is None else json.loads(row.verdict),
        regime=row.regime,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )
