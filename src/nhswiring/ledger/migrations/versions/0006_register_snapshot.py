"""Snapshots of the folded register, so that a read folds only the entries since one.

A cache, never the truth: each row is rebuilt from the ledger, stamped with the sequence
number and hash of the entry it was folded to and with the fingerprint of the folding code,
and ignored unless all three still match. Dropping the table loses nothing but speed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_snapshot",
        sa.Column("scope", sa.String(120), primary_key=True),
        sa.Column("audience", sa.String(90), primary_key=True),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("register_snapshot")
