"""What the case pages share: the signed-in organisation's cases, a case or a 404, form
values, and the service's errors as an NHS.UK error summary naming the field.

A case belongs to its authority's organisation. Another organisation's case is answered
exactly as a case that does not exist (404), so no one can learn that it exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from fastapi import Request

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import CaseState
from nhswiring.domain.register import Register
from nhswiring.domain.time import parse_date
from nhswiring.ledger.hashing import request_digest
from nhswiring.ledger.store import RequestKey
from nhswiring.service.accounts import Principal
from nhswiring.service.psr.cases import Cases, StepRefused
from nhswiring.service.psr.labels import person_label
from nhswiring.web.forms import FormErrors
from nhswiring.web.problems import NOT_FOUND, Problem
from nhswiring.web.runtime import Runtime
from nhswiring.web.templating import long_date


def cases_for(rt: Runtime, who: Principal) -> Cases:
    return Cases(rt.system, who.organisation)


@dataclass
class Loaded:
    cases: Cases
    register: Register
    case: CaseState

    @property
    def ref(self) -> str:
        return self.case.case_id


def load_case(rt: Runtime, who: Principal, ref: str) -> Loaded:
    """The signed-in organisation's case, or 404 (the same for a case of another
    organisation as for none at all)."""
    cases = cases_for(rt, who)
    register = cases.register()
    try:
        case = cases.state(ref, register)
    except InvalidInput:
        raise Problem(NOT_FOUND, f"there is no case {ref!r} in your organisation") from None
    return Loaded(cases, register, case)


def case_crumbs(case: CaseState, *more: tuple[str, str]) -> list[dict[str, str]]:
    items = [
        {"href": "/", "text": "Home"},
        {"href": "/cases", "text": "Cases"},
        {"href": f"/cases/{case.case_id}", "text": case.case_id},
    ]
    return items + [{"href": h, "text": t} for h, t in more]


def as_at_day(value: str | None, case: CaseState | None = None) -> date:
    """The day a page reads the case on: the one asked for, else today, or the case's last
    step if that is later (a case rehearsed with future dates)."""
    if value:
        return parse_date(value, "as_at")
    today = date.today()
    if case and case.history:
        return max(today, date.fromisoformat(case.history[-1]["date"]))
    return today


def people(register: Register, case: CaseState) -> list[dict[str, str]]:
    """The case's decision-makers, for the "taken by" select."""
    return [{"value": p, "text": person_label(register, p)} for p in case.decision_makers]


# --- forms ------------------------------------------------------------------------------------


@dataclass
class Form:
    """A submitted form: the last value of each name, and all values of repeated names."""

    values: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default).strip()

    def has(self, name: str) -> bool:
        return bool(self.get(name))

    def request(self, organisation: str) -> RequestKey | None:
        """The submission this form names (its hidden ``submission`` field, fresh each time
        the form is drawn), so that a form sent twice (a double click, a resend after a
        dropped answer) is recorded once. None for a form without one."""
        key = self.get(SUBMISSION)
        if not key or len(key) > 64 or not key.isalnum():
            return None
        asked = {k: self.lists[k] for k in sorted(self.lists) if k != SUBMISSION}
        digest = request_digest(asked)
        return RequestKey(f"web:{organisation}:{key}", digest)


#: The hidden field that names a form's submission (see ``Form.request``).
SUBMISSION = "submission"


def new_submission() -> str:
    return uuid.uuid4().hex


async def read_form(request: Request) -> Form:
    data = await request.form()
    form = Form()
    for key, value in data.multi_items():
        if isinstance(value, str) and key != "csrftoken":
            form.values[key] = value
            form.lists.setdefault(key, []).append(value)
    return form


def required(form: Form, name: str, message: str) -> str:
    value = form.get(name)
    if not value:
        raise InvalidInput(name, "is empty", message)
    return value


def day_of(form: Form, name: str = "date") -> date:
    value = form.get(name)
    if not value:
        raise InvalidInput(name, "is empty", "enter the date the step is taken, e.g. 2025-06-02")
    return parse_date(value, name)


def optional_day(form: Form, name: str) -> date | None:
    value = form.get(name)
    return parse_date(value, name) if value else None


def message(exc: InvalidInput) -> str:
    """The service's words for the problem and the fix, as a sentence."""
    text = f"{exc.problem}; {exc.accepted}"
    if isinstance(exc, StepRefused) and exc.possible_from is not None:
        day = exc.possible_from
        text = f"The law does not allow this step until {day:%A} {long_date(day)}: {exc.problem}"
    elif isinstance(exc, StepRefused):
        text = f"The law does not allow this step now: {text}"
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def errors_from(exc: InvalidInput, ids: Mapping[str, str], default: str) -> FormErrors:
    """The service names the field at fault (``exc.field``); the form names it by its id."""
    errors = FormErrors()
    errors.add(ids.get(exc.field, default), message(exc))
    return errors


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value.strip().lower())
