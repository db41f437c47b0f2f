"""The request that wrote a transaction, on the transaction's first entry.

A command retried after a crash, or an API call retried after a lost response, must be
recognised rather than recorded twice. The first entry of every transaction written on behalf
of a request carries the request's key (derived by the CLI from the command's arguments, or
the API client's ``Idempotency-Key`` scoped to its organisation) and a digest of what was
asked. The key is unique, so the database itself refuses a second recording; both columns are
covered by the entry's hash when set, so a key cannot be added, removed or altered unnoticed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ledger_entry", sa.Column("request_key", sa.String(200), nullable=True))
    op.add_column("ledger_entry", sa.Column("request_digest", sa.String(64), nullable=True))
    op.create_index("ux_ledger_entry_request_key", "ledger_entry", ["request_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_ledger_entry_request_key", "ledger_entry")
    with op.batch_alter_table("ledger_entry") as batch:
        batch.drop_column("request_digest")
        batch.drop_column("request_key")
