"""The frame every step form of a case shares: GET shows the form, POST takes the step
through the same service function as `nhswiring psr <step>`.

A step the law refuses (StepRefused), or a value the service does not accept (InvalidInput),
re-renders the form with status 422 and an error summary in the service's words, which name
the regulation and, where it is a matter of time, the date the step becomes possible. A step
taken is answered 303 to the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from nhswiring.domain.errors import InvalidInput
from nhswiring.service.accounts import Principal
from nhswiring.web.auth import PageEditor
from nhswiring.web.deps import RuntimeDep
from nhswiring.web.forms import FormErrors
from nhswiring.web.pages.case_common import (
    Form,
    Loaded,
    as_at_day,
    case_crumbs,
    errors_from,
    load_case,
    new_submission,
    people,
    read_form,
    required,
)
from nhswiring.web.runtime import Runtime
from nhswiring.web.templating import render


class Recheck(Exception):
    """The form asked to see the analysis again, not to take the step."""


@dataclass(frozen=True)
class StepForm:
    name: str
    title: str
    #: the service's field name -> the form field's id
    ids: dict[str, str]
    default_id: str
    take: Callable[[Loaded, Form], None]
    defaults: Callable[[Loaded], dict[str, str]] = lambda loaded: {}
    context: Callable[[Loaded, dict[str, str]], dict[str, Any]] = lambda loaded, values: {}
    #: adjusts the errors of a refused step (more words, or the ids of more fields)
    on_error: Callable[[Loaded, Form, InvalidInput, FormErrors], FormErrors] = (
        lambda loaded, form, exc, errors: errors
    )


STEPS: dict[str, StepForm] = {}
BASE_IDS = {"by": "by", "date": "date"}


def _page(
    request: Request,
    step: StepForm,
    loaded: Loaded,
    values: dict[str, str],
    errors: FormErrors | None = None,
    status: int = 200,
) -> Response:
    case = loaded.case
    context = {
        "case": case,
        "step": step.name,
        "title": step.title,
        "values": values,
        "people": people(loaded.register, case),
        "action": f"/cases/{case.case_id}/{step.name}",
        "submission": new_submission(),
        "active": "cases",
        "crumbs": case_crumbs(case),
        **step.context(loaded, values),
        **(errors or FormErrors()).context(),
    }
    return render(request, f"cases/step_{step.name}.html", context, status_code=status)


def _show(request: Request, step: StepForm, rt: Runtime, who: Principal, ref: str) -> Response:
    loaded = load_case(rt, who, ref)
    values = {"date": as_at_day(None, loaded.case).isoformat(), "by": ""}
    values |= step.defaults(loaded)
    values |= {k: v for k, v in request.query_params.items() if k != "csrftoken"}
    return _page(request, step, loaded, values)


def _take(
    request: Request, step: StepForm, rt: Runtime, who: Principal, ref: str, form: Form
) -> Response:
    loaded = load_case(rt, who, ref)
    loaded.cases.request = form.request(who.organisation)
    try:
        step.take(loaded, form)
    except Recheck:
        return _page(request, step, loaded, form.values)
    except InvalidInput as exc:
        errors = errors_from(exc, BASE_IDS | step.ids, step.default_id)
        errors = step.on_error(loaded, form, exc, errors)
        return _page(request, step, loaded, form.values, errors, 422)
    return RedirectResponse(f"/cases/{ref}", status_code=303)


def step(router: APIRouter, form: StepForm) -> StepForm:
    """Add the step's GET and POST routes to ``router``."""
    STEPS[form.name] = form

    def show(request: Request, ref: str, who: PageEditor, rt: RuntimeDep) -> Response:
        return _show(request, form, rt, who, ref)

    async def take(request: Request, ref: str, who: PageEditor, rt: RuntimeDep) -> Response:
        submitted = await read_form(request)
        response: Response = await run_in_threadpool(_take, request, form, rt, who, ref, submitted)
        return response

    router.add_api_route(
        f"/cases/{{ref}}/{form.name}", show, methods=["GET"], response_class=HTMLResponse
    )
    router.add_api_route(
        f"/cases/{{ref}}/{form.name}", take, methods=["POST"], response_class=HTMLResponse
    )
    return form


def number(form: Form, name: str, *, optional: bool = False) -> float | int | None:
    text = form.get(name).replace(",", "").replace("£", "").replace("%", "").strip()
    if not text:
        if optional:
            return None
        raise InvalidInput(name, "is empty", "enter a number")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(name, f"{text!r} is not a number", "enter a number, e.g. 20") from None
    return int(value) if value == value.to_integral() else float(value)


def amount(form: Form, name: str) -> str:
    return required(form, name, "enter an amount in pounds").replace(",", "").replace("£", "")
