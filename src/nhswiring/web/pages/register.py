"""The register's public pages: bodies on a date, one body, its wiring, and who commissions.

Everything here reads the public register snapshot and calls the same service functions as
the CLI (``views.show_body``, ``views.who_commissions_json``, ``graph.wiring``); this module
only shapes their answers for people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from nhswiring.domain.bodies import KIND_GROUPS, Body, BodyKind, parse_kind
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.register import Register
from nhswiring.law.function_catalogue import CATALOGUE, function
from nhswiring.service import graph, views
from nhswiring.service.search import search_bodies
from nhswiring.web import deps, svg
from nhswiring.web.deps import PublicSnapshot, RuntimeDep
from nhswiring.web.pages.timeline import kind_text, timeline
from nhswiring.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50

KIND_COLOURS: dict[str, str] = {
    "secretary_of_state": "purple",
    "nhs_england": "blue",
    "monitor": "grey",
    "tda": "grey",
    "cma": "grey",
    "cqc": "grey",
    "nhs_digital": "grey",
    "health_education_england": "grey",
    "region": "aqua-green",
    "ccg": "orange",
    "icb": "green",
    "sub_icb_location": "yellow",
    "icp": "pink",
    "nhs_trust": "white",
    "foundation_trust": "white",
    "local_authority": "purple",
    "joint_committee": "pink",
    "independent_provider": "grey",
}

GROUP_LABELS = {
    "trust": "Trusts (NHS and foundation)",
    "commissioner": "Commissioners (CCGs and ICBs)",
    "national": "National bodies",
}


def kind_tag(kind: str) -> dict[str, str]:
    """Parameters for the NHS.UK tag macro."""
    return {"text": kind_text(kind), "colour": KIND_COLOURS.get(kind, "grey")}


def body_href(code: str, day: date | None = None) -> str:
    path = f"/bodies/{quote(code, safe='')}"
    return f"{path}?{urlencode({'as_at': day.isoformat()})}" if day else path


def kind_options(selected: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [{"value": "", "text": "All kinds", "selected": not selected}]
    items += [
        {"value": key, "text": GROUP_LABELS.get(key, key), "selected": selected == key}
        for key in KIND_GROUPS
    ]
    items += [
        {
            "value": k.value,
            "text": kind_text(k.value)[:1].upper() + kind_text(k.value)[1:],
            "selected": selected == k.value,
        }
        for k in BodyKind
    ]
    return items


def field_error(exc: InvalidInput, field_id: str) -> dict[str, str]:
    return {"text": f"{exc.problem}; {exc.accepted}", "href": f"#{field_id}"}


def namer(register: Register, day: date) -> Callable[[str | None], str]:
    """A body's name on ``day``, or in the life nearest to it; the code when unknown."""

    def name(code: str | None) -> str:
        if not code:
            return ""
        body = register.body(code, day) or graph.life_near(register, code, day, before=True)
        return body.name if body else code

    return name


def page_items(current: int, pages: int, href: Callable[[int], str]) -> list[dict[str, Any]]:
    """Numbered pagination: first, last, and the pages either side of the current one."""
    shown = sorted({1, pages, current - 1, current, current + 1} & set(range(1, pages + 1)))
    items: list[dict[str, Any]] = []
    previous = 0
    for n in shown:
        if n - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": n, "href": href(n), "current": n == current})
        previous = n
    return items


# --- /bodies ---------------------------------------------------------------------------------


@router.get("/bodies", response_class=HTMLResponse)
def bodies(
    request: Request,
    snapshot: PublicSnapshot,
    as_at: str = "",
    kind: str = "",
    q: str = "",
    page: str = "1",
) -> Response:
    register = snapshot.register
    errors: list[dict[str, str]] = []
    field_errors: dict[str, str] = {}
    try:
        day = deps.as_at(as_at)
    except InvalidInput as exc:
        errors.append(field_error(exc, "as_at"))
        field_errors["as_at"] = errors[-1]["text"]
        day = date.today()
    kinds: Iterable[BodyKind] = list(BodyKind)
    if kind.strip():
        try:
            kinds = parse_kind(kind)
        except InvalidInput as exc:
            errors.append(field_error(exc, "kind"))
            field_errors["kind"] = errors[-1]["text"]
    params = {"as_at": as_at.strip(), "kind": kind.strip(), "q": q.strip()}
    context: dict[str, Any] = {
        "active": "bodies",
        "crumbs": [{"href": "/", "text": "Home"}],
        "params": params,
        "kinds": kind_options(kind.strip()),
        "errors": errors,
        "field_errors": field_errors,
        "day": day,
    }
    if errors:
        return render(request, "bodies/list.html", context, status_code=422)
    rows = search_bodies(register, day, kinds, q)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    number = int(page) if page.strip().isdigit() else 1
    number = min(max(number, 1), pages)
    shown = rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    name = namer(register, day)

    def href(n: int) -> str:
        return "/bodies?" + urlencode({k: v for k, v in (params | {"page": n}).items() if v})

    api = {"as_at": day.isoformat()} | ({"kind": params["kind"]} if params["kind"] else {})
    api_q = {"q": params["q"]} if params["q"] else {}
    context |= {
        "rows": [
            r
            | {
                "href": body_href(r["code"], day),
                "tag": kind_tag(r["kind"]),
                "parent_name": name(r["parent"]),
                "parent_href": body_href(r["parent"], day) if r["parent"] else None,
            }
            for r in shown
        ],
        "total": len(rows),
        "first": (number - 1) * PAGE_SIZE + 1,
        "last": (number - 1) * PAGE_SIZE + len(shown),
        "pagination": {
            "items": page_items(number, pages, href) if pages > 1 else [],
            "previous": {"href": href(number - 1)} if number > 1 else {},
            "next": {"href": href(number + 1)} if number < pages else {},
        },
        "csv_href": "/api/v1/bodies?" + urlencode(api | api_q | {"format": "csv"}),
        "json_href": "/api/v1/bodies?" + urlencode(api | api_q),
    }
    return render(request, "bodies/list.html", context)


# --- /bodies/{code} ----------------------------------------------------------------------------


def _known_code(register: Register, code: str) -> str:
    text = code.strip()
    if register.lives(text):
        return text
    if register.lives(text.upper()):
        return text.upper()
    views.find_body(register, text, date.today())  # raises UnknownBody naming the fix
    return text  # pragma: no cover - find_body raised


def _in_force_on(body: Body, day: date) -> date:
    """A day ``body`` (one life) was in force, nearest ``day``."""
    if body.end is not None and body.end <= day:
        return body.end - timedelta(days=1)
    return body.start


def _lives(register: Register, code: str) -> list[dict[str, Any]]:
    return [
        {
            "name": b.name,
            "tag": kind_tag(b.kind.value),
            "start": b.start,
            "end": b.end,
            "href": body_href(code, b.start),
        }
        for b in register.lives(code)
    ]


@router.get("/bodies/{code}", response_class=HTMLResponse)
def body_page(
    request: Request, snapshot: PublicSnapshot, runtime: RuntimeDep, code: str, as_at: str = ""
) -> Response:
    register = snapshot.register
    day = deps.as_at(as_at)
    code = _known_code(register, code)
    name = namer(register, day)
    history = timeline(runtime.system.history(code), name)
    crumbs = [{"href": "/", "text": "Home"}, {"href": "/bodies", "text": "Bodies"}]
    base: dict[str, Any] = {
        "active": "bodies",
        "crumbs": crumbs,
        "code": code,
        "day": day,
        "lives": _lives(register, code),
        "history": history,
        "graph_href": f"/bodies/{quote(code, safe='')}/graph?as_at={day.isoformat()}",
    }
    if register.body(code, day) is None:
        nearest = graph.life_near(register, code, day, before=True)
        assert nearest is not None  # the code has lives
        other = _in_force_on(nearest, day)
        return render(
            request,
            "bodies/not_in_force.html",
            base
            | {
                "body": views.body_json(nearest),
                "tag": kind_tag(nearest.kind.value),
                "other_day": other,
                "other_href": body_href(code, other),
            },
        )
    data = views.show_body(register, code, day, CATALOGUE)

    def linked(c: str | None) -> dict[str, Any] | None:
        return {"code": c, "name": name(c), "href": body_href(c, day)} if c else None

    def delegation(d: dict[str, Any]) -> dict[str, Any]:
        return d | {
            "title": graph.function_title(d["function"]),
            "from_link": linked(d["from"]),
            "to_link": linked(d["to"]),
        }

    context = base | {
        "body": data,
        "tag": kind_tag(data["kind"]),
        "parent": linked(data["parent"]),
        "functions": [
            f | {"title": graph.function_title(f["function"])} for f in data["functions"]
        ],
        "delegations_in": [delegation(d) for d in data["delegations_in"]],
        "delegations_out": [delegation(d) for d in data["delegations_out"]],
        "area": [a | {"link": linked(a["code"])} for a in data["area"]],
        "predecessors": [linked(c) for c in data["predecessors"]],
        "successors": [linked(c) for c in data["successors"]],
        "children": [linked(c) for c in data["children"]],
        "members": [linked(m["code"]) for m in data["members"]],
        "other_lives": [
            {
                "code": code,
                "name": f"{life['name']} ({life['kind'].replace('_', ' ')}, from {life['start']})",
                "href": body_href(code, date.fromisoformat(life["start"])),
            }
            for life in data["other_lives"]
        ],
        "partnerships": [linked(c) for c in data["partnerships"]],
        "people": [
            a
            | {
                "person_name": (p.name if (p := register.person(a["person"])) else a["person"]),
                "role_text": str(a["role"]).replace("_", " "),
                "body_links": [linked(c) for c in a["bodies"]],
            }
            for a in data["appointments"]
        ],
        "contracts": [
            c
            | {
                "commissioner_link": linked(c["commissioner"]),
                "provider_link": linked(c["provider"]),
            }
            for c in data["contracts"]
        ],
        "merger_control": [
            m | {"party_links": [linked(c) for c in m["parties"]]} for m in data["merger_control"]
        ],
    }
    return render(request, "bodies/show.html", context)


# --- /bodies/{code}/graph ---------------------------------------------------------------------


@router.get("/bodies/{code}/graph", response_class=HTMLResponse)
def graph_page(request: Request, snapshot: PublicSnapshot, code: str, as_at: str = "") -> Response:
    register = snapshot.register
    day = deps.as_at(as_at)
    code = _known_code(register, code)
    wiring = graph.wiring(register, code, day)  # UnknownBody when not in force on the day
    drawing = Markup(svg.render_svg(wiring, href=lambda c: body_href(c, day)))
    name = namer(register, day)
    rows = [
        r
        | {
            "from_href": body_href(r["from"], day) if r["from"] else None,
            "to_href": body_href(r["to"], day) if r["to"] else None,
        }
        for r in svg.edge_rows(wiring)
    ]
    context = {
        "active": "bodies",
        "crumbs": [
            {"href": "/", "text": "Home"},
            {"href": "/bodies", "text": "Bodies"},
            {"href": body_href(code, day), "text": name(code)},
        ],
        "code": code,
        "name": name(code),
        "day": day,
        "svg": drawing,
        "description": svg.describe(wiring),
        "rows": rows,
        "body_href": body_href(code, day),
    }
    return render(request, "bodies/graph.html", context)


# --- /who-commissions -------------------------------------------------------------------------


@router.get("/who-commissions", response_class=HTMLResponse)
def who_commissions(
    request: Request,
    snapshot: PublicSnapshot,
    function_key: Annotated[str, Query(alias="function")] = "",
    area: str = "",
    as_at: str = "",
) -> Response:
    return _who_commissions(request, snapshot.register, function_key, area, as_at)


def _who_commissions(
    request: Request, register: Register, function_key: str, area: str, as_at: str
) -> Response:
    params = {"function": function_key.strip(), "area": area.strip(), "as_at": as_at.strip()}
    context: dict[str, Any] = {
        "active": "who-commissions",
        "crumbs": [{"href": "/", "text": "Home"}],
        "params": params,
        "functions": [
            {"value": "", "text": "Choose a function", "selected": not params["function"]}
        ]
        + [
            {"value": f.key, "text": f.title, "selected": f.key == params["function"]}
            for f in CATALOGUE.values()
        ],
        "asked": False,
    }
    if not any(params.values()):
        return render(request, "bodies/who_commissions.html", context)
    errors: list[dict[str, str]] = []
    field_errors: dict[str, str] = {}

    def fail(field_id: str, text: str) -> None:
        errors.append({"text": text, "href": f"#{field_id}"})
        field_errors[field_id] = text

    fn = None
    if not params["function"]:
        fail("function", "Choose a function")
    else:
        try:
            fn = function(params["function"])
        except InvalidInput as exc:
            fail("function", f"{exc.problem}; choose one from the list")
    day = date.today()
    try:
        day = deps.as_at(params["as_at"])
    except InvalidInput as exc:
        fail("as_at", f"{exc.problem}; {exc.accepted}")
    code = params["area"].upper()
    if not code:
        fail("area", "Enter an area: an ODS or ONS code, e.g. E08000025 or 00L")
    elif not (register.is_area(code) or register.knows(code)):
        fail("area", f"{code!r} is not an area or body in the register")
    if errors or fn is None:
        context |= {"errors": errors, "field_errors": field_errors}
        return render(request, "bodies/who_commissions.html", context, status_code=422)
    answers = views.who_commissions_json(register, fn, code, day)
    name = namer(register, day)
    context |= {
        "asked": True,
        "fn": fn,
        "day": day,
        "area_code": code,
        "area_name": name(code),
        "area_href": body_href(code, day) if register.knows(code) else None,
        "answers": [
            a
            | {
                "holder_href": body_href(a["holder"]["code"], day),
                "exercised_href": body_href(a["exercised_by"]["code"], day),
                "steps": [
                    d
                    | {
                        "from_name": name(d["from"]),
                        "from_href": body_href(d["from"], day),
                        "to_href": body_href(d["to"], day),
                        "title": graph.function_title(d["function"]),
                    }
                    for d in a["chain"]
                ],
            }
            for a in answers
        ],
    }
    return render(request, "bodies/who_commissions.html", context)
