"""The form on a body's finance page: a signed-in editor records an outturn and comes back to
the page, which lists it and tests the duty on it; a viewer and a signed-out reader see no
form and cannot post; a bad amount is refused (422) naming the field, with the values kept and
the ledger unchanged; the form needs its CSRF token."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from nhswiring.service.accounts import Accounts
from nhswiring.service.system import System
from nhswiring.web.app import create_app
from nhswiring.web.settings import Settings
from tests.web.test_case_pages import assert_well_formed, post, text_of

PASSWORD = "correct horse battery staple"
EDITOR = "editor@qwo.example"
VIEWER = "viewer@qwo.example"
PAGE = "/finance/QWO?year=2024/25"
ACTION = "/finance/QWO/figures"


@pytest.fixture(scope="module")
def app(loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The web app on its own copy of the loaded database, with an editor and a viewer."""
    target = tmp_path_factory.mktemp("finance-form") / "nhswiring.db"
    shutil.copyfile(Path(loaded_sqlite_url.removeprefix("sqlite:///")), target)
    url = f"sqlite:///{target}"
    system = System.connect(url)
    accounts = Accounts(system.engine)
    accounts.add_user("QWO", EDITOR, "editor", PASSWORD)
    accounts.add_user("QWO", VIEWER, "viewer", PASSWORD)
    system.engine.dispose()
    application = create_app(
        Settings(database_url=url, load_in_background=False, secret_key="test")
    )
    with TestClient(application):
        yield application


def sign_in(app: FastAPI, email: str | None) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    client.get("/login")
    if email is None:
        return client
    response = client.post(
        "/login",
        data={
            "email": email,
            "password": PASSWORD,
            "next": PAGE,
            "csrftoken": client.cookies["csrftoken"],
        },
    )
    assert response.status_code == 303, response.text[:500]
    return client


@pytest.fixture(scope="module")
def editor(app: FastAPI) -> TestClient:
    return sign_in(app, EDITOR)


@pytest.fixture(scope="module")
def viewer(app: FastAPI) -> TestClient:
    return sign_in(app, VIEWER)


def head(app: FastAPI) -> int:
    return int(app.state.runtime.system.head())


def figure(**given: str) -> dict[str, Any]:
    """The form as the page draws it (its hidden year and submission), with ``given``."""
    return {
        "year": "2024/25",
        "submission": given.pop("submission", "a" * 32),
        "figure": "",
        "amount": "",
        "source": "",
        "note": "",
        "effective": "2025-06-30",
    } | given


def test_the_editor_sees_the_form(editor: TestClient) -> None:
    page = editor.get(PAGE)
    assert page.status_code == 200
    assert_well_formed(page)
    form = re.search(rf'<form method="post" action="{ACTION}".*?</form>', page.text, re.S)
    assert form, "no form to record a figure"
    assert 'name="submission"' in form.group(0)
    assert 'value="core_services:plan"' in form.group(0)
    assert 'value="core_services:in_year_change"' in form.group(0)
    assert 'value="expenditure"' in form.group(0)
    assert 'value="core_services"' not in form.group(0)  # published figures are NHSE's
    assert 'id="effective"' in form.group(0)


def test_an_editor_records_an_outturn_and_sees_the_duty_tested(
    app: FastAPI, editor: TestClient
) -> None:
    before = text_of(editor.get(PAGE))
    assert "No one has recorded a figure for QWO in 2024/25" in before
    start = head(app)
    sent = [
        figure(submission="b" * 32, figure="expenditure", amount="4,500,000,000", source="ARA"),
        figure(submission="c" * 32, figure="receipts", amount="£4,490,000,000", note="in year"),
    ]
    for data in sent:
        response = post(editor, ACTION, data)
        assert response.status_code == 303, response.text[:800]
        assert response.headers["location"] == "/finance/QWO?year=2024%2F25#recorded"
    assert head(app) == start + 2
    again = post(editor, ACTION, sent[0])  # the same form sent twice is recorded once
    assert again.status_code == 303
    assert head(app) == start + 2
    page = editor.get(PAGE)
    text = text_of(page)
    assert "Expenditure in the year" in text
    assert "£4,500,000,000" in text
    assert "ARA" in text
    duty = re.search(
        r'<section class="app-duty[^"]*"[^>]*>(?:(?!</section>).)*s\.223GC.*?</section>',
        page.text,
        re.S,
    )
    assert duty, "the breakeven duty is not on the page"
    assert "Breached" in duty.group(0)
    assert "-£10,000,000" in text_of_html(duty.group(0))
    # attributed as the API attributes it: the organisation and a user number, no e-mail
    system = app.state.runtime.system
    mine = [e for e in system.history("QWO") if e.seq > start]
    assert [e.effective_date.isoformat() for e in mine] == ["2025-06-30", "2025-06-30"]
    assert {e.actor for e in mine} == {f"QWO (user {editor_id(app)})"}
    assert EDITOR not in page.text.split("<header", 1)[0] + text


def editor_id(app: FastAPI) -> int:
    return int(app.state.runtime.accounts.user(EDITOR).id)


def text_of_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_in_year_change_may_be_negative(app: FastAPI, editor: TestClient) -> None:
    start = head(app)
    data = figure(submission="d" * 32, figure="core_services:in_year_change", amount="-250000")
    response = post(editor, ACTION, data)
    assert response.status_code == 303, response.text[:800]
    assert head(app) == start + 1
    assert "-£250,000" in text_of(editor.get(PAGE))


@pytest.mark.parametrize(
    ("given", "field", "words"),
    [
        ({"figure": "expenditure", "amount": "lots"}, "amount", "Amount in pounds (£)"),
        ({"figure": "expenditure", "amount": ""}, "amount", "Amount in pounds (£)"),
        ({"figure": "expenditure", "amount": "-5"}, "amount", "Amount in pounds (£)"),
        ({"figure": "", "amount": "5"}, "figure", "Figure"),
        ({"figure": "core_services", "amount": "5"}, "figure", "Figure"),
        (
            {"figure": "expenditure", "amount": "5", "effective": "30/06/2025"},
            "effective",
            "Effective date",
        ),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(
    app: FastAPI, editor: TestClient, given: dict[str, str], field: str, words: str
) -> None:
    start = head(app)
    data = figure(submission="e" * 32, source="kept source", note="kept note") | given
    response = post(editor, ACTION, data)
    assert response.status_code == 422
    assert head(app) == start, "a refused figure changed the ledger"
    assert_well_formed(response)
    summary = re.search(r'<div class="nhsuk-error-summary.*?</div>\s*</div>', response.text, re.S)
    assert summary, "no error summary"
    assert f'href="#{field}"' in summary.group(0)
    assert words.replace("(£)", "") in text_of_html(summary.group(0)).replace("(£)", "")
    assert f'id="{field}-error"' in response.text
    assert 'value="kept source"' in response.text
    assert "kept note" in response.text
    if given.get("amount"):
        assert f'value="{given["amount"]}"' in response.text


def test_a_viewer_gets_no_form_and_a_403(app: FastAPI, viewer: TestClient) -> None:
    page = viewer.get(PAGE)
    assert page.status_code == 200
    assert f'action="{ACTION}"' not in page.text
    assert "cannot record figures" in text_of(page)
    start = head(app)
    response = post(viewer, ACTION, figure(figure="expenditure", amount="5"))
    assert response.status_code == 403
    assert head(app) == start


def test_signed_out_gets_a_sign_in_link_and_is_sent_to_sign_in(app: FastAPI) -> None:
    anonymous = sign_in(app, None)
    page = anonymous.get(PAGE)
    assert f'action="{ACTION}"' not in page.text
    assert 'href="/login?next=%2Ffinance%2FQWO%3Fyear%3D2024%252F25%23record"' in page.text
    start = head(app)
    response = post(anonymous, ACTION, figure(figure="expenditure", amount="5"))
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    assert head(app) == start


def test_the_form_needs_its_csrf_token(app: FastAPI, editor: TestClient) -> None:
    start = head(app)
    response = editor.post(ACTION, data=figure(figure="expenditure", amount="5"))
    assert response.status_code == 403
    assert head(app) == start
