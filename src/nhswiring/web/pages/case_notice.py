"""The notice form: which Schedule, what the case fills in itself, and the items it cannot
fill, each a field; published through `service.psr.notices.publish`, as `psr notice` does."""

from __future__ import annotations

from datetime import date
from typing import Any

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.time import parse_date
from nhswiring.service.psr import notices
from nhswiring.service.psr.progress import case_progress
from nhswiring.web.pages.case_common import Form, Loaded, as_at_day, day_of, required

NOTICE_IDS = {"schedule": "schedule", "provider": "provider", "fields": "provider"}
ABANDONMENT = "abandonment"


def parse_schedule(text: str) -> int | None:
    """A Schedule number, or None for the abandonment notice (reg 15 sets no Schedule)."""
    text = text.strip().lower()
    if text == ABANDONMENT:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(
            "schedule", f"{text!r} is not a schedule number", "choose a notice from the list"
        ) from None


def _choices(process: str | None) -> list[tuple[str, str]]:
    """The notices of the case's process, the notices after an award, and abandonment."""
    known = notices.schedules()
    numbers = list(notices.PROCESS_NOTICES.get(process or "", {}))
    numbers += [n for n in notices.AFTER_AWARD if n not in numbers]
    out = [(str(n), f"Schedule {n}: {known[n]['title']}") for n in numbers if n in known]
    if None in known:
        out.append((ABANDONMENT, f"{known[None]['title']} (reg 15)"))
    return out


def notice_defaults(loaded: Loaded) -> dict[str, str]:
    case = loaded.case
    progress = case_progress(loaded.cases, case, loaded.register, as_at_day(None, case))
    schedule = ABANDONMENT if case.abandoned else str(progress.next_schedule or "")
    return {"schedule": schedule, "provider": progress.provider or ""}


def _fields(values: dict[str, str]) -> dict[str, str]:
    return {
        k[len("field.") :]: v.strip()
        for k, v in values.items()
        if k.startswith("field.") and v.strip()
    }


def notice_context(loaded: Loaded, values: dict[str, str]) -> dict[str, Any]:
    """The draft of the chosen notice: the items the case fills and those it cannot."""
    case = loaded.case
    context: dict[str, Any] = {
        "choices": _choices(case.process),
        "items": [],
        "missing": [],
        "draft_error": None,
        "schedule_title": None,
    }
    chosen = values.get("schedule", "")
    if not chosen:
        return context
    try:
        day = parse_date(values.get("date", ""), "date")
    except InvalidInput:
        day = as_at_day(None, case)
    try:
        schedule = parse_schedule(chosen)
        provider = values.get("provider") or None
        if schedule in notices.TENDER_STAGE:
            provider = None
        # What the case fills itself; each item it cannot fill is a field of the form.
        draft = notices.draft(case, loaded.register, day, schedule, provider, {})
    except InvalidInput as exc:
        context["draft_error"] = f"{exc.problem}; {exc.accepted}"
        return context
    context["schedule_title"] = draft.title
    context["items"] = draft.items
    context["missing"] = [
        m
        | {
            "id": f"field-{m['key']}",
            "name": f"field.{m['key']}",
            "value": values.get(f"field.{m['key']}", ""),
        }
        for m in draft.missing
    ]
    context["medium"] = notices.medium(day, case)
    return context


def publish(loaded: Loaded, form: Form) -> None:
    day: date = day_of(form)
    notices.publish(
        loaded.cases,
        case_id=loaded.ref,
        day=day,
        schedule=parse_schedule(required(form, "schedule", "choose the notice to publish")),
        by=required(form, "by", "choose who is taking the step"),
        provider=form.get("provider") or None,
        fields=_fields(form.values),
    )
