"""One form per step of a provider selection case: GET shows the form, POST takes the step
through the same service function as `nhswiring psr <step>`.

A step the law refuses (StepRefused), or a value the service does not accept (InvalidInput),
re-renders the form with status 422 and an error summary in the service's words, which name
the regulation and, where it is a matter of time, the date the step becomes possible. A step
taken is answered 303 to the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import KEY_CRITERIA, PROCESS_NAMES
from nhswiring.domain.time import parse_date
from nhswiring.law.psr_2023.exclusions import ExclusionFacts, ExclusionStatus
from nhswiring.service.accounts import Principal
from nhswiring.service.psr.progress import case_progress, route_questions, standstill_dates
from nhswiring.web.auth import PageEditor
from nhswiring.web.deps import RuntimeDep
from nhswiring.web.pages.case_common import (
    Errors,
    Form,
    Loaded,
    as_at_day,
    case_crumbs,
    day_of,
    errors_from,
    load_case,
    optional_day,
    people,
    read_form,
    required,
    yes_no,
)
from nhswiring.web.pages.case_notice import NOTICE_IDS, notice_context, notice_defaults, publish
from nhswiring.web.runtime import Runtime
from nhswiring.web.templating import long_date, render

router = APIRouter(include_in_schema=False)


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


STEPS: dict[str, StepForm] = {}
BASE_IDS = {"by": "by", "date": "date"}


def _page(
    request: Request,
    step: StepForm,
    loaded: Loaded,
    values: dict[str, str],
    errors: Errors | None = None,
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
        "active": "cases",
        "crumbs": case_crumbs(case),
        **step.context(loaded, values),
        **(errors or Errors()).context(),
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
    try:
        step.take(loaded, form)
    except Recheck:
        return _page(request, step, loaded, form.values)
    except InvalidInput as exc:
        errors = errors_from(exc, BASE_IDS | step.ids, step.default_id)
        if step.name == "award":
            _award_dates(loaded, form, errors)
        if step.name == "notice" and exc.field == "fields":
            for item in notice_context(loaded, form.values)["missing"]:
                if not item["value"].strip():
                    errors.fields.setdefault(item["id"], f"Enter {item['label'].lower()}")
        if step.name == "assess":
            errors = _assess_errors(exc, errors)
        return _page(request, step, loaded, form.values, errors, 422)
    return RedirectResponse(f"/cases/{ref}", status_code=303)


def step(form: StepForm) -> StepForm:
    """Register the step's GET and POST routes."""
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


def _number(form: Form, name: str, *, optional: bool = False) -> float | int | None:
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


def _amount(form: Form, name: str) -> str:
    return required(form, name, "enter an amount in pounds").replace(",", "").replace("£", "")


# --- route ---------------------------------------------------------------------------------------


def _facts(values: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if not key.startswith("fact.") or not value.strip():
            continue
        flag = yes_no(value)
        out[key[5:]] = flag if flag is not None else value.replace(",", "").replace("£", "").strip()
    return out


def _fact_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _route_defaults(loaded: Loaded) -> dict[str, str]:
    case = loaded.case
    values = {f"fact.{k}": _fact_value(v) for k, v in case.facts.items()}
    provider = case.candidate or case.existing_provider or ""
    return values | {"provider": provider, "process": case.process or ""}


STATUS_NAMES = {
    "mandatory": "Mandatory",
    "allowed": "Allowed",
    "ruled_out": "Ruled out",
    "needs_facts": "Needs facts",
}


def _route_context(loaded: Loaded, values: dict[str, str]) -> dict[str, Any]:
    case = loaded.case
    try:
        day = parse_date(values.get("date", ""), "date")
    except InvalidInput:
        day = as_at_day(None, case)
    asked = route_questions(
        loaded.cases,
        case_id=case.case_id,
        day=day,
        facts=_facts(values),
        provider=values.get("provider") or None,
    )
    questions = [
        {
            "name": name,
            "id": f"fact-{name}",
            "question": question or name.replace("_", " "),
            "amount": name.endswith("_value") or (question or "").startswith("What"),
            "value": values.get(f"fact.{name}", ""),
            "missing": name in asked.missing,
        }
        for name, question in asked.questions
    ]
    options = []
    for o in asked.options:
        reasons = [
            {
                "text": r.text,
                "citation": r.citation,
                "sources": [
                    {"label": s.label, "url": s.url(o.verdict.judged_on)} for s in r.sources
                ],
            }
            for r in o.verdict.deciding()
            if r.effect.value in {"permits", "forbids"}
        ]
        options.append(
            {
                "process": o.process,
                "name": PROCESS_NAMES.get(o.process, o.process),
                "status": o.status,
                "status_name": STATUS_NAMES.get(o.status, o.status),
                "reasons": reasons,
                "missing": [m.question for m in o.verdict.missing_facts],
            }
        )
    return {"questions": questions, "options": options, "day": day}


def _route(loaded: Loaded, form: Form) -> None:
    if form.get("action") == "check":
        raise Recheck
    process = form.get("process")
    if not process:
        raise InvalidInput("process", "is not chosen", "choose a process that is open")
    loaded.cases.route(
        case_id=loaded.ref,
        day=day_of(form),
        process=process,
        facts=_facts(form.values),
        by=required(form, "by", "choose who is taking the step"),
        provider=form.get("provider") or None,
    )


step(
    StepForm(
        "route",
        "Choose the process",
        {"process": "process", "facts": "process", "provider": "provider"},
        "process",
        _route,
        _route_defaults,
        _route_context,
    )
)


# --- assess --------------------------------------------------------------------------------------

CRITERIA = [(c, c.replace("_", " ").capitalize()) for c in KEY_CRITERIA]


def _assess_defaults(loaded: Loaded) -> dict[str, str]:
    case = loaded.case
    provider = case.selected_provider or case.candidate or case.existing_provider or ""
    return {"provider": provider, "basic_selection": "met", "exclusion": "none"}


def _assess(loaded: Loaded, form: Form) -> None:
    key_criteria: dict[str, dict[str, Any]] = {}
    for crit, _ in CRITERIA:
        entry: dict[str, Any] = {
            "weight": _number(form, f"kc.{crit}.weight"),
            "reasons": form.get(f"kc.{crit}.reasons"),
        }
        score = _number(form, f"kc.{crit}.score", optional=True)
        if score is not None:
            entry["score"] = score
        key_criteria[crit] = entry
    basic = form.get("basic_selection")
    if basic not in {"met", "not_met"}:
        raise InvalidInput(
            "basic_selection", "is not answered", "say whether the provider meets them"
        )
    status = {
        "excluded": ExclusionStatus.EXCLUDED,
        "excludable": ExclusionStatus.EXCLUDABLE,
    }.get(form.get("exclusion"), ExclusionStatus.NONE)
    score = _number(form, "award_score", optional=True)
    loaded.cases.assess(
        case_id=loaded.ref,
        day=day_of(form),
        provider=required(form, "provider", "enter the provider's ODS code, e.g. RTD"),
        by=required(form, "by", "choose who is taking the step"),
        key_criteria=key_criteria,
        basic_selection_met=basic == "met",
        basic_selection_notes=form.get("basic_selection_notes"),
        exclusion=ExclusionFacts(
            status,
            grounds=form.get("exclusion_grounds"),
            debarment_list=form.get("debarment_list") == "yes",
            exclude=form.get("exclude") == "yes",
            public_interest=form.get("public_interest"),
        ),
        award_score=None if score is None else float(score),
        address=form.get("address"),
    )


def _assess_errors(exc: InvalidInput, errors: Errors) -> Errors:
    """Key-criteria fields are named ``kc.<criterion>.<part>`` by the form and
    ``key-criteria.<criterion>.<part>`` by the service; both are ids ``kc-<criterion>-<part>``."""
    name = exc.field.replace("key-criteria.", "kc.")
    if name.startswith("kc."):
        fixed = Errors()
        fixed.add(name.replace(".", "-"), errors.summary[0]["text"])
        return fixed
    return errors


def _assess_context(loaded: Loaded, values: dict[str, str]) -> dict[str, Any]:
    return {"criteria": CRITERIA}


first = KEY_CRITERIA[0]
step(
    StepForm(
        "assess",
        "Assess a provider",
        {
            "provider": "provider",
            "case": "provider",
            "key-criteria": f"kc-{first}-weight",
            "key-criteria weights": f"kc-{first}-weight",
            "excluded": "exclusion",
            "basic_selection": "basic_selection",
            "award_score": "award_score",
        },
        "provider",
        _assess,
        _assess_defaults,
        _assess_context,
    )
)


# --- conflicts ----------------------------------------------------------------------------------


def _conflicts(loaded: Loaded, form: Form) -> None:
    loaded.cases.conflicts(
        case_id=loaded.ref,
        day=day_of(form),
        by=required(form, "by", "choose who is taking the step"),
    )


step(StepForm("conflicts", "Check for conflicts of interest", {}, "date", _conflicts))


# --- notices ------------------------------------------------------------------------------------


step(
    StepForm(
        "notice",
        "Publish a notice",
        NOTICE_IDS,
        "provider",
        publish,
        notice_defaults,
        notice_context,
    )
)


# --- representations and the decision on them ---------------------------------------------------


def _represent_defaults(loaded: Loaded) -> dict[str, str]:
    case = loaded.case
    return {"provider": case.selected_provider or case.candidate or case.existing_provider or ""}


def _represent(loaded: Loaded, form: Form) -> None:
    loaded.cases.represent(
        case_id=loaded.ref,
        day=day_of(form),
        provider=required(form, "provider", "enter the provider's ODS code"),
        summary=required(form, "summary", "summarise the representations"),
        by=required(form, "by", "choose who is taking the step"),
    )


def _standstill_context(loaded: Loaded, values: dict[str, str]) -> dict[str, Any]:
    return {"standstill": standstill_dates(loaded.case)}


step(
    StepForm(
        "represent",
        "Record representations",
        {"provider": "provider", "case": "date", "summary": "summary"},
        "date",
        _represent,
        _represent_defaults,
        _standstill_context,
    )
)


def _decide_context(loaded: Loaded, values: dict[str, str]) -> dict[str, Any]:
    providers = [r["provider"] for r in loaded.case.open_representations()]
    return {"open_providers": list(dict.fromkeys(providers))}


def _decide(loaded: Loaded, form: Form) -> None:
    loaded.cases.decide_representation(
        case_id=loaded.ref,
        day=day_of(form),
        provider=required(form, "provider", "choose the provider whose representations these are"),
        decision=required(form, "decision", "choose proceed, repeat or abandon"),
        reasons=required(form, "reasons", "give the reasons for the decision"),
        by=required(form, "by", "choose who is taking the step"),
    )


step(
    StepForm(
        "decide",
        "Decide on representations",
        {"provider": "provider", "decision": "decision", "reasons": "reasons"},
        "decision",
        _decide,
        context=_decide_context,
    )
)


# --- award --------------------------------------------------------------------------------------


def _award_defaults(loaded: Loaded) -> dict[str, str]:
    case = loaded.case
    provider = case.selected_provider or case.candidate or case.existing_provider or ""
    address = str((case.assessments.get(provider) or {}).get("address") or "")
    return {"provider": provider, "value": f"{case.estimated_value:f}", "address": address}


def _award(loaded: Loaded, form: Form) -> None:
    last = optional_day(form, "end")
    loaded.cases.award(
        case_id=loaded.ref,
        day=day_of(form),
        provider=required(form, "provider", "enter the provider's ODS code"),
        value=_amount(form, "value"),
        start=day_of(form, "start"),
        # The form asks for the last day (inclusive); the contract's term is held half-open.
        end=last + timedelta(days=1) if last else None,
        by=required(form, "by", "choose who is taking the step"),
        contract_id=form.get("contract") or None,
        address=form.get("address"),
    )


def _award_dates(loaded: Loaded, form: Form, errors: Errors) -> None:
    """A refusal in the standstill: say in words when it ends and when the contract may be
    entered into (the dates the case recorded)."""
    standstill = standstill_dates(loaded.case)
    try:
        day = day_of(form)
    except InvalidInput:
        return
    if standstill is None or day > standstill.last_day or not errors.summary:
        return
    last, first = standstill.last_day, standstill.award_from
    errors.summary[0]["text"] = (
        f"The standstill ends at midnight at the end of {last:%A} {long_date(last)}; the "
        f"contract may be entered into from {first:%A} {long_date(first)} (reg 12). "
        + errors.summary[0]["text"]
    )
    for key in errors.fields:
        errors.fields[key] = errors.summary[0]["text"]


def _award_context(loaded: Loaded, values: dict[str, str]) -> dict[str, Any]:
    try:
        day = parse_date(values.get("date", ""), "date")
    except InvalidInput:
        day = as_at_day(None, loaded.case)
    progress = case_progress(loaded.cases, loaded.case, loaded.register, day)
    task = next(t for t in progress.tasks if t.key == "award")
    return {"standstill": progress.standstill, "award_task": task}


step(
    StepForm(
        "award",
        "Award the contract",
        {
            "award": "date",
            "provider": "provider",
            "value": "value",
            "start": "start",
            "end": "end",
        },
        "date",
        _award,
        _award_defaults,
        _award_context,
    )
)


# --- modify and abandon -------------------------------------------------------------------------

GROUNDS = [
    ("authority_decision", "A decision of the authority (reg 13(1)(d))"),
    ("clearly_provided_for", "Clearly provided for in the contract (reg 13(1)(a))"),
    ("change_of_provider", "A change of provider after corporate changes (reg 13(1)(b))"),
    ("external_factors", "External factors beyond control (reg 13(1)(c))"),
    ("urgent", "Urgent (reg 14(2))"),
    ("continuity", "Continuity during a standstill (reg 14(3))"),
]


def _fact_lines(text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(
                "facts", f"{line.strip()!r} is not name=value", "write each fact as name=yes"
            )
        flag = yes_no(value)
        out[name.strip()] = flag if flag is not None else value.strip()
    return out


def _modify(loaded: Loaded, form: Form) -> None:
    last = optional_day(form, "new_end")
    cumulative = form.get("cumulative").replace(",", "").replace("£", "")
    loaded.cases.modify(
        case_id=loaded.ref,
        day=day_of(form),
        change=_amount(form, "change"),
        reason=required(form, "reason", "choose the ground for the modification"),
        by=required(form, "by", "choose who is taking the step"),
        cumulative=cumulative or None,
        facts=_fact_lines(form.get("facts")),
        description=form.get("description"),
        new_end=last + timedelta(days=1) if last else None,
        takes_effect=optional_day(form, "takes_effect"),
    )


step(
    StepForm(
        "modify",
        "Modify the contract",
        {
            "change": "change",
            "cumulative": "cumulative",
            "reason": "reason",
            "modify": "change",
            "case": "change",
            "facts": "facts",
            "new_end": "new_end",
            "takes_effect": "takes_effect",
        },
        "change",
        _modify,
        lambda loaded: {"reason": "authority_decision"},
        lambda loaded, values: {"grounds": GROUNDS},
    )
)


def _abandon(loaded: Loaded, form: Form) -> None:
    loaded.cases.abandon(
        case_id=loaded.ref,
        day=day_of(form),
        reason=required(form, "reason", "give the reason for abandoning the procurement"),
        by=required(form, "by", "choose who is taking the step"),
    )


step(
    StepForm(
        "abandon",
        "Abandon the procurement",
        {"case": "reason", "reason": "reason"},
        "reason",
        _abandon,
    )
)
