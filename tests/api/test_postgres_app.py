"""The web app and API on PostgreSQL, the multi-user backend: start-up initialises an empty
database, a Direct Award C case runs through the API, a page reads the register, another
organisation cannot see the case, and nothing of it reaches the public feed."""

from __future__ import annotations

import pytest

from nhswiring.ledger.store import PUBLIC
from tests.api.case_fixtures import api_on
from tests.conftest import _fresh_postgres


@pytest.mark.postgres
def test_a_case_through_the_api_on_postgresql(postgres_schema_url: str) -> None:
    _fresh_postgres(postgres_schema_url).dispose()
    with api_on(postgres_schema_url) as api:
        assert api.client.get("/readyz").json()["status"] == "ready"
        page = api.client.get("/bodies/QHM?as_at=2023-01-01")
        assert page.status_code == 200
        assert "North East and North Cumbria" in page.text
        body = api.get("/bodies/QHM?as_at=2023-01-01", who=None)
        assert body.json()["code"] == "QHM"

        api.to_intention("PG-CN-2025")
        early = api.post("/cases/PG-CN-2025/award", api.award_body("2025-06-13"))
        assert early.status_code == 409
        assert early.json()["possible_from"] == "2025-06-14"
        done = api.post("/cases/PG-CN-2025/award", api.award_body("2025-06-16"))
        assert done.status_code in {200, 201}, done.text
        assert done.json()["case"]["status"] == "awarded"

        assert api.get("/cases/PG-CN-2025", who="qop").status_code == 404
        assert api.open("PG-CN-2025", who="qop").status_code == 201  # the same reference
        public = api.system.changes(after=0, limit=100_000, audience=PUBLIC)
        assert not [e for e in public if e.action_type == "case.step"]
        feed = api.get("/changes?after=4500&limit=500", who=None).json()
        assert feed["items"]
        assert all(item["visibility"] is None for item in feed["items"])
        assert api.system.verify().ok
