"""Visibility beside each entry: NULL for the public record, or the organisation that owns it.

An entry recorded through a provider selection case (its steps, the people and interests
registered for it, the contract it awards) belongs to the relevant authority's organisation.
The mark is a column of the entry itself, written in the entry's own transaction and covered
by its hash (when set), so the chain stays whole and no one can make a private entry public,
or the reverse, without `verify` noticing; the append-only guards already refuse updates.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ledger_entry", sa.Column("visibility", sa.String(80), nullable=True))
    op.create_index("ix_ledger_entry_visibility", "ledger_entry", ["visibility", "seq"])


def downgrade() -> None:
    op.drop_index("ix_ledger_entry_visibility", "ledger_entry")
    with op.batch_alter_table("ledger_entry") as batch:
        batch.drop_column("visibility")
