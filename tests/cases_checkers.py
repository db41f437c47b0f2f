"""Checkers for the YAML cases: each takes one case and asserts what it says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from nhswiring.domain.commissioning import who_commissions
from nhswiring.domain.register import Register
from nhswiring.law.function_catalogue import function
from nhswiring.reference.history import real_history
from nhswiring.reference.rows import load_reference_data
from nhswiring.service.partnerships import system_for

Case = dict[str, Any]


@cache
def real_register() -> Register:
    history = real_history(load_reference_data())
    return Register().apply_all((h.effective, h.event) for h in history)


def _day(case: Case) -> date:
    value = case["as_at"]
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def check_register(case: Case) -> None:
    """A question about the real register as at a date, with the expected answer."""
    register = real_register()
    day = _day(case)
    if "who_commissions" in case:
        question = case["who_commissions"]
        answers = who_commissions(
            function(question["function"]), str(question["area"]), day, register
        )
        holders = sorted({a.holding.holder for a in answers})
        exercised = sorted({a.exercised_by for a in answers})
        assert holders == sorted(case["expect"]["holders"]), (holders, case["expect"])
        if "exercised_by" in case["expect"]:
            assert exercised == sorted(case["expect"]["exercised_by"]), exercised
    if "body" in case:
        body = register.body(str(case["body"]), day)
        expect = case["expect"]
        if expect.get("in_force") is False:
            assert body is None, body
            return
        assert body is not None, f"{case['body']} not in force on {day}"
        for field in ("kind", "name", "parent"):
            if field in expect:
                assert str(getattr(body, field)) == str(expect[field]), (field, body)
        if "foundation_trust" in expect:
            assert body.foundation_trust is expect["foundation_trust"], body
        if "care_trust" in expect:
            assert body.care_trust is expect["care_trust"], body
        for field in ("predecessors", "successors"):
            if field in expect:
                assert sorted(getattr(body, field)) == sorted(expect[field]), (field, body)
    if "system_for" in case:
        answer = system_for(register, str(case["system_for"]), day)
        expect = case["expect"]
        assert answer["period"] == expect["period"], answer
        codes = sorted(s["code"] for s in answer["systems"])
        assert codes == sorted(expect.get("systems", [])), codes
        statutory = {s["statutory"] for s in answer["systems"]}
        assert statutory <= {answer["period"] == "icb"}, answer
    if "partnerships_of" in case:
        spans = register.partnerships_of(str(case["partnerships_of"]), day)
        assert sorted(s.partnership for s in spans) == sorted(case["expect"]["partnerships"])
    if "members_of" in case:
        members = {s.member for s in register.partnership_members(str(case["members_of"]), day)}
        expect = case["expect"]
        if "count" in expect:
            assert len(members) == expect["count"], sorted(members)
        assert set(expect.get("includes", [])) <= members, sorted(members)
        assert not set(expect.get("excludes", [])) & members, sorted(members)
    if "merger_control_between" in case:
        codes = [str(c) for c in case["merger_control_between"]]
        bound = sorted(b.decision.decision_id for b in register.merger_controls.binding(codes, day))
        assert bound == sorted(case["expect"]["binding"]), bound
    if "count" in case:
        kinds = case["count"]
        found = len(register.bodies(day, kinds if isinstance(kinds, list) else [kinds]))
        assert found == case["expect"], f"{found} bodies of {kinds} on {day}"


def check_verdict(case: Case) -> None:
    """A legal case: one action on a date, judged under a regime, with the expected outcome,
    citations, obligations and missing facts."""
    from nhswiring.law.judge import judge
    from nhswiring.service.scenarios import parse_scenario, starting_state

    day = _day(case | {"as_at": case["date"]})
    before = case.get("before", [])  # earlier steps of the same scenario, their effects kept
    start = min([day, *(date.fromisoformat(str(b["date"])) for b in before)])
    scenario = parse_scenario(
        {
            "name": case["name"],
            "start": start.isoformat(),
            "given": case.get("given", {}),
            "steps": [
                *before,
                {"date": day.isoformat(), "actor": case["actor"], "action": case["action"]},
            ],
        }
    )
    state = starting_state(scenario)
    if before:
        state = _after_steps(scenario, state, case.get("regime", "in-force"))
    verdict = judge(
        day=day,
        actor=str(case["actor"]),
        action=case["action"],
        args=case.get("args", {}),
        facts=case.get("facts", {}),
        state=state,
        regime_key=case.get("regime", "in-force"),
    )
    summary = "; ".join(
        f"{r.rule} {r.effect.value}{' (overridden)' if r.overridden else ''}"
        for r in verdict.reasons
    )
    assert verdict.outcome.value == case["expect"], (
        f"got {verdict.outcome.value}, expected {case['expect']}: {summary}; missing "
        f"{[m.name for m in verdict.missing_facts]}"
    )
    cited = [*verdict.citations, *(o.citation for o in verdict.obligations)]
    for want in case.get("expect_citations", []):
        assert any(want in c for c in cited), f"no citation contains {want!r}: {cited}"
    for want in case.get("expect_rules", []):
        assert any(r.rule == want and not r.overridden for r in verdict.reasons), (
            f"rule {want} did not decide: {summary}"
        )
    standing = [r.text for r in verdict.reasons if not r.overridden]
    for want in case.get("expect_reasons", []):
        assert any(want.lower() in t.lower() for t in standing), f"no reason like {want!r}"
    texts = [o.text for o in verdict.obligations]
    for want in case.get("expect_obligations", []):
        assert any(want.lower() in t.lower() for t in texts), f"no obligation like {want!r}"
    if "expect_due" in case:
        dues = {o.due.isoformat() for o in verdict.obligations if o.due}
        for want in case["expect_due"]:
            assert str(want) in dues, f"no obligation due {want}: {sorted(dues)}"
    if "expect_missing" in case:
        assert sorted(m.name for m in verdict.missing_facts) == sorted(case["expect_missing"])
    assert all(r.citation for r in verdict.reasons), "a reason without a citation"


def _after_steps(scenario: Any, state: Register, regime_key: str) -> Register:
    """The state once the case's ``before`` steps are judged and their effects applied, as a
    scenario applies them (each earlier step must come out as its ``expect`` says)."""
    from nhswiring.law.actions import parse_args
    from nhswiring.law.judge import judge
    from nhswiring.service.effects import effects

    for step in scenario.steps[:-1]:
        verdict = judge(
            day=step.date,
            actor=step.actor,
            action=step.action,
            args=step.args,
            facts=step.facts,
            state=state,
            regime_key=regime_key,
        )
        if step.expect is not None:
            assert verdict.outcome.value == step.expect, (step, verdict.outcome.value)
        args = parse_args(step.action, dict(step.args))
        for event in effects(step.date, step.actor, step.action, args, verdict, state):
            state.apply(step.date, event)
    return state


CHECKERS: dict[str, Callable[[Case], None]] = {"register": check_register, "verdict": check_verdict}
