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
    if "count" in case:
        kinds = case["count"]
        found = len(register.bodies(day, kinds if isinstance(kinds, list) else [kinds]))
        assert found == case["expect"], f"{found} bodies of {kinds} on {day}"


CHECKERS: dict[str, Callable[[Case], None]] = {"register": check_register}
