"""The finance API end to end: the views the CLI prints (the same JSON, the same CSV and XLSX
rows), recording figures with a token that may write (one transaction, a bad figure refused
by its JSON pointer with nothing written, retries recognised), and the OpenAPI description."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import load_workbook

from nhswiring.domain.finance import FinancialYear
from nhswiring.service.finance_views import finance_compare, finance_show
from nhswiring.web.problems import PROBLEM_JSON
from tests.api.case_fixtures import CaseApi, running_api

FIN = "/finance"
OUTTURN = [
    {"body": "QWO", "year": "2024/25", "figure": "expenditure", "amount": "4500000000"},
    {"body": "QWO", "year": "2024/25", "figure": "receipts", "amount": "4,490,000,000"},
]


@pytest.fixture(scope="module")
def api(loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseApi]:
    with running_api(loaded_sqlite_url, tmp_path_factory.mktemp("finance-api")) as running:
        yield running


def problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert body["type"] == f"/problems/{slug}"
    return body


def recorded(api: CaseApi) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = api.get(f"{FIN}/icbs/QWO?year=2024/25", None).json()["recorded"]
    return found


def test_show_is_the_cli_json_with_the_ledger_head(api: CaseApi) -> None:
    response = api.get(f"{FIN}/icbs/QWO?year=2024/25", None)
    assert response.status_code == 200
    body = response.json()
    assert body["ledger_head"] == int(response.headers["x-ledger-head"]) > 0
    view = finance_show(api.system.register(), "QWO", FinancialYear.parse("2024/25"))
    assert {k: v for k, v in body.items() if k != "ledger_head"} == view
    core = next(s for s in body["streams"] if s["stream"] == "core_services")
    assert core["amount"] == "4381813000"
    assert body["weighted_population"]["amount"] is None


def test_system_and_compare(api: CaseApi) -> None:
    system = api.get(f"{FIN}/systems/QWO?year=2024/25", None).json()
    assert system["members"][0]["body"]["code"] == "QWO"
    assert {d["duty"].split(".")[1] for d in system["duties"]} == {"s223M"}
    response = api.get(f"{FIN}/compare?year=2025/26&sort=core_services&descending=true", None)
    body = response.json()
    assert len(body["icbs"]) == 42
    view = finance_compare(api.system.register(), FinancialYear(2025), "core_services", True)
    assert body["icbs"] == view["icbs"]
    cores = [int(r["core_services"]) for r in body["icbs"]]
    assert cores == sorted(cores, reverse=True)


def test_prices_are_the_cli_json(api: CaseApi) -> None:
    from nhswiring.service.finance_prices import prices_json

    every = api.get(f"{FIN}/prices", None).json()
    assert every["publications"] == prices_json(api.system.register())["publications"]
    year = api.get(f"{FIN}/prices?year=2024/25", None).json()["publications"]
    assert 0 < len(year) < len(every["publications"])
    assert problem(api.get(f"{FIN}/prices?year=2024", None), 422, "invalid-value")


def test_downloads_are_the_cli_rows(api: CaseApi) -> None:
    response = api.get(f"{FIN}/compare?year=2025/26&format=csv", None)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0][:3] == ["code", "name", "core_services (£)"]
    assert len(table) == 43
    by_accept = api.get(f"{FIN}/icbs/QWO?year=2024/25", None, Accept="text/csv")
    assert by_accept.text.startswith("section,item,measure,amount (£)")
    xlsx = api.get(f"{FIN}/systems/QWO?year=2024/25&format=xlsx", None)
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert "amounts in pounds" in str(sheet.cell(row=1, column=1).value)


@pytest.mark.parametrize(
    ("path", "status", "parameter"),
    [
        (f"{FIN}/icbs/QWO?year=2024-25", 422, "year"),
        (f"{FIN}/icbs/QWO?year=1999/00", 422, "year"),
        (f"{FIN}/icbs/NOPE?year=2024/25", 404, "code"),
        (f"{FIN}/systems/RR8?year=2024/25", 422, "code"),
        (f"{FIN}/compare?year=2024/25&sort=size", 422, "sort"),
        (f"{FIN}/compare", 422, "year"),
        (f"{FIN}/compare?year=2024/25&format=pdf", 422, "format"),
    ],
)
def test_a_bad_parameter_is_a_problem_naming_it(
    api: CaseApi, path: str, status: int, parameter: str
) -> None:
    slug = "not-found" if status == 404 else "invalid-value"
    body = problem(api.get(path, None), status, slug)
    assert body["errors"][0]["parameter"] == parameter


def test_recording_needs_a_token_that_may_write(api: CaseApi) -> None:
    body = {"figures": OUTTURN}
    assert problem(api.post(f"{FIN}/figures", body, None), 401, "unauthenticated")
    assert problem(api.post(f"{FIN}/figures", body, "qhm_reader"), 403, "forbidden")
    # recording finance figures is its own scope, not a case write
    assert problem(api.post(f"{FIN}/figures", body, "qhm_cases"), 403, "forbidden")
    assert recorded(api) == []


@pytest.mark.parametrize(
    ("figures", "pointer"),
    [
        ([*OUTTURN, {**OUTTURN[0], "amount": "lots"}], "/figures/2/amount"),
        ([*OUTTURN, {**OUTTURN[0], "amount": "-5"}], "/figures/2/amount"),
        ([*OUTTURN, {**OUTTURN[0], "figure": "cash"}], "/figures/2/figure"),
        ([{**OUTTURN[0], "figure": "core_services"}], "/figures/0/measure"),
        ([OUTTURN[0], {**OUTTURN[1], "body": "NOPE"}], "/figures/1/body"),
        ([OUTTURN[0], {**OUTTURN[1], "year": "2024-25"}], "/figures/1/year"),
        ([OUTTURN[0], {**OUTTURN[1], "year": "1999/00"}], "/figures/1/year"),
        ([{**OUTTURN[0], "colour": "red"}], "/figures/0/colour"),
        ([{**OUTTURN[0], "amount": 5}], "/figures/0/amount"),
        ([], "/figures"),
    ],
)
def test_one_bad_figure_is_refused_by_pointer_and_nothing_is_written(
    api: CaseApi, figures: list[dict[str, Any]], pointer: str
) -> None:
    head = api.system.head()
    body = problem(api.post(f"{FIN}/figures", {"figures": figures}), 422, "invalid-value")
    assert body["errors"][0]["pointer"] == pointer, body
    assert api.system.head() == head
    assert recorded(api) == []


def test_the_body_must_be_json(api: CaseApi) -> None:
    response = api.client.post(
        f"/api/v1{FIN}/figures",
        content="body,year\n",
        headers=api.headers("qhm", **{"Content-Type": "text/csv"}),
    )
    problem(response, 415, "unsupported-media-type")


def test_figures_are_recorded_once_attributed_and_tested(api: CaseApi) -> None:
    body = {"figures": OUTTURN, "on": "2025-06-30"}
    first = api.post(f"{FIN}/figures", body, **{"Idempotency-Key": "outturn-1"})
    assert first.status_code == 201, first.text
    answer = first.json()
    assert answer["recorded"] == 2
    assert answer["replayed"] is False
    assert answer["by"].startswith("QHM (user ")
    assert "@" not in answer["by"]  # the public ledger carries no e-mail address
    again = api.post(f"{FIN}/figures", body, **{"Idempotency-Key": "outturn-1"})
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["entries"] == answer["entries"]
    other = api.post(
        f"{FIN}/figures", {**body, "on": "2025-07-01"}, **{"Idempotency-Key": "outturn-1"}
    )
    assert problem(other, 422, "invalid-value")["errors"][0]["parameter"] == "Idempotency-Key"
    view = api.get(f"{FIN}/icbs/QWO?year=2024/25", None).json()
    assert [(r["figure"], r["amount"]) for r in view["recorded"]] == [
        ("expenditure", "4500000000"),
        ("receipts", "4490000000"),
    ]
    breakeven = next(d for d in view["duties"] if d["duty"].endswith("icb_breakeven"))
    assert (breakeven["status"], breakeven["margin"]) == ("breached", "-10000000")
    core = next(s for s in view["streams"] if s["stream"] == "core_services")
    assert core["amount"] == "4381813000"  # the published figure is never overwritten


def test_the_openapi_description_documents_the_finance_api(api: CaseApi) -> None:
    document = api.client.get("/openapi.json").json()
    operations = {
        (path, method): op
        for path, item in document["paths"].items()
        for method, op in item.items()
        if "finance" in op.get("tags", ())
    }
    assert set(operations) == {
        ("/api/v1/finance/icbs/{code}", "get"),
        ("/api/v1/finance/systems/{code}", "get"),
        ("/api/v1/finance/compare", "get"),
        ("/api/v1/finance/prices", "get"),
        ("/api/v1/finance/figures", "post"),
    }
    for (path, method), op in operations.items():
        responses = op["responses"]
        success = "201" if method == "post" else "200"
        assert {success, "405", "422", "503"} <= set(responses), path
        assert "X-Ledger-Head" in responses[success]["headers"]
        for status, spec in responses.items():
            if status.startswith(("4", "5")):
                assert spec["content"][PROBLEM_JSON]["examples"], (path, status)
    show = operations[("/api/v1/finance/icbs/{code}", "get")]["responses"]["200"]["content"]
    assert {"application/json", "text/csv"} <= set(show)
    post = operations[("/api/v1/finance/figures", "post")]
    assert post["security"] == [{"bearerAuth": []}]
    assert "Idempotency-Key" in {p["name"] for p in post["parameters"]}
    assert {"401", "403", "415"} <= set(post["responses"])


def test_a_plan_and_an_in_year_change_stand_beside_the_published_figure(api: CaseApi) -> None:
    figures = [
        {"body": "QWO", "year": "2025/26", "figure": "core_services", "measure": "plan",
         "amount": "4900000000", "source": "board papers"},
        {"body": "QWO", "year": "2025/26", "figure": "core_services",
         "measure": "in_year_change", "amount": "-2500000.50"},
    ]  # fmt: skip
    response = api.post(f"{FIN}/figures", {"figures": figures, "on": "2025-10-01"})
    assert response.status_code == 201, response.text
    view = api.get(f"{FIN}/icbs/QWO?year=2025/26", None).json()
    assert [(r["measure"], r["amount"]) for r in view["recorded"]] == [
        ("plan", "4900000000"),
        ("in_year_change", "-2500000.5"),
    ]
    core = next(s for s in view["streams"] if s["stream"] == "core_services")
    assert core["amount"] is not None
    assert core["amount"] not in {"4900000000", "4897500000"}  # published, never replaced
