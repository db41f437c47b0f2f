"""The public API's happy paths, against the real register (a copy of the loaded database)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from nhswiring.domain import events as ev
from nhswiring.service.system import new_entry
from nhswiring.web.problems import PROBLEM_JSON
from tests.api.conftest import PUBLIC_TAGS

ROOT = Path(__file__).resolve().parents[2]
SOS_DIRECTS = ROOT / "scenarios" / "claims" / "17-sos-directs-nhse.yaml"


def get(client: TestClient, url: str, **params: Any) -> dict[str, Any]:
    response = client.get(url, params=params) if params else client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    data: dict[str, Any] = response.json()
    assert int(response.headers["X-Ledger-Head"]) == data["ledger_head"] > 0
    return data


def follow(client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every page from ``url``, following ``next``."""
    pages = [get(client, url, **params)]
    while pages[-1]["next"]:
        assert len(pages) < 100, "pagination does not end"
        pages.append(get(client, pages[-1]["next"]))
    return pages


# --- bodies --------------------------------------------------------------------------------


def test_qhm_as_at_2023(client: TestClient) -> None:
    qhm = get(client, "/api/v1/bodies/QHM", as_at="2023-01-01")
    assert qhm["name"] == "NHS North East and North Cumbria Integrated Care Board"
    assert qhm["kind"] == "icb"
    assert qhm["as_at"] == "2023-01-01"
    assert (qhm["start"], qhm["end"]) == ("2022-07-01", None)
    assert {"00L", "RTD"} <= set(qhm["children"])
    assert "commission_secondary_care" in {f["function"] for f in qhm["functions"]}
    assert any(d["from"] == "NHSE" for d in qhm["delegations_in"])


def test_00l_has_two_lives(client: TestClient) -> None:
    ccg = get(client, "/api/v1/bodies/00L", as_at="2022-06-30")
    sicbl = get(client, "/api/v1/bodies/00L", as_at="2022-07-01")
    assert (ccg["kind"], ccg["name"]) == ("ccg", "NHS Northumberland CCG")
    assert (ccg["start"], ccg["end"]) == ("2013-04-01", "2022-07-01")  # end exclusive
    assert (sicbl["kind"], sicbl["parent"]) == ("sub_icb_location", "QHM")
    assert (sicbl["start"], sicbl["end"]) == ("2022-07-01", None)


def test_qhm_was_a_non_statutory_partnership_before_it_was_an_icb(client: TestClient) -> None:
    stp = get(client, "/api/v1/bodies/QHM", as_at="2021-06-01")
    assert (stp["kind"], stp["statutory"]) == ("stp", False)
    assert stp["functions"] == []
    assert {"00L", "13T"} <= {m["code"] for m in stp["members"]}
    icb = get(client, "/api/v1/bodies/QHM", as_at="2023-01-01")
    assert "statutory" not in icb
    assert icb["members"] == []


def test_history_is_the_public_record(client: TestClient) -> None:
    history = get(client, "/api/v1/bodies/00L/history")
    entries = history["entries"]
    assert history["code"] == "00L"
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries)
    assert entries[0]["action_type"] == "body.established"
    assert all(e["visibility"] is None for e in entries)


def test_graph_of_qhm(client: TestClient) -> None:
    graph = get(client, "/api/v1/bodies/QHM/graph", as_at="2023-01-01")
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert graph["focus"] == "QHM"
    assert nodes["QHM"]["role"] == "focus"
    assert any(e["from"] == "QHM" and e["relation"] == "parent_of" for e in graph["edges"])


def test_icbs_page_by_cursor_without_gaps_or_duplicates(client: TestClient) -> None:
    everything = get(client, "/api/v1/bodies", kind="icb", as_at="2023-01-01", limit=500)
    assert everything["next"] is None
    pages = follow(client, "/api/v1/bodies", kind="icb", as_at="2023-01-01", limit=5)
    codes = [b["code"] for page in pages for b in page["items"]]
    assert len(codes) == len(set(codes)) == everything["count"] == 42
    assert codes == [b["code"] for b in everything["items"]]
    assert all(page["count"] == 5 for page in pages[:-1])


def test_bodies_filtered_by_name(client: TestClient) -> None:
    found = get(client, "/api/v1/bodies", q="northumberland", as_at="2020-01-01")
    assert "00L" in {b["code"] for b in found["items"]}
    assert all("northumberland" in b["name"].lower() for b in found["items"])


def test_bodies_as_csv(client: TestClient) -> None:
    response = client.get(
        "/api/v1/bodies", params={"kind": "trust", "as_at": "2023-01-01", "format": "csv"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert int(response.headers["X-Ledger-Head"]) > 0
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows
    assert list(rows[0]) == [
        "code",
        "name",
        "kind",
        "parent",
        "start",
        "end",
        "foundation_trust",
        "trust_type",
    ]
    assert {r["kind"] for r in rows} <= {"nhs_trust", "foundation_trust"}
    assert 'rel="next"' in response.headers["Link"]  # a page of 100 of the 200-odd trusts


# --- who commissions and the catalogue -----------------------------------------------------


def test_who_commissions_specialised_services_in_birmingham(client: TestClient) -> None:
    data = get(
        client,
        "/api/v1/who-commissions",
        function="commission_specialised_services",
        area="E08000025",
        as_at="2024-06-01",
    )
    [answer] = data["answers"]
    assert answer["holder"]["code"] == "NHSE"
    assert answer["exercised_by"]["code"] == "QHL"
    assert [d["to"] for d in answer["chain"]] == ["QHL"]


def test_functions_catalogue(client: TestClient) -> None:
    functions = {f["key"]: f for f in get(client, "/api/v1/functions")["functions"]}
    specialised = functions["commission_specialised_services"]
    assert any(c["holder"] == "NHSE" for c in specialised["conferrals"])


# --- the law -------------------------------------------------------------------------------


def test_regimes_and_their_rules(client: TestClient) -> None:
    regimes = {r["key"]: r for r in get(client, "/api/v1/regimes")["regimes"]}
    assert regimes["hsca2012"]["period"] == {"start": "2013-04-01", "end": "2022-07-01"}
    assert regimes["hca2022"]["period"]["end"] is None
    assert not regimes["proposals2019"]["real"]
    rules = get(client, "/api/v1/regimes/hca2022/rules", date="2024-06-01")
    assert rules["law_day"] == "2024-06-01"
    ids = {r["rule"] for r in rules["rules"]}
    assert "nhs_act_2006.s13ZC.direct_nhse" in ids
    in_force = get(client, "/api/v1/regimes/in-force/rules", date="2019-06-01")
    assert in_force["regime"] == "hsca2012"
    rule = get(client, "/api/v1/rules/nhs_act_2006.s13ZC.direct_nhse")
    assert rule["rule"] == "nhs_act_2006.s13ZC.direct_nhse"
    assert "hca2022" in rule["regimes"]
    assert "s.13ZC" in rule["citation"]


def judgement(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/judgements", json=body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    assert data["schema"] == "nhswiring.verdict/1"
    assert int(response.headers["X-Ledger-Head"]) == data["ledger_head"]
    return data


def test_judgement_lawful(client: TestClient) -> None:
    verdict = judgement(
        client,
        {
            "date": "2023-01-01",
            "actor": "SOS",
            "action": "direct",
            "args": {"to": "NHSE", "subject": "general"},
        },
    )
    assert (verdict["outcome"], verdict["regime"]) == ("lawful", "hca2022")
    assert any("s.13ZC" in r["citation"] for r in verdict["reasons"])


def test_judgement_undetermined_names_the_missing_fact(client: TestClient) -> None:
    verdict = judgement(
        client,
        {
            "date": "2019-06-01",
            "actor": "SOS",
            "action": "direct",
            "args": {"to": "NHSE", "subject": "general"},
            "facts": {},
        },
    )
    assert verdict["outcome"] == "undetermined"
    assert [m["name"] for m in verdict["missing_facts"]] == ["nhse_significant_failure"]


def test_judgement_reports_a_fact_no_rule_of_the_action_reads(client: TestClient) -> None:
    """A fact the action's rules never read changed nothing: the verdict says so, as `check`
    does, instead of dropping it silently."""
    verdict = judgement(
        client,
        {
            "date": "2019-06-01",
            "actor": "SOS",
            "action": "direct",
            "args": {"to": "NHSE", "subject": "general"},
            "facts": {"nhse_significant_failure": True, "urgency": True},
        },
    )
    assert verdict["unread_facts"] == ["urgency"]


def test_judgement_has_no_unread_facts_key_when_every_fact_is_read(client: TestClient) -> None:
    verdict = judgement(
        client,
        {
            "date": "2019-06-01",
            "actor": "SOS",
            "action": "direct",
            "args": {"to": "NHSE", "subject": "general"},
            "facts": {"nhse_significant_failure": True},
        },
    )
    assert "unread_facts" not in verdict


def test_judgement_refuses_a_name_that_is_not_a_fact(client: TestClient) -> None:
    response = client.post(
        "/api/v1/judgements",
        json={
            "date": "2019-06-01",
            "actor": "SOS",
            "action": "direct",
            "args": {"to": "NHSE", "subject": "general"},
            "facts": {"failure_to_discharge_function": True},
        },
    )
    assert response.status_code == 422, response.text
    assert "failure_to_discharge_functions" in response.text


@pytest.mark.parametrize("content_type", ["application/yaml", "text/yaml"])
def test_scenario_run_yaml(client: TestClient, content_type: str) -> None:
    response = client.post(
        "/api/v1/scenarios/run",
        params={"regime": "hsca2012"},
        content=SOS_DIRECTS.read_bytes(),
        headers={"Content-Type": content_type},
    )
    assert response.status_code == 200, response.text
    run = response.json()
    assert (run["schema"], run["regime"]) == ("nhswiring.run/1", "hsca2012")
    assert [s["verdict"]["outcome"] for s in run["steps"]] == [
        "unlawful",
        "lawful",
        "unlawful",
        "unlawful",
    ]
    assert all(s["met"] for s in run["steps"])


def test_scenario_run_json_and_compare(client: TestClient) -> None:
    import yaml

    scenario = yaml.safe_load(SOS_DIRECTS.read_text())

    def jsonable(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: jsonable(v) for k, v in value.items()}
        if isinstance(value, list):
            return [jsonable(v) for v in value]
        return value.isoformat() if isinstance(value, date) else value

    body = jsonable(scenario)
    run = client.post("/api/v1/scenarios/run", params={"regime": "hca2022"}, json=body)
    assert run.status_code == 200, run.text
    assert run.json()["steps"][0]["verdict"]["outcome"] == "lawful"

    response = client.post(
        "/api/v1/scenarios/compare",
        params={"a": "hsca2012", "b": "hca2022"},
        content=SOS_DIRECTS.read_bytes(),
        headers={"Content-Type": "application/yaml"},
    )
    assert response.status_code == 200, response.text
    comparison = response.json()
    assert comparison["schema"] == "nhswiring.compare/1"
    assert (comparison["regime_a"], comparison["regime_b"]) == ("hsca2012", "hca2022")
    first = comparison["steps"][0]
    assert first["differs"]
    assert first["outcome_differs"]
    assert (first["a"]["outcome"], first["b"]["outcome"]) == ("unlawful", "lawful")
    assert comparison["differences"] == sum(s["differs"] for s in comparison["steps"]) >= 1


# --- the ledger ----------------------------------------------------------------------------


def test_changes_feed_pages_through_the_ledger(client: TestClient) -> None:
    first = get(client, "/api/v1/changes", limit=100)
    assert [e["seq"] for e in first["items"]] == list(range(1, 101))
    second = get(client, first["next"])
    assert second["items"][0]["seq"] == 101
    assert second["after"] == 100
    end = get(client, "/api/v1/changes", after=first["ledger_head"] - 3, limit=100)
    assert len(end["items"]) == 3
    assert end["next"] is None


def test_ledger_verifies(client: TestClient) -> None:
    report = get(client, "/api/v1/ledger/verify")
    assert report["ok"] is True
    assert report["first_broken"] is None
    assert report["checked"] >= report["ledger_head"]
    assert len(report["head_hash"]) == 64


def test_private_entries_never_appear(client: TestClient) -> None:
    """An organisation's private entry is in the ledger (and the chain) but not in the
    public feed or history."""
    system = client.app.state.runtime.system  # type: ignore[attr-defined]
    [stored] = system.record(
        [
            new_entry(
                date(2024, 6, 1),
                "QHM",
                ev.PersonRegistered("P-API-1", "A Private Person"),
                visibility="QHM",
            )
        ]
    ).entries
    feed = get(client, "/api/v1/changes", after=stored.seq - 1, limit=10)
    assert stored.seq not in {e["seq"] for e in feed["items"]}
    hidden = client.get("/api/v1/bodies/person:P-API-1/history")
    assert hidden.status_code == 404
    assert get(client, "/api/v1/ledger/verify")["ok"] is True


# --- the description -----------------------------------------------------------------------


def test_openapi_is_31_with_problems_for_every_route(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert "HTTPValidationError" not in response.text
    schemas = document["components"]["schemas"]
    assert {"Problem", "ProblemFieldError", "Scenario", "JudgementRequest"} <= set(schemas)
    operations = [
        (path, method, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if set(op.get("tags", ())) & set(PUBLIC_TAGS)
    ]
    assert len(operations) == 16  # with /ledger/checkpoint and /audit
    for path, method, op in operations:
        responses = op["responses"]
        assert {"200", "405", "503"} <= set(responses), (path, method)
        assert "X-Ledger-Head" in responses["200"]["headers"]
        for status, response_spec in responses.items():
            if status.startswith(("4", "5")):
                media = response_spec["content"][PROBLEM_JSON]
                assert media["schema"] == {"$ref": "#/components/schemas/Problem"}
                assert media["examples"], (path, method, status)
    # The OpenAPI 3.1 meta-schema (as schemathesis ships it): the document is valid 3.1.
    from jsonschema import Draft202012Validator
    from schemathesis.specs.openapi.definitions import OPENAPI_31

    problems = [e.message for e in Draft202012Validator(OPENAPI_31).iter_errors(document)]
    assert problems == []
