"""A provider selection case written as YAML and run step by step, with what each step should
do: the worked examples in scenarios/psr/, and a way to rehearse a case before running it live.

The script runs against any ledger (a scratch SQLite database by default), so a case can be
rehearsed on a copy and then replayed for real. Each step is the same service call the CLI
makes; a step expected to be refused must be refused, with the expected words in the message.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.time import parse_date
from nhswiring.law.psr_2023.exclusions import ExclusionFacts, ExclusionStatus
from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.monitoring import monitoring_report
from nhswiring.service.psr.notices import publish
from nhswiring.service.psr.records import build_record
from nhswiring.service.psr.script_check import check_script
from nhswiring.service.psr.script_model import (
    DATE_ARGS,
    CaseScript,
    ScriptStep,
    StepOutcome,
    load_script,
)

__all__ = ["CaseScript", "ScriptStep", "StepOutcome", "load_script", "run_script"]
from nhswiring.service.psr.summary import annual_summary


def _setup(cases: Cases, script: CaseScript) -> None:
    s = script.setup
    if s is None:
        return
    register = cases.register()
    events: list[ev.Event] = [
        ev.BodyEstablished(p.code, BodyKind.INDEPENDENT_PROVIDER, p.name)
        for p in s.providers
        if not register.knows(p.code)
    ]
    events += [ev.PersonRegistered(pid, name) for pid, name in s.people.items()]
    events += [
        ev.ContractAwarded(c.id, c.commissioner, c.provider, c.service, c.value, c.start, c.end)
        for c in s.contracts
    ]
    events += [ev.AppointmentMade(a.id, a.person, a.role, tuple(a.bodies)) for a in s.appointments]
    events += [ev.InterestDeclared(i.id, i.person, i.organisation, i.nature) for i in s.interests]
    cases.system.record(cases.entries(s.date, events))


def _call(fn: Callable[..., Any], step: ScriptStep, **kwargs: Any) -> Any:
    """Call the service for a step, refusing an argument it does not take by name."""
    accepted = inspect.signature(fn).parameters
    unknown = sorted(set(kwargs) - set(accepted))
    if unknown:
        raise InvalidInput(
            f"{step.step}.args",
            f"unknown argument(s) {', '.join(unknown)}",
            f"use {', '.join(p for p in accepted if p not in {'case_id', 'day', 'by'})}",
        )
    return fn(**kwargs)


def _run_step(cases: Cases, script: CaseScript, step: ScriptStep) -> str:
    """Take one step; return a one-line account of what happened."""
    a = dict(step.args)
    for key in DATE_ARGS:
        if a.get(key) is not None:
            a[key] = parse_date(str(a[key]), f"{step.step}.args.{key}")
    day, by, case_id = step.date, step.by or "", script.case
    if step.step in {"record", "summary", "monitoring"}:
        return _report(cases, script, step)
    if day is None:
        raise InvalidInput("date", f"the {step.step} step has no date", "give date: YYYY-MM-DD")
    match step.step:
        case "open":
            _call(
                cases.open, step, case_id=case_id, day=day, authority=script.authority, by=by, **a
            )
        case "route":
            r = _call(cases.route, step, case_id=case_id, day=day, by=by, **a)
            return "; ".join(f"{o.process} {o.status}" for o in r.route)
        case "assess":
            a.setdefault("basic_selection_met", True)
            if "exclusion" in a:
                e = a.pop("exclusion")
                a["exclusion"] = ExclusionFacts(ExclusionStatus(e.pop("status")), **e)
            _call(cases.assess, step, case_id=case_id, day=day, by=by, **a)
        case "conflicts":
            found = cases.conflicts(case_id=case_id, day=day, by=by).conflicts
            return "; ".join(f"{c.person}/{c.provider}: {c.reason}" for c in found) or "none"
        case "notice":
            n = _call(publish, step, cases=cases, case_id=case_id, day=day, by=by, **a)
            n = n.case.notices[-1]
            extra = f"; standstill to {n['standstill']['ends_at']}" if n.get("standstill") else ""
            return f"{n['title']} on the {n['medium']}{extra}"
        case "represent":
            _call(cases.represent, step, case_id=case_id, day=day, by=by, **a)
        case "decide":
            _call(cases.decide_representation, step, case_id=case_id, day=day, by=by, **a)
        case "award":
            a.setdefault("end", None)
            _call(cases.award, step, case_id=case_id, day=day, by=by, **a)
        case "modify":
            m = _call(cases.modify, step, case_id=case_id, day=day, by=by, **a)
            m = m.case.modifications[-1]
            return "notice required" if m.notice_required else "no notice required"
        case "abandon":
            _call(cases.abandon, step, case_id=case_id, day=day, by=by, **a)
        case "request_information":
            _call(cases.request_information, step, case_id=case_id, day=day, by=by, **a)
        case "give_information":
            _call(cases.give_information, step, case_id=case_id, day=day, by=by, **a)
        case "refer":
            _call(cases.refer_to_panel, step, case_id=case_id, day=day, by=by, **a)
        case "advice":
            _call(cases.record_panel_advice, step, case_id=case_id, day=day, by=by, **a)
    return cases.state(case_id).status.value


def _report(cases: Cases, script: CaseScript, step: ScriptStep) -> str:
    register = cases.register()
    if step.step == "record":
        rec = build_record(cases.state(script.case, register), register)
        missing = ", ".join(i["item"] for i in rec.missing)
        return f"record incomplete: {missing}" if missing else "record complete"
    year = str(step.args["year"])
    if step.step == "summary":
        counts = annual_summary(register, script.authority, year).counts
        return ", ".join(f"{k}={v}" for k, v in counts.items() if v)
    as_at = step.date or date.today()
    report = monitoring_report(register, script.authority, year, as_at)
    return f"{len(report.failures)} failure(s) in {len(report.findings)} checks"


def _state_value(cases: Cases, script: CaseScript, step: ScriptStep, key: str) -> Any:
    register = cases.register()
    if step.step == "summary":
        return annual_summary(register, script.authority, str(step.args["year"])).counts[key]
    value: Any = cases.state(script.case, register)
    try:
        for part in key.split("."):
            value = _recorded(value)
            if isinstance(value, dict):
                value = value[part]
            elif isinstance(value, list):
                value = value[int(part)]
            else:
                value = getattr(value, part)
    except (KeyError, IndexError, ValueError, AttributeError):
        return f"<no {key}>"
    value = _recorded(value)
    return value.value if hasattr(value, "value") else value


def _recorded(value: Any) -> Any:
    """A typed record of the case (the standstill, the award) as its step recorded it, so a
    script names its parts as the stored JSON does."""
    to_json = getattr(value, "to_json", None)
    return to_json() if callable(to_json) else value


def run_script(cases: Cases, script: CaseScript, *, live: bool = False) -> list[StepOutcome]:
    """Run the script as its authority (the case and everything recorded for it are that
    organisation's), after checking the whole of it (nothing is written for a script that
    fails the check). ``live`` (a real ledger, not a rehearsal): stop at the first step
    refused that the script did not expect to be refused, so nothing after it is taken on a
    case that is not where the script thought it was."""
    if cases.authority != script.authority:
        cases = Cases(cases.system, script.authority)
    check_script(cases, script)
    _setup(cases, script)
    outcomes = []
    for index, step in enumerate(script.steps):
        try:
            message, outcome = _run_step(cases, script, step), "ok"
        except InvalidInput as exc:
            message, outcome = str(exc), "refused"
        failures = []
        if outcome != step.expect:
            failures.append(f"expected {step.expect}, was {outcome}: {message}")
        failures += [f"message lacks {w!r}" for w in step.expect_message if w not in message]
        if outcome == "ok":
            for key, want in step.expect_state.items():
                got = _state_value(cases, script, step, key)
                if str(got) != str(want):
                    failures.append(f"{key} is {got!r}, expected {want!r}")
        day = step.date.isoformat() if step.date else None
        outcomes.append(StepOutcome(
            index=index, step=step.step, date=day, outcome=outcome, message=message,
            failures=failures,
        ))  # fmt: skip
        if live and outcome == "refused" and step.expect != "refused":
            break
    return outcomes
