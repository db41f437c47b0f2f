"""The form on a body's finance page with which a signed-in user whose role may write finance
(``finance:write``: editors and administrators) records one figure of their own for the body
and year the page shows: a plan or in-year change to an allocation stream, or an outturn or a
limit.

It records through the same service function as ``nhswiring finance record`` and
``POST /api/v1/finance/figures`` (``service/finance_records.record_figures``, one
transaction), attributed as the API attributes it (organisation and user number, never the
e-mail address, which the public ledger must not carry). The figure stands beside NHS
England's published figures and never over them. A refused value names its field in the
NHS.UK error summary and nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.finance import ITEM_NAMES, STREAM_NAMES, Item, Stream
from nhswiring.domain.time import parse_date
from nhswiring.ledger.store import PUBLIC
from nhswiring.service.accounts import Principal
from nhswiring.service.finance_records import ALLOCATION_MEASURES, FigureRow, record_figures
from nhswiring.service.register_cache import Snapshot
from nhswiring.web.api.finance import actor_of
from nhswiring.web.auth import PageFinanceEditor
from nhswiring.web.deps import PublicSnapshot, RuntimeDep
from nhswiring.web.forms import FormErrors
from nhswiring.web.pages.case_common import Form, new_submission, read_form
from nhswiring.web.runtime import Runtime

router = APIRouter(include_in_schema=False)

#: The scope a role needs to see and send the form.
SCOPE = "finance:write"
#: How the form names a user's measure of an allocation stream.
MEASURE_NAMES = {"plan": "plan", "in_year_change": "in-year change"}
assert set(MEASURE_NAMES) == set(ALLOCATION_MEASURES)
#: The service's field name -> the form field's id and label (a stream's measure is part of
#: the figure chosen; a body or year refused can only be the figure recorded for this page).
FIELDS: dict[str, tuple[str, str]] = {
    "figure": ("figure", "Figure"),
    "measure": ("figure", "Figure"),
    "amount": ("amount", "Amount in pounds (£)"),
    "source": ("source", "Source"),
    "note": ("note", "Note"),
    "effective": ("effective", "Effective date"),
}
DEFAULT_FIELD = "figure"


def figure_choices(allocations: bool) -> list[dict[str, str]]:
    """The select's items: each stream with each user measure (``core_services:plan``) when
    the body has allocations, then every outturn and limit item."""
    items = [{"value": "", "text": "Choose a figure"}]
    if allocations:
        items += [
            {"value": f"{s.value}:{m}", "text": f"{STREAM_NAMES[s]}: {MEASURE_NAMES[m]}"}
            for s in Stream
            for m in ALLOCATION_MEASURES
        ]
    return items + [{"value": i.value, "text": ITEM_NAMES[i]} for i in Item]


def blank() -> dict[str, str]:
    return {"figure": "", "amount": "", "source": "", "note": "", "effective": today()}


def today() -> str:
    return date.today().isoformat()


def form_context(
    who: Principal | None,
    code: str,
    label: str,
    allocations: bool,
    values: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the page needs to draw the form, or (for a user who may not write) not to."""
    here = f"/finance/{code}?{urlencode({'year': label})}"
    return {
        "signed_in": who is not None,
        "can": who is not None and who.can(SCOPE),
        "role": who.role.value if who is not None else "",
        "login": f"/login?{urlencode({'next': here + '#record'})}",
        "action": f"/finance/{code}/figures",
        "year": label,
        "choices": figure_choices(allocations),
        "values": blank() | (values or {}),
        "submission": new_submission(),
    }


def row_of(form: Form, code: str, label: str) -> tuple[FigureRow, date]:
    """The figure the form asks to record, and its effective day (today when left empty)."""
    figure, _, measure = form.get("figure").partition(":")
    if not figure:
        raise InvalidInput("figure", "is not chosen", "choose the figure you are recording")
    if not form.has("amount"):
        raise InvalidInput("amount", "is empty", "enter the amount in pounds, e.g. 2500000")
    day = parse_date(form.get("effective"), "effective") if form.has("effective") else None
    row = FigureRow(
        code, label, figure, form.get("amount"), measure, form.get("source"), form.get("note")
    )
    return row, day or date.today()


def record(
    request: Request, rt: Runtime, who: Principal, code: str, label: str, form: Form
) -> None:
    """Record the form's figure, then refresh the public snapshot as the API's POST does, so
    the page it returns to shows the figure and re-tests the duties."""
    row, day = row_of(form, code, label)
    by = actor_of(who.organisation, who.user_id)
    key = form.request(who.organisation)  # a form sent twice is recorded once
    done = record_figures(rt.system, [row], actor=by, day=day, request=key)
    if not done.replayed:
        request.state.ledger_head = rt.registers.refresh(PUBLIC).head


def refused(exc: InvalidInput) -> FormErrors:
    """The service's refusal, naming the form's field (its label, and a link to it)."""
    field_id, label = FIELDS.get(exc.field, FIELDS[DEFAULT_FIELD])
    errors = FormErrors()
    errors.add(field_id, f"{label}: {exc.problem}; {exc.accepted}")
    return errors


@router.post("/finance/{code}/figures", response_class=HTMLResponse)
async def record_figure(
    request: Request, snapshot: PublicSnapshot, rt: RuntimeDep, who: PageFinanceEditor, code: str
) -> Response:
    """Record the form's figure, then back to the page that shows it, its duties re-tested;
    a refused value is the page again (422) with the form as it was sent."""
    form = await read_form(request)
    response: Response = await run_in_threadpool(_record, request, snapshot, rt, who, code, form)
    return response


def _record(
    request: Request, snapshot: Snapshot, rt: Runtime, who: Principal, code: str, form: Form
) -> Response:
    # The page module imports this one for the form; the page itself is drawn by it.
    from nhswiring.web.pages.finance import default_year, show_page

    code = code.strip().upper()
    label = form.get("year") or default_year()
    try:
        record(request, rt, who, code, label, form)
    except InvalidInput as exc:
        return show_page(request, snapshot, who, code, label, form.values, refused(exc))
    here = f"/finance/{quote(code)}?{urlencode({'year': label})}#recorded"
    return RedirectResponse(here, status_code=303)
