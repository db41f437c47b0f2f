"""Guard the subject index as the ledger is guarded.

``show`` and ``history`` find a body's entries through ``ledger_subject``. The index is
derived from the chain (every entry's event names its subjects), so ``verify`` rebuilds it and
compares; these triggers refuse in the first place the updates and deletions that would make
a body vanish from view while the chain still verified.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_MESSAGE = "the subject index is append-only: it follows the ledger"

_SQLITE = [
    f"""CREATE TRIGGER ledger_subject_no_update BEFORE UPDATE ON ledger_subject
       BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END""",
    f"""CREATE TRIGGER ledger_subject_no_delete BEFORE DELETE ON ledger_subject
       BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END""",
]

_POSTGRES = [
    f"""CREATE FUNCTION ledger_subject_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$""",
    """CREATE TRIGGER ledger_subject_no_change BEFORE UPDATE OR DELETE ON ledger_subject
       FOR EACH ROW EXECUTE FUNCTION ledger_subject_append_only()""",
    """CREATE TRIGGER ledger_subject_no_truncate BEFORE TRUNCATE ON ledger_subject
       FOR EACH STATEMENT EXECUTE FUNCTION ledger_subject_append_only()""",
]


def upgrade() -> None:
    for statement in _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS ledger_subject_no_update")
        op.execute("DROP TRIGGER IF EXISTS ledger_subject_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS ledger_subject_no_change ON ledger_subject")
        op.execute("DROP TRIGGER IF EXISTS ledger_subject_no_truncate ON ledger_subject")
        op.execute("DROP FUNCTION IF EXISTS ledger_subject_append_only()")
