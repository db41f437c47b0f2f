"""Append to the ledger, read it back, verify its chain.

Appends are serialised by the chain itself: every entry names the previous entry's hash and
takes the next sequence number, so two writers racing for the same position cannot both win
(the primary key refuses the second). Within a stream, ``version`` gives optimistic
concurrency: a writer that says which version it last saw is refused if another came first.

Every read names its audience. The public sees entries with no ``visibility``; an
organisation sees those and its own private entries (its provider selection cases, the people
and interests registered for them); only the ledger's own checks read everything.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from nhswiring.domain.errors import LedgerConflict
from nhswiring.ledger.audience import EVERYTHING as EVERYTHING
from nhswiring.ledger.audience import PUBLIC as PUBLIC
from nhswiring.ledger.audience import Audience as Audience
from nhswiring.ledger.filters import entry_filters, sqlite_datetime
from nhswiring.ledger.fold_rows import HEAD_SQL, head_of
from nhswiring.ledger.hashing import GENESIS_HASH, canonical_json, entry_hash, utc_iso
from nhswiring.ledger.schema import ledger_entry

JsonDict = dict[str, Any]


def private_stream(organisation: str, stream: str) -> str:
    """An organisation's own name for a stream (``org:QHM:case:GH-CN``), so that two
    organisations may use the same case reference or person id without sharing a stream."""
    return f"org:{organisation}:{stream}"


def organisation_of_stream(stream: str) -> str | None:
    if not stream.startswith("org:"):
        return None
    return stream.split(":", 2)[1]


class NewEntry(NamedTuple):
    """An entry to append. ``expected_version`` is the stream version the writer last saw.

    (Named tuples rather than frozen dataclasses: as immutable, and several times cheaper to
    build, which matters at a million entries.)
    """

    stream: str
    effective_date: date
    actor: str
    action_type: str
    payload: JsonDict
    subjects: tuple[str, ...] = ()
    verdict: JsonDict | None = None
    regime: str | None = None
    expected_version: int | None = None
    #: The organisation a private entry belongs to; None for the public record.
    visibility: str | None = None


class RequestKey(NamedTuple):
    """The request a transaction is written for: ``key`` names it (unique in the ledger, so a
    retried request is recognised), ``digest`` fingerprints what it asked for (so a key reused
    for a different request is refused rather than mistaken for a retry)."""

    key: str
    digest: str


class SequenceRaced(Exception):
    """Another writer took the next sequence number first. Nothing was written; the append
    may simply be tried again (the write path retries it, bounded)."""


class RequestRecorded(Exception):
    """A transaction for this request key committed meanwhile (a concurrent retry)."""


class LedgerEntry(NamedTuple):
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
    visibility: str | None = None
    #: The request that wrote this entry's transaction (first entry of it only).
    request_key: str | None = None
    request_digest: str | None = None

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
            "visibility": self.visibility,
            "request_key": self.request_key,
            "request_digest": self.request_digest,
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
        return head_of(self.connection.exec_driver_sql(HEAD_SQL).first())

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

    def private_streams(self, suffix: str) -> list[str]:
        """Every organisation's private stream ending ``suffix`` (e.g. ``case:GH-CN``), for
        resolving a case reference given without its authority; never shown to the public."""
        rows = self.connection.execute(
            select(ledger_entry.c.stream)
            .where(ledger_entry.c.stream.startswith("org:"))
            .where(ledger_entry.c.stream.endswith(f":{suffix}", autoescape=True))
            .distinct()
        )
        return sorted(str(r[0]) for r in rows)

    def lock_for_append(self) -> None:
        """Serialise appends for the rest of the caller's transaction.

        The chain has one head, so appends are one at a time by nature; waiting for a lock is
        cheaper than racing for the next sequence number and retrying. PostgreSQL takes a
        transaction-scoped advisory lock; SQLite's write transactions already begin
        IMMEDIATE (see ``UnitOfWork``), which takes its single writer lock.
        """
        if self.connection.dialect.name == "postgresql":
            # Wait as long as SQLite's busy timeout, then let the caller's retry decide.
            self.connection.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
            self.connection.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (_APPEND_LOCK,))

    def request_entries(self, key: str) -> list[LedgerEntry]:
        """The entries of the transaction written for request ``key`` (none if there is none):
        its first entry carries the key, the rest follow it with the same recorded time."""
        sqlite = self.connection.dialect.name == "sqlite"
        mark = "?" if sqlite else "%s"
        first = self.connection.exec_driver_sql(
            f"SELECT {_COLUMNS} FROM ledger_entry WHERE request_key = {mark}", (key,)
        ).first()
        if first is None:
            return []
        sql = (
            f"SELECT {_COLUMNS} FROM ledger_entry WHERE seq >= {mark} AND recorded_at = {mark}"
            " ORDER BY seq"
        )
        convert = _sqlite_entry if sqlite else _native_entry
        rows = self.connection.exec_driver_sql(sql, (first[0], first[4]))
        found: list[LedgerEntry] = []
        for row in rows:
            entry = convert(row)
            if found and (entry.seq != found[-1].seq + 1 or entry.request_key is not None):
                break
            found.append(entry)
        return found

    def append(
        self,
        entries: Sequence[NewEntry],
        *,
        recorded_at: datetime | None = None,
        request: RequestKey | None = None,
    ) -> list[LedgerEntry]:
        """Append entries in order, in the caller's transaction, and return them as stored.

        With ``request``, the first entry carries its key and digest. Raises
        :class:`LedgerConflict` when a stream is not at the version a writer expected (a true
        conflict), :class:`SequenceRaced` when another writer took the head first (retry),
        :class:`RequestRecorded` when the request's key was recorded meanwhile.
        """
        if not entries:
            return []
        recorded = recorded_at or datetime.now(UTC)
        seq, prev = self.head()
        versions = self.stream_versions(e.stream for e in entries)
        stored: list[LedgerEntry] = []
        rows: list[tuple[Any, ...]] = []
        subject_rows: list[tuple[str, int]] = []
        sqlite = self.connection.dialect.name == "sqlite"
        recorded_value: Any = _sqlite_datetime(recorded) if sqlite else recorded
        recorded_text = utc_iso(recorded)
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
            key, key_digest = request if (request is not None and not stored) else (None, None)
            digest = entry_hash(
                seq=seq,
                stream=e.stream,
                version=version,
                effective_date=e.effective_date,
                recorded_at=recorded_text,
                actor=e.actor,
                action_type=e.action_type,
                payload=payload,
                verdict=verdict,
                regime=e.regime,
                prev_hash=prev,
                visibility=e.visibility,
                request_key=key,
                request_digest=key_digest,
            )
            effective: Any = e.effective_date.isoformat() if sqlite else e.effective_date
            rows.append(
                (
                    seq,
                    e.stream,
                    version,
                    effective,
                    recorded_value,
                    e.actor,
                    e.action_type,
                    payload,
                    verdict,
                    e.regime,
                    prev,
                    digest,
                    e.visibility,
                    key,
                    key_digest,
                )
            )
            subject_rows.extend((c, seq) for c in dict.fromkeys(e.subjects))
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
                    e.visibility,
                    key,
                    key_digest,
                )
            )
            prev = digest
        mark = "?" if sqlite else "%s"
        try:
            # Straight to the driver: the rows are already in storage form, and SQLAlchemy's
            # per-row parameter processing would cost more than the insert itself.
            self.connection.exec_driver_sql(
                f"INSERT INTO ledger_entry ({_COLUMNS}) VALUES ({', '.join([mark] * 15)})", rows
            )
            if subject_rows:
                self.connection.exec_driver_sql(
                    f"INSERT INTO ledger_subject (code, seq) VALUES ({mark}, {mark})",
                    subject_rows,
                )
        except IntegrityError as exc:
            raise _integrity_failure(exc) from exc
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
        stream: str | None = None,
        known_at: datetime | None = None,
        by_effective_date: bool = False,
        as_at: date | None = None,
        audience: Audience = PUBLIC,
        after: int | None = None,
        limit: int | None = None,
        batch: int = 20_000,
    ) -> Iterator[LedgerEntry]:
        """Entries in sequence order (or effective-date order, for replay), streamed, as
        ``audience`` may see them (the public, by default). ``after`` and ``limit`` page
        through the ledger by sequence number (a feed of changes).

        ``as_at`` leaves out entries that cannot matter to the state on that date: anything
        effective later, except the events of a body's own life (establishment, renaming,
        dissolution), which say when the body ends and what succeeds it.
        """
        sqlite = self.connection.dialect.name == "sqlite"
        filters = entry_filters(
            sqlite,
            subject=subject,
            stream=stream,
            known_at=known_at,
            as_at=as_at,
            audience=audience,
            after=after,
        )
        sql = f"SELECT {_COLUMNS} FROM ledger_entry{filters.where}"
        sql += " ORDER BY effective_date, seq" if by_effective_date else " ORDER BY seq"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        params = filters.params
        result = self.connection.execution_options(yield_per=batch).exec_driver_sql(sql, params)
        convert = _sqlite_entry if sqlite else _native_entry
        for row in result:
            yield convert(row)

    def about(
        self, subjects: Collection[str], *, audience: Audience = PUBLIC, without_action: str = ""
    ) -> list[LedgerEntry]:
        """Every entry about any of ``subjects`` that ``audience`` may see, in effective-date
        order: the history a write is checked against.

        Two indexed lookups (the subject index, then the entries by sequence number) and a
        sort in memory, rather than one query ordered by date: PostgreSQL would otherwise walk
        the date index of the whole ledger to find a handful of rows.
        """
        sqlite = self.connection.dialect.name == "sqlite"
        mark = "?" if sqlite else "%s"
        codes = sorted(set(subjects))
        seqs: set[int] = set()
        for i in range(0, len(codes), 500):
            chunk = codes[i : i + 500]
            rows = self.connection.exec_driver_sql(
                f"SELECT seq FROM ledger_subject WHERE code IN ({', '.join([mark] * len(chunk))})",
                tuple(chunk),
            )
            seqs.update(int(r[0]) for r in rows)
        ordered = sorted(seqs)
        convert = _sqlite_entry if sqlite else _native_entry
        found: list[LedgerEntry] = []
        for i in range(0, len(ordered), 500):
            chunk_seqs = ordered[i : i + 500]
            rows = self.connection.exec_driver_sql(
                f"SELECT {_COLUMNS} FROM ledger_entry WHERE seq IN "
                f"({', '.join([mark] * len(chunk_seqs))})",
                tuple(chunk_seqs),
            )
            found.extend(
                e
                for e in map(convert, rows)
                if audience.sees(e.visibility) and e.action_type != without_action
            )
        found.sort(key=lambda e: (e.effective_date, e.seq))
        return found

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
                visibility=row.visibility,
                request_key=row.request_key,
                request_digest=row.request_digest,
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


#: The advisory lock PostgreSQL appends hold ("nhswirin" as a 64-bit number).
_APPEND_LOCK = int.from_bytes(b"nhswirin", "big") >> 1


def _integrity_failure(exc: IntegrityError) -> Exception:
    """Which uniqueness the database refused: the request key (recorded meanwhile), a stream
    version (a true conflict: another writer recorded in the same stream), or the sequence
    number (another writer took the head; safe to retry)."""
    text = str(exc.orig).lower()
    if "request_key" in text:
        return RequestRecorded()
    if "stream" in text or "version" in text:
        return LedgerConflict(
            "another writer recorded in the same stream at the same time; nothing was "
            "recorded: reload and try again"
        )
    return SequenceRaced()


_COLUMNS = (
    "seq, stream, version, effective_date, recorded_at, actor, action_type, payload, verdict, "
    "regime, prev_hash, hash, visibility, request_key, request_digest"
)


_sqlite_datetime = sqlite_datetime


def _sqlite_entry(row: Any) -> LedgerEntry:
    """A raw SQLite row (dates as text), parsed with the C parsers, not regular expressions."""
    recorded = datetime.fromisoformat(row[4]).replace(tzinfo=UTC)
    return _row_entry(row, date.fromisoformat(row[3]), recorded)


def _native_entry(row: Any) -> LedgerEntry:
    """A raw PostgreSQL row: psycopg has already made dates and aware datetimes."""
    return _row_entry(row, row[3], row[4].astimezone(UTC))


def _row_entry(row: Any, effective: date, recorded: datetime) -> LedgerEntry:
    verdict = row[8]
    return LedgerEntry(
        row[0],
        row[1],
        row[2],
        effective,
        recorded,
        row[5],
        row[6],
        json.loads(row[7]),
        None if verdict is None else json.loads(verdict),
        row[9],
        row[10],
        row[11],
        row[12],
        row[13],
        row[14],
    )
