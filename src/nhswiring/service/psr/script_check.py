"""A case script checked whole before anything of it is written.

Running a script against a live ledger records its set-up (people, contracts, interests) and
then each step. A script that is wrong half way (an authority that does not exist, a person
nobody registered, an argument the step does not take) must be refused before its first
write, not leave half a case behind: so every part that can be checked without taking the
steps is checked here, against the register as the script's authority sees it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.register import Register
from nhswiring.domain.time import parse_date
from nhswiring.law.psr_2023.processes import RELEVANT_AUTHORITIES
from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.notices import publish
from nhswiring.service.psr.script_model import DATE_ARGS, CaseScript, ScriptStep

#: A problem found: the field (a path into the script), what is wrong, how to fix it.
Problem = tuple[str, str, str]

#: The service call behind each step that writes, as the runner calls it.
STEP_CALLS: dict[str, Callable[..., Any]] = {
    "open": Cases.open,
    "route": Cases.route,
    "assess": Cases.assess,
    "conflicts": Cases.conflicts,
    "notice": publish,
    "represent": Cases.represent,
    "decide": Cases.decide_representation,
    "award": Cases.award,
    "modify": Cases.modify,
    "abandon": Cases.abandon,
    "request_information": Cases.request_information,
    "give_information": Cases.give_information,
    "refer": Cases.refer_to_panel,
    "advice": Cases.record_panel_advice,
}
#: Arguments the runner supplies itself (or defaults), never the script's ``args``.
_SUPPLIED = frozenset({"self", "cases", "case_id", "day", "by", "authority"})
_DEFAULTED = {"assess": {"basic_selection_met"}, "award": {"end"}}
#: Amounts of money in step arguments, and whether they may be negative (a change may).
ODS = "use an ODS code of a body in the register"
MONEY_ARGS = {"estimated_value": False, "value": False, "change": True, "cumulative": True}


def check_script(cases: Cases, script: CaseScript) -> None:
    """Raise :class:`InvalidInput` for the first problem found (saying how many more there
    are), before the script writes anything."""
    problems = script_problems(cases.register(), script)
    if problems:
        field, problem, fix = problems[0]
        more = f" ({len(problems) - 1} more problem(s) in the script)" if len(problems) > 1 else ""
        raise InvalidInput(field, problem + more, fix)


def script_problems(register: Register, script: CaseScript) -> list[Problem]:
    problems: list[Problem] = []
    first_day = _first_day(script)
    body = register.body(script.authority, first_day) if first_day else None
    if body is None or body.kind not in RELEVANT_AUTHORITIES:
        problems.append(
            (
                "authority",
                f"{script.authority!r} is not a relevant authority on "
                f"{first_day.isoformat() if first_day else 'the script’s first date'}",
                "name an ICB, NHS England, an NHS trust, an FT or a local authority in force",
            )
        )
    people = set(script.setup.people) if script.setup else set()
    problems += _setup_problems(register, script, people)
    for index, step in enumerate(script.steps):
        if step.step == "open":
            people |= set(step.args.get("decision_makers") or {})
        problems += _step_problems(register, script, index, step, people)
    return problems


def _first_day(script: CaseScript) -> date | None:
    days = [s.date for s in script.steps if s.date is not None]
    if script.setup is not None:
        days.insert(0, script.setup.date)
    return days[0] if days else None


def _setup_problems(register: Register, script: CaseScript, people: set[str]) -> list[Problem]:
    s = script.setup
    if s is None:
        return []
    out: list[Problem] = []
    added = {p.code for p in s.providers}
    for i, c in enumerate(s.contracts):
        where = f"setup.contracts.{i}"
        for role in ("commissioner", "provider"):
            code = getattr(c, role)
            if not register.knows(code) and not (role == "provider" and code in added):
                out.append(
                    (f"{where}.{role}", f"{code!r} is not in the register", "use an ODS code")
                )
        if not c.value.is_finite() or c.value < 0:
            out.append((f"{where}.value", f"{c.value} is not an amount", "give pounds, 0 or more"))
        if c.end is not None and c.end <= c.start:
            out.append((f"{where}.end", "is not after the start", "end after start (exclusive)"))
    for i, a in enumerate(s.appointments):
        out += _person(register, people, a.person, f"setup.appointments.{i}.person")
        out += [
            (f"setup.appointments.{i}.bodies", f"{b!r} is not in the register", "use an ODS code")
            for b in a.bodies
            if not register.knows(b)
        ]
    for i, n in enumerate(s.interests):
        out += _person(register, people, n.person, f"setup.interests.{i}.person")
        if not register.knows(n.organisation) and n.organisation not in added:
            out.append(
                (
                    f"setup.interests.{i}.organisation",
                    f"{n.organisation!r} is not in the register",
                    "use an ODS code",
                )
            )
    return out


def _person(register: Register, people: set[str], pid: str, field: str) -> list[Problem]:
    if pid in people or register.person(pid) is not None:
        return []
    return [(field, f"{pid!r} is not a registered person", "register them under setup.people")]


def _step_problems(
    register: Register, script: CaseScript, index: int, step: ScriptStep, people: set[str]
) -> list[Problem]:
    where = f"steps.{index}"
    call = STEP_CALLS.get(step.step)
    if call is None:  # record, summary, monitoring: reports, which write nothing
        return []
    out: list[Problem] = []
    if step.date is None:
        out.append((f"{where}.date", f"the {step.step} step has no date", "give date: YYYY-MM-DD"))
    elif script.setup is not None and step.date < script.setup.date:
        out.append(
            (f"{where}.date", "is before the script's set-up date", "date the steps after set-up")
        )
    out += _person(register, people, step.by or "", f"{where}.by")
    params = inspect.signature(call).parameters
    accepted = {p for p in params if p not in _SUPPLIED}
    unknown = sorted(set(step.args) - accepted)
    if unknown:
        out.append(
            (f"{where}.args", f"unknown argument(s) {', '.join(unknown)}", f"use {_list(accepted)}")
        )
    required = {
        p
        for p, spec in params.items()
        if spec.default is inspect.Parameter.empty and p not in _SUPPLIED
    } - _DEFAULTED.get(step.step, set())
    missing = sorted(required - set(step.args))
    if missing:
        out.append(
            (f"{where}.args", f"missing argument(s) {', '.join(missing)}", "give each under args")
        )
    for key in DATE_ARGS:
        value = step.args.get(key)
        if value is not None:
            try:
                parse_date(str(value), f"{where}.args.{key}")
            except InvalidInput as exc:
                out.append((exc.field, exc.problem, exc.accepted))
    for key, signed in MONEY_ARGS.items():
        if step.args.get(key) is not None:
            out += _money(step.args[key], f"{where}.args.{key}", signed)
    return out


def _money(value: Any, field: str, signed: bool) -> list[Problem]:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite():
        return [(field, f"{value!r} is not an amount", "give pounds, e.g. 2500000")]
    if amount < 0 and not signed:
        return [(field, "is negative", "give a value of zero or more")]
    return []


def _list(names: set[str]) -> str:
    return ", ".join(sorted(names)) or "no arguments"
