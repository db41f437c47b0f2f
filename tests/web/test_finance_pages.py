"""The finance pages against the real register and NHS England's published allocations:
content and status codes, each chart an accessible SVG (role img, its own title and
description) with the same numbers in a table, money exact in pounds, and a bad year refused
on the page naming the field."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from nhswiring.domain.events import DecisionRecorded
from nhswiring.ledger.hashing import canonical_json
from nhswiring.service.finance_records import FigureRow, record_figures
from nhswiring.service.system import System, new_entry
from nhswiring.web.app import create_app
from nhswiring.web.settings import Settings
from tests.web.test_pages_public import assert_well_formed, text_of


@pytest.fixture(scope="module")
def client(
    loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The app on its own copy of the register, with QWO's 2024/25 outturn recorded."""
    target = tmp_path_factory.mktemp("finance-web") / "nhswiring.db"
    shutil.copyfile(Path(loaded_sqlite_url.removeprefix("sqlite:///")), target)
    url = f"sqlite:///{target}"
    system = System.connect(url)
    rows = [
        FigureRow("QWO", "2024/25", "expenditure", "4500000000", source="accounts 2024/25"),
        FigureRow("QWO", "2024/25", "receipts", "4490000000", source="accounts 2024/25"),
        FigureRow("QWO", "2024/25", "running_costs", "30000000.5"),
        FigureRow("QWO", "2024/25", "revenue_resource_use", "4400000000"),
        FigureRow("RR8", "2024/25", "revenue_resource_use", "1500000000"),
        FigureRow("QWO", "2024/25", "revenue_resource_limit", "7000000000"),
    ]
    record_figures(system, rows, actor="QWO", day=date(2025, 6, 30))
    limits = {
        "system": "QWO",
        "year": "2024/25",
        "revenue": "7000000000",
        "capital": "300000000",
        "basis": "NHS Act 2006 s.223M (inserted by HCA 2022 s.29(5))",
    }
    decision = DecisionRecorded(
        "limits-qwo-2024", "set_resource_limits", "NHSE", ("QWO",), canonical_json(limits)
    )
    system.record([new_entry(date(2024, 4, 1), "NHSE", decision)])
    system.engine.dispose()
    app = create_app(Settings(database_url=url, load_in_background=False, secret_key="test"))
    with TestClient(app) as test_client:
        yield test_client


def svgs(response: Response) -> list[str]:
    """The charts: the drawings in the page's figures (not the header's icons)."""
    return re.findall(r"<figure\b[^>]*>\s*(<svg\b.*?</svg>)", response.text, re.S)


def assert_accessible_chart(svg: str) -> None:
    """role img, labelled by its own title and description, which exist and say something."""
    opening = svg.split(">", 1)[0]
    assert 'role="img"' in opening
    labelled = re.search(r'aria-labelledby="([^"]+)"', opening)
    assert labelled
    title_id, desc_id = labelled.group(1).split()
    title = re.search(rf'<title id="{title_id}">([^<]+)</title>', svg)
    desc = re.search(rf'<desc id="{desc_id}">([^<]+)</desc>', svg)
    assert title
    assert desc
    assert "table" in desc.group(1)  # it says where the same numbers are
    assert "style" not in svg
    assert "<script" not in svg


@pytest.mark.parametrize(
    "path",
    [
        "/finance",
        "/finance?year=2024/25&sort=core_growth&descending=true",
        "/finance/QWO?year=2024/25",
        "/finance/QWO?year=2022/23",
        "/finance/RR8?year=2024/25",
        "/finance/QWO/system?year=2024/25",
    ],
)
def test_finance_pages_are_well_formed(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    assert_well_formed(response)
    for svg in svgs(response):
        assert_accessible_chart(svg)
    ids = re.findall(r'\bid="([^"]+)"', response.text)
    assert len(ids) == len(set(ids)), "ids are unique"


def test_every_icb_with_charts_and_the_same_numbers_in_a_table(client: TestClient) -> None:
    response = client.get("/finance?year=2025/26&sort=core_services&descending=true")
    charts = svgs(response)
    assert len(charts) == 2
    core, growth = charts
    assert "Core services allocation by ICB, 2025/26" in core
    assert "growth" in growth
    assert core.count("<rect") == 43  # the frame and one bar per ICB
    text = text_of(response)
    assert "per weighted head: not available (weighted populations not in the package)" in text
    assert "pounds (£)" in text
    # the largest figure, exact with thousands separators, in the chart and in the table
    largest = re.findall(r"£[\d,]+", core)[0]
    assert largest in text
    table = re.search(r"<table.*?</table>", response.text, re.S)
    assert table
    assert largest in table.group(0)
    assert table.group(0).count('href="/finance/') == 42
    assert 'aria-sort="descending"' in table.group(0)
    # the sorted column's link turns the order round; other amount columns sort largest first
    assert "/finance?year=2025%2F26&amp;sort=core_services#table" in response.text
    assert "sort=primary_medical_care&amp;descending=true" in response.text


def test_one_icb_year_with_sources_duties_and_outturn_against_limit(client: TestClient) -> None:
    response = client.get("/finance/QWO?year=2024/25")
    text = text_of(response)
    assert "NHS West Yorkshire Integrated Care Board: money in 2024/25" in text
    assert "£4,381,813,000" in text  # core services, exact
    assert "£266,303,864.53586305" in text  # every decimal place kept
    assert re.search(r"-?\d+\.\d\d%", text)  # growth on the year before, two places
    assert "ICB allocations 2023/24 and 2024/25" in text
    assert "not obtained" in text  # a missing stream says why
    assert "per weighted head: not available" in text
    assert "Breached" in text
    assert "-£10,000,000" in text  # the breakeven margin
    assert "NHS Act 2006 s.223GC" in text
    assert "Missing figures (never read as zero): Running cost limit" in text
    streams, breakeven, running = svgs(response)  # and a duty chart for each known figure
    assert "Allocations to QWO by stream, 2024/25" in streams
    assert "£4,381,813,000" in streams
    assert "outturn against limit" in breakeven
    assert "£4,500,000,000" in breakeven
    assert "not known" in running
    assert "Publish payment scheme, 2023/25" in text  # the prices covering the year
    assert "Superseded" not in text
    assert "Current" in text


def test_a_year_the_package_lacks_is_not_known_never_zero(client: TestClient) -> None:
    response = client.get("/finance/QWO?year=2022/23")
    text = text_of(response)
    assert "first financial year" in text
    assert "not in the package" in text
    assert "£0" not in text
    (streams,) = svgs(response)  # every stream not known; no duty has a figure
    assert streams.count("not known") == 5


def test_the_system_page_lists_the_members_and_the_joint_limits(client: TestClient) -> None:
    response = client.get("/finance/QWO/system?year=2024/25")
    text = text_of(response)
    assert "NHS West Yorkshire Integrated Care Board and its partner trusts" in text
    assert "Airedale NHS Foundation Trust" in text
    assert "System revenue resource limit" in text
    assert "s.223M" in text
    assert "Expenditure in the year: £4,500,000,000" in text
    assert "NHS foundation trust" in text
    # the limits NHS England set, with the provision that permitted them
    assert "set resource limits" in text
    assert "revenue: £7,000,000,000" in text
    assert "NHS Act 2006 s.223M (inserted by HCA 2022 s.29(5))" in text  # the basis, cited
    revenue = svgs(response)[0]  # the revenue limit, with the figures known so far
    assert "System revenue resource limit, 2024/25: outturn against limit" in revenue
    assert "QWO: Revenue resource use" in revenue
    assert "RR8: Revenue resource use" in revenue
    assert "£7,000,000,000" in revenue
    assert "Not known for" in revenue  # the members nobody has recorded


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/finance?year=2024-25", "year"),
        ("/finance/QWO?year=1999/00", "year"),
        ("/finance/QWO/system?year=25/26", "year"),
        ("/finance?year=2024/25&sort=size", "sort"),
    ],
)
def test_a_bad_year_is_refused_on_the_page_naming_the_field(
    client: TestClient, path: str, field: str
) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert_well_formed(response)
    assert response.text.count("nhsuk-error-summary__list") == 1
    assert f'href="#{field}"' in response.text
    label = "Financial year" if field == "year" else "Sort by"
    assert f"{label}: " in text_of(response)
    assert svgs(response) == []


def test_an_unknown_body_is_the_not_found_page(client: TestClient) -> None:
    response = client.get("/finance/NOPE?year=2024/25")
    assert response.status_code == 404
    assert "is not in the register" in text_of(response)


def test_the_finance_pages_are_linked_from_the_navigation_and_home(client: TestClient) -> None:
    home = client.get("/")
    assert 'href="/finance"' in home.text
    page = client.get("/finance/QWO?year=2024/25")
    header = re.search(r"<header.*?</header>", page.text, re.S)
    assert header
    assert 'href="/finance"' in header.group(0)
