"""The law's public pages: judge an action, compare regimes on a scenario, the rules in force.

Every page is a GET form (so a verdict or a comparison has a permalink: its URL), except a
pasted scenario, which may be too long for a URL and is POSTed with the CSRF token. The law
is applied by ``law.judge.judge`` and ``service.compare.compare``, exactly as the CLI does.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.register import Register
from nhswiring.domain.time import parse_date
from nhswiring.law.actions import ACTIONS
from nhswiring.law.engine import ALL_PERMISSIONS, Rule
from nhswiring.law.judge import judge
from nhswiring.law.regimes import IN_FORCE, regime, regime_in_force, regimes
from nhswiring.law.verdict import Effect
from nhswiring.web.deps import PublicSnapshot
from nhswiring.web.forms import FormErrors
from nhswiring.web.problems import NOT_FOUND, Problem
from nhswiring.web.templating import render

router = APIRouter(include_in_schema=False)

FACT_PREFIX = "fact."
EXAMPLE = {
    "date": "2019-06-01",
    "actor": "SOS",
    "action": "direct",
    "args": '{"to": "NHSE", "subject": "general"}',
    "facts": "{}",
}
OUTCOME_COLOURS = {"lawful": "green", "unlawful": "red", "undetermined": "yellow"}
EFFECT_COLOURS = {"permits": "green", "forbids": "red", "requires": "blue", "notes": "grey"}
#: Questions that begin like this are answered yes or no; others take a value.
YES_NO = ("is ", "are ", "does ", "do ", "has ", "have ", "was ", "were ", "will ", "can ", "did ")


def regime_options(selected: str, *, in_force: bool = True) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if in_force:
        items.append(
            {
                "value": IN_FORCE,
                "text": "The law in force on the date",
                "selected": selected in ("", IN_FORCE),
            }
        )
    for key, reg in regimes().items():
        kind = "" if reg.real else ", hypothetical"
        items.append(
            {"value": key, "text": f"{reg.title} ({key}{kind})", "selected": selected == key}
        )
    return items


def _json_object(text: str, field_id: str, label: str, errors: FormErrors) -> dict[str, Any]:
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        errors.add(
            field_id,
            f"{label} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            'give a JSON object, for example {"to": "NHSE"}',
        )
        return {}
    if not isinstance(value, dict):
        errors.add(field_id, f"{label} must be a JSON object in braces, for example {{}}")
        return {}
    return value


def _answer(text: str) -> Any:
    """A typed answer to a missing fact: yes/no as booleans, numbers as numbers."""
    value = text.strip()
    if value.lower() in ("yes", "true"):
        return True
    if value.lower() in ("no", "false"):
        return False
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def _field_for(exc: InvalidInput) -> str:
    head = exc.field.split(".", 1)[0].split(":", 1)[0].strip().lower()
    return head if head in {"date", "actor", "action", "args", "facts", "regime"} else "args"


# --- /check ---------------------------------------------------------------------------------


@router.get("/check", response_class=HTMLResponse)
def check(request: Request, snapshot: PublicSnapshot) -> Response:
    query = request.query_params
    params = {k: query.get(k, "") for k in ("date", "actor", "action", "args", "facts", "regime")}
    answers = {
        k[len(FACT_PREFIX) :]: v for k, v in query.items() if k.startswith(FACT_PREFIX) and v
    }
    context: dict[str, Any] = {
        "active": "check",
        "crumbs": [{"href": "/", "text": "Home"}],
        "actions": [{"value": "", "text": "Choose an action", "selected": not params["action"]}]
        + [
            {"value": a, "text": a.replace("_", " "), "selected": a == params["action"]}
            for a in ACTIONS
        ],
        "regimes": regime_options(params["regime"]),
        "example": EXAMPLE,
    }
    submitted = any(params[k] for k in ("date", "actor", "action"))
    if not submitted or query.get("edit"):
        shown = params if submitted else EXAMPLE | {"regime": IN_FORCE}
        return render(request, "check/form.html", context | {"params": shown})
    errors = FormErrors()
    day: date | None = None
    try:
        day = parse_date(params["date"], "date") if params["date"].strip() else None
    except InvalidInput as exc:
        errors.add("date", f"{exc.problem}; {exc.accepted}")
    if day is None and "date" not in errors.fields:
        errors.add("date", "Enter the date of the action, for example 2019-06-01")
    if not params["actor"].strip():
        errors.add("actor", "Enter the code of the body that acts, for example SOS or QHM")
    if not params["action"].strip():
        errors.add("action", "Choose an action")
    args = _json_object(params["args"], "args", "Arguments", errors)
    facts = _json_object(params["facts"], "facts", "Facts", errors)
    facts |= {k: _answer(v) for k, v in answers.items()}
    verdict = None
    if not errors and day is not None:
        try:
            verdict = judge(
                day=day,
                actor=params["actor"].strip(),
                action=params["action"].strip(),
                args=args,
                facts=facts,
                state=snapshot.register,
                regime_key=params["regime"].strip() or IN_FORCE,
            )
        except InvalidInput as exc:
            errors.add(_field_for(exc), f"{exc.field}: {exc.problem}; {exc.accepted}")
    if errors or verdict is None:
        context |= {"params": params} | errors.context()
        return render(request, "check/form.html", context, status_code=422)
    data = verdict.to_json()
    merged = params | {"facts": json.dumps(facts)}
    edit_href = "/check?" + urlencode(merged | {"edit": "1"})
    context |= {
        "params": merged,
        "verdict": data,
        "outcome_colour": OUTCOME_COLOURS[data["outcome"]],
        "effect_colours": EFFECT_COLOURS,
        "questions": [
            {
                "name": m["name"],
                "question": m["question"],
                "yes_no": m["question"].lower().startswith(YES_NO),
                "value": facts.get(m["name"]),
            }
            for m in data["missing_facts"]
        ],
        "actor_name": _name(snapshot.register, verdict.actor, verdict.day),
        "edit_href": edit_href,
        "fact_prefix": FACT_PREFIX,
    }
    return render(request, "check/verdict.html", context)


def _name(register: Register, code: str, day: date) -> str:
    body = register.body(code, day)
    return body.name if body else code


def _all_rules() -> dict[str, tuple[Rule, list[str]]]:
    found: dict[str, tuple[Rule, list[str]]] = {}
    for reg in regimes().values():
        for r in reg.rules:
            found.setdefault(r.id, (r, []))[1].append(reg.key)
    return found


def _rule_row(r: Rule) -> dict[str, Any]:
    return {
        "id": r.id,
        "effect": r.effect.value,
        "colour": EFFECT_COLOURS[r.effect.value],
        "citation": r.citation,
        "start": r.in_force.start,
        "end": r.in_force.end,
        "actions": sorted(r.actions),
    }


@router.get("/law", response_class=HTMLResponse)
def law_page(
    request: Request,
    regime_key: Annotated[str, Query(alias="regime")] = "",
    date_text: Annotated[str, Query(alias="date")] = "",
) -> Response:
    key, text = regime_key.strip(), date_text.strip()
    errors = FormErrors()
    day = date.today()
    if text:
        try:
            day = parse_date(text, "date")
        except InvalidInput as exc:
            errors.add("date", f"{exc.problem}; {exc.accepted}")
    chosen = None
    if not errors:
        try:
            chosen = regime_in_force(day) if key in ("", IN_FORCE) else regime(key)
        except InvalidInput as exc:
            errors.add(
                "regime" if exc.field == "regime" else "date", f"{exc.problem}; {exc.accepted}"
            )
    context: dict[str, Any] = {
        "active": "law",
        "crumbs": [{"href": "/", "text": "Home"}],
        "regimes": regime_options(key),
        "params": {"regime": key, "date": text},
        "day": day,
    }
    if errors or chosen is None:
        return render(request, "law/index.html", context | errors.context(), status_code=422)
    law_day = chosen.law_day(day)
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(chosen.rules, key=lambda r: r.id):
        if r.in_force.contains(law_day):
            groups.setdefault(r.instrument, []).append(_rule_row(r))
    context |= {
        "regime": chosen,
        "law_day": law_day,
        "groups": groups,
        "count": sum(len(g) for g in groups.values()),
    }
    return render(request, "law/index.html", context)


@router.get("/law/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(request: Request, rule_id: str) -> Response:
    rules = _all_rules()
    if rule_id not in rules:
        raise Problem(
            NOT_FOUND,
            f"{rule_id!r} is not a rule; the rules are listed at /law",
        )
    r, in_regimes = rules[rule_id]
    overridden_by = sorted(
        other.id
        for other, _ in rules.values()
        if r.id in other.overrides
        or (
            ALL_PERMISSIONS in other.overrides
            and r.effect is Effect.PERMITS
            and bool(other.actions & r.actions)
        )
    )
    context = {
        "active": "law",
        "crumbs": [{"href": "/", "text": "Home"}, {"href": "/law", "text": "The law"}],
        "rule": _rule_row(r) | {"summary": r.summary, "instrument": r.instrument},
        "overrides": [o for o in r.overrides if o != ALL_PERMISSIONS],
        "overrides_all": ALL_PERMISSIONS in r.overrides,
        "known": set(rules),
        "overridden_by": overridden_by,
        "in_regimes": sorted(set(in_regimes)),
    }
    return render(request, "law/rule.html", context)
