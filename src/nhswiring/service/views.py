"""Read models: the register as at a date, shaped as the JSON the CLI and API print.

The field names here are a public contract (scripts parse them), so they are spelled out
rather than derived from the dataclasses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from nhswiring.domain.bodies import NON_STATUTORY, Body, BodyKind
from nhswiring.domain.commissioning import functions_held, who_commissions
from nhswiring.domain.errors import UnknownBody
from nhswiring.domain.functions import CommissioningAnswer, Delegation, StatutoryFunction
from nhswiring.domain.register import Register
from nhswiring.domain.time import iso_or_none

if TYPE_CHECKING:
    from nhswiring.ledger.store import LedgerEntry

JsonDict = dict[str, Any]


def body_json(body: Body) -> JsonDict:
    out: JsonDict = {
        "code": body.code,
        "name": body.name,
        "kind": body.kind.value,
        "parent": body.parent,
        "start": body.start.isoformat(),
        "end": iso_or_none(body.end),
    }
    if body.is_trust:
        out["foundation_trust"] = body.foundation_trust
        out["trust_type"] = body.trust_type.value if body.trust_type else None
        out["care_trust"] = body.care_trust  # NHS Act 2006 s.77 designation
    if body.ons_code:
        out["ons_code"] = body.ons_code
    if body.kind in NON_STATUTORY:
        out["statutory"] = False
    return out


def list_bodies(register: Register, day: date, kinds: Iterable[BodyKind]) -> list[JsonDict]:
    bodies = sorted(register.bodies(day, kinds), key=lambda b: (b.kind.value, b.name, b.code))
    return [body_json(b) for b in bodies]


def delegation_json(d: Delegation) -> JsonDict:
    return {
        "id": d.delegation_id,
        "function": d.function,
        "from": d.delegator,
        "to": d.delegate,
        "start": d.valid.start.isoformat(),
        "end": iso_or_none(d.valid.end),
        "basis": d.basis,
    }


def find_body(register: Register, code: str, day: date) -> Body:
    body = register.body(code, day)
    if body is not None:
        return body
    lives = register.lives(code)
    if lives:
        spans = "; ".join(
            f"{b.kind.value} {b.start.isoformat()} to {iso_or_none(b.end) or 'now'}" for b in lives
        )
        raise UnknownBody(
            "as-at", f"{code} was not in force on {day.isoformat()}", f"it existed {spans}"
        )
    raise UnknownBody(
        "code",
        f"{code!r} is not in the register",
        "use an ODS code (e.g. QHM, 00L, RR8), an ONS local authority code "
        "(e.g. E08000021) or a national code (SOS, NHSE, MONITOR, TDA, CMA, CQC)",
    )


def show_body(
    register: Register, code: str, day: date, catalogue: Mapping[str, StatutoryFunction]
) -> JsonDict:
    body = find_body(register, code, day)
    delegations = register.delegations(day, code)
    out = body_json(body)
    out.update(
        {
            "as_at": day.isoformat(),
            "predecessors": list(body.predecessors),
            "successors": list(body.successors),
            "children": sorted(b.code for b in register.children(code, day)),
            "other_lives": [
                {
                    "kind": b.kind.value,
                    "name": b.name,
                    "start": b.start.isoformat(),
                    "end": iso_or_none(b.end),
                }
                for b in register.lives(code)
                if b.start != body.start
            ],
            "functions": [
                {"function": h.function, "scope": h.scope.value, "citation": h.citation}
                for h in functions_held(code, day, register, catalogue)
            ],
            "delegations_out": [delegation_json(d) for d in delegations if d.delegator == code],
            "delegations_in": [delegation_json(d) for d in delegations if d.delegate == code],
            "area": [
                {"code": c.area, "whole": c.whole, "since": c.valid.start.isoformat()}
                for c in sorted(register.area_of(code, day), key=lambda c: c.area)
            ],
            "appointments": [
                {
                    "id": a.appointment_id,
                    "person": a.person,
                    "role": a.role.value,
                    "bodies": list(a.bodies),
                    "voting": a.voting,
                }
                for a in register.appointments(day, code)
            ],
            "members": [
                {"code": m.member, "since": m.start.isoformat(), "until": iso_or_none(m.end)}
                for m in sorted(register.partnership_members(code, day), key=lambda m: m.member)
            ],
            "partnerships": sorted(m.partnership for m in register.partnerships_of(code, day)),
            "contracts": [
                {
                    "id": c.contract_id,
                    "commissioner": c.commissioner,
                    "provider": c.provider,
                    "service": c.service,
                    "lifetime_value": str(c.value_on(day)),
                    "value_when_entered_into": str(c.lifetime_value),
                    "start": c.valid.start.isoformat(),
                    "end": c.valid.end.isoformat() if c.valid.end else None,
                }
                for c in register.contracts(day, code)
            ],
            "merger_control": merger_control_json(register, code, day),
        }
    )
    return out


def merger_control_json(register: Register, code: str, day: date) -> list[JsonDict]:
    """The merger-control decisions naming ``code`` as a party, to ``day``, each saying
    whether it binds on ``day`` (domain/competition.py)."""
    controls = register.merger_controls
    binding = {b.decision.decision_id for b in controls.bindings.values() if b.contains(day)}
    return [
        {
            "date": d.isoformat(),
            "dated": e.dated,
            "decision": e.decision_id,
            "authority": e.authority.value,
            "outcome": e.outcome.value,
            "phase": e.phase,
            "parties": list(e.parties),
            "case_reference": e.case_reference or None,
            "binding": e.binding or None,
            "binds_on_date": e.decision_id in binding,
            "releases": e.releases or None,
            "summary": e.summary,
            "source": {"title": e.source_title, "url": e.source_url},
        }
        for d, e in controls.of(code, day)
    ]


def history_json(entries: Iterable[LedgerEntry]) -> list[JsonDict]:
    return [e.to_json() for e in entries]


def answer_json(answer: CommissioningAnswer, register: Register) -> JsonDict:
    def name(code: str) -> str | None:
        body = register.body(code, answer.day)
        return body.name if body else None

    return {
        "function": answer.function,
        "area": answer.area,
        "as_at": answer.day.isoformat(),
        "holder": {
            "code": answer.holding.holder,
            "name": name(answer.holding.holder),
            "citation": answer.holding.citation,
        },
        "exercised_by": {"code": answer.exercised_by, "name": name(answer.exercised_by)},
        "chain": [delegation_json(d) | {"to_name": name(d.delegate)} for d in answer.chain],
    }


def who_commissions_json(
    register: Register, fn: StatutoryFunction, area: str, day: date
) -> list[JsonDict]:
    return [answer_json(a, register) for a in who_commissions(fn, area, day, register)]


def counts_by_kind(register: Register, day: date) -> dict[str, int]:
    counts = Counter(b.kind.value for b in register.bodies(day))
    return {k.value: counts[k.value] for k in BodyKind if counts[k.value]}


def function_json(f: StatutoryFunction) -> JsonDict:
    """A function of the catalogue with each conferral: who holds it, in which scope, from
    when (half-open ``start``/``end``) and by which provision."""
    return {
        "key": f.key,
        "title": f.title,
        "summary": f.summary,
        "conferrals": [
            {
                "holder": str(c.holder),
                "scope": c.scope.value,
                "start": c.valid.start.isoformat(),
                "end": iso_or_none(c.valid.end),
                "citation": c.citation,
            }
            for c in f.conferrals
        ],
    }
