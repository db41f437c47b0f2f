"""Alembic environment: runs on the connection handed over by nhswiring.ledger.database."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from nhswiring.ledger.schema import metadata

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # invoked from the alembic command line
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///nhswiring.db")
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()
