"""The private case API under test: the app on its own copy of the loaded SQLite database,
users of two organisations (QHM and QOP) with tokens of each scope, and helpers that run a
Direct Award C case through the API the way a client would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from nhswiring.service.system import System
from nhswiring.web.app import create_app
from nhswiring.web.settings import Settings
from tests.psr.conftest import DA_C_FACTS, KEY_CRITERIA

SQLITE = "sqlite:///"
PASSWORD = "correct horse battery staple"
API = "/api/v1"


@dataclass
class CaseApi:
    client: TestClient
    system: System
    #: Tokens by name: qhm (read and write), qhm_reader (read only), qop (read and write).
    tokens: dict[str, str]

    def headers(self, who: str | None, **extra: str) -> dict[str, str]:
        out = dict(extra)
        if who is not None:
            out["Authorization"] = f"Bearer {self.tokens[who]}"
        return out

    def get(self, path: str, who: str | None = "qhm", **headers: str) -> Response:
        response: Response = self.client.get(API + path, headers=self.headers(who, **headers))
        return response

    def post(self, path: str, body: Any, who: str | None = "qhm", **headers: str) -> Response:
        response: Response = self.client.post(
            API + path, json=body, headers=self.headers(who, **headers)
        )
        return response

    # --- a Direct Award C case, step by step ----------------------------------------------

    def open(
        self,
        ref: str,
        who: str | None = "qhm",
        headers: dict[str, str] | None = None,
        **overrides: Any,
    ) -> Response:
        body = {
            "reference": ref,
            "service": "Community nursing, Gateshead",
            "cpv_codes": ["85323000-9"],
            "estimated_value": "12000000",
            "decision_makers": {"P100": "Ann Example", "P101": "Bob Example"},
            "date": "2025-05-01",
            "by": "P100",
        } | overrides
        return self.post("/cases", body, who, **(headers or {}))

    def to_intention(self, ref: str, who: str = "qhm") -> None:
        """Open, route to Direct Award C, assess RTD, check conflicts, publish Schedule 3 on
        Monday 2 June 2025 (standstill to midnight at the end of Friday 13 June)."""
        steps: list[tuple[str, dict[str, Any]]] = [
            (
                "route",
                {
                    "date": "2025-05-10",
                    "process": "direct_award_c",
                    "facts": DA_C_FACTS,
                    "by": "P100",
                    "provider": "RTD",
                },
            ),
            (
                "assessments",
                {
                    "date": "2025-05-20",
                    "provider": "RTD",
                    "key_criteria": KEY_CRITERIA,
                    "by": "P100",
                    "address": "Freeman Road, Newcastle upon Tyne",
                },
            ),
            ("conflicts", {"date": "2025-05-21", "by": "P100"}),
            ("notices", {"date": "2025-06-02", "schedule": 3, "by": "P100"}),
        ]
        assert self.open(ref, who).status_code == 201
        for path, body in steps:
            response = self.post(f"/cases/{ref}/{path}", body, who)
            assert response.status_code in {200, 201}, response.text

    def award_body(self, day: str) -> dict[str, Any]:
        return {
            "date": day,
            "provider": "RTD",
            "value": 12_000_000,
            "start": "2025-07-01",
            "end": "2028-07-01",
            "by": "P100",
        }


@contextmanager
def running_api(loaded_sqlite_url: str, folder: Path) -> Iterator[CaseApi]:
    """The app on a copy of the loaded database, with its lifespan run (the register loaded
    before the first request), and the users and tokens the tests act as."""
    database = folder / "cases.db"
    shutil.copyfile(loaded_sqlite_url.removeprefix(SQLITE), database)
    with api_on(f"{SQLITE}{database}") as api:
        yield api


@contextmanager
def api_on(database_url: str) -> Iterator[CaseApi]:
    """The app on ``database_url`` (initialised by its own start-up if empty), with the users
    and tokens the tests act as."""
    app = create_app(Settings(database_url=database_url, load_in_background=False))
    with TestClient(app) as client:
        runtime = app.state.runtime
        accounts = runtime.accounts
        accounts.add_user("QHM", "editor@qhm.example", "editor", PASSWORD)
        accounts.add_user("QHM", "viewer@qhm.example", "viewer", PASSWORD)
        accounts.add_user("QOP", "editor@qop.example", "editor", PASSWORD)
        tokens = {
            "qhm": accounts.create_token(
                "editor@qhm.example", ["cases:read", "cases:write", "finance:write"], "tests"
            )[1],
            "qhm_cases": accounts.create_token(
                "editor@qhm.example", ["cases:read", "cases:write"], "cases only"
            )[1],
            "qhm_reader": accounts.create_token("editor@qhm.example", ["cases:read"], "read only")[
                1
            ],
            "qhm_viewer": accounts.create_token("viewer@qhm.example", ["cases:read"], "viewer")[1],
            "qop": accounts.create_token(
                "editor@qop.example", ["cases:read", "cases:write"], "tests"
            )[1],
        }
        yield CaseApi(client, runtime.system, tokens)
    app.state.runtime.system.engine.dispose()
