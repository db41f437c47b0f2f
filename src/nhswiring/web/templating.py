"""Jinja with the NHS.UK frontend templates (nhsuk-frontend-jinja), autoescaped, and the
few filters pages share: dates as people read them (inclusive), money, links."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader
from markupsafe import Markup

from nhswiring.domain.finance import pounds_text
from nhswiring.law.citations import citation_links

TEMPLATES = Path(__file__).parent / "templates"


def _as_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def long_date(value: date | str | None) -> str:
    """``2022-07-01`` -> ``1 July 2022`` (the NHS style guide's date format)."""
    day = _as_date(value)
    return "" if day is None else f"{day.day} {day:%B %Y}"


def last_day(end: date | str | None, open_text: str = "now") -> str:
    """The inclusive last day of a half-open interval ``[start, end)``, as people read it:
    a body whose ``end`` is 2022-07-01 was last in force on 30 June 2022."""
    day = _as_date(end)
    return open_text if day is None else long_date(day - timedelta(days=1))


def money(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"£{amount:,.0f}" if amount == amount.to_integral() else f"£{amount:,.2f}"


def pounds(value: Any) -> str:
    """Exact pounds (domain/finance.py ``pounds_text``) for a template, any text left as it is."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return pounds_text(amount)


def cite(citation: str, sources: Any = None, on: date | str | None = None) -> Markup:
    """A citation as text, followed by a link to each provision on legislation.gov.uk as it
    stood on the day judged. ``sources`` are those of a verdict's reason (dicts with ``url``
    and ``provision``); without them, the citation's own sources are looked up, dated
    ``on``. A citation with neither is the text alone (proposals are documents, not law)."""
    links: list[tuple[str, str]] = [
        (str(s.get("label") or s.get("provision") or s["url"]), str(s["url"]))
        for s in (sources or [])
        if isinstance(s, dict) and s.get("url")
    ]
    day = _as_date(on)
    if not links and day is not None:
        links = [(link.label, link.url) for link in citation_links(citation, day) if link.url]
    text = Markup("{}").format(citation)
    if not links:
        return text
    anchors = [
        Markup('<a href="{}" rel="external">{}<span class="nhsuk-u-visually-hidden"> on '
               "legislation.gov.uk</span></a>").format(url, label)
        for label, url in links
    ]  # fmt: skip
    return text + Markup(" (") + Markup(", ").join(anchors) + Markup(")")


def query(params: dict[str, Any], **changes: Any) -> str:
    """A query string with some parameters changed (for pagination and filter links)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged) if merged else ""


def make_environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(TEMPLATES),
                PackageLoader("nhsuk_frontend_jinja"),
            ]
        ),
        undefined=ChainableUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        long_date=long_date, last_day=last_day, money=money, pounds=pounds, cite=cite
    )
    env.globals.update(query=query)
    return env


templates = Jinja2Templates(env=make_environment())


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """A page, with what every page needs: the CSP nonce, the CSRF token for its forms, the
    signed-in user, and the ledger head the page was read at."""
    csrf = request.scope.get("csrftoken")
    base: dict[str, Any] = {
        "request": request,
        "cspNonce": request.scope.get("state", {}).get("csp_nonce"),
        "csrf_token": csrf() if callable(csrf) else "",
        "principal": getattr(request.state, "principal", None),
        "ledger_head": getattr(request.state, "ledger_head", None),
    }
    response = templates.TemplateResponse(
        request, name, base | (context or {}), status_code=status_code, headers=headers
    )
    return response
