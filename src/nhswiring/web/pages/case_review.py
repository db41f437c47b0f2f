"""The step forms of the review of representations: a provider's request for information and
the reply (reg 12(4)(b), (5)), a referral to the Independent Patient Choice and Procurement
Panel and its advice (reg 23). Each keeps the standstill open until it is answered."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from nhswiring.service.psr.review import WITHHOLDING_GROUNDS
from nhswiring.web.pages.case_common import Form, Loaded, day_of, required
from nhswiring.web.pages.case_forms import StepForm, step

router = APIRouter(include_in_schema=False)


def _represented(loaded: Loaded, values: dict[str, str]) -> dict[str, Any]:
    providers = [r.provider for r in loaded.case.current_representations()]
    return {"represented": list(dict.fromkeys(providers)), "grounds": WITHHOLDING_GROUNDS}


def _request(loaded: Loaded, form: Form) -> None:
    loaded.cases.request_information(
        case_id=loaded.ref,
        day=day_of(form),
        provider=required(form, "provider", "choose the provider asking"),
        request=required(form, "request", "say what the provider asked for"),
        by=required(form, "by", "choose who is taking the step"),
    )


def _give(loaded: Loaded, form: Form) -> None:
    loaded.cases.give_information(
        case_id=loaded.ref,
        day=day_of(form),
        provider=required(form, "provider", "choose the provider"),
        answer=required(form, "answer", "say what was given"),
        withheld=form.get("withheld").strip(),
        by=required(form, "by", "choose who is taking the step"),
    )


def _refer(loaded: Loaded, form: Form) -> None:
    loaded.cases.refer_to_panel(
        case_id=loaded.ref,
        day=day_of(form),
        provider=required(form, "provider", "choose the provider referring"),
        reference=form.get("reference").strip(),
        accepted=form.get("declined") != "yes",
        by=required(form, "by", "choose who is taking the step"),
    )


def _advice(loaded: Loaded, form: Form) -> None:
    loaded.cases.record_panel_advice(
        case_id=loaded.ref,
        day=day_of(form),
        provider=required(form, "provider", "choose the provider whose referral it answers"),
        advice=required(form, "advice", "choose proceed, repeat or abandon"),
        summary=required(form, "summary", "summarise the advice"),
        by=required(form, "by", "choose who is taking the step"),
    )


for form in (
    StepForm(
        "request-information",
        "Record a request for information",
        {"provider": "provider", "request": "request"},
        "request",
        _request,
        context=_represented,
    ),
    StepForm(
        "give-information",
        "Record the information given",
        {"provider": "provider", "answer": "answer", "withheld": "withheld"},
        "answer",
        _give,
        context=_represented,
    ),
    StepForm(
        "refer",
        "Record a referral to the Panel",
        {"provider": "provider", "reference": "reference"},
        "provider",
        _refer,
        context=_represented,
    ),
    StepForm(
        "advice",
        "Record the Panel's advice",
        {"provider": "provider", "advice": "advice", "summary": "summary"},
        "advice",
        _advice,
        context=_represented,
    ),
):
    step(router, form)
