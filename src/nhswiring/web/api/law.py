"""The law as code: /api/v1/regimes, /rules, /judgements and /scenarios. Judgements are made
on the public register (the PublicSnapshot); scenarios start from the shipped register, as
`nhswiring run` and `nhswiring compare` do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.time import parse_date
from nhswiring.law.engine import Rule
from nhswiring.law.facts import check_facts
from nhswiring.law.judge import judge
from nhswiring.law.regimes import IN_FORCE, Regime, regime, regime_in_force, regimes
from nhswiring.service.compare import compare
from nhswiring.service.scenarios import Scenario, parse_scenario, run_scenario
from nhswiring.web.api import models as m
from nhswiring.web.api.support import (
    DATE_PATTERN,
    JSON,
    answer,
    body_pointer,
    conforming,
    head_of,
    read_document,
    translated,
    validated,
)
from nhswiring.web.deps import PublicSnapshot
from nhswiring.web.openapi import request_body, responses
from nhswiring.web.problems import INVALID, NOT_FOUND, FieldError, Problem

router = APIRouter(tags=["law"])

SCENARIO_TYPES = (JSON, "application/yaml", "text/yaml", "application/x-yaml")
DOCUMENTED_SCENARIO_TYPES = (JSON, "application/yaml", "text/yaml")

UNKNOWN_REGIME = Problem(
    NOT_FOUND,
    "'hsca2010' is not a regime; use one of: in-force, hsca2012, hca2022, ...",
    [FieldError("'hsca2010' is not a regime", parameter="key")],
)
UNKNOWN_RULE = Problem(
    NOT_FOUND,
    "'nhs_act_2006.s99' is not a rule; see /api/v1/regimes/{key}/rules for rule ids",
    [FieldError("'nhs_act_2006.s99' is not a rule", parameter="id")],
)
UNKNOWN_ACTOR = Problem(
    INVALID,
    "/actor: 'QHX' is not a body in force on 2023-01-01; use the code of a body in the "
    "register on that date (e.g. NHSE, SOS, an ICB, CCG or trust code)",
    [FieldError("'QHX' is not a body in force on 2023-01-01", pointer="/actor")],
)
UNKNOWN_PROVIDER = Problem(
    INVALID,
    "/args/provider: 'XYZ99' is not a body in force on 2024-06-01; use a code in the register "
    "on that date",
    [FieldError("'XYZ99' is not a body in force on 2024-06-01", pointer="/args/provider")],
)
BAD_SCENARIO_REGIME = Problem(
    INVALID,
    "regime: 'hsca2010' is not a regime; use one of: in-force, hsca2012, hca2022, ...",
    [FieldError("'hsca2010' is not a regime", parameter="regime")],
)
BAD_STEP = Problem(
    INVALID,
    "/steps/0/actor: 'QHX' is not a body in force on 2019-06-01; use the code of a body in "
    "the register on that date",
    [FieldError("'QHX' is not a body in force on 2019-06-01", pointer="/steps/0/actor")],
)

REGIME_ENUM: dict[str, Any] = {"enum": list(m.REGIME_NAMES)}

SOS_DIRECTS = {
    "name": "The Secretary of State directing NHS England",
    "regime": "hsca2012",
    "start": "2019-06-01",
    "steps": [
        {
            "date": "2019-06-01",
            "actor": "SOS",
            "action": "direct",
            "args": {"to": "NHSE", "subject": "general"},
            "facts": {"nhse_significant_failure": False},
        }
    ],
}


# --- regimes and rules ---------------------------------------------------------------------


def _period(reg: Regime) -> dict[str, str | None] | None:
    return reg.period.to_json() if reg.period else None


def _rule_json(r: Rule) -> dict[str, Any]:
    return {
        "rule": r.id,
        "effect": r.effect.value,
        "actions": sorted(r.actions),
        "citation": r.citation,
        "summary": r.summary,
        "in_force": r.in_force.to_json(),
        "overrides": list(r.overrides),
    }


@router.get(
    "/regimes",
    summary="The regimes: real (in force over a period) and hypothetical",
    description="Each regime is a set of rules. `period` is half-open (end exclusive: the "
    "first day it was no longer in force); hypothetical regimes have none.",
    response_model=None,
    responses=responses(m.Regimes, "The regimes.", parameters=False),
)
def list_regimes(request: Request, snapshot: PublicSnapshot) -> Response:
    rows = [
        {
            "key": reg.key,
            "title": reg.title,
            "description": reg.description,
            "real": reg.real,
            "period": _period(reg),
            "baseline": reg.baseline,
            "published": reg.published.isoformat() if reg.published else None,
            "amendments": list(reg.amendments),
            "rules": len(reg.rules),
        }
        for reg in regimes().values()
    ]
    return answer(request, {"regimes": rows})


@router.get(
    "/regimes/{key}/rules",
    summary="The rules of a regime in force on a date",
    description="A regime held fixed outside its period is read on its `law_day` (the "
    "nearest day inside it). `in-force` is the real regime on the date.",
    response_model=None,
    responses=responses(m.RegimeRules, "The rules in force.", UNKNOWN_REGIME),
)
def regime_rules(
    request: Request,
    snapshot: PublicSnapshot,
    key: Annotated[
        str,
        Path(
            description="A regime key (see /api/v1/regimes) or `in-force`.",
            examples=["hca2022"],
        ),
    ],
    date_: Annotated[
        str | None,
        Query(
            alias="date",
            pattern=DATE_PATTERN,
            description="The rules in force on this date, YYYY-MM-DD (default today).",
            json_schema_extra={"format": "date"},
        ),
    ] = None,
) -> Response:
    with translated(parameters={"date": "date"}):
        day = parse_date(date_, "date") if date_ else date.today()
    chosen = _regime(key, day)
    law_day = chosen.law_day(day)
    rules = [_rule_json(r) for r in chosen.rules if r.in_force.contains(law_day)]
    data = {
        "regime": chosen.key,
        "date": day.isoformat(),
        "law_day": law_day.isoformat(),
        "rules": rules,
    }
    return answer(request, data)


def _regime(key: str, day: date) -> Regime:
    if key == IN_FORCE:
        with translated(parameters={"date": "date"}):
            return regime_in_force(day)
    try:
        return regime(key)
    except InvalidInput as exc:
        raise Problem(
            NOT_FOUND,
            f"{exc.problem}; {exc.accepted}",
            [FieldError(f"{exc.problem}; {exc.accepted}", parameter="key")],
        ) from None


@router.get(
    "/rules/{id}",
    summary="One rule",
    description="What it says (in our words, never statutory text), its citation, effect, "
    "the actions it speaks to, its in-force interval (end exclusive), the rules it "
    "overrides and the regimes that hold it.",
    response_model=None,
    responses=responses(m.RuleDetail, "The rule.", UNKNOWN_RULE),
)
def rule(
    request: Request,
    snapshot: PublicSnapshot,
    rule_id: Annotated[
        str,
        Path(alias="id", description="A rule id.", examples=["nhs_act_2006.s13Z2.directions"]),
    ],
) -> Response:
    for reg in regimes().values():
        for r in reg.rules:
            if r.id == rule_id:
                holding = sorted(
                    k for k, g in regimes().items() if any(x.id == r.id for x in g.rules)
                )
                return answer(request, _rule_json(r) | {"regimes": holding})
    raise Problem(
        NOT_FOUND,
        f"{rule_id!r} is not a rule; see /api/v1/regimes/{{key}}/rules for rule ids",
        [FieldError(f"{rule_id!r} is not a rule", parameter="id")],
    )


# --- judgements ----------------------------------------------------------------------------


@router.post(
    "/judgements",
    summary="Judge an action on a date",
    description="Validates the action (its arguments, and the codes against the public "
    "register on its date), chooses the regime and evaluates every rule: the outcome "
    "(lawful, unlawful or undetermined), every rule that spoke with its citation (overridden "
    "ones included), what must follow and by when, and which facts are missing. Nothing is "
    "recorded.",
    response_model=None,
    responses=responses(
        m.Judgement,
        "The verdict (`nhswiring.verdict/1`).",
        UNKNOWN_ACTOR,
        UNKNOWN_PROVIDER,
        parameters=False,
        body=True,
    ),
    openapi_extra=request_body(
        m.JudgementRequest,
        [JSON],
        description="The proposed action.",
        examples={
            "sos-directs-nhse": {
                "date": "2023-01-01",
                "actor": "SOS",
                "action": "direct",
                "args": {"to": "NHSE", "subject": "general"},
                "facts": {},
            }
        },
    ),
)
async def judgements(request: Request, snapshot: PublicSnapshot) -> Response:
    data = await read_document(request, (JSON,))
    wanted = validated(m.JudgementRequest, data)

    def run() -> dict[str, Any]:
        with translated(body=body_pointer()):
            # Names and types checked; the verdict itself says which facts changed nothing.
            check_facts(wanted.facts or {}, [wanted.action.strip()])
            verdict = judge(
                day=parse_date(wanted.date, "date"),
                actor=wanted.actor.strip(),
                action=wanted.action.strip(),
                args=wanted.args,
                facts=wanted.facts,
                state=snapshot.register,
                regime_key=wanted.regime,
            )
        return verdict.to_json()

    return answer(request, await run_in_threadpool(run))


# --- scenarios -----------------------------------------------------------------------------


async def _scenario(request: Request) -> Scenario:
    data = conforming(Scenario, await read_document(request, SCENARIO_TYPES))
    with translated(body=body_pointer("scenario:")):
        return parse_scenario(data, "scenario")


@contextmanager
def _consistent() -> Iterator[None]:
    """A scenario whose ``given`` facts cannot hold together (a contract that ends before it
    starts) fails in the domain with ValueError: bad input, not a server error."""
    try:
        yield
    except ValueError as exc:
        raise Problem(
            INVALID,
            f"/given: the scenario cannot be set up ({exc})",
            [FieldError(f"cannot be set up: {exc}", pointer="/given")],
        ) from None


def _check_regime(key: str, parameter: str) -> str:
    if key != IN_FORCE:
        with translated(parameters={"regime": parameter}):
            regime(key)
    return key


_SCENARIO_BODY = request_body(
    Scenario,
    DOCUMENTED_SCENARIO_TYPES,
    description="A scenario, as in scenarios/claims/*.yaml (docs/scenarios.md): YAML "
    "(application/yaml or text/yaml) or the same as JSON.",
    examples={"sos-directs-nhse": SOS_DIRECTS},
)


@router.post(
    "/scenarios/run",
    summary="Run a scenario",
    description="Each step judged in order against the real register as at `start` (plus "
    "anything under `given`); a lawful step's effects change the state later steps see. "
    "`met` says whether each step's expectation held.",
    response_model=None,
    responses=responses(
        m.Run, "The run (`nhswiring.run/1`).", BAD_SCENARIO_REGIME, BAD_STEP, body=True
    ),
    openapi_extra=_SCENARIO_BODY,
)
async def scenarios_run(
    request: Request,
    snapshot: PublicSnapshot,
    regime_key: Annotated[
        str | None,
        Query(
            alias="regime",
            description="Hold this regime fixed for every step (default: the scenario's "
            "own `regime`); `in-force` is the law on each step's date.",
            json_schema_extra=REGIME_ENUM,
        ),
    ] = None,
) -> Response:
    scenario = await _scenario(request)
    key = _check_regime(regime_key, "regime") if regime_key else None

    def run() -> dict[str, Any]:
        with translated(body=body_pointer()), _consistent():
            return run_scenario(scenario, key).to_json()

    return answer(request, await run_in_threadpool(run))


@router.post(
    "/scenarios/compare",
    summary="Compare a scenario under two regimes",
    description="The same scenario run under regimes `a` and `b`: per step, both outcomes, "
    "whether the outcome or obligations differ, the rules that decided in one and not the "
    "other, and what each requires that the other does not.",
    response_model=None,
    responses=responses(
        m.Comparison, "The comparison (`nhswiring.compare/1`).", BAD_SCENARIO_REGIME, body=True
    ),
    openapi_extra=_SCENARIO_BODY,
)
async def scenarios_compare(
    request: Request,
    snapshot: PublicSnapshot,
    a: Annotated[str, Query(description="The first regime.", json_schema_extra=REGIME_ENUM)],
    b: Annotated[str, Query(description="The second regime.", json_schema_extra=REGIME_ENUM)],
) -> Response:
    scenario = await _scenario(request)
    first, second = _check_regime(a, "a"), _check_regime(b, "b")

    def run() -> dict[str, Any]:
        with translated(body=body_pointer()), _consistent():
            return compare(scenario, first, second).to_json()

    head_of(request)
    return answer(request, await run_in_threadpool(run))
