"""Every kind of bad request, table-driven: the status, the problem's ``type``, and the API
parameter or JSON pointer it names (never a command-line option such as ``as-at``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from nhswiring.web.problems import (
    INVALID,
    MALFORMED,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    PROBLEM_JSON,
    TOO_LARGE,
    UNSUPPORTED_MEDIA,
    ProblemKind,
)

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = (ROOT / "scenarios" / "claims" / "17-sos-directs-nhse.yaml").read_text()
YAML = {"Content-Type": "application/yaml"}
JSON_TYPE = {"Content-Type": "application/json"}
DIRECT = {
    "date": "2023-01-01",
    "actor": "SOS",
    "action": "direct",
    "args": {"to": "NHSE", "subject": "general"},
}
AWARD = {
    "date": "2024-06-01",
    "actor": "QHM",
    "action": "award_contract",
    "args": {
        "commissioner": "QHM",
        "provider": "XYZ99",
        "service": "community services",
        "lifetime_value": "1000000",
        "start": "2024-07-01",
        "process": "competitive",
    },
}


def judgement(**changes: Any) -> str:
    body = DIRECT | changes
    return json.dumps({k: v for k, v in body.items() if v is not None})


@dataclass(frozen=True)
class Bad:
    id: str
    method: str
    url: str
    kind: ProblemKind
    parameter: str | None = None
    pointer: str | None = None
    body: str | bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    allow: str | None = None


B = "/api/v1/bodies"
J = "/api/v1/judgements"
RUN = "/api/v1/scenarios/run"
CMP = "/api/v1/scenarios/compare"

CASES = [
    # --- query and path parameters ---------------------------------------------------------
    Bad("as_at not a date", "GET", f"{B}?as_at=2023-02-30", INVALID, "as_at"),
    Bad("as_at not ISO", "GET", f"{B}/QHM?as_at=1/1/2023", INVALID, "as_at"),
    Bad("as_at before the register", "GET", f"{B}/QHM?as_at=2010-01-01", INVALID, "as_at"),
    Bad("limit 0", "GET", f"{B}?limit=0", INVALID, "limit"),
    Bad("limit over 500", "GET", f"{B}?limit=501", INVALID, "limit"),
    Bad("limit not a number", "GET", f"{B}?limit=ten", INVALID, "limit"),
    Bad("unknown kind", "GET", f"{B}?kind=hospital", INVALID, "kind"),
    Bad("kind in CLI spelling", "GET", f"{B}?kind=ICB", INVALID, "kind"),
    Bad("bad cursor", "GET", f"{B}?cursor=not-a-cursor", INVALID, "cursor"),
    Bad("unknown format", "GET", f"{B}?format=xml", INVALID, "format"),
    Bad("unknown body", "GET", f"{B}/QHX", NOT_FOUND, "code"),
    Bad("body not in force", "GET", f"{B}/QHM?as_at=2015-01-01", NOT_FOUND, "as_at"),
    Bad("history of unknown body", "GET", f"{B}/QHX/history", NOT_FOUND, "code"),
    Bad("graph of unknown body", "GET", f"{B}/QHX/graph", NOT_FOUND, "code"),
    Bad("graph before the body", "GET", f"{B}/QHM/graph?as_at=2015-01-01", NOT_FOUND, "as_at"),
    Bad(
        "unknown function",
        "GET",
        "/api/v1/who-commissions?function=dentistry&area=E08000025",
        INVALID,
        "function",
    ),
    Bad(
        "area missing",
        "GET",
        "/api/v1/who-commissions?function=commission_specialised_services",
        INVALID,
        "area",
    ),
    Bad(
        "who-commissions bad date",
        "GET",
        "/api/v1/who-commissions?function=commission_specialised_services&area=E08000025"
        "&as_at=2024-06-31",
        INVALID,
        "as_at",
    ),
    Bad("unknown regime", "GET", "/api/v1/regimes/hsca2010/rules", NOT_FOUND, "key"),
    Bad("rules bad date", "GET", "/api/v1/regimes/hca2022/rules?date=2024-13-01", INVALID, "date"),
    Bad(
        "no regime in force",
        "GET",
        "/api/v1/regimes/in-force/rules?date=2010-01-01",
        INVALID,
        "date",
    ),
    Bad("unknown rule", "GET", "/api/v1/rules/nhs_act_2006.s99", NOT_FOUND, "id"),
    Bad("changes after -1", "GET", "/api/v1/changes?after=-1", INVALID, "after"),
    Bad("changes limit 0", "GET", "/api/v1/changes?limit=0", INVALID, "limit"),
    # --- methods -----------------------------------------------------------------------------
    Bad("DELETE bodies", "DELETE", B, METHOD_NOT_ALLOWED, allow="GET"),
    Bad("POST a body", "POST", f"{B}/QHM", METHOD_NOT_ALLOWED, allow="GET"),
    Bad("GET judgements", "GET", J, METHOD_NOT_ALLOWED, allow="POST"),
    Bad("PUT scenarios/run", "PUT", RUN, METHOD_NOT_ALLOWED, allow="POST"),
    # --- bodies: reading them ------------------------------------------------------------------
    Bad("malformed JSON", "POST", J, MALFORMED, pointer="", body="{", headers=JSON_TYPE),
    Bad("empty body", "POST", J, MALFORMED, pointer="", body="", headers=JSON_TYPE),
    Bad(
        "malformed YAML",
        "POST",
        RUN,
        MALFORMED,
        pointer="",
        body="steps: [unclosed",
        headers=YAML,
    ),
    Bad(
        "judgement as text",
        "POST",
        J,
        UNSUPPORTED_MEDIA,
        "Content-Type",
        body=judgement(),
        headers={"Content-Type": "text/plain"},
    ),
    Bad(
        "judgement as YAML",
        "POST",
        J,
        UNSUPPORTED_MEDIA,
        "Content-Type",
        body=judgement(),
        headers=YAML,
    ),
    Bad(
        "scenario as a form",
        "POST",
        RUN,
        UNSUPPORTED_MEDIA,
        "Content-Type",
        body="a=b",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    ),
    Bad(
        "body over 256 KiB",
        "POST",
        J,
        TOO_LARGE,
        body=b"[" + b"0," * (140 * 1024) + b"0]",
        headers=JSON_TYPE,
    ),
    # --- judgements: values ------------------------------------------------------------------
    Bad("bad date", "POST", J, INVALID, pointer="/date", body=judgement(date="2023-02-30")),
    Bad("date not ISO", "POST", J, INVALID, pointer="/date", body=judgement(date="1 Jan 2023")),
    Bad("date before 2013", "POST", J, INVALID, pointer="/date", body=judgement(date="2012-01-01")),
    Bad("unknown action", "POST", J, INVALID, pointer="/action", body=judgement(action="abolish")),
    Bad("unknown actor", "POST", J, INVALID, pointer="/actor", body=judgement(actor="QHX")),
    Bad("args missing", "POST", J, INVALID, pointer="/args", body=judgement(args=None)),
    Bad(
        "bad argument",
        "POST",
        J,
        INVALID,
        pointer="/args/subject",
        body=judgement(args={"to": "NHSE", "subject": "everything"}),
    ),
    Bad(
        "unknown provider",
        "POST",
        J,
        INVALID,
        pointer="/args/provider",
        body=json.dumps(AWARD),
    ),
    Bad("unknown regime", "POST", J, INVALID, pointer="/regime", body=judgement(regime="x")),
    Bad("unknown property", "POST", J, INVALID, pointer="/when", body=judgement(when="now")),
    Bad("not an object", "POST", J, INVALID, pointer="", body="[1, 2]"),
    # --- scenarios -----------------------------------------------------------------------------
    Bad("unknown regime to run", "POST", f"{RUN}?regime=x", INVALID, "regime", body=SCENARIO),
    Bad("compare without b", "POST", f"{CMP}?a=hsca2012", INVALID, "b", body=SCENARIO),
    Bad("compare unknown a", "POST", f"{CMP}?a=x&b=hca2022", INVALID, "a", body=SCENARIO),
    Bad(
        "scenario without steps",
        "POST",
        RUN,
        INVALID,
        pointer="/steps",
        body="name: x\nstart: 2019-06-01\n",
    ),
    Bad(
        "scenario step with an unknown actor",
        "POST",
        RUN,
        INVALID,
        pointer="/steps/0/actor",
        body=SCENARIO.replace("actor: SOS", "actor: QHX", 1),
    ),
    Bad(
        "scenario step with a bad date",
        "POST",
        RUN,
        INVALID,
        pointer="/steps/0/date",
        body=SCENARIO.replace("- date: 2019-06-01", "- date: 2019-06-31", 1),
    ),
    Bad(
        "scenario steps out of order",
        "POST",
        RUN,
        INVALID,
        pointer="/steps/1/date",
        body=SCENARIO.replace("- date: 2019-06-01", "- date: 2019-06-02", 1),
    ),
    Bad(
        "scenario contract ending before it starts",
        "POST",
        RUN,
        INVALID,
        pointer="/given",
        body=SCENARIO.replace(
            "start: 2019-06-01",
            "start: 2019-06-01\ngiven:\n  contracts: [{id: C1, commissioner: QHM, provider: RTD,"
            " service: x, lifetime_value: 1, start: 2020-04-01, end: 2019-04-01}]",
            1,
        ),
    ),
]


@pytest.mark.parametrize("bad", CASES, ids=[c.id for c in CASES])
def test_bad_request(client: TestClient, bad: Bad) -> None:
    headers = dict(bad.headers)
    if bad.body is not None and "Content-Type" not in headers:
        headers["Content-Type"] = "application/json" if bad.url.startswith(J) else "text/yaml"
    response = client.request(bad.method, bad.url, content=bad.body, headers=headers)
    assert response.status_code == bad.kind.status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    problem = response.json()
    assert problem["type"] == bad.kind.type
    assert problem["status"] == bad.kind.status
    if bad.allow is not None:
        assert response.headers["Allow"] == bad.allow
    if bad.parameter is None and bad.pointer is None:
        return
    first = problem["errors"][0]
    assert first.get("parameter") == bad.parameter, problem
    assert first.get("pointer") == bad.pointer, problem
    assert "as-at" not in response.text
    assert "--" not in problem["detail"]


def test_judgement_without_content_type_is_415(client: TestClient) -> None:
    response = client.post(J, content=judgement(), headers={"Content-Type": ""})
    assert response.status_code == 415
    assert response.json()["errors"][0]["parameter"] == "Content-Type"


def test_problem_after_reading_carries_the_ledger_head(client: TestClient) -> None:
    response = client.get(f"{B}/QHX")
    assert response.status_code == 404
    assert int(response.headers["X-Ledger-Head"]) > 0
