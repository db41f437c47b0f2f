"""/api/v1/ledger/checkpoint (off unless the server has a signing key) and /ledger/verify
reporting the subject index."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from nhswiring.ledger import checkpoints as cp
from nhswiring.ledger.database import make_engine, migrate
from nhswiring.service.signing import create_key_pair, load_public_key
from nhswiring.web.app import create_app
from nhswiring.web.problems import PROBLEM_JSON
from nhswiring.web.settings import Settings
from tests.integration.small_ledger import SIZE, build, disable_guards


def test_checkpoint_is_a_404_problem_with_the_fix_when_no_key_is_configured(
    client: TestClient,
) -> None:
    response = client.get("/api/v1/ledger/checkpoint")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert "NHSWIRING_SIGNING_KEY" in response.json()["detail"]
    assert "nhswiring keys create" in response.json()["detail"]


def test_checkpoint_is_signed_with_the_servers_key(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "server.pem"
    public, fingerprint = create_key_pair(key)
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    monkeypatch.setattr(
        runtime, "settings", dataclasses.replace(runtime.settings, signing_key=str(key))
    )
    response = client.get("/api/v1/ledger/checkpoint")
    assert response.status_code == 200
    data = response.json()
    assert data["ledger_head"] == data["seq"] == int(response.headers["X-Ledger-Head"])
    checkpoint = cp.parse(data)  # what an auditor saves: ledger_head is not signed
    assert checkpoint.key_fingerprint == fingerprint
    assert cp.check_signature(checkpoint, load_public_key(public, "key")).origin_proven
    verified = runtime.system.verify([("api", checkpoint, cp.check_signature(checkpoint))])
    assert verified.ok


def test_checkpoint_with_an_unusable_key_file_says_so(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    bad = tmp_path / "not-a-key.pem"
    bad.write_text("hello")
    monkeypatch.setattr(
        runtime, "settings", dataclasses.replace(runtime.settings, signing_key=str(bad))
    )
    response = client.get("/api/v1/ledger/checkpoint")
    assert response.status_code == 404
    assert "is not an unencrypted PEM private key" in response.json()["detail"]


def test_verify_reports_a_tampered_subject_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'small.db'}"
    engine = make_engine(url)
    migrate(engine)
    build(engine)
    disable_guards(engine)
    with engine.begin() as c:
        c.execute(text("INSERT INTO ledger_subject (code, seq) VALUES ('RR8', 3)"))
    engine.dispose()
    app = create_app(Settings(database_url=url, load_in_background=False))
    with TestClient(app) as small:
        data = small.get("/api/v1/ledger/verify").json()
    app.state.runtime.system.engine.dispose()
    assert data["ok"] is False
    assert data["checked"] == SIZE
    assert data["first_broken"] is None  # the chain itself is intact
    assert data["subject_index"]["extra"] == 1
    assert data["subject_index"]["first_code"] == "RR8"
    assert "subject index wrong at entry 3" in data["reason"]
