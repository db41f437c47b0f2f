"""Money as law over HTTP: /api/v1/finance/icbs/{code}, /systems/{code}, /compare, /prices
and /figures. Each read returns the JSON ``nhswiring finance ... --json`` prints
(``service/finance_views.py``), or with ``format=csv`` / ``format=xlsx`` the rows the CLI's
``--csv`` / ``--xlsx`` write (``exports/finance_sheets.py``), so the three can never
disagree. Reads are public; recording figures needs a token that may write.

A recording is one transaction: every figure is checked first, and one bad figure is refused
(422 naming its JSON pointer, e.g. ``/figures/2/amount``) with nothing written. Recorded
figures are public ledger entries attributed to the caller's organisation and user id (not
the e-mail address, which the public ledger must not carry).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from nhswiring.domain.errors import InvalidInput, UnknownBody
from nhswiring.domain.finance import FinancialYear
from nhswiring.domain.time import parse_date
from nhswiring.exports.finance_sheets import (
    SHOW_HEADER,
    compare_header,
    compare_rows,
    show_rows,
    system_rows,
    to_csv,
    to_xlsx,
)
from nhswiring.ledger.store import PUBLIC, RequestKey
from nhswiring.service.finance_records import FigureRow, figure_event, record_figures
from nhswiring.service.finance_views import SORTS, finance_compare, finance_show, finance_system
from nhswiring.service.writes import REQUEST_FIELD
from nhswiring.web.api import finance_examples as ex
from nhswiring.web.api import finance_models as fm
from nhswiring.web.api.case_docs import NO_SCOPE, NO_TOKEN
from nhswiring.web.api.case_reports import preferred
from nhswiring.web.api.case_support import BEARER, JsonBody
from nhswiring.web.api.idempotency import HEADER, REPLAYED, IdempotencyKey, scoped
from nhswiring.web.api.support import answer, head_of, translated
from nhswiring.web.auth import WriteFinance
from nhswiring.web.deps import PublicSnapshot, RuntimeDep
from nhswiring.web.openapi import LEDGER_HEAD, UNKNOWN_CODE, responses, success
from nhswiring.web.problems import INVALID, FieldError, Problem

router = APIRouter(prefix="/finance", tags=["finance"])

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The service's field names (the CLI's) and the API parameter each is.
PARAMETERS = {"year": "year", "code": "code", "as-at": "year", "sort": "sort"}

Code = Annotated[
    str,
    Path(min_length=1, max_length=64, description="An ODS code, e.g. QWO.", examples=["QWO"]),
]
Year = Annotated[
    str,
    Query(
        min_length=1,
        max_length=20,
        description="The financial year, YYYY/YY (e.g. 2024/25).",
        examples=["2024/25"],
    ),
]
Format = Annotated[
    Literal["json", "csv", "xlsx"] | None,
    Query(
        description="json (default), or csv / xlsx: the rows `nhswiring finance --csv / "
        "--xlsx` write (amounts in pounds; a missing figure is an empty cell). `Accept: "
        "text/csv` or the XLSX media type also chooses."
    ),
]
_DOWNLOADS: dict[str, Any] = {
    CSV: {"schema": {"type": "string"}},
    XLSX: {"schema": {"type": "string", "format": "binary"}},
}


def year_of(label: str) -> FinancialYear:
    with translated(parameters=PARAMETERS):
        return FinancialYear.parse(label, "year")


def _chosen(request: Request, format: str | None) -> str:
    """json, csv or xlsx: ``format`` if given, else the ``Accept`` header."""
    if format is not None:
        return format
    if preferred(request, None, XLSX):
        return "xlsx"
    return "csv" if preferred(request, None, CSV) else "json"


def _table(
    request: Request,
    kind: str,
    name: str,
    title: str,
    header: list[str],
    rows: list[list[str]],
) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{name}.{kind}"',
        "Vary": "Accept",
        LEDGER_HEAD: str(head_of(request)),
    }
    if kind == "csv":
        return Response(to_csv(header, rows), media_type=f"{CSV}; charset=utf-8", headers=headers)
    with tempfile.TemporaryDirectory() as scratch:
        path = FilePath(scratch) / "finance.xlsx"
        to_xlsx(title, header, rows, path)
        return Response(path.read_bytes(), media_type=XLSX, headers=headers)


def _view(build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    with translated(parameters=PARAMETERS):
        return build()


@router.get(
    "/icbs/{code}",
    summary="One body's money in a financial year",
    description="NHS England's allocation to the body by stream (the headline measure, its "
    "source, growth on the previous year like for like), the other published measures, the "
    "objectives and limits set, figures users recorded, and each financial duty met, "
    "breached or unknown with its citation, margin and missing figures. Amounts are exact "
    "pounds as decimal strings; a missing figure is null with its reason, never zero. "
    "Allocation per weighted head is not given: the package has no weighted populations. "
    "Any body's code is accepted (a trust has no allocation but has duties).",
    response_model=None,
    responses=responses(
        fm.FinanceShow,
        "The body's year (`nhswiring finance show --json`).",
        ex.BAD_YEAR,
        UNKNOWN_CODE,
        example=ex.SHOW_EXAMPLE,
        other_media=_DOWNLOADS,
    ),
)
def show(
    request: Request, snapshot: PublicSnapshot, code: Code, year: Year, format: Format = None
) -> Response:
    fy = year_of(year)
    view = _view(lambda: finance_show(snapshot.register, code.strip(), fy))
    kind = _chosen(request, format)
    if kind != "json":
        body = view["body"]
        title = f"{body['name']} ({body['code']}), {fy.label}: amounts in pounds (£)"
        name = f"finance-{body['code']}-{fy.label.replace('/', '-')}"
        return _table(request, kind, name, title, SHOW_HEADER, show_rows(view))
    return answer(request, view, {"Vary": "Accept"})


@router.get(
    "/systems/{code}",
    summary="An ICB with its partner trusts against their joint limits",
    description="The ICB and the trusts the register places under it (its stand-in for the "
    "partner trusts in the ICB's constitution), each member's recorded figures, and the "
    "joint revenue and capital resource limits (NHS Act 2006 s.223M) tested on their "
    "combined resource use.",
    response_model=None,
    responses=responses(
        fm.FinanceSystem,
        "The system's year (`nhswiring finance system --json`).",
        ex.BAD_YEAR,
        ex.NOT_AN_ICB,
        UNKNOWN_CODE,
        example=ex.SYSTEM_EXAMPLE,
        other_media=_DOWNLOADS,
    ),
)
def system(
    request: Request, snapshot: PublicSnapshot, code: Code, year: Year, format: Format = None
) -> Response:
    fy = year_of(year)
    view = _view(lambda: finance_system(snapshot.register, code.strip(), fy))
    kind = _chosen(request, format)
    if kind != "json":
        icb = view["system"]
        title = (
            f"{icb['name']} ({icb['code']}) and partner trusts, {fy.label}: amounts in pounds (£)"
        )
        name = f"finance-system-{icb['code']}-{fy.label.replace('/', '-')}"
        return _table(request, kind, name, title, SHOW_HEADER, system_rows(view))
    return answer(request, view, {"Vary": "Accept"})


@router.get(
    "/compare",
    summary="Every ICB's allocation in a financial year, side by side",
    description="Each ICB's headline allocation per stream, core growth on the previous "
    "year and the status of each duty, sorted on a column (a missing figure sorts below "
    "every real one).",
    response_model=None,
    responses=responses(
        fm.FinanceCompare,
        "Every ICB (`nhswiring finance compare --json`).",
        ex.BAD_YEAR,
        ex.BAD_SORT,
        example=ex.COMPARE_EXAMPLE,
        other_media=_DOWNLOADS,
    ),
)
def compare(
    request: Request,
    snapshot: PublicSnapshot,
    year: Year,
    sort: Annotated[
        str,
        Query(description="The column to sort on.", json_schema_extra={"enum": list(SORTS)}),
    ] = "name",
    descending: Annotated[bool, Query(description="Largest first.")] = False,
    format: Format = None,
) -> Response:
    fy = year_of(year)
    view = _view(lambda: finance_compare(snapshot.register, fy, sort, descending))
    kind = _chosen(request, format)
    if kind != "json":
        title = f"ICB allocations {fy.label} (headline measures; amounts in pounds (£))"
        name = f"finance-icbs-{fy.label.replace('/', '-')}"
        return _table(request, kind, name, title, compare_header(view), compare_rows(view))
    return answer(request, view, {"Vary": "Accept"})


@router.get(
    "/prices",
    summary="Who set the prices: each national tariff and NHS Payment Scheme",
    description="Every publication (with `year`, the editions covering that financial year), "
    "each judged by the law of its date: who may publish, consultation, the objection "
    "thresholds (`nhswiring finance prices --json`).",
    response_model=None,
    responses=responses(
        fm.Prices, "The publications, with their verdicts.", ex.BAD_YEAR, example=ex.PRICES
    ),
)
def prices(
    request: Request,
    snapshot: PublicSnapshot,
    year: Annotated[
        str | None,
        Query(
            max_length=20,
            description="Only the editions covering this financial year, YYYY/YY.",
            examples=["2024/25"],
        ),
    ] = None,
) -> Response:
    from nhswiring.service.finance_prices import prices_json

    fy = year_of(year) if year else None
    return answer(request, _view(lambda: prices_json(snapshot.register, fy)))


# --- recording ---------------------------------------------------------------------------


def actor_of(organisation: str, user_id: int) -> str:
    """Who the public ledger says recorded a figure: the organisation and a user number."""
    return f"{organisation} (user {user_id})"


def _checked(snapshot: PublicSnapshot, body: fm.FiguresIn) -> list[FigureRow]:
    """Every figure checked before anything is written; the first bad one refused, naming
    its JSON pointer (``/figures/1/amount``)."""
    rows = [
        FigureRow(f.body, f.year, f.figure, f.amount, f.measure, f.source, f.note)
        for f in body.figures
    ]
    for i, row in enumerate(rows):
        prefix = f"figures.{i}."
        try:
            figure_event(snapshot.register, row, prefix)
        except InvalidInput as exc:
            # The body-in-year check names the CLI's `code`/`as-at`: it is this row's body.
            field = exc.field.removeprefix(prefix) if exc.field.startswith(prefix) else "body"
            where = f"/figures/{i}/{field}"
            message = f"{exc.problem}; {exc.accepted}"
            raise Problem(
                INVALID, f"{where}: {message}", [FieldError(message, pointer=where)]
            ) from None
    return rows


@router.post(
    "/figures",
    status_code=201,
    summary="Record figures of your own (a plan, an in-year change, an outturn, a limit)",
    description="One figure or a batch, recorded in one transaction as public ledger entries "
    "attributed to your organisation: beside NHS England's published figures, never over "
    "them (a later recording of the same figure supersedes yours for the duties; both stay "
    "listed). Every figure is checked first: a bad one is refused with 422 naming it "
    "(`/figures/2/amount`) and nothing is recorded. Needs a token with finance:write. Send an "
    f"`{HEADER}` to make a retry safe: a retry of a recorded request answers 200 with "
    f"`{REPLAYED}: true` and records nothing.",
    response_model=None,
    dependencies=[Depends(BEARER)],
    responses=responses(
        fm.FiguresRecorded,
        "The figures, recorded.",
        NO_TOKEN,
        NO_SCOPE,
        ex.BAD_FIGURE,
        ex.KEY_REUSED,
        body=True,
        status=201,
        example=ex.RECORDED_EXAMPLE,
    )
    | success(
        fm.FiguresRecorded,
        f"A retry (`{REPLAYED}: true`): what the earlier request recorded; nothing new.",
        example=ex.RECORDED_EXAMPLE | {"recorded": 0, "replayed": True},
    ),
)
def record(
    request: Request,
    body: fm.FiguresIn,
    rt: RuntimeDep,
    snapshot: PublicSnapshot,
    who: WriteFinance,
    _json: JsonBody,
    key: IdempotencyKey,
) -> JSONResponse:
    by = actor_of(who.organisation, who.user_id)
    ledger_key: RequestKey | None = scoped(key, who.organisation)
    with translated(parameters={REQUEST_FIELD: HEADER}):
        done = rt.system.recorded(ledger_key) if ledger_key else None
    if done is None:
        rows = _checked(snapshot, body)
        with translated(parameters={REQUEST_FIELD: HEADER, "on": "on"}):
            day = parse_date(body.on, "on") if body.on else date.today()
        try:
            with translated(parameters={REQUEST_FIELD: HEADER, "by": "Authorization"}):
                done = record_figures(rt.system, rows, actor=by, day=day, request=ledger_key)
        except UnknownBody as exc:  # the register moved on between the check and the write
            raise Problem(INVALID, f"/figures: {exc.problem}; {exc.accepted}") from None
        if not done.replayed:
            request.state.ledger_head = rt.registers.refresh(PUBLIC).head
    data = {
        "recorded": 0 if done.replayed else len(done),
        "entries": done.seqs,
        "replayed": done.replayed,
        "by": by,
    }
    response = answer(request, data, {REPLAYED: "true"} if done.replayed else {})
    response.status_code = 200 if done.replayed else 201
    return response
