"""Judging one proposed action: validate it, pick the regime, read the law on the right day."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from nhswiring.domain.bodies import NON_STATUTORY, BodyKind
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.register import Register
from nhswiring.law.actions import parse_args
from nhswiring.law.engine import evaluate
from nhswiring.law.proposal import Proposal
from nhswiring.law.regimes import IN_FORCE, Regime, regime, regime_in_force
from nhswiring.law.verdict import Verdict

#: Arguments that name bodies that must already exist (new codes are named elsewhere).
EXISTING_BODY_ARGS = (
    "bodies",
    "body",
    "from",
    "to",
    "trust",
    "members",
    "commissioner",
    "provider",
    "system",
    "partners",
    "nhs_trusts",
)


#: Arguments naming a body for a financial year: it may be established after the action (an
#: allotment made before a new ICB's first year) or abolished before it (final accounts).
YEAR_BODY_ARGS = frozenset(
    {("set_allocations", "to"), ("set_resource_limits", "system"), ("report_outturn", "body")}
)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def choose_regime(key: str, day: date) -> Regime:
    return regime_in_force(day) if key == IN_FORCE else regime(key)


def check_references(
    state: Register, day: date, actor: str, action: str, args: Mapping[str, Any]
) -> None:
    """Unknown codes are bad input, not a question of law: name the field and the fix."""
    body = state.body(actor, day)
    if body is None:
        raise InvalidInput(
            "actor",
            f"{actor!r} is not a body in force on {day.isoformat()}",
            "use the code of a body in the register on that date (e.g. NHSE, "
            "SOS, an ICB, CCG or trust code), or add it under `given`",
        )
    if body.kind in NON_STATUTORY:
        raise InvalidInput(
            "actor",
            f"{actor!r} is a non-statutory partnership ({body.kind.value}): it has no functions "
            "of its own, so it cannot act in law",
            "name the member body that acts (see `nhswiring show` for its members)",
        )
    for name in EXISTING_BODY_ARGS:
        if name not in args or args[name] is None:
            continue
        if action == "delegate" and name == "to" and state.knows(str(args[name])):
            continue
        if (action, name) in YEAR_BODY_ARGS and all(
            state.knows(str(c)) for c in _listed(args[name])
        ):
            continue  # the rules ask whether the body has the financial year named
        if action == "direct" and name == "to" and state.knows(str(args[name])):
            pass
        values = args[name] if isinstance(args[name], list) else [args[name]]
        for code in values:
            if state.body(str(code), day) is None:
                raise InvalidInput(
                    f"args.{name}",
                    f"{code!r} is not a body in force on {day.isoformat()}",
                    "use a code in the register on that date, or add the body under `given`",
                )
    if action == "enter_transaction":
        trust = state.body(str(args["trust"]), day)
        if trust is not None and trust.kind is not BodyKind.FOUNDATION_TRUST:
            raise InvalidInput(
                "args.trust",
                f"{args['trust']!r} is {trust.kind.value.replace('_', ' ')}, not a foundation "
                "trust: enter_transaction judges a foundation trust's transactions (NHS Act 2006 "
                "ss.47, 51A)",
                "give a foundation trust's code",
            )
    if action in {"establish", "joint_committee"} and state.body(str(args["code"]), day):
        raise InvalidInput(
            "args.code",
            f"{args['code']!r} is already in force on {day.isoformat()}",
            "choose a new code",
        )


def judge(
    *,
    day: date,
    actor: str,
    action: str,
    args: Mapping[str, Any],
    facts: Mapping[str, Any] | None,
    state: Register,
    regime_key: str = IN_FORCE,
) -> Verdict:
    chosen = choose_regime(regime_key, day)
    parsed = parse_args(action, dict(args))
    check_references(state, day, actor, action, parsed)
    law_day = chosen.law_day(day)
    proposal = Proposal(day, actor, action, parsed, dict(facts or {}), state, law_day)
    return evaluate(proposal, chosen.rules, regime=chosen.key, law_day=law_day)
