"""What the case API reads out of the cases: the reg 24 record (JSON or PDF), each notice with
its OCDS release package, and the organisation's reg 25 summary and reg 26 monitoring report
(JSON or CSV). All built by the service (``service/psr/``), as the command line builds them."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from nhswiring.domain.time import parse_date
from nhswiring.exports.documents import record_pdf
from nhswiring.exports.ocds import release_package
from nhswiring.exports.spreadsheets import monitoring_csv, summary_csv
from nhswiring.service.accounts import Principal
from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.monitoring import monitoring_report
from nhswiring.service.psr.records import build_record
from nhswiring.service.psr.summary import annual_summary, financial_year
from nhswiring.web.api import case_docs as docs
from nhswiring.web.api.case_models import NoticeOut, Report
from nhswiring.web.api.case_support import (
    CaseRoute,
    Readable,
    etag,
    plain,
    translated,
)
from nhswiring.web.auth import ReadCases
from nhswiring.web.deps import RuntimeDep
from nhswiring.web.problems import NOT_FOUND, FieldError, Problem

#: Included in ``cases.router``, which adds the prefix, the tag and the bearer scheme.
router = APIRouter(route_class=CaseRoute)

PDF = "application/pdf"
CSV = "text/csv"
Year = Annotated[
    str,
    Query(
        description="The reporting year, YYYY/YY (2024/25 runs from 1 January 2024).",
        examples=["2025/26"],
    ),
]


def preferred(request: Request, format: str | None, other: str) -> bool:
    """Whether to answer in ``other`` rather than JSON: ``format`` if given, else the
    ``Accept`` header (the higher quality wins; a tie goes to JSON)."""
    if format is not None:
        return format != "json"
    quality = {"application/json": 0.0, other: 0.0}
    for part in request.headers.get("accept", "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if media.lower() in quality:
            q = 1.0
            for param in params:
                key, _, value = param.partition("=")
                if key.strip() == "q":
                    try:
                        q = float(value)
                    except ValueError:
                        q = 0.0
            quality[media.lower()] = max(quality[media.lower()], q)
    return quality[other] > quality["application/json"]


@router.get(
    "/cases/{ref}/record",
    summary="The decision record (reg 24)",
    responses=docs.responses(
        Report,
        "Items (a) to (j), each filled from the steps or empty when missing; `complete` says "
        "whether any is missing. As PDF with `format=pdf` or `Accept: application/pdf`.",
        docs.NO_CASE,
        case=True,
        example={
            "case": "GH-CN-2025",
            "authority": "QHM",
            "process": "direct_award_c",
            "status": "awarded",
            "complete": True,
            "items": [
                {
                    "item": "24(a)",
                    "key": "awarded_provider_name",
                    "label": "Name of every provider awarded a contract",
                    "value": "RTD The Newcastle upon Tyne Hospitals NHS Foundation Trust",
                }
            ],
        },
        other_media={PDF: {"schema": {"type": "string", "format": "binary"}}},
    ),
)
def record(
    request: Request,
    found: Readable,
    format: Annotated[Literal["json", "pdf"] | None, Query()] = None,
) -> Response:
    register = found.cases.register()
    rec = build_record(found.state, register)
    headers = {"ETag": etag(found.state), "Vary": "Accept"}
    if not preferred(request, format, PDF):
        return JSONResponse(plain(rec.to_json()), headers=headers)
    with tempfile.TemporaryDirectory() as scratch:
        path = FilePath(scratch) / "record.pdf"
        record_pdf(rec, rec.case.authority, path)
        content = path.read_bytes()
    disposition = f'inline; filename="{found.state.case_id}-record.pdf"'
    return Response(
        content, media_type=PDF, headers={**headers, "Content-Disposition": disposition}
    )


@router.get(
    "/cases/{ref}/notices/{n}",
    summary="A notice and its OCDS release package",
    responses=docs.responses(
        NoticeOut,
        "The n-th notice of the case (from 1), and its OCDS 1.1 release package.",
        docs.NO_CASE,
        docs.NO_NOTICE,
        case=True,
    ),
)
def notice(
    found: Readable, n: Annotated[int, Path(ge=1, description="The notice's number, from 1.")]
) -> JSONResponse:
    notices = found.state.notices
    if n > len(notices):
        raise Problem(
            NOT_FOUND,
            f"case {found.state.case_id!r} has {len(notices)} notice(s), not {n}",
            [FieldError(f"use 1 to {len(notices)}", parameter="n")],
        )
    published = notices[n - 1]
    package = release_package(
        [published["ocds_release"]], date.fromisoformat(published["published_on"])
    )
    body = {
        "number": n,
        "notice": {k: v for k, v in published.items() if k != "ocds_release"},
        "ocds": package,
    }
    return JSONResponse(plain(body), headers={"ETag": etag(found.state)})


# --- the organisation's annual reports ----------------------------------------------------------


def _own(code: str, who: Principal) -> str:
    """The caller's own organisation; any other code is 404, as if it had nothing."""
    if code.strip().upper() != who.organisation.upper():
        raise Problem(
            NOT_FOUND,
            f"no organisation {code!r} for this token",
            [FieldError("use your own organisation's code", parameter="code")],
        )
    return who.organisation


def _csv(text: str, name: str) -> Response:
    return Response(
        text,
        media_type=f"{CSV}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"', "Vary": "Accept"},
    )


_CSV_MEDIA: dict[str, Any] = {CSV: {"schema": {"type": "string"}}}


@router.get(
    "/organisations/{code}/summary",
    summary="The annual summary (reg 25)",
    responses=docs.responses(
        Report,
        "The nine counts of reg 25(2)(a)-(i), the representations and breakdowns. As CSV "
        "with `format=csv` or `Accept: text/csv`.",
        docs.NO_ORGANISATION,
        docs.BAD_YEAR,
        other_media=_CSV_MEDIA,
    ),
)
def summary(
    request: Request,
    code: str,
    year: Year,
    rt: RuntimeDep,
    who: ReadCases,
    format: Annotated[Literal["json", "csv"] | None, Query()] = None,
) -> Response:
    authority = _own(code, who)
    with translated(parameters={"year": "year"}):
        result = annual_summary(Cases(rt.system, authority).register(), authority, year)
    if preferred(request, format, CSV):
        return _csv(summary_csv(result), f"psr-summary-{authority}-{year.replace('/', '-')}")
    return JSONResponse(plain(result.to_json()), headers={"Vary": "Accept"})


@router.get(
    "/organisations/{code}/monitoring",
    summary="The monitoring report (reg 26)",
    responses=docs.responses(
        Report,
        "Each case's compliance checks with how failures will be addressed. As CSV with "
        "`format=csv` or `Accept: text/csv`.",
        docs.NO_ORGANISATION,
        docs.BAD_YEAR,
        other_media=_CSV_MEDIA,
    ),
)
def monitoring(
    request: Request,
    code: str,
    year: Year,
    rt: RuntimeDep,
    who: ReadCases,
    as_at: Annotated[
        str | None,
        Query(description="The report date, YYYY-MM-DD (default the last day of the year)."),
    ] = None,
    format: Annotated[Literal["json", "csv"] | None, Query()] = None,
) -> Response:
    authority = _own(code, who)
    with translated(parameters={"year": "year", "as_at": "as_at"}):
        period = financial_year(year)
        assert period.end is not None
        day = parse_date(as_at, "as_at") if as_at else period.end - timedelta(days=1)
        report = monitoring_report(Cases(rt.system, authority).register(), authority, year, day)
    if preferred(request, format, CSV):
        return _csv(monitoring_csv(report), f"psr-monitoring-{authority}-{year.replace('/', '-')}")
    return JSONResponse(plain(report.to_json()), headers={"Vary": "Accept"})
