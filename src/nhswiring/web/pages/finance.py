"""The finance pages: every ICB in a year (/finance), one body's year (/finance/{code}) and an
ICB with its partner trusts (/finance/{code}/system). Each page prints the JSON the CLI and
the API give (``service/finance_views.py``), draws its charts as SVG here on the server, and
gives the same numbers in a table beside each chart. A missing figure is shown as missing,
with its reason, never as zero; money is exact pounds with the unit stated.

A year that is not a financial year is refused on the page itself (422, the error summary
linking to the year field), as the case reports refuse theirs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from nhswiring.domain.errors import InvalidInput, UnknownBody
from nhswiring.domain.finance import ITEM_NAMES, STREAM_NAMES, FinancialYear, Item, Stream
from nhswiring.reference.allocations import published_years
from nhswiring.service.accounts import Principal
from nhswiring.service.finance_views import SORTS, finance_compare, finance_show, finance_system
from nhswiring.service.register_cache import Snapshot
from nhswiring.web import finance_svg as chart
from nhswiring.web.auth import OptionalPrincipal
from nhswiring.web.deps import PublicSnapshot
from nhswiring.web.forms import FormErrors
from nhswiring.web.pages.finance_form import form_context
from nhswiring.web.pages.finance_form import router as form_router
from nhswiring.web.templating import pounds, render

router = APIRouter(include_in_schema=False)

PER_HEAD = "per weighted head: not available (weighted populations not in the package)"
STATUS_TAGS = {"met": "nhsuk-tag--green", "breached": "nhsuk-tag--red"}
#: The figures a duty is measured against (the second colour in its chart).
AGAINST = {
    Item.RECEIPTS.value,
    Item.TRUST_REVENUE.value,
    Item.REVENUE_RESOURCE_LIMIT.value,
    Item.CAPITAL_RESOURCE_LIMIT.value,
    Item.RUNNING_COST_LIMIT.value,
    Item.FT_CAPITAL_LIMIT.value,
}
#: How the system page names its members' kinds.
KIND_NAMES = {"icb": "ICB", "nhs_trust": "NHS trust", "foundation_trust": "NHS foundation trust"}
#: The compare table's columns that sort, with their headings.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "ICB"),
    *((s.value, STREAM_NAMES[s]) for s in Stream),
    ("core_growth", "Core growth"),
)


#: The sort form's choices: every column ``finance compare`` sorts on.
SORT_NAMES: dict[str, str] = {
    "name": "ICB name",
    "code": "ICB code",
    **{s.value: STREAM_NAMES[s] for s in Stream},
    "core_growth": "Core growth",
}
assert set(SORT_NAMES) == set(SORTS)


def default_year() -> str:
    """The latest year whose allocations the package ships."""
    return published_years()[-1].label


def _crumbs(*more: tuple[str, str]) -> list[dict[str, str]]:
    return [{"href": "/", "text": "Home"}, {"href": "/finance", "text": "Finance"}] + [
        {"href": h, "text": t} for h, t in more
    ]


def _refused(
    request: Request, template: str, context: dict[str, Any], exc: InvalidInput
) -> Response:
    """The page again, with the error summary naming the year (or sort) field."""
    errors = FormErrors()
    field, label = ("sort", "Sort by") if exc.field == "sort" else ("year", "Financial year")
    errors.add(field, f"{label}: {exc.problem}; {exc.accepted}")
    return render(request, template, context | errors.context(), status_code=422)


def _build(
    request: Request, template: str, context: dict[str, Any], build: Callable[[], dict[str, Any]]
) -> dict[str, Any] | Response:
    """The view, or the page refusing the year; an unknown body is the 404 page."""
    try:
        return build()
    except UnknownBody as exc:
        if exc.field != "as-at":
            raise
        return _refused(request, template, context, exc)
    except InvalidInput as exc:
        if exc.field not in {"year", "sort"}:
            raise
        return _refused(request, template, context, exc)


def item_name(item: str) -> str:
    """``QWO:revenue_resource_use`` -> ``QWO: Revenue resource use``."""
    code, _, bare = item.rpartition(":")
    try:
        name = ITEM_NAMES[Item(bare)]
    except ValueError:
        name = bare.replace("_", " ").capitalize()
    return f"{code}: {name}" if code else name


def duty_rows(duties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each duty with its tag, its figures named, and a chart when any figure is known."""
    rows = []
    for d in duties:
        figures = [
            {"name": item_name(f["item"]), "amount": f["amount"], "against": _against(f["item"])}
            for f in d["figures"]
        ]
        row = d | {
            "tag_class": STATUS_TAGS.get(d["status"], "nhsuk-tag--grey"),
            "named": figures,
            "missing_named": [item_name(m) for m in d["missing"]],
            "chart": None,
        }
        if any(f["amount"] is not None for f in figures):
            bars = [
                chart.Bar(
                    f["name"],
                    Decimal(f["amount"]) if f["amount"] is not None else None,
                    pounds(f["amount"]) if f["amount"] is not None else "not known",
                    against=f["against"],
                )
                for f in figures
            ]
            title = f"{d['title']}, {d['year']}: outturn against limit, in pounds (£)"
            table = "under the chart"
            row["chart"] = Markup(
                chart.bar_chart(
                    f"duty-{d['body']}-{d['duty']}",
                    title,
                    chart.describe(title, bars, table),
                    bars,
                )
            )
        rows.append(row)
    return rows


#: Decision details that are sums of money (set_resource_limits, set_capital_limit, ...).
MONEY_DETAILS = frozenset({"revenue", "capital", "amount", "limit", "allotment"})
#: A decision's basis that is one rule's id, linked to the rule's page.
RULE_ID = re.compile(r"[a-z0-9_]+(\.[A-Za-z0-9_]+)+")


def decision_rows(decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each recorded decision with its details as (label, text): sums as exact pounds."""
    rows = []
    for d in decisions:
        shown = []
        for key, value in d["details"].items():
            if key in MONEY_DETAILS and isinstance(value, str):
                text = pounds(value)
            elif isinstance(value, dict | list):
                text = json.dumps(value, sort_keys=True)
            else:
                text = str(value)
            shown.append((key.replace("_", " "), text))
        basis = d.get("basis")
        rule = basis if isinstance(basis, str) and RULE_ID.fullmatch(basis) else None
        rows.append(d | {"shown": shown, "rule": rule})
    return rows


def _against(item: str) -> bool:
    return item.rpartition(":")[2] in AGAINST


# --- /finance -------------------------------------------------------------------------------


def _sort_links(year: str, sort: str, descending: bool) -> dict[str, dict[str, Any]]:
    """Each sortable column's link (the other direction when it is the sort already) and its
    ``aria-sort``."""
    links = {}
    for key, _ in COLUMNS:
        current = key == sort
        wants_desc = (not descending) if current else key not in {"name", "code"}
        query = {"year": year, "sort": key} | ({"descending": "true"} if wants_desc else {})
        links[key] = {
            "query": query,
            "aria": ("descending" if descending else "ascending") if current else None,
        }
    return links


def _compare_charts(view: dict[str, Any]) -> dict[str, Markup]:
    rows = view["icbs"]
    year = view["year"]
    core = [
        chart.Bar(
            chart.short_name(r["name"]),
            Decimal(r["core_services"]) if r["core_services"] else None,
            pounds(r["core_services"]) if r["core_services"] else "not known",
        )
        for r in rows
    ]
    growth = [
        chart.Bar(
            chart.short_name(r["name"]),
            Decimal(r["core_growth_percent"]) if r["core_growth_percent"] else None,
            chart.percent(r["core_growth_percent"]) if r["core_growth_percent"] else "not known",
        )
        for r in rows
    ]
    core_title = f"Core services allocation by ICB, {year}, in pounds (£)"
    growth_title = f"Core services growth on the previous year by ICB, {year}, per cent"
    table = "below the charts"
    return {
        "core": Markup(
            chart.bar_chart("core", core_title, chart.describe(core_title, core, table), core)
        ),
        "growth": Markup(
            chart.bar_chart(
                "growth", growth_title, chart.describe(growth_title, growth, table), growth
            )
        ),
    }


@router.get("/finance", response_class=HTMLResponse)
def index(
    request: Request,
    snapshot: PublicSnapshot,
    year: str = "",
    sort: str = "name",
    descending: str = "",
) -> Response:
    label = year.strip() or default_year()
    down = descending.strip().lower() in {"true", "1", "yes", "on"}
    context: dict[str, Any] = {
        "active": "finance",
        "crumbs": [{"href": "/", "text": "Home"}],
        "year": label,
        "years": [y.label for y in published_years()],
        "per_head": PER_HEAD,
        "sort": sort,
        "descending": down,
        "sort_items": [{"value": k, "text": t} for k, t in SORT_NAMES.items()],
    }

    def build() -> dict[str, Any]:
        return finance_compare(snapshot.register, FinancialYear.parse(label), sort, down)

    view = _build(request, "finance/index.html", context, build)
    if isinstance(view, Response):
        return view
    duties = sorted({d for r in view["icbs"] for d in r["duties"]})
    rows = [
        r
        | {
            "href": f"/finance/{r['code']}?year={label}",
            "statuses": {s: sum(1 for v in r["duties"].values() if v == s) for s in STATUS_TAGS}
            | {"unknown": sum(1 for v in r["duties"].values() if v == "unknown")},
        }
        for r in view["icbs"]
    ]
    context |= {
        "view": view,
        "rows": rows,
        "streams": [(s.value, STREAM_NAMES[s]) for s in Stream],
        "columns": COLUMNS,
        "links": _sort_links(label, view["sort"], view["descending"]),
        "charts": _compare_charts(view),
        "duty_count": len(duties),
    }
    return render(request, "finance/index.html", context)


# --- /finance/{code} ------------------------------------------------------------------------


def _streams_chart(view: dict[str, Any]) -> Markup:
    """The body's headline allocation per stream (a missing stream drawn as not known)."""
    bars = [
        chart.Bar(
            s["name"],
            Decimal(s["amount"]) if s["amount"] is not None else None,
            pounds(s["amount"]) if s["amount"] is not None else "not known",
        )
        for s in view["streams"]
    ]
    title = (
        f"Allocations to {view['body']['code']} by stream, {view['year']['label']}, in pounds (£)"
    )
    desc = chart.describe(title, bars, "below the chart")
    return Markup(chart.bar_chart(f"streams-{view['body']['code']}", title, desc, bars))


@router.get("/finance/{code}", response_class=HTMLResponse)
def show(
    request: Request, snapshot: PublicSnapshot, who: OptionalPrincipal, code: str, year: str = ""
) -> Response:
    return show_page(request, snapshot, who, code.strip().upper(), year.strip() or default_year())


def show_page(
    request: Request,
    snapshot: Snapshot,
    who: Principal | None,
    code: str,
    label: str,
    form: dict[str, str] | None = None,
    errors: FormErrors | None = None,
) -> Response:
    """The body's year; with ``errors``, refusing the figure the form sent (``form``)."""
    context: dict[str, Any] = {
        "active": "finance",
        "crumbs": _crumbs(),
        "code": code,
        "year": label,
        "per_head": PER_HEAD,
    }

    def build() -> dict[str, Any]:
        return finance_show(snapshot.register, code, FinancialYear.parse(label))

    view = _build(request, "finance/show.html", context, build)
    if isinstance(view, Response):
        return view
    is_icb = view["body"]["kind"] == "icb"
    context |= {
        "view": view,
        "streams_chart": _streams_chart(view) if view["streams"] else None,
        "objectives": decision_rows(view["objectives"]),
        "limits": decision_rows(view["limits"]),
        "duties": duty_rows(view["duties"]),
        "recorded": [r | {"name": item_name(r["figure"])} for r in view["recorded"]],
        "is_icb": is_icb,
        "record": form_context(who, code, label, is_icb or bool(view["streams"]), form),
    }
    shown = context | (errors or FormErrors()).context()
    return render(request, "finance/show.html", shown, status_code=422 if errors else 200)


# --- /finance/{code}/system -----------------------------------------------------------------


@router.get("/finance/{code}/system", response_class=HTMLResponse)
def system(request: Request, snapshot: PublicSnapshot, code: str, year: str = "") -> Response:
    code = code.strip().upper()
    label = year.strip() or default_year()
    context: dict[str, Any] = {
        "active": "finance",
        "crumbs": _crumbs((f"/finance/{code}?year={label}", code)),
        "code": code,
        "year": label,
    }

    def build() -> dict[str, Any]:
        return finance_system(snapshot.register, code, FinancialYear.parse(label))

    view = _build(request, "finance/system.html", context, build)
    if isinstance(view, Response):
        return view
    members = [
        m
        | {
            "kind": KIND_NAMES.get(m["body"]["kind"], m["body"]["kind"].replace("_", " ")),
            "current": [
                r | {"name": item_name(r["figure"])} for r in m["recorded"] if r["current"]
            ],
        }
        for m in view["members"]
    ]
    context |= {
        "view": view,
        "members": members,
        "objectives": decision_rows(view["objectives"]),
        "limits": decision_rows(view["limits"]),
        "duties": duty_rows(view["duties"]),
        "year_start": view["year"]["start"],
    }
    return render(request, "finance/system.html", context)


router.include_router(form_router)  # POST /finance/{code}/figures: the form on the page above
