"""What the browser tests do again and again: check a page with axe, move by keyboard."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_AXE = Axe()


def violations(page: Page) -> list[str]:
    """axe-core's violations on the page as it stands, one line each."""
    results = _AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def assert_accessible(page: Page) -> None:
    found = violations(page)
    assert not found, f"{page.url}: " + "; ".join(found)


def tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching ``selector`` has the focus, as a keyboard user
    would (fails if it never does: it cannot be reached by keyboard)."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key on {page.url}")


def fill_by_keyboard(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
