"""The private case API end to end: a Direct Award C case run through HTTP as a client would,
refused by the law where the law refuses it, with If-Match, problems naming the body member at
fault, tokens and scopes, and the OpenAPI description."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from nhswiring.domain.errors import LedgerConflict
from nhswiring.service.psr.cases import Cases
from nhswiring.web.api.case_support import PinnedCases, pinned_write, version_of
from nhswiring.web.problems import PROBLEM_JSON, Problem
from tests.api.case_fixtures import CaseApi, running_api
from tests.psr.conftest import DA_C_FACTS, KEY_CRITERIA

REF = "GH-CN-2025"


@pytest.fixture(scope="module")
def api(loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseApi]:
    with running_api(loaded_sqlite_url, tmp_path_factory.mktemp("case-api")) as running:
        yield running


def problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert int(response.headers["x-ledger-head"]) > 0
    body: dict[str, Any] = response.json()
    assert body["type"] == f"/problems/{slug}"
    return body


def pointers(body: dict[str, Any]) -> list[str | None]:
    return [e.get("pointer") for e in body.get("errors", [])]


def test_a_direct_award_c_case_runs_through_the_api(api: CaseApi) -> None:
    api.to_intention(REF)
    case = api.get(f"/cases/{REF}")
    assert case.status_code == 200
    state = case.json()
    assert state["status"] == "standstill"
    assert state["estimated_value"] == "12000000"
    assert state["standstill"]["last_day"] == "2025-06-13"
    assert case.headers["etag"] == f'"v{state["version"]}"'
    assert [h["step"] for h in state["history"]] == [
        "open",
        "route",
        "assess",
        "conflicts_checked",
        "notice",
    ]  # the check is recorded; it found no link: nobody in the case holds a post in RTD
    head = int(case.headers["x-ledger-head"])

    # In the standstill: refused by reg 12, with the day the contract may be entered into.
    early = api.post(f"/cases/{REF}/award", api.award_body("2025-06-13"))
    refused = problem(early, 409, "refused-by-law")
    assert "(reg 12)" in refused["detail"]
    assert "Saturday 2025-06-14" in refused["detail"]
    assert refused["possible_from"] == "2025-06-14"
    assert pointers(refused) == ["/date"]
    assert int(early.headers["x-ledger-head"]) == head  # nothing written
    assert api.get(f"/cases/{REF}").json()["version"] == state["version"]

    awarded = api.post(
        f"/cases/{REF}/award", api.award_body("2025-06-16"), **{"If-Match": case.headers["etag"]}
    )
    assert awarded.status_code == 201, awarded.text
    result = awarded.json()
    assert result["recorded"] == 2  # the step, and the contract joining the register
    assert result["verdict"]["outcome"] == "lawful"
    assert result["case"]["status"] == "awarded"
    assert result["case"]["award"]["value"] == "12000000"
    assert awarded.headers["etag"] == f'"v{state["version"] + 1}"'
    assert int(awarded.headers["x-ledger-head"]) == head + 2

    award_notice = api.post(
        f"/cases/{REF}/notices", {"date": "2025-06-20", "schedule": "4", "by": "P100"}
    )
    assert award_notice.status_code == 201, award_notice.text
    assert award_notice.headers["location"] == f"/api/v1/cases/{REF}/notices/2"

    record = api.get(f"/cases/{REF}/record")
    assert record.status_code == 200
    assert record.json()["complete"] is True, record.json()["items"]
    assert record.json()["items"][0]["item"] == "24(a)"
    pdf = api.get(f"/cases/{REF}/record?format=pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    by_accept = api.get(f"/cases/{REF}/record", Accept="application/pdf")
    assert by_accept.content.startswith(b"%PDF")

    intention = api.get(f"/cases/{REF}/notices/1").json()
    assert intention["notice"]["schedule"] == 3
    assert intention["notice"]["standstill"]["last_day"] == "2025-06-13"
    release = intention["ocds"]["releases"][0]
    assert release["tender"]["procurementMethodDetails"] == "Direct Award Process C"
    missing = api.get(f"/cases/{REF}/notices/3")
    assert [e["parameter"] for e in problem(missing, 404, "not-found")["errors"]] == ["n"]

    summary = api.get("/organisations/QHM/summary?year=2025/26").json()
    counts = {c["key"]: c["count"] for c in summary["counts"]}
    assert counts["direct_awards"] >= 1
    csv = api.get("/organisations/qhm/summary?year=2025/26&format=csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "reg 25(2)(a)" in csv.text
    monitoring = api.get("/organisations/QHM/monitoring?year=2025/26&as_at=2025-07-01")
    checks = [f for f in monitoring.json()["findings"] if f["case"] == REF]
    assert {f["check"]: f["result"] for f in checks}["record"] == "pass"
    assert api.get("/organisations/QHM/monitoring?year=2025/26", Accept="text/csv").text


def test_the_cases_list_and_a_case_carry_the_ledger_head(api: CaseApi) -> None:
    assert api.open("LIST-1").status_code == 201
    listed = api.get("/cases")
    assert listed.status_code == 200
    refs = {c["reference"]: c for c in listed.json()["cases"]}
    assert refs["LIST-1"]["href"] == "/api/v1/cases/LIST-1"
    assert refs["LIST-1"]["version"] == 1
    assert int(listed.headers["x-ledger-head"]) == api.system.head()


def test_if_match_on_a_moved_case_is_412_and_writes_nothing(api: CaseApi) -> None:
    opened = api.open("IFM-1")
    assert opened.headers["etag"] == '"v1"'
    route = {"date": "2025-05-10", "process": "direct_award_c", "facts": DA_C_FACTS, "by": "P100"}
    routed = api.post("/cases/IFM-1/route", route | {"provider": "RTD"}, **{"If-Match": '"v1"'})
    assert routed.status_code == 201, routed.text
    head = api.system.head()
    assessment = {
        "date": "2025-05-20",
        "provider": "RTD",
        "key_criteria": KEY_CRITERIA,
        "by": "P100",
    }
    stale = api.post("/cases/IFM-1/assessments", assessment, **{"If-Match": '"v1"'})
    body = problem(stale, 412, "precondition-failed")
    assert [e.get("parameter") for e in body["errors"]] == ["If-Match"]
    assert stale.headers["etag"] == '"v2"'
    assert api.system.head() == head
    assert api.get("/cases/IFM-1").json()["version"] == 2
    fresh = api.post("/cases/IFM-1/assessments", assessment, **{"If-Match": '"v2"'})
    assert fresh.status_code == 201, fresh.text
    assert api.post("/cases/IFM-1/conflicts", {"date": "2025-05-21", "by": "P100"}).status_code in {
        200,
        201,
    }


def test_a_write_racing_another_on_the_same_case_is_refused_by_the_ledger(api: CaseApi) -> None:
    assert api.open("RACE-1").status_code == 201
    cases = Cases(api.system, "QHM")
    read = cases.state("RACE-1")
    head = api.system.head()
    cases.route(  # another writer, after our read
        case_id="RACE-1",
        day=date(2025, 5, 10),
        process="direct_award_c",
        facts=DA_C_FACTS,
        by="P100",
        provider="RTD",
    )

    def step(c: Cases) -> Any:
        return c.abandon(
            case_id="RACE-1", day=date(2025, 5, 11), reason="no longer needed", by="P100"
        )

    pinned = PinnedCases(api.system, "QHM", "RACE-1", version_of(read))
    with pytest.raises(LedgerConflict):
        step(pinned)
    for if_match, slug in (('"v1"', "precondition-failed"), (None, "ledger-conflict")):
        with pytest.raises(Problem) as caught:
            pinned_write(PinnedCases(api.system, "QHM", "RACE-1", 1), read, if_match, step)
        assert caught.value.kind.slug == slug
    assert api.system.head() == head + 1  # only the other writer's step
    assert cases.state("RACE-1").abandoned is None


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        ({"estimated_value": "-5"}, "/estimated_value"),
        ({"estimated_value": "twelve"}, "/estimated_value"),
        ({"cpv_codes": ["45000000-7"]}, "/cpv_codes"),
        ({"decision_makers": {}}, "/decision_makers"),
        ({"by": "P999"}, "/by"),
        ({"date": "2023-05-01"}, "/date"),
        ({"reference": "no spaces"}, "/reference"),
        ({"colour": "blue"}, "/colour"),
    ],
)
def test_a_bad_value_is_422_naming_the_body_member(
    api: CaseApi, overrides: dict[str, Any], pointer: str
) -> None:
    body = problem(api.open("BAD-1", **overrides), 422, "invalid-value")
    assert pointers(body) == [pointer]
    assert "--" not in body["detail"]


def test_a_reference_in_use_is_422_naming_the_reference(api: CaseApi) -> None:
    assert api.open("TWICE-1").status_code == 201
    assert pointers(problem(api.open("TWICE-1"), 422, "invalid-value")) == ["/reference"]


def test_notice_schedules_are_2_to_15_or_abandonment(api: CaseApi) -> None:
    api.open("SCH-1")
    for schedule in (1, 16, "three", True):
        response = api.post(
            "/cases/SCH-1/notices", {"date": "2025-06-02", "schedule": schedule, "by": "P100"}
        )
        assert pointers(problem(response, 422, "invalid-value")) == ["/schedule"]
    wrong = api.post("/cases/SCH-1/notices", {"date": "2025-06-02", "schedule": 3, "by": "P100"})
    assert pointers(problem(wrong, 409, "refused-by-law")) == ["/schedule"]
    missing = api.post(
        "/cases/SCH-1/notices", {"date": "2025-06-02", "schedule": "abandonment", "by": "P100"}
    )
    assert "abandonment (POST .../abandonment)" in problem(missing, 409, "refused-by-law")["detail"]


def test_the_body_must_be_json(api: CaseApi) -> None:
    auth = api.headers("qhm")
    text = api.client.post(
        "/api/v1/cases", content=b"reference=X", headers=auth | {"Content-Type": "text/plain"}
    )
    body = problem(text, 415, "unsupported-media-type")
    assert [e.get("parameter") for e in body["errors"]] == ["Content-Type"]
    broken = api.client.post(
        "/api/v1/cases",
        content=b'{"reference": ',
        headers=auth | {"Content-Type": "application/json"},
    )
    problem(broken, 400, "malformed-request")


def test_tokens_and_scopes(api: CaseApi) -> None:
    api.open("AUTH-1")
    anonymous = api.get("/cases/AUTH-1", who=None)
    problem(anonymous, 401, "unauthenticated")
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    problem(api.open("AUTH-2", who=None), 401, "unauthenticated")
    wrong = api.client.get("/api/v1/cases", headers={"Authorization": "Bearer nhsw_not-a-token"})
    problem(wrong, 401, "unauthenticated")
    for reader in ("qhm_reader", "qhm_viewer"):
        assert api.get("/cases/AUTH-1", who=reader).status_code == 200
        problem(api.open("AUTH-3", who=reader), 403, "forbidden")
        abandon = {"date": "2025-05-02", "reason": "not needed", "by": "P100"}
        problem(api.post("/cases/AUTH-1/abandonment", abandon, who=reader), 403, "forbidden")
    assert api.get("/cases/AUTH-3").status_code == 404


def test_the_openapi_description_declares_every_answer(api: CaseApi) -> None:
    schema = api.client.get("/openapi.json").json()
    scheme = schema["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == scheme | {"type": "http", "scheme": "bearer"}
    paths = schema["paths"]
    for step in (
        "route",
        "assessments",
        "conflicts",
        "notices",
        "representations",
        "decisions",
        "award",
        "modifications",
        "abandonment",
        "information-requests",
        "information",
        "panel-referrals",
        "panel-advice",
    ):
        operation = paths[f"/api/v1/cases/{{ref}}/{step}"]["post"]
        assert {"bearerAuth": []} in operation["security"]
        responses = operation["responses"]
        assert {"201", "400", "401", "403", "404", "409", "412", "415", "422"} <= set(responses)
        examples = responses["409"]["content"][PROBLEM_JSON]["examples"]
        assert {"refused-by-law", "ledger-conflict"} <= set(examples)
        assert "X-Ledger-Head" in responses["201"]["headers"]
        assert "ETag" in responses["201"]["headers"]
    opened = paths["/api/v1/cases"]["post"]
    assert "85323000-9" in str(opened["requestBody"]) + str(schema["components"]["schemas"])
    for path in (
        "/api/v1/cases/{ref}/record",
        "/api/v1/cases/{ref}/notices/{n}",
        "/api/v1/organisations/{code}/summary",
        "/api/v1/organisations/{code}/monitoring",
    ):
        responses = paths[path]["get"]["responses"]
        assert {"200", "401", "403", "404", "422"} <= set(responses), path
    assert (
        "application/pdf"
        in paths["/api/v1/cases/{ref}/record"]["get"]["responses"]["200"]["content"]
    )
    assert "QHM" in str(paths["/api/v1/cases"]["get"]["responses"]["200"])


def test_a_retried_write_with_its_idempotency_key_is_recorded_once(api: CaseApi) -> None:
    """A client that lost the answer sends the same request with the same key: the step is
    not recorded again, the answer says so; the key with another request is refused."""
    key = {"Idempotency-Key": "0b6f1d0e-idem-open-1"}
    first = api.open("IDEM-1", headers=key)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    head = api.system.head()
    again = api.open("IDEM-1", headers=key)
    assert again.status_code == 200, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["replayed"] is True
    assert again.json()["case"]["version"] == 1
    assert api.system.head() == head
    route = {"date": "2025-05-10", "process": "direct_award_c", "facts": DA_C_FACTS, "by": "P100"}
    reused = api.post("/cases/IDEM-1/route", route | {"provider": "RTD"}, **key)
    body = problem(reused, 422, "invalid-value")
    assert [e.get("parameter") for e in body["errors"]] == ["Idempotency-Key"]
    assert api.system.head() == head
    routed = {"Idempotency-Key": "idem-route-1", "If-Match": '"v1"'}
    assert api.post("/cases/IDEM-1/route", route | {"provider": "RTD"}, **routed).status_code == 201
    # Retried with the If-Match it first sent: its own step moved the case on, not another's.
    replay = api.post("/cases/IDEM-1/route", route | {"provider": "RTD"}, **routed)
    assert replay.status_code == 200, replay.text
    assert replay.headers["idempotent-replayed"] == "true"


def test_an_idempotency_key_of_another_organisation_is_its_own(api: CaseApi) -> None:
    key = {"Idempotency-Key": "shared-key-1"}
    assert api.open("IDEM-ORG-1", headers=key).status_code == 201
    other = api.open("IDEM-ORG-1", who="qop", headers=key)
    assert other.status_code == 201, other.text
    assert other.headers.get("idempotent-replayed") is None
