"""The organisation's PSR reports: the annual summary (reg 25) and the monitoring report
(reg 26), as pages and as CSV and XLSX downloads (exports/spreadsheets.py), built by the same
service functions as `nhswiring psr summary` and `psr monitoring`."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from nhswiring.domain.errors import InvalidInput
from nhswiring.service.accounts import Principal
from nhswiring.web.auth import PageReader
from nhswiring.web.deps import RuntimeDep
from nhswiring.web.pages.case_common import as_at_day, cases_for, errors_from
from nhswiring.web.runtime import Runtime
from nhswiring.web.templating import render

router = APIRouter(include_in_schema=False)
CRUMBS = [{"href": "/", "text": "Home"}, {"href": "/cases", "text": "Cases"}]


def _year_label(day: date) -> str:
    first = day.year if day.month >= 4 else day.year - 1
    first = max(first, 2024)
    return f"{first}/{(first + 1) % 100:02d}"


def _summary(rt: Runtime, who: Principal, year: str) -> Any:
    from nhswiring.service.psr.summary import annual_summary

    return annual_summary(cases_for(rt, who).register(), who.organisation, year)


def _monitoring(rt: Runtime, who: Principal, year: str, as_at: str | None) -> Any:
    from nhswiring.service.psr.monitoring import monitoring_report
    from nhswiring.service.psr.summary import financial_year

    period = financial_year(year)
    assert period.end is not None
    day = as_at_day(as_at) if as_at else min(date.today(), period.end - timedelta(days=1))
    return monitoring_report(cases_for(rt, who).register(), who.organisation, year, day)


def _report_page(
    request: Request, who: PageReader, template: str, year: str, build: Any, crumb: str
) -> Response:
    context: dict[str, Any] = {
        "year": year,
        "active": "cases",
        "crumbs": [*CRUMBS, {"href": request.url.path, "text": crumb}],
        "organisation": who.organisation,
    }
    try:
        context["report"] = build()
    except InvalidInput as exc:
        errors = errors_from(exc, {}, exc.field if exc.field in {"year", "as_at"} else "year")
        return render(request, template, context | errors.context(), status_code=422)
    return render(request, template, context)


def download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def xlsx_bytes(write: Any, report: Any) -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "report.xlsx"
        write(report, path)
        return path.read_bytes()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/cases/summary", response_class=HTMLResponse)
def summary_page(
    request: Request, who: PageReader, rt: RuntimeDep, year: str | None = None
) -> Response:
    year = (year or _year_label(date.today())).strip()
    return _report_page(
        request,
        who,
        "cases/summary.html",
        year,
        lambda: _summary(rt, who, year),
        "Annual summary",
    )


@router.get("/cases/summary.csv")
def summary_csv(who: PageReader, rt: RuntimeDep, year: str) -> Response:
    from nhswiring.exports.spreadsheets import summary_csv as to_csv

    text = to_csv(_summary(rt, who, year))
    name = f"psr-summary-{who.organisation}-{year.replace('/', '-')}.csv"
    return download(text.encode("utf-8"), "text/csv; charset=utf-8", name)


@router.get("/cases/summary.xlsx")
def summary_xlsx(who: PageReader, rt: RuntimeDep, year: str) -> Response:
    from nhswiring.exports.spreadsheets import summary_xlsx as write

    content = xlsx_bytes(write, _summary(rt, who, year))
    name = f"psr-summary-{who.organisation}-{year.replace('/', '-')}.xlsx"
    return download(content, XLSX, name)


@router.get("/cases/monitoring", response_class=HTMLResponse)
def monitoring_page(
    request: Request,
    who: PageReader,
    rt: RuntimeDep,
    year: str | None = None,
    as_at: str | None = None,
) -> Response:
    year = (year or _year_label(date.today())).strip()
    return _report_page(
        request,
        who,
        "cases/monitoring.html",
        year,
        lambda: _monitoring(rt, who, year, as_at),
        "Monitoring report",
    )


@router.get("/cases/monitoring.csv")
def monitoring_csv(
    who: PageReader, rt: RuntimeDep, year: str, as_at: str | None = None
) -> Response:
    from nhswiring.exports.spreadsheets import monitoring_csv as to_csv

    text = to_csv(_monitoring(rt, who, year, as_at))
    name = f"psr-monitoring-{who.organisation}-{year.replace('/', '-')}.csv"
    return download(text.encode("utf-8"), "text/csv; charset=utf-8", name)


@router.get("/cases/monitoring.xlsx")
def monitoring_xlsx(
    who: PageReader, rt: RuntimeDep, year: str, as_at: str | None = None
) -> Response:
    from nhswiring.exports.spreadsheets import monitoring_xlsx as write

    content = xlsx_bytes(write, _monitoring(rt, who, year, as_at))
    name = f"psr-monitoring-{who.organisation}-{year.replace('/', '-')}.xlsx"
    return download(content, XLSX, name)
