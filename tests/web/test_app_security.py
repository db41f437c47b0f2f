"""What every response carries and what every request must get past: security headers and
the Content-Security-Policy, the body cap, the readiness gate, CSRF on forms, signed session
cookies, sign-in with lockout, and API tokens made and revoked from the account pages."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nhswiring.service.accounts import Accounts
from nhswiring.web.app import create_app
from nhswiring.web.settings import Settings

PASSWORD = "correct horse battery"


@pytest.fixture
def fresh(loaded_sqlite_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, Accounts]]:
    """An app of its own (accounts change here), with an editor and a viewer of QHM and an
    editor of QOP."""
    target = tmp_path / "nhswiring.db"
    shutil.copyfile(Path(loaded_sqlite_url.removeprefix("sqlite:///")), target)
    app = create_app(
        Settings(database_url=f"sqlite:///{target}", load_in_background=False, secret_key="t")
    )
    with TestClient(app) as client:
        accounts = app.state.runtime.accounts
        accounts.add_user("QHM", "ed@qhm.example.nhs.uk", "editor", PASSWORD)
        accounts.add_user("QHM", "vi@qhm.example.nhs.uk", "viewer", PASSWORD)
        accounts.add_user("QOP", "ed@qop.example.nhs.uk", "editor", PASSWORD)
        yield client, accounts


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> int:
    client.get("/login")
    token = client.cookies.get("csrftoken")
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrftoken": token, "next": "/account"},
        follow_redirects=False,
    )
    return int(response.status_code)


@pytest.mark.parametrize("path", ["/", "/bodies/QHM", "/api/v1/nothing-here", "/nothing-here"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


def test_the_one_inline_script_carries_the_nonce_of_its_response(client: TestClient) -> None:
    response = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["content-security-policy"])
    assert nonce
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.text)
    assert inline == [f' nonce="{nonce.group(1)}"']
    assert (
        client.get("/").headers["content-security-policy"]
        != response.headers["content-security-policy"]
    )


def test_assets_are_served_locally_and_nothing_points_elsewhere(client: TestClient) -> None:
    page = client.get("/").text
    for url in re.findall(r'(?:href|src)="([^"]+)"', page):
        assert not url.startswith(("http:", "https:", "//")), url
    css = client.get("/assets/nhsuk-frontend.min.css")
    assert css.status_code == 200
    assert "assets.nhs.uk" not in css.text
    assert client.get("/assets/nhsuk-frontend.min.js").status_code == 200
    docs = client.get("/docs")
    assert "/assets/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert client.get("/assets/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/favicon.ico").status_code == 200


def test_a_body_over_256_kib_is_refused_with_413(client: TestClient) -> None:
    response = client.post(
        "/api/v1/judgements",
        content=b"{" + b" " * (257 * 1024) + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/payload-too-large"


def test_until_the_register_is_loaded_everything_but_health_answers_503(
    loaded_sqlite_url: str,
) -> None:
    app = create_app(Settings(database_url=loaded_sqlite_url, secret_key="t"))
    app.state.runtime.start = lambda: None  # never finishes loading
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        for path in ("/readyz", "/", "/api/v1/bodies"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert response.headers["retry-after"] == "5"
        app.state.runtime.ready.set()
        assert client.get("/readyz").status_code == 200


def test_a_form_posted_without_its_csrf_token_is_refused(
    fresh: tuple[TestClient, Accounts],
) -> None:
    client, _ = fresh
    client.get("/login")
    response = client.post("/login", data={"email": "ed@qhm.example.nhs.uk", "password": PASSWORD})
    assert response.status_code == 403
    assert "did not come from this site" in response.text
    assert "session" not in " ".join(client.cookies.keys())


def test_signing_in_sets_a_signed_http_only_same_site_session(
    fresh: tuple[TestClient, Accounts],
) -> None:
    client, _ = fresh
    client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": "ed@qhm.example.nhs.uk",
            "password": PASSWORD,
            "csrftoken": client.cookies.get("csrftoken"),
            "next": "/account",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/account"
    cookie = response.headers["set-cookie"]
    assert "nhswiring_session=" in cookie
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    account = client.get("/account")
    assert "NHS North East and North Cumbria" in account.text
    assert "editor" in account.text


def test_sign_in_refuses_a_redirect_off_the_site(fresh: tuple[TestClient, Accounts]) -> None:
    client, _ = fresh
    client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": "ed@qhm.example.nhs.uk",
            "password": PASSWORD,
            "csrftoken": client.cookies.get("csrftoken"),
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/cases"


def test_five_wrong_passwords_lock_the_account(fresh: tuple[TestClient, Accounts]) -> None:
    client, _ = fresh
    for _ in range(5):
        assert sign_in(client, "ed@qhm.example.nhs.uk", "not the password") == 422
    assert sign_in(client, "ed@qhm.example.nhs.uk") == 422  # the right one, but locked
    page = client.post(
        "/login",
        data={
            "email": "ed@qhm.example.nhs.uk",
            "password": PASSWORD,
            "csrftoken": client.cookies.get("csrftoken"),
        },
    )
    assert "locked" in page.text
    assert "There is a problem" in page.text


def test_pages_that_need_a_user_send_the_signed_out_to_sign_in(
    fresh: tuple[TestClient, Accounts],
) -> None:
    client, _ = fresh
    response = client.get("/account/tokens", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Faccount%2Ftokens"


def test_a_token_is_shown_once_works_and_can_be_revoked(
    fresh: tuple[TestClient, Accounts],
) -> None:
    client, accounts = fresh
    assert sign_in(client, "ed@qhm.example.nhs.uk") == 303
    csrf = client.cookies.get("csrftoken")
    made = client.post(
        "/account/tokens",
        data={"name": "reporting", "scope": ["cases:read", "cases:write"], "csrftoken": csrf},
    )
    assert made.status_code == 201
    token = re.search(r"(nhsw_[A-Za-z0-9_-]+)", made.text)
    assert token
    assert accounts.principal_for_token(token.group(1)) is not None
    listed = client.get("/account/tokens").text
    assert token.group(1) not in listed  # never shown again
    (info,) = accounts.list_tokens("ed@qhm.example.nhs.uk")
    client.post(f"/account/tokens/{info.id}/revoke", data={"csrftoken": csrf})
    assert accounts.principal_for_token(token.group(1)) is None


def test_a_viewer_cannot_make_a_write_token_nor_revoke_anothers(
    fresh: tuple[TestClient, Accounts],
) -> None:
    client, accounts = fresh
    info, _ = accounts.create_token("ed@qop.example.nhs.uk", ["cases:read"], "theirs")
    assert sign_in(client, "vi@qhm.example.nhs.uk") == 303
    csrf = client.cookies.get("csrftoken")
    refused = client.post(
        "/account/tokens", data={"name": "x", "scope": ["cases:write"], "csrftoken": csrf}
    )
    assert refused.status_code == 422
    assert "may not hold cases:write" in refused.text
    other = client.post(f"/account/tokens/{info.id}/revoke", data={"csrftoken": csrf})
    assert other.status_code == 404
    assert accounts.list_tokens("ed@qop.example.nhs.uk")[0].active


def test_pages_say_which_ledger_head_they_were_read_at(client: TestClient) -> None:
    response = client.get("/bodies/QHM?as_at=2023-01-01")
    head = int(response.headers["x-ledger-head"])
    assert head > 4000
    assert f"Read at ledger entry {head}" in response.text


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/api/v1/nothing-here"), ("DELETE", "/api/v1/bodies/QHM")]
)
def test_api_problems_say_the_ledger_head_too(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path)
    assert response.status_code in {404, 405}
    assert int(response.headers["x-ledger-head"]) > 4000
