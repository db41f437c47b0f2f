"""Accounts for the web app and the JSON API: organisations, their users and API tokens.

These are ordinary, mutable tables beside the ledger, not part of it: a password change or a
revoked token is not a fact about the NHS, so it is neither hash-chained nor append-only.
Passwords are stored only as Argon2id hashes and tokens only as SHA-256 hashes.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
)

ROLES = ("viewer", "editor", "admin")

accounts_metadata = MetaData()

#: A body in the register (ODS code, or ONS code of a local authority) that has users.
organisation = Table(
    "organisation",
    accounts_metadata,
    Column("code", String(80), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

app_user = Table(
    "app_user",
    accounts_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("organisation", String(80), ForeignKey("organisation.code"), nullable=False),
    Column("email", String(254), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(10), nullable=False),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="ck_app_user_role"),
)
#: Emails are unique whatever their case (they are ASCII, so lower() agrees on both backends).
Index("uq_app_user_email_lower", func.lower(app_user.c.email), unique=True)
Index("ix_app_user_organisation", app_user.c.organisation)

api_token = Table(
    "api_token",
    accounts_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("app_user.id"), nullable=False),
    Column("name", String(80), nullable=False),
    Column("prefix", String(8), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("scopes", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)
Index("ix_api_token_user", api_token.c.user_id)
