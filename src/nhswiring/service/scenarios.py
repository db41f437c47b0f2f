"""Scenarios: a sequence of proposed actions judged against the real register at a start date.

The state starts as the real register as at ``start`` plus the scenario's ``given`` bodies,
people, appointments, interests and contracts; real events after ``start`` are not applied.
Each step is judged under the regime named (or the regime in force on its date); a lawful
step's effects change the state later steps see, an unlawful or undetermined one's do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.errors import InconsistentHistory, InvalidInput
from nhswiring.domain.limits import MONEY_MAX, NAME_MAX, TEXT_MAX
from nhswiring.domain.people import Role
from nhswiring.domain.register import Register
from nhswiring.law.actions import parse_args
from nhswiring.law.facts import check_facts
from nhswiring.law.judge import judge
from nhswiring.law.regimes import IN_FORCE, regime
from nhswiring.law.verdict import Verdict
from nhswiring.reference.history import real_history
from nhswiring.reference.rows import load_reference_data
from nhswiring.service.effects import effects
from nhswiring.service.yaml_files import read_yaml

Expectation = Literal["lawful", "unlawful", "undetermined"]


class _Model(BaseModel):
    # Bounded text (domain/limits.py); names are bounded more tightly where they are declared.
    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=TEXT_MAX)


class GivenBody(_Model):
    code: str
    kind: BodyKind
    name: str
    parent: str | None = None
    area: list[str] = []


class GivenPerson(_Model):
    id: str
    name: str


class GivenAppointment(_Model):
    person: str
    role: Role
    bodies: list[str] = Field(min_length=1)
    voting: bool = True


class GivenInterest(_Model):
    person: str
    organisation: str
    nature: str


class GivenModification(_Model):
    """A modification the contract has had since it was entered into: the PSR's cumulative
    change tests (reg 6(10), 13(2)(b), 13(4)) count it."""

    new_end: date | None = None
    change: Decimal = Field(ge=-MONEY_MAX, le=MONEY_MAX)
    date: date


class GivenContract(_Model):
    """A contract as entered into (``lifetime_value`` is its value then) and its recorded
    modifications since."""

    id: str
    commissioner: str
    provider: str
    service: str
    lifetime_value: Decimal = Field(ge=0, le=MONEY_MAX)
    start: date
    end: date | None = None
    modifications: list[GivenModification] = []


class Given(_Model):
    bodies: list[GivenBody] = []
    people: list[GivenPerson] = []
    appointments: list[GivenAppointment] = []
    interests: list[GivenInterest] = []
    contracts: list[GivenContract] = []


class Step(_Model):
    date: date
    actor: str
    action: str
    args: dict[str, Any] = {}
    facts: dict[str, Any] = {}
    expect: Expectation | None = None
    expect_citations: list[str] = []
    note: str | None = None
    #: per-regime expectations, for scenarios run under several regimes
    expect_under: dict[str, Expectation] = {}
    expect_citations_under: dict[str, list[str]] = {}


class Scenario(_Model):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    regime: str = IN_FORCE
    start: date
    given: Given = Given()
    steps: list[Step] = Field(min_length=1)
    claim: str | None = None
    sources: list[str] = []
    #: the regimes this scenario's expectations cover (for `nhswiring test` and reforms.md)
    regimes: list[str] = []


def load_scenario(path: Path) -> Scenario:
    return parse_scenario(read_yaml(path, "scenario YAML file"), str(path))


def parse_scenario(data: Any, source: str = "scenario") -> Scenario:
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        raise InvalidInput(
            f"{source}: {where}", first["msg"], "see docs/scenarios.md for the scenario format"
        ) from None
    for i, (a, b) in enumerate(zip(scenario.steps, scenario.steps[1:], strict=False), start=1):
        if b.date < a.date:
            raise InvalidInput(
                f"{source}: steps.{i}.date",
                f"{b.date} is before the step above it",
                "list steps in date order",
            )
    for i, step in enumerate(scenario.steps):
        check_facts(step.facts, [step.action], field=f"{source}: steps.{i}.facts")
    if scenario.steps[0].date < scenario.start:
        raise InvalidInput(
            f"{source}: steps.0.date",
            "is before the scenario's start",
            "start the scenario on or before its first step",
        )
    return scenario


@cache
def _history() -> tuple[tuple[date, ev.Event], ...]:
    return tuple((h.effective, h.event) for h in real_history(load_reference_data()))


@cache
def _shipped() -> Register:
    return Register().apply_all(_history())


def shipped_register() -> Register:
    """The whole shipped register (all dates), for judging single actions without a database.
    Shared and cached: callers must not apply events to it."""
    return _shipped()


def starting_state(scenario: Scenario) -> Register:
    register = Register()
    history = _given_history(scenario)
    for day, event in _history():
        if day > scenario.start:
            break
        while history and history[0][0] <= day:
            register.apply(*history.pop(0))
        register.apply(day, event)
    for pending in history:
        register.apply(*pending)
    for i, event in enumerate(_given_events(scenario)):
        try:
            register.apply(scenario.start, event)
        except InconsistentHistory as exc:
            raise InvalidInput(
                f"given (item {i})",
                str(exc),
                "given bodies need new codes; people and bodies must exist "
                "before they are appointed",
            ) from None
    return register


def _given_history(s: Scenario) -> list[tuple[date, ev.Event]]:
    """The given contracts that record modifications, and those modifications, each on its
    own date (folded into the real history, so each modification keeps its date): the PSR's
    cumulative change tests count them (reg 6(10), 13(2)(b), 13(4))."""
    out: list[tuple[date, ev.Event]] = []
    for c in s.given.contracts:
        if not c.modifications:
            continue
        for m in c.modifications:
            if m.date > s.start:
                raise InvalidInput(
                    f"given.contracts.{c.id}.modifications.date",
                    f"{m.date.isoformat()} is after the scenario's start",
                    "a given modification is history: date it on or before the start, or make "
                    "it a modify_contract step",
                )
        entered = min([c.start, s.start, *(m.date for m in c.modifications)])
        out.append(
            (
                entered,
                ev.ContractAwarded(
                    c.id, c.commissioner, c.provider, c.service, c.lifetime_value, c.start, c.end
                ),
            )
        )
        out += [
            (m.date, ev.ContractModified(c.id, c.commissioner, c.provider, m.change, m.new_end))
            for m in c.modifications
        ]
    return sorted(out, key=lambda pair: pair[0])


def _given_events(s: Scenario) -> list[ev.Event]:
    g = s.given
    out: list[ev.Event] = []
    for b in g.bodies:
        out.append(ev.BodyEstablished(b.code, b.kind, b.name, parent=b.parent))
        out += [ev.AreaAssigned(b.code, a) for a in b.area]
    out += [ev.PersonRegistered(p.id, p.name) for p in g.people]
    out += [
        ev.AppointmentMade(f"given-{i}", a.person, a.role, tuple(a.bodies), a.voting)
        for i, a in enumerate(g.appointments)
    ]
    out += [
        ev.InterestDeclared(f"given-{i}", x.person, x.organisation, x.nature)
        for i, x in enumerate(g.interests)
    ]
    out += [
        ev.ContractAwarded(
            c.id, c.commissioner, c.provider, c.service, c.lifetime_value, c.start, c.end
        )
        for c in g.contracts
        if not c.modifications  # those with a history are folded in on their own dates
    ]
    return out


@dataclass(frozen=True, slots=True)
class StepResult:
    index: int
    step: Step
    regime: str
    verdict: Verdict
    expected: Expectation | None

    @property
    def met(self) -> bool | None:
        if self.expected is None:
            return None
        if self.verdict.outcome.value != self.expected:
            return False
        return all(
            any(want in c for c in self.verdict.citations) for want in self.step.expect_citations
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "date": self.step.date.isoformat(),
            "actor": self.step.actor,
            "action": self.step.action,
            "regime": self.regime,
            "expect": self.expected,
            "met": self.met,
            "verdict": self.verdict.to_json(),
        }


@dataclass(frozen=True, slots=True)
class RunResult:
    scenario: Scenario
    regime: str
    steps: tuple[StepResult, ...]

    @property
    def failures(self) -> list[StepResult]:
        return [s for s in self.steps if s.met is False]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "nhswiring.run/1",
            "scenario": self.scenario.name,
            "regime": self.regime,
            "steps": [s.to_json() for s in self.steps],
        }


def run_scenario(scenario: Scenario, regime_key: str | None = None) -> RunResult:
    key = regime_key or scenario.regime
    if key != IN_FORCE:
        regime(key)  # validate early
    state = starting_state(scenario)
    results: list[StepResult] = []
    created: dict[str, int] = {}  # codes earlier steps create, and which step
    for index, step in enumerate(scenario.steps):
        try:
            verdict = judge(
                day=step.date,
                actor=step.actor,
                action=step.action,
                args=step.args,
                facts=step.facts,
                state=state,
                regime_key=key,
            )
        except InvalidInput as exc:
            missing = _depends_on(step, created, state)
            if missing is None:
                raise InvalidInput(
                    f"steps.{index}.{exc.field}", exc.problem, exc.accepted
                ) from None
            verdict = _not_created(step, key, missing, created[missing])
        for event in effects(
            step.date,
            step.actor,
            step.action,
            parse_args(step.action, dict(step.args)),
            verdict,
            state,
        ):
            try:
                state.apply(step.date, event)
            except InconsistentHistory as exc:
                raise InvalidInput(
                    f"steps.{index}",
                    f"cannot apply its effect: {exc}",
                    "check the step's codes against the state at its date",
                ) from None
        for code in _creates(step):
            created.setdefault(code, index)
        expected = step.expect_under.get(
            verdict.regime,
            step.expect if key in {scenario.regime, IN_FORCE} or not step.expect_under else None,
        )
        results.append(StepResult(index, step, verdict.regime, verdict, expected))
    return RunResult(scenario, key, tuple(results))


def _creates(step: Step) -> list[str]:
    if step.action in {"establish", "joint_committee"}:
        return [str(step.args.get("code"))]
    if step.action == "merge":
        return [str(step.args.get("into"))]
    return []


def _depends_on(step: Step, created: dict[str, int], state: Register) -> str | None:
    """The code an earlier step would have created, if this step names one that is absent."""
    named = [step.actor]
    for value in step.args.values():
        named += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    for code in named:
        if code in created and state.body(code, step.date) is None:
            return code
    return None


def _not_created(step: Step, key: str, code: str, creator: int) -> Verdict:
    """A step that names a body an earlier step would have created, when that step was not
    lawful under this regime: unlawful, for want of the body, with the earlier step cited."""
    from nhswiring.law.judge import choose_regime
    from nhswiring.law.verdict import Effect, Outcome, Reason

    regime_key = choose_regime(key, step.date).key
    reason = Reason(
        "scenario.body_not_created",
        f"{code} does not exist under {regime_key}: step {creator}, which would "
        "have created it, was not lawful, so nothing can be done by or to it.",
        f"the verdict of step {creator} of this scenario",
        Effect.FORBIDS,
    )
    return Verdict(Outcome.UNLAWFUL, step.action, step.actor, step.date, regime_key, (reason,))


def run_file(path: Path, regime_key: str | None = None) -> RunResult:
    return run_scenario(load_scenario(path), regime_key)


def scenario_files(folder: Path) -> Sequence[Path]:
    return sorted(folder.rglob("*.yaml"))
