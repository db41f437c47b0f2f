"""What a lawful action does to the system: the events that record it.

A verdict says whether an action may be taken; these are the facts that follow once it is.
Scenarios apply them to their state so that later steps see earlier ones, and `check
--record` appends them to the ledger with the verdict that allowed them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.people import NON_VOTING_ROLES, Role
from nhswiring.domain.register import Register
from nhswiring.law.common import COMMISSIONERS
from nhswiring.law.verdict import Verdict
from nhswiring.ledger.hashing import canonical_json


def effects(
    day: date, actor: str, action: str, args: Mapping[str, Any], verdict: Verdict, state: Register
) -> list[ev.Event]:
    """The events a lawful ``action`` produces (none for an unlawful or undetermined one)."""
    if verdict.outcome.value != "lawful":
        return []
    basis = (
        "; ".join(
            dict.fromkeys(r.citation for r in verdict.deciding() if r.effect.value == "permits")
        )
        or "see verdict"
    )
    make = _EFFECTS.get(action, _recorded)
    return make(day, actor, action, args, basis, state)


def _id(*parts: object) -> str:
    return hashlib.sha1(canonical_json([str(p) for p in parts]).encode()).hexdigest()[:12]


def _areas(state: Register, codes: list[str], day: date) -> list[str]:
    return sorted({c.area for code in codes for c in state.area_of(code, day)})


def _merge(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    bodies, into = list(args["bodies"]), str(args["into"])
    out: list[ev.Event] = []
    others = [b for b in bodies if b != into]
    if into not in bodies and state.body(into, day) is None:
        first = state.body(bodies[0], day)
        assert first is not None
        kind = BodyKind(str(args.get("kind") or first.kind.value))
        out += [ev.BodyDissolved(b, (into,)) for b in bodies]
        out.append(
            ev.BodyEstablished(
                into,
                kind,
                str(args.get("name") or into),
                parent=first.parent,
                trust_type=first.trust_type,
                predecessors=tuple(bodies),
            )
        )
        out += [ev.AreaAssigned(into, a) for a in _areas(state, bodies, day)]
        return out
    out += [ev.BodyDissolved(b, (into,)) for b in others]
    out += [ev.AreaAssigned(into, a) for a in _areas(state, others, day)]
    return out


def _establish(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    code = str(args["code"])
    out: list[ev.Event] = [
        ev.BodyEstablished(
            code,
            BodyKind(str(args["kind"])),
            str(args["name"]),
            parent=args.get("parent"),
            members=tuple(args.get("members") or ()),
        )
    ]
    out += [ev.AreaAssigned(code, a) for a in args.get("area") or ()]
    return out


def _dissolve(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    body, successors = str(args["body"]), tuple(args.get("successors") or ())
    out: list[ev.Event] = [ev.BodyDissolved(body, successors)]
    if len(successors) == 1:
        out += [ev.AreaAssigned(successors[0], a) for a in _areas(state, [body], day)]
    return out


def _vary_area(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    body = str(args["body"])
    covered = {c.area for c in state.area_of(body, day)}
    out: list[ev.Event] = [
        ev.AreaRemoved(body, a) for a in args.get("remove") or () if a in covered
    ]
    out += [ev.AreaAssigned(body, a) for a in args.get("add") or ()]
    return out


def _delegate(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    return [
        ev.DelegationMade(
            _id(action, day, args["function"], args["from"], args["to"]),
            str(args["function"]),
            str(args["from"]),
            str(args["to"]),
            basis,
            args.get("until"),
        )
    ]


def _joint_committee(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    code, members = str(args["code"]), tuple(args["members"])
    out: list[ev.Event] = [
        ev.BodyEstablished(code, BodyKind.JOINT_COMMITTEE, str(args["name"]), members=members)
    ]
    for function in args.get("functions") or ():
        for member in members:
            out.append(
                ev.DelegationMade(
                    _id(action, day, code, function, member), str(function), member, code, basis
                )
            )
    return out


def _appoint(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    person, role, bodies = str(args["person"]), Role(args["role"]), tuple(args["bodies"])
    out: list[ev.Event] = []
    if state.person(person) is None:
        out.append(ev.PersonRegistered(person, str(args.get("name") or person)))
    voting = args.get("voting")
    voting = role not in NON_VOTING_ROLES if voting is None else bool(voting)
    out.append(
        ev.AppointmentMade(_id(action, day, person, role, bodies), person, role, bodies, voting)
    )
    commissioners = [b for b in bodies if (x := state.body(b, day)) and x.kind in COMMISSIONERS]
    for other in (b for b in bodies if b not in commissioners):
        if commissioners:
            out.append(
                ev.InterestDeclared(
                    _id("interest", day, person, other),
                    person,
                    other,
                    f"{role.value} of {other} (joint appointment)",
                )
            )
    return out


def _transfer(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    out: list[ev.Event] = []
    for function in args["functions"]:
        out.append(ev.FunctionWithdrawn(str(args["from"]), str(function), basis))
        out.append(ev.FunctionConferred(str(args["to"]), str(function), basis))
    return out


def _award(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    contract = str(
        args.get("contract")
        or _id(action, day, args["commissioner"], args["provider"], args["service"])
    )
    return [
        ev.ContractAwarded(
            contract,
            str(args["commissioner"]),
            str(args["provider"]),
            str(args["service"]),
            Decimal(str(args["lifetime_value"])),
            args["start"],
            args.get("end"),
        )
    ]


def _modify(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    """A lawful modification of a contract the state knows changes its value, so the
    cumulative change tests of later modifications count it (PSR reg 13(2)(b), (4)); one of a
    contract the state does not know is recorded as a decision."""
    contract = state.contract(str(args["contract"]))
    if contract is None:
        return _recorded(day, actor, action, args, basis, state)
    return [
        ev.ContractModified(
            contract.contract_id,
            contract.commissioner,
            contract.provider,
            Decimal(str(args["lifetime_value_change"])),
        )
    ]


def _recorded(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    concerns = []
    for value in args.values():
        for code in value if isinstance(value, list) else [value]:
            if isinstance(code, str) and state.knows(code) and code != actor:
                concerns.append(code)
    details = canonical_json({k: _plain(v) for k, v in args.items()} | {"basis": basis})
    return [
        ev.DecisionRecorded(
            _id(action, day, actor, details), action, actor, tuple(dict.fromkeys(concerns)), details
        )
    ]


def _plain(value: Any) -> Any:
    """An argument as JSON keeps it: amounts as exact decimal strings, at any depth (an
    outturn's figures, a trust's earlier years), lists as lists, mappings as mappings."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(x) for x in value]
    return str(value)


def _authorise(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    return [ev.BodyKindChanged(str(args["trust"]), BodyKind.FOUNDATION_TRUST)]


def _dissolve_after_special_administration(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    return [ev.BodyDissolved(str(args["trust"]), tuple(args.get("successors") or ()))]


def _report_outturn(
    day: date, actor: str, action: str, args: Mapping[str, Any], basis: str, state: Register
) -> list[ev.Event]:
    """A reported outturn becomes the body's recorded figures for the year (and its earlier
    years, where the report gave them), so that later steps and the finance views test the
    duties on them; the report's verdict stays on the ledger entry."""
    body = str(args["body"])
    years = {str(args["year"]): {**args.get("figures", {}), **args.get("limits", {})}}
    years |= {str(y): dict(v) for y, v in args.get("history", {}).items()}
    return [
        ev.FinanceFigureRecorded(
            body=body,
            year=year,
            figure=str(item),
            amount=Decimal(str(amount)),
            source=f"{action} of {day.isoformat()}",
        )
        for year, figures in sorted(years.items())
        for item, amount in figures.items()
    ]


_EFFECTS = {
    "report_outturn": _report_outturn,
    "authorise_foundation_trust": _authorise,
    "dissolve_after_special_administration": _dissolve_after_special_administration,
    "merge": _merge,
    "establish": _establish,
    "dissolve": _dissolve,
    "vary_area": _vary_area,
    "delegate": _delegate,
    "joint_committee": _joint_committee,
    "appoint": _appoint,
    "transfer_functions": _transfer,
    "award_contract": _award,
    "modify_contract": _modify,
}
