"""The public pages, against the real register: content, status codes, and the rules every
page keeps (one h1, a title, no inline styles, labelled fields)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from httpx import Response

DIRECT = {
    "date": "2019-06-01",
    "actor": "SOS",
    "action": "direct",
    "args": json.dumps({"to": "NHSE", "subject": "general"}),
    "facts": "{}",
    "regime": "in-force",
}

PAGES = [
    "/bodies?as_at=2023-01-01",
    "/bodies?as_at=2023-01-01&kind=icb&q=north",
    "/bodies/QHM?as_at=2023-01-01",
    "/bodies/00C?as_at=2023-01-01",
    "/bodies/NHSE?as_at=2023-01-01",
    "/bodies/QHM/graph?as_at=2023-01-01",
    "/who-commissions",
    "/who-commissions?function=commission_specialised_services&area=E08000025&as_at=2024-06-01",
    "/check",
    "/check?" + urlencode(DIRECT),
    "/compare",
    "/compare?scenario=17-sos-directs-nhse&a=hsca2012&b=hca2022",
    "/law",
    "/law?regime=hsca2012&date=2019-06-01",
    "/law/rules/nhs_act_2006.s13Z2.failure_direction",
]


def text_of(response: Response) -> str:
    """The main content as text, whitespace collapsed."""
    main = re.search(r"<main.*?</main>", response.text, re.S)
    body = re.sub(r"<[^>]+>", " ", main.group(0) if main else response.text)
    return re.sub(r"\s+", " ", body.replace("&#39;", "'").replace("&amp;", "&"))


def assert_well_formed(response: Response) -> None:
    html = response.text
    assert len(re.findall(r"<h1[\s>]", html)) == 1, "exactly one h1"
    assert " style=" not in html
    assert "<style" not in html
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title
    assert "nhswiring" in title.group(1)
    assert len(title.group(1).strip()) > 12
    ids = set(re.findall(r'<label[^>]* for="([^"]+)"', html))
    for tag, field_id in re.findall(r'<(input|select|textarea)\b[^>]*\bid="([^"]+)"', html):
        if tag == "input" and re.search(rf'id="{re.escape(field_id)}"[^>]*type="radio"', html):
            continue
        assert field_id in ids, f"{tag}#{field_id} has no label"


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_well_formed(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert_well_formed(response)


def test_bodies_on_a_date(client: TestClient) -> None:
    response = client.get("/bodies", params={"as_at": "2023-01-01", "kind": "icb"})
    text = text_of(response)
    assert "Bodies in force on 1 January 2023" in text
    assert "NHS North East and North Cumbria Integrated Care Board" in text
    assert 'href="/bodies/QHM?as_at=2023-01-01"' in response.text
    assert "/api/v1/bodies?as_at=2023-01-01&amp;kind=icb&amp;format=csv" in response.text
    assert "Download CSV" in text
    assert "Showing 1 to 42 of 42 bodies" in text  # 42 ICBs: one page


def test_bodies_are_paginated(client: TestClient) -> None:
    first = client.get("/bodies", params={"as_at": "2023-01-01"})
    assert "nhsuk-pagination" in first.text
    assert "Showing 1 to 50 of" in text_of(first)
    second = client.get("/bodies", params={"as_at": "2023-01-01", "page": "2"})
    assert "Showing 51 to 100 of" in text_of(second)


def test_bodies_with_a_bad_date_redisplay_the_form(client: TestClient) -> None:
    response = client.get("/bodies", params={"as_at": "1 July"})
    assert response.status_code == 422
    assert 'href="#as_at"' in response.text
    assert "nhsuk-error-message" in response.text
    assert_well_formed(response)


def test_a_body_as_at_a_date(client: TestClient) -> None:
    response = client.get("/bodies/QHM", params={"as_at": "2023-01-01"})
    text = text_of(response)
    assert "NHS North East and North Cumbria Integrated Care Board" in text
    assert "1 July 2022" in text  # in force from, inclusive
    assert "Functions held" in text
    assert "Commission primary medical (GP) services" in text  # delegated by NHS England
    assert 'href="/bodies/NHSE?as_at=2023-01-01"' in response.text
    assert "History" in text
    assert 'class="app-timeline"' in response.text
    assert 'href="/bodies/QHM/graph?as_at=2023-01-01"' in response.text


def test_a_partnership_is_shown_as_non_statutory_with_its_members(client: TestClient) -> None:
    response = client.get("/bodies/QOP", params={"as_at": "2021-06-01"})
    text = text_of(response)
    assert "Greater Manchester Health and Social Care Partnership" in text
    assert "Non-statutory partnership" in text
    assert "Members" in text
    assert 'href="/bodies/14L?as_at=2021-06-01"' in response.text  # Manchester CCG
    assert "Same code, another body" in text
    assert 'href="/bodies/QOP?as_at=2022-07-01"' in response.text  # the ICB it became
    member = text_of(client.get("/bodies/RV5", params={"as_at": "2024-01-01"}))
    assert "Non-statutory partnerships it is in" in member
    assert "South London Mental Health and Community Partnership" in member
    assert_well_formed(response)


def test_a_care_trust_page_shows_its_designation(client: TestClient) -> None:
    response = client.get("/bodies/TAF", params={"as_at": "2024-10-31"})
    text = text_of(response)
    assert "Camden and Islington NHS Foundation Trust" in text
    assert "care trust (s.77 designation, NHS Act 2006)" in text
    assert "designated a care trust (NHS Act 2006 s.77)" in text  # the timeline entry
    other = text_of(client.get("/bodies/RRP", params={"as_at": "2024-10-31"}))
    assert "s.77 designation" not in other


def test_a_body_not_in_force_shows_a_warning(client: TestClient) -> None:
    response = client.get("/bodies/00C", params={"as_at": "2023-01-01"})
    assert response.status_code == 200
    text = text_of(response)
    assert "nhsuk-card--warning" in response.text
    assert "00C was not in force on 1 January 2023" in text
    assert "1 April 2013 to 31 March 2020" in text  # last day in force: end - 1 day
    assert 'href="/bodies/00C?as_at=2020-03-31"' in response.text


def test_an_unknown_body_is_404(client: TestClient) -> None:
    response = client.get("/bodies/NOPE")
    assert response.status_code == 404
    assert "is not in the register" in text_of(response)
    assert_well_formed(response)


def test_the_wiring_graph(client: TestClient) -> None:
    response = client.get("/bodies/QHM/graph", params={"as_at": "2023-01-01"})
    assert "<figure" in response.text
    assert "<svg" in response.text
    assert "<figcaption" in response.text
    assert "Links shown in the drawing" in text_of(response)
    assert response.text.count("<svg") >= 1
    assert 'role="img"' in response.text


def test_who_commissions(client: TestClient) -> None:
    response = client.get(
        "/who-commissions",
        params={
            "function": "commission_specialised_services",
            "area": "E08000025",
            "as_at": "2024-06-01",
        },
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "NHS England" in text
    assert "NHS Birmingham and Solihull Integrated Care Board" in text
    assert "s.3B" in text  # the holder's citation


def test_who_commissions_names_the_missing_fields(client: TestClient) -> None:
    response = client.get("/who-commissions", params={"function": "", "area": "ZZZ"})
    assert response.status_code == 422
    assert 'href="#function"' in response.text
    assert 'href="#area"' in response.text


def test_check_asks_for_a_missing_fact_and_judges_the_answer(client: TestClient) -> None:
    asked = client.get("/check", params=DIRECT)
    assert asked.status_code == 200
    text = text_of(asked)
    assert "Undetermined" in text
    assert "and that the failure is significant" in text
    assert 'name="fact.nhse_significant_failure"' in asked.text
    assert "s.13Z2" in text
    no = client.get("/check", params=DIRECT | {"fact.nhse_significant_failure": "false"})
    assert "Unlawful" in text_of(no)
    yes = client.get("/check", params=DIRECT | {"fact.nhse_significant_failure": "true"})
    yes_text = text_of(yes)
    assert "https://www.legislation.gov.uk/ukpga/2006/41/section/13Z2/2019-06-01" in yes.text
    assert "Lawful" in yes_text
    assert "Publish the direction" in yes_text
    assert "Facts that changed nothing" not in yes_text


def test_check_shows_a_fact_that_changed_nothing(client: TestClient) -> None:
    given = DIRECT | {
        "fact.nhse_significant_failure": "true",
        "fact.failure_to_discharge_functions": "true",
    }
    text = text_of(client.get("/check", params=given))
    assert "Facts that changed nothing" in text
    assert "failure_to_discharge_functions" in text.split("Facts that changed nothing")[1]


def test_check_with_malformed_json_names_the_field(client: TestClient) -> None:
    response = client.get("/check", params=DIRECT | {"args": "{to: NHSE"})
    assert response.status_code == 422
    assert 'href="#args"' in response.text
    assert "Arguments is not valid JSON" in text_of(response)
    assert_well_formed(response)


def test_check_with_an_unknown_actor_names_the_field(client: TestClient) -> None:
    response = client.get("/check", params=DIRECT | {"actor": "NOPE"})
    assert response.status_code == 422
    assert 'href="#actor"' in response.text


def test_compare_shows_both_regimes(client: TestClient) -> None:
    response = client.get(
        "/compare", params={"scenario": "17-sos-directs-nhse", "a": "hsca2012", "b": "hca2022"}
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "Under hsca2012" in text
    assert "Under hca2022" in text
    assert "Differs" in text
    assert 'class="nhsuk-table__row app-diff"' in response.text
    assert "s.13ZC" in text


def test_compare_a_pasted_scenario(client: TestClient) -> None:
    form = client.get("/compare")
    token = re.search(r'name="csrftoken" value="([^"]+)"', form.text)
    assert token is not None
    scenario = {
        "name": "Pasted",
        "start": "2019-06-01",
        "steps": [{"date": "2019-06-01", "actor": "SOS", "action": "direct",
                   "args": {"to": "NHSE", "subject": "general"},
                   "facts": {"nhse_significant_failure": False}}],
    }  # fmt: skip
    response = client.post(
        "/compare",
        data={"csrftoken": token.group(1), "yaml": json.dumps(scenario), "a": "hsca2012",
              "b": "hca2022"},
    )  # fmt: skip
    assert response.status_code == 200, response.text[:500]
    assert "Pasted" in text_of(response)
    bad = client.post("/compare", data={"csrftoken": token.group(1), "yaml": "steps: ["})
    assert bad.status_code == 422
    assert 'href="#yaml"' in bad.text


def test_the_law(client: TestClient) -> None:
    response = client.get("/law", params={"regime": "hsca2012", "date": "2019-06-01"})
    text = text_of(response)
    assert "nhs_act_2006.s13Z2.failure_direction" in text
    assert 'href="/law/rules/nhs_act_2006.s13Z2.failure_direction"' in response.text
    rule = client.get("/law/rules/nhs_act_2006.s13Z2.failure_direction")
    rule_text = text_of(rule)
    assert "1 April 2013 to 30 June 2022" in rule_text
    assert "direct" in rule_text
    assert "hsca2012" in rule_text


def test_an_unknown_rule_is_404(client: TestClient) -> None:
    response = client.get("/law/rules/no.such.rule")
    assert response.status_code == 404
    assert_well_formed(response)
