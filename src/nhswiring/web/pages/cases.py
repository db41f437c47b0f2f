"""The signed-in organisation's provider selection cases: the list, opening a case, a case
with its task list and timeline, its notices (with their OCDS releases), its reg 24 record,
and the reg 25 summary and reg 26 monitoring report.

Every page calls the same service functions as `nhswiring psr`; the law is in the service and
the rules, never here. The step forms are in `case_steps`.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import PROCESS_NAMES, CaseState, fold_case
from nhswiring.domain.register import Register
from nhswiring.service.accounts import Principal
from nhswiring.service.psr.cpv import schedule_1
from nhswiring.service.psr.labels import body_label, person_label
from nhswiring.service.psr.progress import case_progress, step_summary
from nhswiring.service.psr.records import build_record
from nhswiring.web.auth import PageEditor, PageReader
from nhswiring.web.deps import RuntimeDep
from nhswiring.web.forms import FormErrors
from nhswiring.web.pages import case_contract, case_reports, case_review, case_steps
from nhswiring.web.pages.case_common import (
    Form,
    as_at_day,
    case_crumbs,
    cases_for,
    day_of,
    errors_from,
    load_case,
    new_submission,
    read_form,
    required,
)
from nhswiring.web.pages.case_reports import download
from nhswiring.web.problems import NOT_FOUND, Problem
from nhswiring.web.runtime import Runtime
from nhswiring.web.templating import render

router = APIRouter(include_in_schema=False)

CRUMBS = [{"href": "/", "text": "Home"}, {"href": "/cases", "text": "Cases"}]
STATUS_TAGS = {
    "open": ("Open", "nhsuk-tag--grey"),
    "routed": ("Process chosen", "nhsuk-tag--blue"),
    "standstill": ("Standstill", "nhsuk-tag--yellow"),
    "awarded": ("Awarded", "nhsuk-tag--green"),
    "abandoned": ("Abandoned", "nhsuk-tag--red"),
}
STEP_NAMES = {
    "open": "Opened",
    "route": "Process chosen",
    "assess": "Provider assessed",
    "conflict": "Conflict of interest recorded",
    "notice": "Notice submitted",
    "representation": "Representations received",
    "representation_decision": "Further decision on representations",
    "information_request": "Information requested",
    "information_given": "Information given",
    "panel_referral": "Referred to the Panel",
    "panel_advice": "The Panel's advice",
    "award": "Contract awarded",
    "modify": "Contract modified",
    "abandon": "Abandoned",
}


def _org_cases(rt: Runtime, who: Principal) -> tuple[Register, list[CaseState]]:
    register = cases_for(rt, who).register()
    found = [fold_case(ref, register.case_steps(ref)) for ref in register.case_ids()]
    mine = [c for c in found if c.authority == who.organisation]
    return register, sorted(mine, key=lambda c: (c.opened_on or date.min, c.case_id), reverse=True)


@router.get("/cases", response_class=HTMLResponse)
def case_list(request: Request, who: PageReader, rt: RuntimeDep) -> Response:
    register, cases = _org_cases(rt, who)
    rows = [
        {
            "ref": c.case_id,
            "service": c.service,
            "process": PROCESS_NAMES.get(c.process or "", "Not chosen"),
            "status": STATUS_TAGS[c.status.value],
            "opened_on": c.opened_on,
            "value": c.estimated_value,
        }
        for c in cases
    ]
    return render(
        request,
        "cases/list.html",
        {
            "rows": rows,
            "organisation": body_label(register, who.organisation),
            "can_write": who.can("cases:write"),
            "active": "cases",
            "crumbs": CRUMBS,
        },
    )


# --- opening a case -----------------------------------------------------------------------------

OPEN_IDS = {
    "case": "reference",
    "authority": "date",
    "cpv": "cpv",
    "value": "value",
    "decision-maker": "decision_makers",
    "by": "by",
    "date": "date",
    "existing-contract": "existing_contract",
    "service": "service",
    "reference": "reference",
}


def _open_page(
    request: Request, values: dict[str, str], errors: FormErrors | None = None, status: int = 200
) -> Response:
    return render(
        request,
        "cases/new.html",
        {
            "values": values,
            "active": "cases",
            "crumbs": CRUMBS,
            "submission": new_submission(),
            **(errors or FormErrors()).context(),
        },
        status_code=status,
    )


@router.get("/cases/new", response_class=HTMLResponse)
def new_case_form(request: Request, who: PageEditor) -> Response:
    return _open_page(request, {"date": date.today().isoformat()})


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.replace(",", "\n").splitlines() if c.strip()]


def _decision_makers(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        pid, sep, name = line.partition("=")
        if not sep or not pid.strip() or not name.strip():
            raise InvalidInput(
                "decision-maker",
                f"{line.strip()!r} is not ID=Name",
                "give each decision-maker on a line of its own as ID=Name, e.g. P1=Ann Lowe",
            )
        out[pid.strip()] = name.strip()
    return out


#: References the case pages' own addresses use (/cases/new, /cases/summary, ...).
RESERVED = frozenset({"new", "summary", "monitoring"}) | {
    f"{page}.{ext}" for page in ("summary", "monitoring") for ext in ("csv", "xlsx")
}


def _open(rt: Runtime, who: Principal, form: Form) -> str:
    ref = required(form, "reference", "enter a reference for the case, e.g. GH-CN-2025")
    if ref.lower() in RESERVED:
        raise InvalidInput("reference", f"{ref!r} is the name of a page", "choose another")
    service = required(form, "service", "describe the services in words")
    cases = cases_for(rt, who)
    cases.request = form.request(who.organisation)
    result = cases.open(
        case_id=ref,
        day=day_of(form),
        authority=who.organisation,
        service=service,
        cpv_codes=_codes(form.get("cpv")),
        estimated_value=required(form, "value", "enter the estimated lifetime value in pounds"),
        decision_makers=_decision_makers(form.get("decision_makers")),
        by=required(form, "by", "enter the ID of the person opening the case"),
        existing_contract=form.get("existing_contract") or None,
    )
    return result.case.case_id


@router.post("/cases/new", response_class=HTMLResponse)
async def open_case(request: Request, who: PageEditor, rt: RuntimeDep) -> Response:
    form = await read_form(request)
    try:
        ref = await run_in_threadpool(_open, rt, who, form)
    except InvalidInput as exc:
        errors = errors_from(exc, OPEN_IDS, "reference")
        return _open_page(request, form.values, errors, 422)
    return RedirectResponse(f"/cases/{ref}", status_code=303)


# The reports (/cases/summary, ...) and the step forms (/cases/{ref}/route, ...) come before
# the case's own pages.
router.include_router(case_reports.router)
router.include_router(case_steps.router)
router.include_router(case_contract.router)
router.include_router(case_review.router)


# --- a case ------------------------------------------------------------------------------------


@router.get("/cases/{ref}", response_class=HTMLResponse)
def case_page(
    request: Request, ref: str, who: PageReader, rt: RuntimeDep, as_at: str | None = None
) -> Response:
    loaded = load_case(rt, who, ref)
    case, register = loaded.case, loaded.register
    day = as_at_day(as_at, case)
    progress = case_progress(loaded.cases, case, register, day)
    cpv = schedule_1()
    timeline = [
        {
            "date": h["date"],
            "step": STEP_NAMES.get(h["step"], h["step"]),
            "by": person_label(register, h["by"]),
            "summary": step_summary(h),
        }
        for h in case.history
    ]
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "progress": progress,
            "as_at": day,
            "as_at_asked": bool(as_at),
            "status": STATUS_TAGS[case.status.value],
            "process": PROCESS_NAMES.get(case.process or "", "Not chosen yet"),
            "authority": body_label(register, case.authority, day),
            "cpv": [f"{c} {cpv.get(c, '')}".strip() for c in case.cpv_codes],
            "decision_makers": [person_label(register, p) for p in case.decision_makers],
            "conflicted": [person_label(register, p) for p in sorted(case.conflicted)],
            "providers": [body_label(register, p) for p in case.providers_in_case()],
            "timeline": timeline,
            "conflicts": [
                c | {"person_label": person_label(register, c["person"])} for c in case.conflicts
            ],
            "can_write": who.can("cases:write"),
            "active": "cases",
            "crumbs": case_crumbs(case)[:-1],
        },
    )


def _notice(rt: Runtime, who: Principal, ref: str, n: int) -> tuple[CaseState, dict[str, Any]]:
    case = load_case(rt, who, ref).case
    if not 1 <= n <= len(case.notices):
        raise Problem(NOT_FOUND, f"case {ref} has no notice {n}")
    return case, case.notices[n - 1]


@router.get("/cases/{ref}/notices/{n:int}.ocds.json")
def notice_ocds(ref: str, n: int, who: PageReader, rt: RuntimeDep) -> Response:
    """The notice's OCDS release, in a release package (as `psr notice --ocds` prints it)."""
    from nhswiring.exports.ocds import release_package

    _, notice = _notice(rt, who, ref, n)
    package = release_package([notice["ocds_release"]], date.fromisoformat(notice["published_on"]))
    return JSONResponse(
        package,
        headers={"Content-Disposition": f'attachment; filename="{ref}-notice-{n}.ocds.json"'},
    )


@router.get("/cases/{ref}/notices/{n:int}", response_class=HTMLResponse)
def notice_page(request: Request, ref: str, n: int, who: PageReader, rt: RuntimeDep) -> Response:
    case, notice = _notice(rt, who, ref, n)
    schedule = f" (Schedule {notice['schedule']})" if notice.get("schedule") else ""
    title = notice["title"] + schedule
    return render(
        request,
        "cases/notice.html",
        {
            "case": case,
            "notice": notice,
            "n": n,
            "title": title,
            "active": "cases",
            "crumbs": case_crumbs(case),
        },
    )


def _record(rt: Runtime, who: Principal, ref: str) -> Any:
    loaded = load_case(rt, who, ref)
    return build_record(loaded.case, loaded.register)


@router.get("/cases/{ref}/record", response_class=HTMLResponse)
def record_page(request: Request, ref: str, who: PageReader, rt: RuntimeDep) -> Response:
    record = _record(rt, who, ref)
    return render(
        request,
        "cases/record.html",
        {
            "case": record.case,
            "record": record,
            "process": PROCESS_NAMES.get(record.case.process or "", "Not chosen yet"),
            "active": "cases",
            "crumbs": case_crumbs(record.case),
        },
    )


@router.get("/cases/{ref}/record.json")
def record_json(ref: str, who: PageReader, rt: RuntimeDep) -> Response:
    return JSONResponse(_record(rt, who, ref).to_json())


@router.get("/cases/{ref}/record.pdf")
def record_pdf(ref: str, who: PageReader, rt: RuntimeDep) -> Response:
    from nhswiring.exports.documents import record_pdf as write

    record = _record(rt, who, ref)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "record.pdf"
        write(record, record.case.authority, path)
        content = path.read_bytes()
    return download(content, "application/pdf", f"{ref}-decision-record.pdf")
