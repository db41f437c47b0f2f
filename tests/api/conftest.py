"""The app, built once per session on a copy of the loaded SQLite database, and a client for
it (used as a context manager, so the lifespan loads the register before the first request).

The app object exists from import (building it reads nothing), so that schemathesis can
generate its tests from the OpenAPI document at collection time; the database it reads is
copied into place by the ``api_app`` fixture before any request is made.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from nhswiring.web.app import create_app
from nhswiring.web.settings import Settings

SQLITE = "sqlite:///"
#: The tags of the public API's operations (web/api/register.py and law.py).
PUBLIC_TAGS = ("register", "law")
_FOLDER = Path(tempfile.mkdtemp(prefix="nhswiring-api-"))
DATABASE = _FOLDER / "nhswiring.db"
#: The one app of the session (reads nothing until its lifespan starts).
APP = create_app(Settings(database_url=f"{SQLITE}{DATABASE}", load_in_background=False))


@pytest.fixture(scope="session")
def api_app(loaded_sqlite_url: str) -> Iterator[FastAPI]:
    shutil.copyfile(loaded_sqlite_url.removeprefix(SQLITE), DATABASE)
    yield APP
    APP.state.runtime.system.engine.dispose()
    shutil.rmtree(_FOLDER, ignore_errors=True)


@pytest.fixture(scope="session")
def client(api_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(api_app) as test_client:
        yield test_client
