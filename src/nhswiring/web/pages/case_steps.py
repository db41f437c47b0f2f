"""The step forms of a case up to the notice of intention: choosing the process (reg 6),
assessing a provider (regs 5, 19, 20), the conflicts check (reg 21) and notices."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import KEY_CRITERIA, PROCESS_NAMES
from nhswiring.domain.time import parse_date
from nhswiring.law.psr_2023.exclusions import ExclusionFacts, ExclusionStatus
from nhswiring.service.psr.progress import route_questions
from nhswiring.web.forms import FormErrors
from nhswiring.web.pages.case_common import (
    Form,
    Loaded,
    as_at_day,
    day_of,
    required,
    yes_no,
)
from nhswiring.web.pages.case_forms import Recheck, StepForm, number, step
from nhswiring.web.pages.case_notice import NOTICE_IDS, notice_context, notice_defaults, publish

router = APIRouter(include_in_schema=False)

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
    router,
    StepForm(
        "route",
        "Choose the process",
        {"process": "process", "facts": "process", "provider": "provider"},
        "process",
        _route,
        _route_defaults,
        _route_context,
    ),
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
            "weight": number(form, f"kc.{crit}.weight"),
            "reasons": form.get(f"kc.{crit}.reasons"),
        }
        score = number(form, f"kc.{crit}.score", optional=True)
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
    score = number(form, "award_score", optional=True)
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


def _assess_errors(loaded: Loaded, form: Form, exc: InvalidInput, errors: FormErrors) -> FormErrors:
    """Key-criteria fields are named ``kc.<criterion>.<part>`` by the form and
    ``key-criteria.<criterion>.<part>`` by the service; both are ids ``kc-<criterion>-<part>``."""
    name = exc.field.replace("key-criteria.", "kc.")
    if name.startswith("kc."):
        fixed = FormErrors()
        fixed.add(name.replace(".", "-"), errors.summary[0]["text"])
        return fixed
    return errors


def _assess_context(loaded: Loaded, values: dict[str, str]) -> dict[str, Any]:
    return {"criteria": CRITERIA}


first = KEY_CRITERIA[0]
step(
    router,
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
        _assess_errors,
    ),
)


# --- conflicts ----------------------------------------------------------------------------------


def _conflicts(loaded: Loaded, form: Form) -> None:
    loaded.cases.conflicts(
        case_id=loaded.ref,
        day=day_of(form),
        by=required(form, "by", "choose who is taking the step"),
    )


step(router, StepForm("conflicts", "Check for conflicts of interest", {}, "date", _conflicts))


# --- notices ------------------------------------------------------------------------------------


def _notice_errors(loaded: Loaded, form: Form, exc: InvalidInput, errors: FormErrors) -> FormErrors:
    """A notice lacking items: each item still empty is marked on the form."""
    if exc.field == "fields":
        for item in notice_context(loaded, form.values)["missing"]:
            if not item["value"].strip():
                errors.fields.setdefault(item["id"], f"Enter {item['label'].lower()}")
    return errors


step(
    router,
    StepForm(
        "notice",
        "Publish a notice",
        NOTICE_IDS,
        "provider",
        publish,
        notice_defaults,
        notice_context,
        _notice_errors,
    ),
)
