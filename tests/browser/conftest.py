"""Browser tests: Playwright for Python driving Debian's chromium (never a browser that
playwright downloads), against the app served by uvicorn on 127.0.0.1.

Without chromium the tests are skipped, loudly, unless `CI` is set, where that is a failure
(.ci/run installs chromium with apt-get). Screenshots for the README are written to
docs/screenshots/ when NHSWIRING_SCREENSHOTS=1 (`make screenshots`), otherwise to a scratch
folder, so an ordinary test run changes no committed file.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, sync_playwright

from nhswiring.service.accounts import Accounts
from nhswiring.service.system import System
from nhswiring.web.app import create_app
from nhswiring.web.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
EDITOR = "editor@qhm.example.nhs.uk"
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 320, "height": 640},
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    found = chromium_path()
    if found is None:
        message = (
            "chromium not found: browser tests SKIPPED. Install Debian's chromium "
            "(apt-get install chromium); CI installs it and requires these tests."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    return found


@dataclass(frozen=True)
class LiveServer:
    url: str
    database_url: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(
    loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    target = tmp_path_factory.mktemp("browser") / "nhswiring.db"
    shutil.copyfile(Path(loaded_sqlite_url.removeprefix("sqlite:///")), target)
    url = f"sqlite:///{target}"
    system = System.connect(url)
    accounts = Accounts(system.engine)
    accounts.add_user("QHM", EDITOR, "editor", PASSWORD)
    accounts.add_user("QOP", "editor@qop.example.nhs.uk", "editor", PASSWORD)
    system.engine.dispose()
    app = create_app(Settings(database_url=url, load_in_background=False, secret_key="browser"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the test server did not become ready"
        time.sleep(0.1)
    yield LiveServer(base, url)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def playwright_session(chromium_executable: str) -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def chrome(playwright_session: Playwright, chromium_executable: str) -> Iterator[Browser]:
    browser = playwright_session.chromium.launch(
        executable_path=chromium_executable, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def tab(chrome: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh browser context (no cookies) at desktop size; console errors fail the test."""
    context = chrome.new_context(viewport=VIEWPORTS["desktop"], base_url=live_server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, f"the browser reported errors: {errors}"


def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("NHSWIRING_SCREENSHOTS") == "1":
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.getbasetemp() / "screenshots"


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = screenshot_dir(tmp_path_factory)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
