"""GET /api/v1/audit: the audit as `nhswiring audit --json` gives it, with totals."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_audit_of_the_whole_register_has_nothing_unlawful(client: TestClient) -> None:
    response = client.get("/api/v1/audit")
    assert response.status_code == 200
    data = response.json()
    assert data["totals"]["unlawful"] == 0
    assert sum(data["totals"].values()) == len(data["changes"])
    first = data["changes"][0]
    assert set(first) == {"date", "actor", "action", "subjects", "instrument", "verdict"}


def test_audit_period_is_half_open(client: TestClient) -> None:
    data = client.get("/api/v1/audit", params={"from": "2022-07-01", "to": "2022-07-02"}).json()
    assert {c["date"] for c in data["changes"]} == {"2022-07-01"}
    assert (data["from"], data["to"]) == ("2022-07-01", "2022-07-02")
    icbs = [
        c
        for c in data["changes"]
        if c["action"] == "establishment" and c["verdict"]["action"] == "establish"
    ]
    assert len([c for c in icbs if c["actor"] == "NHSE"]) == 42


def test_audit_bad_period_is_a_problem_naming_the_parameter(client: TestClient) -> None:
    response = client.get("/api/v1/audit", params={"from": "2023-01-01", "to": "2022-01-01"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"].startswith("to: 2022-01-01 is not after from")
    bad = client.get("/api/v1/audit", params={"from": "2022-13-01"})
    assert bad.status_code == 422
