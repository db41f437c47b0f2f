"""The three finance views users ask for: one body's year (``finance show``), an ICB with its
partner trusts against their joint limits (``finance system``), and every ICB side by side
(``finance compare``). Each is plain JSON (the contract the CLI, API and web pages print) and
each says which figures were missing rather than reading them as zero.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from nhswiring.domain.bodies import KIND_GROUPS, Body, BodyKind
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.finance import HEADLINE, UNIT, UNIT_LABEL, FinancialYear, Stream
from nhswiring.domain.register import Register
from nhswiring.service.finance import (
    LIMIT_ACTIONS,
    OBJECTIVE_ACTIONS,
    allocations_json,
    body_in_year,
    comparator,
    decisions_json,
    growth,
    headline,
    money,
    recorded_json,
    year_json,
)
from nhswiring.service.finance_duties import body_duty_tests, system_duty_tests
from nhswiring.service.finance_prices import prices_json
from nhswiring.service.views import body_json

JsonDict = dict[str, Any]


def finance_show(register: Register, code: str, year: FinancialYear) -> JsonDict:
    """Everything about ``code``'s money in ``year``."""
    body = body_in_year(register, code, year)
    out: JsonDict = (
        allocations_json(register, code, year)
        if body.kind in {BodyKind.ICB, BodyKind.CCG}
        else {
            "body": body_json(body),
            "year": year_json(body, year),
            "unit": UNIT,
            "streams": [],
        }
    )
    out["unit_label"] = UNIT_LABEL
    out["objectives"] = decisions_json(register, code, year, OBJECTIVE_ACTIONS)
    out["limits"] = decisions_json(register, code, year, LIMIT_ACTIONS)
    out["recorded"] = recorded_json(register, code, year)
    out["duties"] = [t.to_json() for t in body_duty_tests(register, body, year)]
    out["prices"] = [
        {k: p[k] for k in ("publication", "action", "edition", "publisher", "made", "verdict")}
        for p in prices_json(register, year)["publications"]
    ]
    return out


def partner_trusts(register: Register, icb: str, year: FinancialYear) -> list[Body]:
    """The trusts the register places under ``icb`` in ``year``: its host-ICB trusts, the
    register's stand-in for the partner trusts named in the ICB's constitution."""
    body = body_in_year(register, icb, year)
    day = max(year.start, body.start)
    trusts = KIND_GROUPS["trust"]
    return sorted(
        (b for b in register.children(icb, day) if b.kind in trusts), key=lambda b: b.name
    )


def finance_system(register: Register, code: str, year: FinancialYear) -> JsonDict:
    """The ICB and its partner trusts in ``year``: each member's recorded figures and the
    s.223M joint limits tested on their combined resource use."""
    icb = body_in_year(register, code, year)
    if icb.kind is not BodyKind.ICB:
        raise InvalidInput(
            "code", f"{code} is a {icb.kind.value}, not an ICB", "give an ICB's code, e.g. QWO"
        )
    members = [icb, *partner_trusts(register, code, year)]
    return {
        "system": body_json(icb),
        "year": year_json(icb, year),
        "unit": UNIT,
        "unit_label": UNIT_LABEL,
        "partners_basis": "trusts hosted by the ICB in the register (its stand-in for the "
        "partner trusts named in the ICB's constitution)",
        "members": [
            {"body": body_json(m), "recorded": recorded_json(register, m.code, year)}
            for m in members
        ],
        "limits": decisions_json(register, code, year, LIMIT_ACTIONS),
        "objectives": decisions_json(register, code, year, OBJECTIVE_ACTIONS),
        "duties": [t.to_json() for t in system_duty_tests(register, icb, members, year)],
    }


def _amount(text: str | None) -> Decimal:
    """A row's amount for sorting: a missing figure sorts below every real one."""
    return Decimal(text) if text is not None else Decimal(-1)


def _by_amount(key: str) -> Callable[[JsonDict], Decimal]:
    return lambda row: _amount(row[key])


#: The columns ``finance compare`` may sort on, and how each row is keyed for it.
SORTS: dict[str, Callable[[JsonDict], Any]] = {
    "name": lambda r: r["name"],
    "code": lambda r: r["code"],
    **{s.value: _by_amount(s.value) for s in Stream},
    "core_growth": lambda r: Decimal(r["core_growth_percent"] or "-1000"),
}


def finance_compare(
    register: Register, year: FinancialYear, sort: str = "name", descending: bool = False
) -> JsonDict:
    """Every ICB in ``year``: headline allocation per stream, core growth, and its duties."""
    if sort not in SORTS:
        raise InvalidInput("sort", f"{sort!r} is not a column", f"use one of: {', '.join(SORTS)}")
    # The ICBs of the year: those in force on its first day, or (2022/23, when ICBs began
    # on 1 July) on its last.
    icbs = register.bodies(year.start, [BodyKind.ICB]) or register.bodies(
        year.last_day, [BodyKind.ICB]
    )
    rows: list[JsonDict] = []
    for icb in icbs:
        row: JsonDict = {"code": icb.code, "name": icb.name}
        for stream in Stream:
            a = headline(icb.code, year, stream)
            row[stream.value] = money(a.amount) if a else None
        core = headline(icb.code, year, Stream.CORE_SERVICES)
        row["core_growth_percent"] = (
            growth(core.amount, comparator(register, icb, year, Stream.CORE_SERVICES))
            if core
            else None
        )
        tests = body_duty_tests(register, icb, year)
        row["duties"] = {t.duty: t.status.value for t in tests}
        rows.append(row)
    rows.sort(key=SORTS[sort], reverse=descending)
    return {
        "year": year.label,
        "unit": UNIT,
        "unit_label": UNIT_LABEL,
        "measures": {s.value: HEADLINE[s] for s in Stream},
        "sort": sort,
        "descending": descending,
        "icbs": rows,
    }
