"""A new user's journey through the public pages, by mouse and by keyboard only, with
axe-core on every page visited at desktop (1280x800) and phone (320x640) sizes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import VIEWPORTS, LiveServer
from tests.browser.helpers import assert_accessible, fill_by_keyboard, tab_to

CHECK_ARGS = json.dumps({"to": "NHSE", "subject": "general"})
PUBLIC_PAGES = [
    "/",
    "/bodies?kind=icb&as_at=2023-01-01",
    "/bodies/QHM?as_at=2023-01-01",
    "/bodies/00C?as_at=2023-01-01",
    "/bodies/QHM/graph?as_at=2023-01-01",
    "/who-commissions?function=commission_specialised_services&area=E08000025&as_at=2024-06-01",
    "/check",
    "/check?date=2019-06-01&actor=SOS&action=direct&args=" + CHECK_ARGS,
    "/compare?scenario=17-sos-directs-nhse&a=hsca2012&b=hca2022",
    "/law",
    "/law/rules/nhs_act_2006.s13Z2.failure_direction",
    "/login",
    "/nothing-here",
]


def test_search_a_body_in_2019_who_commissions_a_judgement_and_a_comparison(
    tab: Page, screenshots: Path
) -> None:
    tab.goto("/")
    tab.get_by_label("Find a body by name or code").fill("00L")
    tab.locator("main").get_by_role("button", name="Search").click()
    expect(tab.locator("h1")).to_contain_text("00L")
    tab.get_by_label("See this body on another date").fill("2019-04-01")
    tab.get_by_role("button", name="Show").first.click()
    expect(tab.locator("h1")).to_contain_text("NHS Northumberland CCG")
    tab.screenshot(path=screenshots / "body-2019.png", full_page=False)

    tab.get_by_role("link", name="Who commissions", exact=True).first.click()
    tab.get_by_label("Function").select_option("commission_specialised_services")
    tab.get_by_label("Area").fill("E08000025")
    tab.get_by_label("Date").fill("2024-06-01")
    tab.get_by_role("button", name="Find who commissions").click()
    main = tab.locator("main")
    expect(main).to_contain_text("NHS England")
    expect(main).to_contain_text("Birmingham and Solihull")
    tab.screenshot(path=screenshots / "who-commissions.png", full_page=False)

    tab.get_by_role("link", name="Check an action", exact=True).first.click()
    tab.get_by_label("Date of the action").fill("2019-06-01")
    tab.get_by_label("Actor").fill("SOS")
    tab.get_by_label("Action", exact=True).select_option("direct")
    tab.get_by_label("Arguments").fill(CHECK_ARGS)
    tab.get_by_role("button", name="Check the action").click()
    expect(tab.locator(".app-outcome")).to_contain_text("undetermined", ignore_case=True)
    expect(tab.locator("#questions")).to_be_visible()
    tab.screenshot(path=screenshots / "verdict-missing-fact.png", full_page=False)
    tab.locator("#fact-nhse_significant_failure").check()
    tab.get_by_role("button", name="Judge again with these answers").click()
    expect(tab.locator(".app-outcome")).to_contain_text("lawful", ignore_case=True)
    assert "fact.nhse_significant_failure=true" in tab.url  # a permalink

    tab.get_by_role("link", name="Compare regimes", exact=True).first.click()
    tab.get_by_label("Scenario").first.select_option("17-sos-directs-nhse")
    tab.locator("#a").select_option("hsca2012")
    tab.locator("#b").select_option("hca2022")
    tab.get_by_role("button", name="Compare", exact=True).click()
    expect(tab.locator("#results")).to_be_visible()
    expect(tab.locator("main")).to_contain_text("Differs")
    tab.screenshot(path=screenshots / "compare.png", full_page=False)


def test_the_same_journey_by_keyboard_only(tab: Page) -> None:
    tab.goto("/")
    fill_by_keyboard(tab, "#home-q", "QHM")
    tab.keyboard.press("Enter")
    expect(tab.locator("h1")).to_contain_text("North East and North Cumbria")
    fill_by_keyboard(tab, "#as_at", "2023-01-01")
    tab.keyboard.press("Enter")
    expect(tab.locator("h1")).to_contain_text("1 January 2023")

    tab.goto("/who-commissions")
    tab_to(tab, "#function")
    tab.keyboard.type("commission_specialised")  # a select takes typed text
    fill_by_keyboard(tab, "#area", "E08000025")
    fill_by_keyboard(tab, "#as_at", "2024-06-01")
    tab.keyboard.press("Enter")
    expect(tab.locator("main")).to_contain_text("Birmingham and Solihull")

    tab.goto("/check")
    fill_by_keyboard(tab, "#date", "2019-06-01")
    fill_by_keyboard(tab, "#actor", "SOS")
    tab_to(tab, "#action")
    tab.keyboard.type("direct")
    fill_by_keyboard(tab, "#args", CHECK_ARGS)
    tab_to(tab, "main form button")
    tab.keyboard.press("Enter")
    expect(tab.locator("#questions")).to_be_visible()
    tab_to(tab, "#fact-nhse_significant_failure")
    tab.keyboard.press("Space")
    tab_to(tab, "#questions ~ form button, form:has(#fact-nhse_significant_failure) button")
    tab.keyboard.press("Enter")
    expect(tab.locator(".app-outcome")).to_contain_text("lawful", ignore_case=True)

    tab.goto("/compare")
    tab_to(tab, "#scenario")
    tab.keyboard.type("17-sos")
    tab_to(tab, "#a")
    tab.keyboard.type("hsca2012")
    tab_to(tab, "#b")
    tab.keyboard.type("hca2022")
    tab_to(tab, "main form button")
    tab.keyboard.press("Enter")
    expect(tab.locator("#results")).to_be_visible()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_has_no_axe_violations(
    chrome: Browser, live_server: LiveServer, viewport: str, path: str
) -> None:
    context = chrome.new_context(viewport=VIEWPORTS[viewport], base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto(path)
        assert_accessible(page)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        if viewport == "mobile" and "/graph" not in path:
            assert not overflow, f"{path} scrolls sideways at 320px"
    finally:
        context.close()
