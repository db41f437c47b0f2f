"""The signed-in provider selection case pages in the browser: a Direct Award C case run
through the forms by mouse and by keyboard only (refused in the standstill, awarded after
it, its reg 24 record complete and downloadable), axe-core on every case page at desktop
(1280x800) and phone (320x640) sizes, and another organisation's editor finding nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    StorageState,
    expect,
)

from tests.browser.conftest import EDITOR, PASSWORD, VIEWPORTS, LiveServer
from tests.browser.helpers import assert_accessible, fill_by_keyboard, tab_to
from tests.psr.conftest import DA_C_FACTS, KEY_CRITERIA

OTHER_EDITOR = "editor@qop.example.nhs.uk"  # an editor of QOP, not of QHM
SERVICE = "Community nursing, Gateshead"
DECISION_MAKERS = "P100=Ann Example\nP101=Bob Example"
OPENED, ROUTED, ASSESSED, CHECKED = "2025-05-01", "2025-05-10", "2025-05-20", "2025-05-21"
INTENTION = "2025-06-02"  # the Schedule 3 notice: the standstill's last day is 13 June 2025
IN_STANDSTILL, AFTER_STANDSTILL, AWARD_NOTICE = "2025-06-10", "2025-06-16", "2025-06-20"
ADDRESS = "Freeman Road, Newcastle upon Tyne"
REFUSAL = "midnight at the end of Friday 13 June 2025"
POSSIBLE_FROM = "Saturday 14 June 2025"
# The cases the axe checks read, built once through the forms' own POSTs.
OPENED_CASE = "BR-AXE-OPENED"
STANDSTILL_CASE = "BR-AXE-STANDSTILL"
AWARDED_CASE = "BR-AXE-AWARDED"


# --- signing in and the browser contexts ----------------------------------------------------


def new_context(
    chrome: Browser,
    live_server: LiveServer,
    viewport: str = "desktop",
    state: StorageState | None = None,
) -> BrowserContext:
    return chrome.new_context(
        viewport=VIEWPORTS[viewport], base_url=live_server.url, storage_state=state
    )


def watch_console(page: Page) -> list[str]:
    """The browser's errors on the page, less the status of a page answered with an error on
    purpose (the 422 of a refused step, the 404 of another organisation's case): chromium
    reports those as resources failing to load, and the resource is the page itself."""
    errors: list[str] = []

    def seen(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if "Failed to load resource" in message.text and message.location["url"] == page.url:
            return
        errors.append(f"{message.text} ({message.location['url']})")

    page.on("console", seen)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.fixture
def browser_tab(chrome: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh context (no cookies) at desktop size; the browser's errors fail the test."""
    context = new_context(chrome, live_server)
    page = context.new_page()
    errors = watch_console(page)
    yield page
    context.close()
    assert not errors, f"the browser reported errors: {errors}"


def sign_in(page: Page, email: str = EDITOR) -> None:
    page.goto("/login?next=/cases")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Provider selection cases")


# --- the steps by mouse ----------------------------------------------------------------------


def submit(page: Page, name: str) -> None:
    """Click the form's button of that name and wait for the page it brings."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def task(page: Page, ref: str, action: str) -> None:
    """Follow the case page's link to a step's form."""
    page.locator(f'main a[href="/cases/{ref}/{action}"]').first.click()
    expect(page).to_have_url(re.compile(rf"/cases/{ref}/{action}$"))


def back_at_the_case(page: Page, ref: str) -> None:
    expect(page).to_have_url(re.compile(rf"/cases/{ref}$"))
    expect(page.locator("h1")).to_have_text(SERVICE)


def answer_facts(
    page: Page, answer: Callable[[Page, str, Any], None], check: Callable[[Page], None]
) -> None:
    """The route form asks its questions as the answers call for them: answer each question
    asked, check the processes on those facts, and again until nothing new is asked."""
    answered: set[str] = set()
    for _ in range(len(DA_C_FACTS)):
        asked = page.locator('main form[method="post"] [name^="fact."]').evaluate_all(
            "els => els.map(e => e.name.slice(5))"
        )
        new = [n for n in dict.fromkeys(asked) if n in DA_C_FACTS and n not in answered]
        if not new:
            break
        for name in new:
            answer(page, name, DA_C_FACTS[name])
            answered.add(name)
        check(page)
    assert answered == set(DA_C_FACTS), f"never asked: {set(DA_C_FACTS) - answered}"


def date_and_by(page: Page, day: str) -> None:
    page.locator("#date").fill(day)
    page.locator("#by").select_option("P100")


def answer_by_mouse(page: Page, name: str, value: Any) -> None:
    if isinstance(value, bool):
        page.locator(f'input[name="fact.{name}"][value="{"yes" if value else "no"}"]').check()
    else:
        page.locator(f"#fact-{name}").fill(str(value))


def open_by_mouse(page: Page, ref: str) -> None:
    page.get_by_role("button", name="Start a new case").click()
    expect(page.locator("h1")).to_have_text("Start a new case")
    page.get_by_label("Case reference").fill(ref)
    page.get_by_label("Service", exact=True).fill(SERVICE)
    page.get_by_label("CPV codes").fill("85323000-9")
    page.get_by_label("Estimated lifetime value").fill("12000000")
    page.get_by_label("Decision-makers").fill(DECISION_MAKERS)
    page.get_by_label("Date opened").fill(OPENED)
    page.get_by_label("Opened by (person ID)").fill("P100")
    submit(page, "Open the case")
    back_at_the_case(page, ref)


def route_by_mouse(page: Page, ref: str) -> None:
    task(page, ref, "route")
    page.get_by_label("Provider (ODS code)").fill("RTD")
    answer_facts(page, answer_by_mouse, lambda p: submit(p, "Check the processes on these facts"))
    main = page.locator("main")
    expect(main).to_contain_text("Direct Award Process C: Allowed")
    expect(main).to_contain_text("Direct Award Process A: Ruled out")
    page.locator('input[name="process"][value="direct_award_c"]').check()
    date_and_by(page, ROUTED)
    submit(page, "Record the process")
    back_at_the_case(page, ref)


def assess_by_mouse(page: Page, ref: str) -> None:
    task(page, ref, "assess")
    expect(page.get_by_label("Provider (ODS code)")).to_have_value("RTD")
    page.get_by_label("Registered office or principal place of business").fill(ADDRESS)
    for name, entry in KEY_CRITERIA.items():
        page.locator(f"#kc-{name}-weight").fill(str(entry["weight"]))
        page.locator(f"#kc-{name}-reasons").fill(str(entry["reasons"]))
    page.get_by_label("Yes, they are met").check()
    date_and_by(page, ASSESSED)
    submit(page, "Record the assessment")
    back_at_the_case(page, ref)


def notice_by_mouse(page: Page, ref: str, schedule: str, day: str) -> None:
    task(page, ref, "notice")
    page.get_by_label("Which notice").select_option(schedule)
    submit(page, "Show this notice")
    expect(page.locator("main h2").first).to_contain_text(f"(Schedule {schedule})")
    date_and_by(page, day)
    submit(page, "Submit the notice for publication")
    back_at_the_case(page, ref)


def award_form_by_mouse(page: Page, day: str) -> None:
    expect(page.get_by_label("Provider (ODS code)")).to_have_value("RTD")
    page.get_by_label("Lifetime value").fill("12000000")
    page.get_by_label("First day of the contract").fill("2025-07-01")
    page.get_by_label("Last day of the contract (optional)").fill("2028-06-30")
    date_and_by(page, day)
    submit(page, "Award the contract")


def assert_refused_in_the_standstill(page: Page) -> None:
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("reg 12")
    expect(summary).to_contain_text(REFUSAL)
    expect(summary).to_contain_text(POSSIBLE_FROM)
    expect(summary.locator('a[href="#date"]')).to_be_visible()
    # the NHS.UK frontend moves the focus to the summary, so it is read out first
    assert page.evaluate("document.activeElement.closest('.nhsuk-error-summary') !== null"), (
        "the error summary does not have the focus"
    )


# --- 1. the whole case by mouse --------------------------------------------------------------


def test_an_editor_runs_a_direct_award_c_case_through_the_forms(
    browser_tab: Page, screenshots: Path
) -> None:
    page, ref = browser_tab, "BR-MOUSE-2025"
    sign_in(page)
    open_by_mouse(page, ref)
    route_by_mouse(page, ref)
    assess_by_mouse(page, ref)
    task(page, ref, "conflicts")
    date_and_by(page, CHECKED)
    submit(page, "Check decision-makers against interests")
    back_at_the_case(page, ref)
    notice_by_mouse(page, ref, "3", INTENTION)

    # the case as it stood in the standstill: the callout and the task list
    page.get_by_label("Show the steps as at another date").fill("2025-06-05")
    submit(page, "Show")
    callout = page.locator(".nhsuk-card--warning")
    expect(callout).to_contain_text(REFUSAL)
    expect(callout).to_contain_text(POSSIBLE_FROM)
    tasks = page.locator(".nhsuk-task-list")
    expect(tasks).to_contain_text("Cannot start yet")
    expect(tasks).to_contain_text("Completed")
    page.locator("#steps").evaluate("el => el.scrollIntoView()")
    page.screenshot(path=screenshots / "cases-task-list.png", full_page=False)

    # the award in the standstill is refused on the page, naming reg 12 and the dates
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Cases").click()
    page.get_by_role("link", name=ref, exact=True).click()
    task(page, ref, "award")
    award_form_by_mouse(page, IN_STANDSTILL)
    expect(page).to_have_url(re.compile(rf"/cases/{ref}/award$"))
    assert_refused_in_the_standstill(page)
    page.screenshot(path=screenshots / "award-refused.png", full_page=False)

    # the day after the standstill it is taken
    date_and_by(page, AFTER_STANDSTILL)
    submit(page, "Award the contract")
    back_at_the_case(page, ref)
    main = page.locator("main")
    expect(main.locator(".nhsuk-summary-list .nhsuk-tag")).to_have_text("Awarded")
    expect(main).to_contain_text(f"Contract {ref}-C1 awarded to RTD")
    expect(main).not_to_contain_text("Cannot start yet")

    # the contract award notice (Schedule 4), the case's last task
    notice_by_mouse(page, ref, "4", AWARD_NOTICE)
    expect(main.locator("#notices ~ ul").first).to_contain_text("Schedule 4")

    page.get_by_role("link", name="The decision record (reg 24)").click()
    expect(page.locator("h1")).to_have_text("Decision record")
    expect(main).to_contain_text("Every item, (a) to (j), is recorded")
    expect(main).not_to_contain_text("Missing")
    expect(main.locator(".nhsuk-card--warning")).to_have_count(0)
    page.screenshot(path=screenshots / "record.png", full_page=True)

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the decision record (PDF)").click()
    download = downloading.value
    assert download.suggested_filename == f"{ref}-decision-record.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    response = page.request.get(f"/cases/{ref}/record.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


# --- 2. the same by keyboard only ------------------------------------------------------------


def press(page: Page, key: str = "Enter") -> None:
    """Press a key that submits a form or follows a link, and wait for the page it brings."""
    with page.expect_navigation():
        page.keyboard.press(key)


def activate(page: Page, selector: str) -> None:
    """Tab to a link or button and press Enter on it."""
    tab_to(page, selector)
    press(page)


def type_into_date(page: Page, selector: str, iso: str) -> None:
    """Type a date into the date field that has the focus, its parts in the order the browser
    draws them: that follows chromium's own language (month first in en-US), not the page's."""
    year, month, day = iso.split("-")
    for digits in (month + day + year, day + month + year):
        page.keyboard.type(digits)
        if page.locator(selector).input_value() == iso:
            return
        page.keyboard.press("Shift+Tab")  # back from the year to the first part
        page.keyboard.press("Shift+Tab")
    raise AssertionError(f"{iso} cannot be typed into {selector}")


def type_date(page: Page, selector: str, iso: str) -> None:
    tab_to(page, selector)
    type_into_date(page, selector, iso)


def date_and_by_by_keyboard(page: Page, day: str) -> None:
    type_date(page, "#date", day)
    tab_to(page, "#by")
    page.keyboard.type("Ann")  # a select takes typed text: "Ann Example (P100)"
    expect(page.locator("#by")).to_have_value("P100")


def answer_by_keyboard(page: Page, name: str, value: Any) -> None:
    if isinstance(value, bool):
        tab_to(page, f"#fact-{name}")  # the first radio, Yes, when none is chosen
        page.keyboard.press("Space" if value else "ArrowRight")
        expect(
            page.locator(f'input[name="fact.{name}"][value="{"yes" if value else "no"}"]')
        ).to_be_checked()
    else:
        fill_by_keyboard(page, f"#fact-{name}", str(value))


def test_the_same_case_by_keyboard_only(browser_tab: Page) -> None:
    page, ref = browser_tab, "BR-KEYS-2025"
    page.goto("/login?next=/cases")
    fill_by_keyboard(page, "#email", EDITOR)
    fill_by_keyboard(page, "#password", PASSWORD)
    press(page)
    expect(page.locator("h1")).to_have_text("Provider selection cases")

    activate(page, 'main a[href="/cases/new"]')
    expect(page.locator("h1")).to_have_text("Start a new case")
    fill_by_keyboard(page, "#reference", ref)
    fill_by_keyboard(page, "#service", SERVICE)
    fill_by_keyboard(page, "#cpv", "85323000-9")
    fill_by_keyboard(page, "#value", "12000000")
    fill_by_keyboard(page, "#decision_makers", DECISION_MAKERS)
    type_date(page, "#date", OPENED)
    fill_by_keyboard(page, "#by", "P100")
    activate(page, "main form button")
    back_at_the_case(page, ref)

    activate(page, f'main a[href="/cases/{ref}/route"]')
    fill_by_keyboard(page, "#provider", "RTD")
    answer_facts(
        page, answer_by_keyboard, lambda p: activate(p, 'button[name="action"][value="check"]')
    )
    expect(page.locator("main")).to_contain_text("Direct Award Process C: Allowed")
    chosen = page.locator('input[name="process"][value="direct_award_c"]')
    tab_to(page, 'input[name="process"]')
    page.keyboard.press("Space")
    for _ in range(page.locator('input[name="process"]').count()):
        if chosen.is_checked():
            break
        page.keyboard.press("ArrowDown")  # moves along the radios, choosing each
    expect(chosen).to_be_checked()
    date_and_by_by_keyboard(page, ROUTED)
    activate(page, 'button[name="action"][value="record"]')
    back_at_the_case(page, ref)

    activate(page, f'main a[href="/cases/{ref}/assess"]')
    fill_by_keyboard(page, "#address", ADDRESS)
    for name, entry in KEY_CRITERIA.items():
        fill_by_keyboard(page, f"#kc-{name}-weight", str(entry["weight"]))
        fill_by_keyboard(page, f"#kc-{name}-reasons", str(entry["reasons"]))
    expect(page.locator('input[name="basic_selection"][value="met"]')).to_be_checked()
    date_and_by_by_keyboard(page, ASSESSED)
    activate(page, "main form button")
    back_at_the_case(page, ref)

    activate(page, f'main a[href="/cases/{ref}/conflicts"]')
    date_and_by_by_keyboard(page, CHECKED)
    activate(page, "main form button")
    back_at_the_case(page, ref)

    activate(page, f'main a[href="/cases/{ref}/notice"]')
    tab_to(page, "#schedule")
    page.keyboard.type("Schedule 3")
    activate(page, 'main form[method="get"] button')
    expect(page.locator("main h2").first).to_contain_text("(Schedule 3)")
    date_and_by_by_keyboard(page, INTENTION)
    activate(page, 'main form[method="post"] button')
    back_at_the_case(page, ref)

    # the award in the standstill: refused, and the error summary has the focus
    activate(page, f'main a[href="/cases/{ref}/award"]')
    type_date(page, "#start", "2025-07-01")
    date_and_by_by_keyboard(page, IN_STANDSTILL)
    activate(page, 'main form[method="post"] button')
    assert_refused_in_the_standstill(page)

    # its link takes the focus to the date, which is typed again: the award is taken
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "date"
    type_into_date(page, "#date", AFTER_STANDSTILL)
    activate(page, 'main form[method="post"] button')
    back_at_the_case(page, ref)
    expect(page.locator("main")).to_contain_text(f"Contract {ref}-C1 awarded to RTD")


# --- 3. axe-core on every case page, at both sizes -------------------------------------------


def fact_fields() -> dict[str, str]:
    return {
        f"fact.{k}": ("yes" if v else "no") if isinstance(v, bool) else str(v)
        for k, v in DA_C_FACTS.items()
    }


def post_step(page: Page, url: str, data: dict[str, str]) -> None:
    """Post a step's form as the browser would (with the csrftoken cookie's value): quicker
    than filling it in, for cases the tests only read."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    form: dict[str, str | float | bool] = {**data, "csrftoken": token}
    response = page.request.post(url, form=form, max_redirects=0)
    assert response.status == 303, (url, response.status, response.text()[:1000])


def build_case(page: Page, ref: str, until: str) -> None:
    """Open the case and take its steps up to ``until``: "open", "standstill" or "awarded"."""
    case = f"/cases/{ref}"
    taken = {"by": "P100"}
    post_step(
        page,
        "/cases/new",
        {
            "reference": ref,
            "service": SERVICE,
            "cpv": "85323000-9",
            "value": "12000000",
            "decision_makers": DECISION_MAKERS,
            "date": OPENED,
        }
        | taken,
    )
    if until == "open":
        return
    route = {"action": "record", "process": "direct_award_c", "provider": "RTD"}
    post_step(page, f"{case}/route", route | fact_fields() | taken | {"date": ROUTED})
    weights = {f"kc.{k}.weight": str(v["weight"]) for k, v in KEY_CRITERIA.items()}
    reasons = {f"kc.{k}.reasons": str(v["reasons"]) for k, v in KEY_CRITERIA.items()}
    assessment = {"provider": "RTD", "address": ADDRESS, "basic_selection": "met"}
    post_step(page, f"{case}/assess", assessment | weights | reasons | taken | {"date": ASSESSED})
    post_step(page, f"{case}/conflicts", taken | {"date": CHECKED})
    notice = {"schedule": "3", "provider": "RTD"}
    post_step(page, f"{case}/notice", notice | taken | {"date": INTENTION})
    if until == "awarded":
        contract = {"provider": "RTD", "value": "12000000", "start": "2025-07-01"}
        post_step(page, f"{case}/award", contract | taken | {"date": AFTER_STANDSTILL})
        notice = {"schedule": "4", "provider": "RTD"}
        post_step(page, f"{case}/notice", notice | taken | {"date": AWARD_NOTICE})


@pytest.fixture(scope="module")
def editor_state(chrome: Browser, live_server: LiveServer) -> StorageState:
    """QHM's editor, signed in, with a case just opened, one in its standstill and one
    awarded."""
    context = new_context(chrome, live_server)
    page = context.new_page()
    sign_in(page)
    build_case(page, OPENED_CASE, "open")
    build_case(page, STANDSTILL_CASE, "standstill")
    build_case(page, AWARDED_CASE, "awarded")
    state = context.storage_state()
    context.close()
    return state


OP, SS, AW = (f"/cases/{c}" for c in (OPENED_CASE, STANDSTILL_CASE, AWARDED_CASE))
YEAR = "year=2025/26"
CASE_PAGES = [
    pytest.param("/cases", ".nhsuk-table", id="list"),
    pytest.param("/cases/new", "#reference", id="new"),
    pytest.param(OP, ".nhsuk-task-list", id="case-opened"),
    pytest.param(f"{SS}?as_at=2025-06-05", ".nhsuk-card--warning", id="case-in-standstill"),
    pytest.param(AW, ".nhsuk-task-list", id="case-awarded"),
    pytest.param(f"{SS}/route", ".nhsuk-card", id="route"),
    pytest.param(f"{SS}/assess", "#kc-value-weight", id="assess"),
    pytest.param(f"{SS}/conflicts", "#date", id="conflicts"),
    pytest.param(f"{SS}/notice", "#schedule", id="notice"),
    pytest.param(f"{AW}/notice?schedule=4", "#schedule", id="notice-schedule-4"),
    pytest.param(f"{SS}/represent", "#summary", id="represent"),
    pytest.param(f"{SS}/decide", "#reasons", id="decide"),
    pytest.param(f"{SS}/award", "#start", id="award"),
    pytest.param(f"{AW}/modify", "#change", id="modify"),
    pytest.param(f"{SS}/abandon", "#reason", id="abandon"),
    pytest.param(f"{SS}/notices/1", ".app-notice-text", id="notice-1"),
    pytest.param(f"{OP}/record", ".nhsuk-card--warning", id="record-incomplete"),
    pytest.param(f"{AW}/record", ".nhsuk-summary-list", id="record-complete"),
    pytest.param(f"/cases/summary?{YEAR}", ".nhsuk-table", id="summary"),
    pytest.param(f"/cases/monitoring?{YEAR}", ".nhsuk-table", id="monitoring"),
]


def assert_fits(page: Page, viewport: str) -> None:
    assert_accessible(page)
    if viewport == "mobile":
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not wide, f"{page.url} scrolls sideways at 320px"


@pytest.mark.parametrize(("path", "shows"), CASE_PAGES)
def test_every_case_page_has_no_axe_violations(
    chrome: Browser,
    live_server: LiveServer,
    editor_state: StorageState,
    viewport: str,
    path: str,
    shows: str,
) -> None:
    context = new_context(chrome, live_server, viewport, editor_state)
    page = context.new_page()
    try:
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, path
        expect(page.locator(shows).first).to_be_attached()
        assert_fits(page, viewport)
    finally:
        context.close()


def refuse_award(page: Page) -> None:
    page.goto(f"{SS}/award")
    page.get_by_label("First day of the contract").fill("2025-07-01")
    date_and_by(page, IN_STANDSTILL)
    submit(page, "Award the contract")


def refuse_opening(page: Page) -> None:
    page.goto("/cases/new")
    page.get_by_label("Case reference").fill("BR-AXE-REFUSED")
    page.get_by_label("Service", exact=True).fill(SERVICE)
    page.get_by_label("CPV codes").fill("12345678-9")  # not in Schedule 1
    page.get_by_label("Estimated lifetime value").fill("1000")
    page.get_by_label("Decision-makers").fill(DECISION_MAKERS)
    page.get_by_label("Date opened").fill(OPENED)
    page.get_by_label("Opened by (person ID)").fill("P100")
    submit(page, "Open the case")


def refuse_assessment(page: Page) -> None:
    page.goto(f"{SS}/assess")  # no weights given
    date_and_by(page, ASSESSED)
    submit(page, "Record the assessment")


REFUSED_FORMS: dict[str, tuple[Callable[[Page], None], str]] = {
    "award-in-standstill": (refuse_award, "#date"),
    "new-cpv-outside-schedule-1": (refuse_opening, "#cpv"),
    "assess-without-weights": (refuse_assessment, f"#kc-{next(iter(KEY_CRITERIA))}-weight"),
}


@pytest.mark.parametrize("form", list(REFUSED_FORMS))
def test_every_refused_form_has_no_axe_violations(
    chrome: Browser,
    live_server: LiveServer,
    editor_state: StorageState,
    viewport: str,
    form: str,
) -> None:
    refuse, field = REFUSED_FORMS[form]
    context = new_context(chrome, live_server, viewport, editor_state)
    page = context.new_page()
    try:
        refuse(page)
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_be_visible()
        expect(summary.locator(f'a[href="{field}"]')).to_be_visible()
        expect(page.locator(f".nhsuk-form-group--error:has({field})")).to_be_visible()
        assert_fits(page, viewport)
    finally:
        context.close()


# --- 4. another organisation's case is not found --------------------------------------------


def test_another_organisations_editor_gets_the_not_found_page(
    browser_tab: Page, editor_state: StorageState
) -> None:
    page = browser_tab
    sign_in(page, OTHER_EDITOR)
    expect(page.locator("main")).not_to_contain_text(STANDSTILL_CASE)
    seen = []
    for path in (SS, f"{SS}/record", f"{SS}/award", "/cases/NO-SUCH-CASE"):
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 404, path
        expect(page.locator("h1")).to_have_text("Not found")
        seen.append(page.locator("main").inner_text().replace(path.split("/")[2], "X"))
    assert seen[0] == seen[3], "another organisation's case reads exactly as no case at all"
    assert_accessible(page)
