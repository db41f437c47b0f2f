"""The step forms of a case from the standstill on: representations and the decision on
them (reg 12), the award, modifications (regs 13, 14) and abandoning (reg 15)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter

from nhswiring.domain.errors import InvalidInput, StepRefused
from nhswiring.domain.time import parse_date
from nhswiring.service.psr.progress import case_progress, standstill_dates
from nhswiring.web.forms import FormErrors
from nhswiring.web.pages.case_common import (
    Form,
    Loaded,
    as_at_day,
    day_of,
    optional_day,
    required,
    yes_no,
)
from nhswiring.web.pages.case_forms import StepForm, amount, step
from nhswiring.web.templating import long_date

router = APIRouter(include_in_schema=False)

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
    router,
    StepForm(
        "represent",
        "Record representations",
        {"provider": "provider", "case": "date", "summary": "summary"},
        "date",
        _represent,
        _represent_defaults,
        _standstill_context,
    ),
)


def _decide_context(loaded: Loaded, values: dict[str, str]) -> dict[str, Any]:
    # Once a further decision is made, each later one replaces it (reg 12(7)): any provider of
    # the standstill's representations may be answered again.
    providers = [r.provider for r in loaded.case.current_representations()]
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
    router,
    StepForm(
        "decide",
        "Decide on representations",
        {"provider": "provider", "decision": "decision", "reasons": "reasons"},
        "decision",
        _decide,
        context=_decide_context,
    ),
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
        value=amount(form, "value"),
        start=day_of(form, "start"),
        # The form asks for the last day (inclusive); the contract's term is held half-open.
        end=last + timedelta(days=1) if last else None,
        by=required(form, "by", "choose who is taking the step"),
        contract_id=form.get("contract") or None,
        address=form.get("address"),
    )


def _award_dates(loaded: Loaded, form: Form, exc: InvalidInput, errors: FormErrors) -> FormErrors:
    """A refusal in the standstill: say in words when it ends and when the contract may be
    entered into (the dates the case recorded)."""
    standstill = standstill_dates(loaded.case)
    try:
        day = day_of(form)
    except InvalidInput:
        return errors
    if standstill is None or day > standstill.last_day or not errors.summary:
        return errors
    last, first = standstill.last_day, standstill.award_from
    worded = (
        f"The standstill ends at midnight at the end of {last:%A} {long_date(last)}; the "
        f"contract may be entered into from {first:%A} {long_date(first)} (reg 12)."
    )
    only_time = isinstance(exc, StepRefused) and exc.possible_from == first
    errors.summary[0]["text"] = worded if only_time else f"{worded} {errors.summary[0]['text']}"
    for key in errors.fields:
        errors.fields[key] = errors.summary[0]["text"]
    return errors


def _award_context(loaded: Loaded, values: dict[str, str]) -> dict[str, Any]:
    try:
        day = parse_date(values.get("date", ""), "date")
    except InvalidInput:
        day = as_at_day(None, loaded.case)
    progress = case_progress(loaded.cases, loaded.case, loaded.register, day)
    task = next(t for t in progress.tasks if t.key == "award")
    return {"standstill": progress.standstill, "award_task": task}


step(
    router,
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
        _award_dates,
    ),
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
        change=amount(form, "change"),
        reason=required(form, "reason", "choose the ground for the modification"),
        by=required(form, "by", "choose who is taking the step"),
        cumulative=cumulative or None,
        facts=_fact_lines(form.get("facts")),
        description=form.get("description"),
        new_end=last + timedelta(days=1) if last else None,
        takes_effect=optional_day(form, "takes_effect"),
    )


step(
    router,
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
    ),
)


def _abandon(loaded: Loaded, form: Form) -> None:
    loaded.cases.abandon(
        case_id=loaded.ref,
        day=day_of(form),
        reason=required(form, "reason", "give the reason for abandoning the procurement"),
        by=required(form, "by", "choose who is taking the step"),
    )


step(
    router,
    StepForm(
        "abandon",
        "Abandon the procurement",
        {"case": "reason", "reason": "reason"},
        "reason",
        _abandon,
    ),
)
