"""The ledger's tables. Plain columns and JSON text, so that anyone can browse the record
with ``sqlite3`` or ``psql`` without this package."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

ledger_entry = Table(
    "ledger_entry",
    metadata,
    Column(
        "seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False
    ),
    Column("stream", String(80), nullable=False),
    Column("version", Integer, nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action_type", String(80), nullable=False),
    Column("payload", Text, nullable=False),
    Column("verdict", Text, nullable=True),
    Column("regime", String(40), nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    #: NULL: the public record; otherwise the organisation the entry belongs to (migration 0002).
    Column("visibility", String(80), nullable=True),
    #: The request that wrote the transaction, on its first entry (migration 0004).
    Column("request_key", String(200), nullable=True),
    Column("request_digest", String(64), nullable=True),
    UniqueConstraint("stream", "version", name="uq_ledger_entry_stream_version"),
)
Index("ix_ledger_entry_effective", ledger_entry.c.effective_date, ledger_entry.c.seq)
Index("ix_ledger_entry_visibility", ledger_entry.c.visibility, ledger_entry.c.seq)
Index("ux_ledger_entry_request_key", ledger_entry.c.request_key, unique=True)

#: Every body (or person) an entry touches, so "everything about X" is an index lookup.
ledger_subject = Table(
    "ledger_subject",
    metadata,
    Column("code", String(80), primary_key=True),
    Column(
        "seq",
        BigInteger().with_variant(Integer(), "sqlite"),
        ForeignKey("ledger_entry.seq"),
        primary_key=True,
    ),
)

#: Snapshots of the folded register (migration 0006): a cache rebuilt from the ledger, never
#: the truth. One per scope (``register``, or ``subject:CODE`` for one body's partial fold)
#: and audience, stamped with the ledger position it was folded to (``seq`` and the hash of
#: the entry there) and the fingerprint of the code that folded it
#: (``service/fold_snapshots.py``).
register_snapshot = Table(
    "register_snapshot",
    metadata,
    Column("scope", String(120), primary_key=True),
    Column("audience", String(90), primary_key=True),
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("head_hash", String(64), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("taken_at", DateTime(timezone=True), nullable=False),
)
