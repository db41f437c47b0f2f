"""The finance pages in a real browser: axe-core on each at desktop (1280x800) and phone
(320x640) sizes, no sideways scrolling of the page at 320px (wide tables scroll in their own
box), the charts exposed as images with their names, and the journey from the navigation to
an ICB's year and its system by mouse and by keyboard only; an editor signing in from an
ICB's page and recording a figure with its form (refused once, then recorded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import EDITOR, PASSWORD, VIEWPORTS, LiveServer
from tests.browser.helpers import assert_accessible, fill_by_keyboard, tab_to

FINANCE_PAGES = [
    "/finance",
    "/finance?year=2025/26&sort=core_services&descending=true",
    "/finance/QWO?year=2024/25",
    "/finance/QWO?year=2022/23",
    "/finance/QWO/system?year=2024/25",
    "/finance?year=2024-25",
]


@pytest.mark.parametrize("path", FINANCE_PAGES)
def test_every_finance_page_has_no_axe_violations(
    chrome: Browser, live_server: LiveServer, viewport: str, path: str
) -> None:
    context = chrome.new_context(viewport=VIEWPORTS[viewport], base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto(path)
        assert_accessible(page)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        if viewport == "mobile":
            assert not overflow, f"{path} scrolls sideways at 320px"
    finally:
        context.close()


def test_from_the_navigation_to_an_icb_and_its_system(tab: Page, screenshots: Path) -> None:
    tab.goto("/")
    tab.get_by_role("link", name="Finance", exact=True).first.click()
    expect(tab.locator("h1")).to_contain_text("ICB allocations")
    charts = tab.get_by_role("img", name="Core services allocation by ICB")
    expect(charts).to_have_count(1)
    tab.get_by_label("Financial year").fill("2024/25")
    tab.locator("main form").get_by_role("button", name="Show").click()
    expect(tab.locator("h1")).to_contain_text("2024/25")
    tab.screenshot(path=screenshots / "finance-icbs.png", full_page=False)
    tab.get_by_role("link", name="NHS West Yorkshire Integrated Care Board").click()
    expect(tab.locator("h1")).to_contain_text("money in 2024/25")
    expect(tab.locator("main")).to_contain_text("£4,381,813,000")
    tab.get_by_role("link", name="QWO with its partner trusts").click()
    expect(tab.locator("h1")).to_contain_text("partner trusts")
    expect(tab.locator("main")).to_contain_text("System revenue resource limit")


def test_a_bad_year_by_keyboard_is_named_in_the_error_summary(
    chrome: Browser, live_server: LiveServer
) -> None:
    # Its own context: the refusal is a 422, which the browser logs as a failed load (the
    # `tab` fixture fails on any console error).
    context = chrome.new_context(viewport=VIEWPORTS["desktop"], base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/finance/QWO?year=2024/25")
        fill_by_keyboard(page, "#year", "2024-25")
        page.keyboard.press("Enter")
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_contain_text("Financial year")
        expect(page.locator("#year-error")).to_contain_text("is not a financial year")
        tab_to(page, ".nhsuk-error-summary a")
        page.keyboard.press("Enter")
        expect(page.locator("#year")).to_be_focused()
        assert_accessible(page)
    finally:
        context.close()


def test_an_editor_records_a_figure_with_the_form(
    chrome: Browser, live_server: LiveServer, screenshots: Path
) -> None:
    # Its own context: the refused figure is a 422, which the browser logs as a failed load.
    # Another ICB and year than the pages above, so that they are not changed by it.
    context = chrome.new_context(viewport=VIEWPORTS["desktop"], base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/finance/QHM?year=2023/24")
        expect(page.locator("main")).not_to_contain_text("Record the figure")
        page.locator("#record ~ p a", has_text="Sign in").click()
        page.get_by_label("Email address").fill(EDITOR)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("h1")).to_contain_text("money in 2023/24")
        form = page.locator('form[action="/finance/QHM/figures"]')
        expect(form).to_be_visible()
        assert_accessible(page)

        form.get_by_label("Figure").select_option(label="Expenditure in the year")
        fill_by_keyboard(page, "#amount", "lots")
        form.get_by_role("button", name="Record the figure").click()
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_contain_text("Amount in pounds")
        expect(page.locator("#amount-error")).to_contain_text("is not an amount")
        expect(form.get_by_label("Figure")).to_have_value("expenditure")
        assert_accessible(page)
        summary.locator("a").first.click()
        expect(page.locator("#amount")).to_be_focused()

        page.locator("#amount").fill("5,123,456,789")
        page.get_by_label("Source (optional)").fill("Annual report and accounts 2023/24")
        form.get_by_role("button", name="Record the figure").click()
        expect(page).to_have_url(f"{live_server.url}/finance/QHM?year=2023%2F24#recorded")
        recorded = page.get_by_role("region", name="Figures users recorded for QHM")
        expect(recorded).to_contain_text("Expenditure in the year")
        expect(recorded).to_contain_text("£5,123,456,789")
        expect(recorded).to_contain_text("Annual report and accounts 2023/24")
        assert_accessible(page)
        page.screenshot(path=screenshots / "finance-record.png", full_page=False)
    finally:
        context.close()
