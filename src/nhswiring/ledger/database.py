"""Engines and migrations. SQLite is the embedded default; PostgreSQL is chosen by URL."""

from __future__ import annotations

import os
from importlib.resources import files
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event, inspect

from nhswiring.domain.errors import InvalidInput

DEFAULT_URL = "sqlite:///nhswiring.db"
URL_VARIABLE = "NHSWIRING_DATABASE_URL"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get(URL_VARIABLE) or DEFAULT_URL


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    url = database_url(url)
    if not url.startswith(("sqlite", "postgresql")):
        raise InvalidInput(
            URL_VARIABLE,
            f"{url.split(':', 1)[0]!r} is not a supported database",
            "use sqlite:///path/to/file.db or postgresql+psycopg://user@host:5432/dbname",
        )
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("nhswiring.ledger") / "migrations"))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser syntax
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration (creating it on an empty database)."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def has_ledger(engine: Engine) -> bool:
    return inspect(engine).has_table("ledger_entry")
