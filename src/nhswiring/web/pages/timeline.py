"""A body's history in plain words: each ledger entry read for people, grouped by the day
it took effect, for the timeline on the body's page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from nhswiring.domain.bodies import BodyKind
from nhswiring.ledger.store import LedgerEntry
from nhswiring.service import graph
from nhswiring.web.templating import long_date


def kind_text(kind: str) -> str:
    """A body kind in words (``integrated care board``)."""
    try:
        return graph.kind_label(BodyKind(kind))
    except ValueError:
        return kind.replace("_", " ")


def _join(codes: Iterable[str], name: Callable[[str | None], str]) -> str:
    return ", ".join(f"{name(c)} ({c})" for c in codes)


def describe_entry(entry: LedgerEntry, name: Callable[[str | None], str]) -> str:
    """One ledger entry in plain words (the payload, read for people)."""
    p = entry.payload

    def n(key: str) -> str:
        code = p.get(key)
        return f"{name(str(code))} ({code})" if code else ""

    kind = entry.action_type
    if kind == "body.established":
        text = f"{p.get('name')} ({p.get('code')}) established as {_article(p.get('kind'))}"
        if p.get("parent"):
            text += f", under {n('parent')}"
        if p.get("predecessors"):
            text += f", succeeding {_join(p['predecessors'], name)}"
        return text
    if kind == "body.dissolved":
        text = f"{n('code')} dissolved"
        if p.get("successors"):
            text += f"; succeeded by {_join(p['successors'], name)}"
        return text
    if kind == "body.renamed":
        return f"{p.get('code')} renamed {p.get('name')}"
    if kind == "body.reparented":
        before = f" (before: {n('previous_parent')})" if p.get("previous_parent") else ""
        return f"{n('code')} placed under {n('parent')}{before}"
    if kind == "body.kind_changed":
        return f"{n('code')} became {_article(p.get('kind'))}"
    if kind == "body.care_trust_designated":
        verb = "designated" if p.get("designated", True) else "no longer designated"
        return f"{n('code')} {verb} a care trust (NHS Act 2006 s.77)"
    if kind == "area.assigned":
        part = "" if p.get("whole", True) else " (in part)"
        return f"{n('area')} added to the area of {n('body')}{part}"
    if kind == "area.removed":
        return f"{n('area')} removed from the area of {n('body')}"
    if kind in {"function.conferred", "function.withdrawn"}:
        verb = "conferred on" if kind == "function.conferred" else "withdrawn from"
        fn = graph.function_title(str(p.get("function")))
        return f"{fn} {verb} {n('holder')} ({p.get('citation')})"
    if kind == "delegation.made":
        fn = graph.function_phrase(str(p.get("function")))
        until = f" until {long_date(p['until'])}" if p.get("until") else ""
        return f"{n('delegator')} delegated {fn} to {n('delegate')}{until} ({p.get('basis')})"
    if kind == "delegation.ended":
        return f"Delegation from {n('delegator')} to {n('delegate')} ended"
    if kind == "contract.awarded":
        return (
            f"{n('commissioner')} awarded {n('provider')} a contract for {p.get('service')}"
            f" ({p.get('contract_id')})"
        )
    if kind == "appointment.made":
        return f"{p.get('person')} appointed {p.get('role')} of {_join(p.get('bodies', []), name)}"
    if kind == "appointment.ended":
        return f"Appointment {p.get('appointment_id')} ended"
    details = ", ".join(f"{k}: {v}" for k, v in p.items() if v not in (None, [], ""))
    return f"{kind.replace('.', ' ').replace('_', ' ')}: {details}"[:200]


def _article(kind: object) -> str:
    text = kind_text(str(kind))
    return ("an " if text[:1].lower() in "aeiou" else "a ") + text


def timeline(entries: list[LedgerEntry], name: Callable[[str | None], str]) -> list[dict[str, Any]]:
    days: dict[date, list[dict[str, Any]]] = {}
    for e in sorted(entries, key=lambda e: (e.effective_date, e.seq)):
        days.setdefault(e.effective_date, []).append(
            {
                "seq": e.seq,
                "actor": e.actor,
                "actor_name": name(e.actor),
                "action": e.action_type,
                "summary": describe_entry(e, name),
            }
        )
    return [{"day": d, "entries": items} for d, items in days.items()]
