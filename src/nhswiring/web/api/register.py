"""The register as at any date, its history and the public ledger feed: /api/v1/bodies,
/who-commissions, /functions, /changes and /ledger/verify. Each route calls what the CLI
calls (``service/views.py``, ``service/graph.py``, ``System``) on the public record."""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
from bisect import bisect_right
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from nhswiring.domain.bodies import BodyKind, parse_kind
from nhswiring.law.function_catalogue import CATALOGUE, function
from nhswiring.ledger.store import PUBLIC
from nhswiring.service import views
from nhswiring.service.graph import wiring
from nhswiring.web.api import models as m
from nhswiring.web.api.support import (
    HALF_OPEN,
    AsAt,
    answer,
    day_of,
    head_of,
    link,
    translated,
)
from nhswiring.web.deps import PublicSnapshot, RuntimeDep
from nhswiring.web.openapi import (
    LEDGER_HEAD,
    NOT_IN_FORCE,
    UNKNOWN_CODE,
    responses,
)
from nhswiring.web.problems import INVALID, FieldError, Problem

router = APIRouter(tags=["register"])

#: The largest sequence number a database can hold (a signed 64-bit integer).
MAX_SEQ = 2**63 - 1
CSV_COLUMNS = ("code", "name", "kind", "parent", "start", "end", "foundation_trust", "trust_type")
CODE_NAMES = {"code": "code", "as-at": "as_at", "as_at": "as_at"}

Code = Annotated[
    str,
    Path(
        description="An ODS code (e.g. QHM, 00L, RR8), an ONS local authority code "
        "(e.g. E08000025) or a national code (SOS, NHSE, ...).",
        examples=["QHM"],
    ),
]

BAD_KIND = Problem(
    INVALID,
    "kind: 'hospital' is not a kind of body; use one of: trust, commissioner, national, ...",
    [FieldError("'hospital' is not a kind of body", parameter="kind")],
)
BAD_CURSOR = Problem(
    INVALID,
    "cursor: is not a cursor this API gave; use the `next` link of the page before",
    [FieldError("is not a cursor this API gave", parameter="cursor")],
)
QHM_SUMMARY = {
    "code": "QHM",
    "name": "NHS North East and North Cumbria Integrated Care Board",
    "kind": "icb",
    "parent": "Y63",
    "start": "2022-07-01",
    "end": None,
    "ons_code": "E54000050",
}


# --- bodies --------------------------------------------------------------------------------


def _cursor(item: dict[str, Any]) -> str:
    key = json.dumps([item["kind"], item["name"], item["code"]], separators=(",", ":"))
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def _after(cursor: str) -> tuple[str, str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
        if isinstance(key, list) and len(key) == 3 and all(isinstance(k, str) for k in key):
            return key[0], key[1], key[2]
    except (binascii.Error, ValueError):
        pass
    raise BAD_CURSOR


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@router.get(
    "/bodies",
    summary="The bodies in force on a date",
    description="Every body in force on `as_at` (of one kind, or matching `q`), sorted by "
    "kind, name and code, a page at a time: follow `next` (also sent as a `Link` header) "
    f"until it is null. {HALF_OPEN} With `format=csv`: the same page as CSV with a header "
    "row.",
    response_model=None,
    responses=responses(
        m.BodyPage,
        "A page of bodies.",
        BAD_KIND,
        BAD_CURSOR,
        example={
            "ledger_head": 4581,
            "as_at": "2023-01-01",
            "kind": "icb",
            "q": None,
            "count": 1,
            "items": [QHM_SUMMARY],
            "next": "/api/v1/bodies?kind=icb&as_at=2023-01-01&limit=1&cursor=WyJpY2IiLC",
        },
        other_media={
            "text/csv": {
                "schema": {"type": "string"},
                "example": "code,name,kind,parent,start,end,foundation_trust,trust_type\r\n"
                "QHM,NHS North East and North Cumbria Integrated Care Board,icb,Y63,"
                "2022-07-01,,,\r\n",
            }
        },
    ),
)
def bodies(
    request: Request,
    snapshot: PublicSnapshot,
    as_at: AsAt = None,
    kind: Annotated[
        str | None,
        Query(
            description="A kind of body, or a group: `trust` (NHS trusts and foundation "
            "trusts), `commissioner` (CCGs and ICBs), `national`. Default: every kind.",
            json_schema_extra={"enum": list(m.KIND_NAMES)},
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Only bodies whose code or name contains this."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Items per page.")] = 100,
    cursor: Annotated[
        str | None, Query(max_length=1000, description="Where to carry on (from `next`).")
    ] = None,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv.")] = "json",
) -> Response:
    day = day_of(as_at)
    kinds: frozenset[BodyKind] = frozenset(BodyKind)
    if kind is not None:
        if kind not in m.KIND_NAMES:  # exactly as documented (the CLI is more forgiving)
            raise Problem(
                INVALID,
                f"kind: {kind!r} is not a kind of body; use one of: {', '.join(m.KIND_NAMES)}",
                [FieldError(f"use one of: {', '.join(m.KIND_NAMES)}", parameter="kind")],
            )
        with translated(parameters={"kind": "kind"}):
            kinds = parse_kind(kind)
    rows = views.list_bodies(snapshot.register, day, kinds)
    if q:
        text = q.strip().lower()
        rows = [r for r in rows if text in r["code"].lower() or text in r["name"].lower()]
    start = 0
    if cursor is not None:
        keys = [(r["kind"], r["name"], r["code"]) for r in rows]
        start = bisect_right(keys, _after(cursor))
    page = rows[start : start + limit]
    more = start + limit < len(rows)
    params = {"kind": kind, "q": q, "as_at": day.isoformat(), "limit": limit}
    if format == "csv":
        params["format"] = "csv"
    following = link("/bodies", params | {"cursor": _cursor(page[-1])}) if more else None
    headers = {"Link": f'<{following}>; rel="next"'} if following else {}
    if format == "csv":
        headers[LEDGER_HEAD] = str(head_of(request))
        return Response(_csv(page), media_type="text/csv; charset=utf-8", headers=headers)
    data = {
        "as_at": day.isoformat(),
        "kind": kind,
        "q": q,
        "count": len(page),
        "items": page,
        "next": following,
    }
    return answer(request, data, headers)


@router.get(
    "/bodies/{code}",
    summary="One body as at a date",
    description="Its parent, predecessors and successors, children, the functions it holds "
    "(with the provisions that confer them), delegations in and out, area, appointments and "
    f"contracts. A code may have several lives (00L: a CCG to 2022, then a sub-ICB "
    f"location); the one in force on `as_at` is shown. {HALF_OPEN}",
    response_model=None,
    responses=responses(
        m.BodyDetail,
        "The body as at the date.",
        UNKNOWN_CODE,
        NOT_IN_FORCE,
    ),
)
def body(
    request: Request,
    snapshot: PublicSnapshot,
    code: Code,
    as_at: AsAt = None,
) -> Response:
    day = day_of(as_at)
    with translated(parameters=CODE_NAMES):
        data = views.show_body(snapshot.register, code.strip(), day, CATALOGUE)
    return answer(request, data)


@router.get(
    "/bodies/{code}/history",
    summary="Every public ledger entry about a body",
    description="Oldest first, each with its hash. Only the public record: organisations' "
    "private case entries never appear.",
    response_model=None,
    responses=responses(m.History, "The entries.", UNKNOWN_CODE),
)
def history(request: Request, rt: RuntimeDep, code: Code) -> Response:
    head_of(request)
    with translated(parameters=CODE_NAMES):
        entries = rt.system.history(code.strip(), PUBLIC)
    return answer(request, {"code": code.strip(), "entries": views.history_json(entries)})


@router.get(
    "/bodies/{code}/graph",
    summary="The wiring around a body",
    description="Nodes (the body, its parents, children, delegators and delegates, "
    "predecessors and successors, committees) and the edges between them, as at a date. "
    f"{HALF_OPEN}",
    response_model=None,
    responses=responses(m.Graph, "The wiring.", UNKNOWN_CODE, NOT_IN_FORCE),
)
def graph(
    request: Request,
    snapshot: PublicSnapshot,
    code: Code,
    as_at: AsAt = None,
) -> Response:
    day = day_of(as_at)
    with translated(parameters=CODE_NAMES):
        data = wiring(snapshot.register, code.strip(), day).to_json()
    return answer(request, data)


# --- who commissions, and the catalogue ----------------------------------------------------

UNKNOWN_FUNCTION = Problem(
    INVALID,
    "function: 'dentistry' is not in the catalogue; use one of: commission_secondary_care, ...",
    [FieldError("'dentistry' is not in the catalogue", parameter="function")],
)


@router.get(
    "/who-commissions",
    summary="Who commissions a function for an area on a date",
    description="The body that holds the function for the area (by which provision), and "
    "who exercises it, through which delegations. Delegation does not move accountability: "
    "the holder is always reported. An area no body holds it for answers with no answers.",
    response_model=None,
    responses=responses(
        m.WhoCommissions,
        "The holders and the bodies that exercise the function.",
        UNKNOWN_FUNCTION,
    ),
)
def who_commissions(
    request: Request,
    snapshot: PublicSnapshot,
    function_key: Annotated[
        str,
        Query(
            alias="function",
            description="A function's key (see /api/v1/functions).",
            json_schema_extra={
                "enum": list(CATALOGUE),
                "examples": ["commission_specialised_services"],
            },
        ),
    ],
    area: Annotated[
        str,
        Query(
            min_length=1,
            max_length=20,
            description="A local authority (ONS code, e.g. E08000025), sub-ICB location, "
            "CCG or ICB code.",
            examples=["E08000025"],
        ),
    ],
    as_at: AsAt = None,
) -> Response:
    day = day_of(as_at)
    with translated(parameters={"function": "function", "area": "area"}):
        fn = function(function_key)
        answers = views.who_commissions_json(snapshot.register, fn, area.strip(), day)
    data = {"function": fn.key, "area": area.strip(), "as_at": day.isoformat(), "answers": answers}
    return answer(request, data)


@router.get(
    "/functions",
    summary="The catalogue of statutory functions",
    description="Each function with the provisions that confer it, on whom (a body, or every "
    "body of a kind for its own area), and when. Intervals are half-open (end exclusive).",
    response_model=None,
    responses=responses(m.Functions, "The catalogue.", parameters=False),
)
def functions(request: Request, snapshot: PublicSnapshot) -> Response:
    rows = [views.function_json(f) for f in CATALOGUE.values()]
    return answer(request, {"functions": rows})


# --- the ledger ----------------------------------------------------------------------------


@router.get(
    "/changes",
    summary="The public ledger feed",
    description="Entries after sequence number `after`, oldest first, as the public may see "
    "them (organisations' private case entries never appear). Follow `next` to page on; it "
    "is null when a page is not full. Poll with the last `seq` you saw to follow the ledger.",
    response_model=None,
    responses=responses(m.Changes, "A page of entries."),
)
def changes(
    request: Request,
    rt: RuntimeDep,
    after: Annotated[
        int, Query(ge=0, le=MAX_SEQ, description="The last sequence number seen.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="Entries per page.")] = 100,
) -> Response:
    head = head_of(request)
    entries = [e for e in rt.system.changes(after, limit, PUBLIC) if e.seq <= head]
    following = None
    if len(entries) == limit:
        following = link("/changes", {"after": entries[-1].seq, "limit": limit})
    data = {
        "after": after,
        "limit": limit,
        "items": views.history_json(entries),
        "next": following,
    }
    return answer(request, data, {"Link": f'<{following}>; rel="next"'} if following else {})


@router.get(
    "/ledger/verify",
    summary="Check the ledger's hash chain",
    description="Recomputes every entry's hash and link to the one before, and rebuilds the "
    "subject index (what body pages and histories read) from the chain and compares it with "
    "the database's; `ok` false names the first entry that does not fit and why.",
    response_model=None,
    responses=responses(m.Verification, "The result of the check.", parameters=False),
)
def verify(request: Request, rt: RuntimeDep) -> Response:
    head_of(request)
    return answer(request, rt.system.verify().to_json())
