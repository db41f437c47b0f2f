"""The web app, built once per session on its own copy of a loaded SQLite database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nhswiring.web.app import create_app
from nhswiring.web.settings import Settings


@pytest.fixture(scope="session")
def web_database_url(loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the shared loaded database, so that nothing the app does reaches others."""
    source = Path(loaded_sqlite_url.removeprefix("sqlite:///"))
    target = tmp_path_factory.mktemp("web") / "nhswiring.db"
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def client(web_database_url: str) -> Iterator[TestClient]:
    app = create_app(
        Settings(database_url=web_database_url, load_in_background=False, secret_key="test")
    )
    with TestClient(app) as test_client:
        yield test_client
