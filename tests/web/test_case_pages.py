"""The signed-in case pages: a Direct Award C case run through the forms, step by step, on a
copy of the loaded register; who may read and write; another organisation's case is not
found; every page keeps the rules (one h1, no inline styles, labelled fields)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from nhswiring.service.accounts import Accounts
from nhswiring.service.psr.cases import Cases
from nhswiring.service.system import System
from nhswiring.web.app import create_app
from nhswiring.web.settings import Settings
from tests.psr.conftest import DA_C_FACTS, KEY_CRITERIA

PASSWORD = "correct horse battery staple"
EDITOR = "editor@qhm.example"
VIEWER = "viewer@qhm.example"
OTHER = "editor@qop.example"
REF = "GH-CN-2025"


@pytest.fixture(scope="module")
def app(loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The web app on its own copy of the loaded database, with three users."""
    source = Path(loaded_sqlite_url.removeprefix("sqlite:///"))
    target = tmp_path_factory.mktemp("case-pages") / "nhswiring.db"
    shutil.copyfile(source, target)
    url = f"sqlite:///{target}"
    system = System.connect(url)
    accounts = Accounts(system.engine)
    accounts.add_user("QHM", EDITOR, "editor", PASSWORD)
    accounts.add_user("QHM", VIEWER, "viewer", PASSWORD)
    accounts.add_user("QOP", OTHER, "editor", PASSWORD)
    system.engine.dispose()
    application = create_app(
        Settings(database_url=url, load_in_background=False, secret_key="test")
    )
    with TestClient(application):  # runs start-up: the register is loaded
        yield application


def sign_in(app: FastAPI, email: str | None) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    if email is None:
        return client
    client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": email,
            "password": PASSWORD,
            "next": "/cases",
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


@pytest.fixture(scope="module")
def other(app: FastAPI) -> TestClient:
    return sign_in(app, OTHER)


def post(client: TestClient, url: str, data: dict[str, Any]) -> Response:
    token = client.cookies.get("csrftoken", "")
    response: Response = client.post(url, data=data | {"csrftoken": token})
    return response


def text_of(response: Response) -> str:
    main = re.search(r"<main.*?</main>", response.text, re.S)
    body = re.sub(r"<[^>]+>", " ", main.group(0) if main else response.text)
    body = body.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"')
    return re.sub(r"\s+", " ", body)


def assert_well_formed(response: Response) -> None:
    html = response.text
    assert len(re.findall(r"<h1[\s>]", html)) == 1, "exactly one h1"
    assert " style=" not in html
    assert "<style" not in html
    assert "<script>" not in html.replace("<script nonce", "")
    labels = set(re.findall(r'<label[^>]* for="([^"]+)"', html))
    for tag, field_id in re.findall(r'<(input|select|textarea)\b[^>]*\bid="([^"]+)"', html):
        assert field_id in labels, f"{tag}#{field_id} has no label"
    for form in re.findall(r'<form[^>]*method="post".*?</form>', html, re.S):
        assert 'name="csrftoken"' in form


def error_summary(response: Response) -> str:
    found = re.search(r'<div class="nhsuk-error-summary".*?</div>\s*</div>', response.text, re.S)
    assert found, "an error summary"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))).replace("&#39;", "'")


def kc_fields() -> dict[str, str]:
    out = {}
    for name, entry in KEY_CRITERIA.items():
        out[f"kc.{name}.weight"] = str(entry["weight"])
        out[f"kc.{name}.reasons"] = str(entry["reasons"])
    return out


def fact_fields(facts: dict[str, Any]) -> dict[str, str]:
    return {
        f"fact.{k}": ("yes" if v else "no") if isinstance(v, bool) else str(v)
        for k, v in facts.items()
    }


CASE = f"/cases/{REF}"
STEP_URLS = [f"{CASE}/{s}" for s in ("route", "assess", "conflicts", "notice", "represent")]
STEP_URLS += [f"{CASE}/{s}" for s in ("decide", "award", "modify", "abandon")]
READ_URLS = [
    CASE,
    f"{CASE}?as_at=2025-06-05",
    f"{CASE}/notices/1",
    f"{CASE}/notices/1.ocds.json",
    f"{CASE}/record",
    f"{CASE}/record.pdf",
    f"{CASE}/record.json",
]


@pytest.fixture(scope="module")
def awarded(editor: TestClient) -> dict[str, Response]:
    """The Direct Award C case run through the forms; each response kept for the tests."""
    seen: dict[str, Response] = {}
    seen["new form"] = editor.get("/cases/new")
    seen["open"] = post(
        editor,
        "/cases/new",
        {
            "reference": REF,
            "service": "Community nursing, Gateshead",
            "cpv": "85323000-9",
            "value": "12000000",
            "decision_makers": "P100=Ann Example\nP101=Bob Example",
            "date": "2025-05-01",
            "by": "P100",
            "existing_contract": "",
        },
    )
    seen["route form"] = editor.get(f"{CASE}/route")
    seen["route check"] = post(
        editor,
        f"{CASE}/route",
        {"action": "check", "date": "2025-05-10", "provider": "RTD", "by": "P100"}
        | fact_fields(DA_C_FACTS),
    )
    seen["route"] = post(
        editor,
        f"{CASE}/route",
        {
            "action": "record",
            "process": "direct_award_c",
            "date": "2025-05-10",
            "provider": "RTD",
            "by": "P100",
        }
        | fact_fields(DA_C_FACTS),
    )
    seen["assess form"] = editor.get(f"{CASE}/assess")
    seen["assess"] = post(
        editor,
        f"{CASE}/assess",
        {
            "provider": "RTD",
            "address": "Freeman Road, Newcastle upon Tyne",
            "basic_selection": "met",
            "exclusion": "none",
            "date": "2025-05-20",
            "by": "P100",
        }
        | kc_fields(),
    )
    seen["conflicts form"] = editor.get(f"{CASE}/conflicts")
    seen["conflicts"] = post(editor, f"{CASE}/conflicts", {"date": "2025-05-21", "by": "P100"})
    seen["notice form"] = editor.get(f"{CASE}/notice")
    seen["notice"] = post(
        editor,
        f"{CASE}/notice",
        {"schedule": "3", "provider": "RTD", "date": "2025-06-02", "by": "P100"},
    )
    seen["in standstill"] = editor.get(f"{CASE}?as_at=2025-06-05")
    seen["award form"] = editor.get(f"{CASE}/award")
    award = {
        "provider": "RTD",
        "value": "12000000",
        "start": "2025-07-01",
        "end": "2028-06-30",
        "by": "P100",
    }
    seen["award too early"] = post(editor, f"{CASE}/award", award | {"date": "2025-06-10"})
    seen["award"] = post(editor, f"{CASE}/award", award | {"date": "2025-06-16"})
    seen["award notice"] = post(
        editor,
        f"{CASE}/notice",
        {"schedule": "4", "provider": "RTD", "date": "2025-06-20", "by": "P100"},
    )
    seen["case"] = editor.get(CASE)
    seen["record"] = editor.get(f"{CASE}/record")
    seen["record.pdf"] = editor.get(f"{CASE}/record.pdf")
    return seen


@pytest.mark.parametrize(
    "step", ["open", "route", "assess", "conflicts", "notice", "award", "award notice"]
)
def test_each_step_taken_through_its_form_goes_back_to_the_case(
    awarded: dict[str, Response], step: str
) -> None:
    response = awarded[step]
    assert response.status_code == 303, text_of(response)[:2000]
    assert response.headers["location"] == CASE


def test_the_route_form_shows_each_process_with_its_reasons(awarded: dict[str, Response]) -> None:
    form = awarded["route form"]
    assert form.status_code == 200
    assert "Is there an existing provider of these services" in text_of(form)
    checked = awarded["route check"]
    assert checked.status_code == 200
    text = text_of(checked)
    assert "Direct Award Process C: Allowed" in text
    assert "Direct Award Process A: Ruled out" in text
    assert "legislation.gov.uk" in checked.text
    # the answers given stay on the form
    assert re.search(r'name="fact.existing_provider"[^>]*value="yes"[^>]*checked', checked.text)


def test_the_award_in_the_standstill_is_refused_on_the_page(awarded: dict[str, Response]) -> None:
    response = awarded["award too early"]
    assert response.status_code == 422
    summary = error_summary(response)
    assert "reg 12" in summary
    assert "Saturday 14 June 2025" in summary
    assert "midnight at the end of Friday 13 June 2025" in summary
    assert 'href="#date"' in response.text
    assert response.text.count('id="date"') == 1
    assert_well_formed(response)


def test_the_case_page_during_the_standstill(awarded: dict[str, Response]) -> None:
    response = awarded["in standstill"]
    assert response.status_code == 200
    text = text_of(response)
    assert "Standstill" in text
    assert (
        "The standstill ends at midnight at the end of Friday 13 June 2025; the contract may "
        "be entered into from Saturday 14 June 2025" in text
    )
    assert "Cannot start yet" in text
    assert "Completed" in text
    assert 'class="nhsuk-task-list"' in response.text


def test_the_awarded_case(awarded: dict[str, Response], editor: TestClient) -> None:
    page = awarded["case"]
    text = text_of(page)
    assert "Awarded" in text
    assert "Contract GH-CN-2025-C1 awarded to RTD" in text
    assert "£12,000,000" in text
    assert "Notice of intention to award" in text or "Schedule 3" in text
    assert "Schedule 4" in text
    assert f'href="{CASE}/notices/1"' in page.text
    assert "Cannot start yet" not in text
    assert "Not yet started" not in text


def test_the_record_is_complete_and_downloads(awarded: dict[str, Response]) -> None:
    record = awarded["record"]
    assert record.status_code == 200
    text = text_of(record)
    assert "Every item, (a) to (j), is recorded" in text
    assert "Missing" not in text
    pdf = awarded["record.pdf"]
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_notice_page_and_its_ocds_release(
    awarded: dict[str, Response], editor: TestClient
) -> None:
    page = editor.get(f"{CASE}/notices/1")
    assert page.status_code == 200
    assert "Download OCDS release (JSON)" in page.text
    assert "Schedule 3" in text_of(page)
    release = editor.get(f"{CASE}/notices/1.ocds.json")
    assert release.status_code == 200
    package = release.json()
    assert package["version"] == "1.1"
    assert package["releases"][0]["ocid"].startswith("ocds-nhswrg")
    assert editor.get(f"{CASE}/notices/9").status_code == 404


def test_the_record_json_matches_the_service(
    awarded: dict[str, Response], editor: TestClient, app: FastAPI
) -> None:
    body = editor.get(f"{CASE}/record.json").json()
    assert body["complete"] is True
    assert body["items"][0]["item"] == "24(a)"
    cases = Cases(app.state.runtime.system, "QHM")
    assert cases.state(REF).status.value == "awarded"


def test_the_case_list(awarded: dict[str, Response], editor: TestClient) -> None:
    response = editor.get("/cases")
    assert response.status_code == 200
    assert f'href="/cases/{REF}"' in response.text
    text = text_of(response)
    assert "Start a new case" in text
    assert "Direct Award Process C" in text
    assert "1 May 2025" in text
    assert "£12,000,000" in text


def test_summary_and_monitoring(awarded: dict[str, Response], editor: TestClient) -> None:
    summary = editor.get("/cases/summary", params={"year": "2025/26"})
    assert summary.status_code == 200
    assert "Contracts awarded following Direct Award Process A, B or C" in text_of(summary)
    csv = editor.get("/cases/summary.csv", params={"year": "2025/26"})
    assert csv.status_code == 200
    assert csv.text.startswith("measure,count,basis")
    assert 'Direct Award Process A, B or C",1,' in csv.text
    xlsx = editor.get("/cases/summary.xlsx", params={"year": "2025/26"})
    assert xlsx.content.startswith(b"PK")
    monitoring = editor.get("/cases/monitoring", params={"year": "2025/26"})
    assert monitoring.status_code == 200
    assert REF in text_of(monitoring)
    assert editor.get("/cases/monitoring.csv", params={"year": "2025/26"}).text.startswith("case,")
    bad = editor.get("/cases/summary", params={"year": "2025"})
    assert bad.status_code == 422
    assert 'href="#year"' in bad.text


def test_opening_errors_name_the_field(awarded: dict[str, Response], editor: TestClient) -> None:
    base = {
        "reference": "BAD-1",
        "service": "Community nursing",
        "cpv": "85323000-9",
        "value": "1000",
        "decision_makers": "P100=Ann Example",
        "date": "2025-05-01",
        "by": "P100",
    }
    wrong_cpv = post(editor, "/cases/new", base | {"cpv": "12345678-9"})
    assert wrong_cpv.status_code == 422
    assert 'href="#cpv"' in wrong_cpv.text
    assert "Schedule 1" in error_summary(wrong_cpv)
    assert "nhsuk-form-group--error" in wrong_cpv.text
    assert_well_formed(wrong_cpv)
    early = post(editor, "/cases/new", base | {"date": "2023-12-01"})
    assert early.status_code == 422
    assert 'href="#date"' in early.text
    no_dm = post(editor, "/cases/new", base | {"decision_makers": "Ann"})
    assert 'href="#decision_makers"' in no_dm.text
    taken = post(editor, "/cases/new", base | {"reference": REF})
    assert taken.status_code == 422
    assert "already has a case" in error_summary(taken)
    assert 'href="#reference"' in taken.text
    page_name = post(editor, "/cases/new", base | {"reference": "summary"})
    assert page_name.status_code == 422
    assert 'href="#reference"' in page_name.text


def test_refused_steps_re_render_with_the_error(
    awarded: dict[str, Response], editor: TestClient
) -> None:
    # the contract has been awarded: abandoning is refused on the page
    response = post(editor, f"{CASE}/abandon", {"reason": "x", "date": "2025-07-01", "by": "P100"})
    assert response.status_code == 422
    assert "The law does not allow this step now" in error_summary(response)
    assert 'href="#reason"' in response.text
    # a missing weight names the criterion's field
    response = post(
        editor,
        f"{CASE}/assess",
        {"provider": "RTD", "basic_selection": "met", "date": "2025-05-20", "by": "P100"}
        | kc_fields()
        | {"kc.value.weight": ""},
    )
    assert response.status_code == 422
    assert 'href="#kc-value-weight"' in response.text


@pytest.mark.parametrize("url", ["/cases", "/cases/new", "/cases/summary", "/cases/monitoring"])
def test_organisation_pages_are_well_formed(
    awarded: dict[str, Response], editor: TestClient, url: str
) -> None:
    response = editor.get(url)
    assert response.status_code == 200
    assert_well_formed(response)


@pytest.mark.parametrize("url", [CASE, f"{CASE}/record", f"{CASE}/notices/1", *STEP_URLS])
def test_case_pages_are_well_formed(
    awarded: dict[str, Response], editor: TestClient, url: str
) -> None:
    response = editor.get(url)
    assert response.status_code == 200, text_of(response)[:500]
    assert_well_formed(response)


FORMS = ["new form", "route form", "route check", "assess form", "conflicts form", "notice form"]


@pytest.mark.parametrize("name", FORMS)
def test_forms_on_the_way_are_well_formed(awarded: dict[str, Response], name: str) -> None:
    assert awarded[name].status_code == 200
    assert_well_formed(awarded[name])


def test_a_viewer_reads_but_cannot_take_a_step(
    awarded: dict[str, Response], viewer: TestClient
) -> None:
    for url in READ_URLS:
        assert viewer.get(url).status_code == 200, url
    page = viewer.get(CASE)
    assert f'href="{CASE}/award"' not in page.text
    assert "Start a new case" not in text_of(viewer.get("/cases"))
    for url in ["/cases/new", *STEP_URLS]:
        assert post(viewer, url, {"date": "2025-07-01", "by": "P100"}).status_code == 403, url
        assert viewer.get(url).status_code == 403, url


def test_signed_out_is_sent_to_sign_in(app: FastAPI, awarded: dict[str, Response]) -> None:
    anonymous = sign_in(app, None)
    for url in ["/cases", "/cases/new", "/cases/summary", *READ_URLS, *STEP_URLS]:
        response = anonymous.get(url)
        assert response.status_code == 303, url
        assert response.headers["location"].startswith("/login?next=")


def test_another_organisation_cannot_find_the_case(
    awarded: dict[str, Response], other: TestClient
) -> None:
    missing = other.get("/cases/NO-SUCH-CASE")
    assert missing.status_code == 404
    for url in [*READ_URLS, *STEP_URLS]:
        response = other.get(url)
        assert response.status_code == 404, url
    for url in STEP_URLS:
        response = post(other, url, {"date": "2025-07-01", "by": "P100", "provider": "RTD"})
        assert response.status_code == 404, url
    page = other.get(CASE)
    assert text_of(page).replace("GH-CN-2025", "X") == text_of(missing).replace("NO-SUCH-CASE", "X")
    assert REF not in other.get("/cases").text


def test_a_post_without_the_csrf_token_is_refused(
    awarded: dict[str, Response], editor: TestClient
) -> None:
    response = editor.post(f"{CASE}/conflicts", data={"date": "2025-07-01", "by": "P100"})
    assert response.status_code == 403
    response = editor.post("/cases/new", data={"reference": "X"})
    assert response.status_code == 403


def test_representations_and_the_wait_after_the_decision(
    awarded: dict[str, Response], editor: TestClient
) -> None:
    ref = "GH-REP-2025"
    case = f"/cases/{ref}"
    steps: list[tuple[str, dict[str, Any]]] = [
        (
            "/cases/new",
            {
                "reference": ref,
                "service": "Community nursing, Gateshead",
                "cpv": "85323000-9",
                "value": "12000000",
                "decision_makers": "P100=Ann Example\nP101=Bob Example",
                "date": "2025-05-01",
                "by": "P100",
            },
        ),
        (
            f"{case}/route",
            {"process": "direct_award_c", "date": "2025-05-10", "provider": "RTD", "by": "P100"}
            | fact_fields(DA_C_FACTS),
        ),
        (
            f"{case}/assess",
            {"provider": "RTD", "address": "Freeman Road", "basic_selection": "met"}
            | {"date": "2025-05-20", "by": "P100"}
            | kc_fields(),
        ),
        (f"{case}/notice", {"schedule": "3", "date": "2025-06-02", "by": "P100"}),
        (
            f"{case}/represent",
            {"provider": "RR7", "summary": "We could do it cheaper", "date": "2025-06-05"}
            | {"by": "P100"},
        ),
    ]
    for url, data in steps:
        response = post(editor, url, data)
        assert response.status_code == 303, (url, text_of(response)[:1500])
    page = editor.get(case, params={"as_at": "2025-06-16"})
    assert "Decide on representations" in text_of(page)
    assert f'href="{case}/decide"' in page.text
    form = editor.get(f"{case}/decide")
    assert form.status_code == 200
    assert '<option value="RR7"' in form.text
    assert_well_formed(form)
    decided = post(
        editor,
        f"{case}/decide",
        {"provider": "RR7", "decision": "proceed", "reasons": "No better offer was shown"}
        | {"date": "2025-06-16", "by": "P101"},
    )
    assert decided.status_code == 303, text_of(decided)[:1500]
    award = {"provider": "RTD", "value": "12000000", "start": "2025-07-01", "by": "P100"}
    early = post(editor, f"{case}/award", award | {"date": "2025-06-17"})
    assert early.status_code == 422
    assert "reg 12(10)" in error_summary(early)
    waiting = editor.get(case, params={"as_at": "2025-06-17"})
    text = text_of(waiting)
    assert "Cannot start yet" in text
    assert "Possible from Tuesday 24 June 2025" in text
    assert post(editor, f"{case}/award", award | {"date": "2025-06-24"}).status_code == 303


def test_a_form_sent_twice_is_recorded_once(
    awarded: dict[str, Response], editor: TestClient
) -> None:
    """A double click (or a resend after a dropped answer) sends the same submission: the
    second is recognised and goes to the case like the first, and nothing is recorded
    twice. A form drawn afresh is a new submission, judged as such."""
    page = editor.get("/cases/new")
    submission = re.search(r'name="submission" value="([0-9a-f]{32})"', page.text)
    assert submission is not None
    data = {
        "reference": "TWICE-1",
        "service": "Community nursing",
        "cpv": "85323000-9",
        "value": "1000",
        "decision_makers": "P100=Ann Example",
        "date": "2025-05-01",
        "by": "P100",
        "submission": submission.group(1),
    }
    first = post(editor, "/cases/new", data)
    assert first.status_code == 303
    second = post(editor, "/cases/new", data)
    assert second.status_code == 303
    assert second.headers["location"] == first.headers["location"]
    fresh = editor.get("/cases/new")
    other = re.search(r'name="submission" value="([0-9a-f]{32})"', fresh.text)
    assert other is not None
    assert other.group(1) != submission.group(1)
    again = post(editor, "/cases/new", data | {"submission": other.group(1)})
    assert again.status_code == 422
    assert "already has a case" in error_summary(again)


def test_the_review_of_representations_through_its_forms(
    awarded: dict[str, Response], editor: TestClient
) -> None:
    """A request for information, the reply, a referral to the Panel and its advice, each
    through its form; the case page offers them while the standstill is kept open."""
    ref = "GH-PANEL-2025"
    case = f"/cases/{ref}"
    opened = {
        "reference": ref,
        "service": "Community nursing, Gateshead",
        "cpv": "85323000-9",
        "value": "12000000",
        "decision_makers": "P100=Ann Example\nP101=Bob Example",
        "date": "2025-05-01",
        "by": "P100",
    }
    route = {"process": "direct_award_c", "date": "2025-05-10", "provider": "RTD", "by": "P100"}
    assessed = {"provider": "RTD", "address": "Freeman Road", "basic_selection": "met"}
    steps: list[tuple[str, dict[str, Any]]] = [
        ("/cases/new", opened),
        (f"{case}/route", route | fact_fields(DA_C_FACTS)),
        (f"{case}/assess", assessed | {"date": "2025-05-20", "by": "P100"} | kc_fields()),
        (f"{case}/notice", {"schedule": "3", "date": "2025-06-02", "by": "P100"}),
        (f"{case}/represent", {"provider": "RR7", "summary": "s", "date": "2025-06-05"}),
        (f"{case}/request-information", {"provider": "RR7", "request": "the scores"}),
        (f"{case}/give-information", {"provider": "RR7", "answer": "the scores"}),
        (f"{case}/decide", {"provider": "RR7", "decision": "proceed", "reasons": "r"}),
        (f"{case}/refer", {"provider": "RR7", "reference": "CR1"}),
        (f"{case}/advice", {"provider": "RR7", "advice": "proceed", "summary": "s"}),
    ]
    for url, data in steps:
        data = {"date": "2025-06-16", "by": "P100"} | data
        response = post(editor, url, data)
        assert response.status_code == 303, (url, text_of(response)[:1500])
    page = editor.get(case, params={"as_at": "2025-06-17"})
    assert f'href="{case}/refer"' in page.text
    assert "Standstill kept open by representations" in text_of(page)
    form = editor.get(f"{case}/advice")
    assert_well_formed(form)
    refused = post(
        editor,
        f"{case}/award",
        {"provider": "RTD", "value": "12000000", "start": "2025-07-01", "by": "P100"}
        | {"date": "2025-07-01"},
    )
    assert "subsequent further decision" in error_summary(refused)
