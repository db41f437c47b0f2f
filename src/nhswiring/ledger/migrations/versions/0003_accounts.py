"""Accounts for the web app and the JSON API: organisation, app_user and api_token.

Ordinary mutable tables beside the ledger (see nhswiring.ledger.accounts_schema): no
append-only guards and no hash chain. Emails are unique case-insensitively through an index on
lower(email), which SQLite and PostgreSQL both support.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("code", sa.String(80), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "organisation", sa.String(80), sa.ForeignKey("organisation.code"), nullable=False
        ),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="ck_app_user_role"),
    )
    op.create_index("uq_app_user_email_lower", "app_user", [sa.text("lower(email)")], unique=True)
    op.create_index("ix_app_user_organisation", "app_user", ["organisation"])
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("prefix", sa.String(8), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("scopes", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_api_token_user", "api_token", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_api_token_user", "api_token")
    op.drop_table("api_token")
    op.drop_index("ix_app_user_organisation", "app_user")
    op.drop_index("uq_app_user_email_lower", "app_user")
    op.drop_table("app_user")
    op.drop_table("organisation")
