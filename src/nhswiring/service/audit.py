"""The audit: every change the register holds, as the act that made it, judged by the law in
force on its date.

The events are folded in effective-date order; each change (`service/audit_changes.py`) is
judged against the register as it stood just before its first event, exactly as a scenario
step is, then its events are applied. A user's action recorded with ``check --record`` is
reported with the verdict it was recorded under (judged when it was taken, on the state it
changed). The aim is that nothing is unlawful: an unlawful change means the data or the encoded
law is wrong. Where the law needs a fact the sources do not give, the verdict is undetermined
and names the fact; what is not a legal act at all is reported as ``noted`` with the reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.errors import InvalidInput, NhswiringError
from nhswiring.domain.event_codec import from_payload
from nhswiring.domain.events import BodyEstablished, CaseStep, DelegationMade, Event
from nhswiring.domain.register import Register
from nhswiring.law.judge import judge
from nhswiring.law.regimes import regime_key_in_force
from nhswiring.law.verdict import SCHEMA
from nhswiring.ledger.store import LedgerEntry
from nhswiring.reference.change_instruments import ChangeInstrument, Instruments, load_instruments
from nhswiring.reference.history import HistoryEntry
from nhswiring.service.audit_changes import Change, Happening, group
from nhswiring.service.system import System
from nhswiring.service.unit_of_work import UnitOfWork

#: The outcome of a change that is not a legal act (beside lawful, unlawful, undetermined).
NOTED = "noted"
OUTCOMES = ("lawful", "undetermined", "unlawful", NOTED)
NOT_A_LEGAL_ACT = "audit.not_a_legal_act"
CANNOT_JUDGE = "audit.missing_fact"
RECORDED = "recorded decision"


@dataclass(frozen=True, slots=True)
class AuditRow:
    day: date
    actor: str
    action: str  # the audit's word for the change
    subjects: tuple[str, ...]
    instrument: ChangeInstrument
    verdict: Mapping[str, Any]  # nhswiring.verdict/1 (outcome "noted" for no legal act)

    @property
    def outcome(self) -> str:
        return str(self.verdict["outcome"])

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "subjects": list(self.subjects),
            "instrument": self.instrument.to_json(),
            "verdict": dict(self.verdict),
        }


# --- the happenings, from the shipped history or from a ledger ---------------------------------


def _kind_of(event: Event, kinds: dict[str, BodyKind]) -> BodyKind | None:
    if isinstance(event, BodyEstablished):
        kinds[event.code] = event.kind
        return event.kind
    if isinstance(event, DelegationMade):
        return kinds.get(event.delegate)
    code = event.subjects[0] if event.subjects else None
    return kinds.get(code) if code else None


def _successor_kinds(event: Event, kinds: dict[str, BodyKind]) -> tuple[BodyKind | None, ...]:
    successors = getattr(event, "successors", ())
    return tuple(kinds.get(s) for s in successors) if isinstance(successors, tuple) else ()


def _remember_kind(event: Event, kinds: dict[str, BodyKind]) -> None:
    code, kind = getattr(event, "code", None), getattr(event, "kind", None)
    if isinstance(code, str) and isinstance(kind, BodyKind):
        kinds[code] = kind


def from_history(history: Sequence[HistoryEntry]) -> list[Happening]:
    """The shipped register's history as happenings, each with the kind of body it is about."""
    kinds: dict[str, BodyKind] = {}
    out = []
    for h in history:
        kind = _kind_of(h.event, kinds)
        others = _successor_kinds(h.event, kinds)
        out.append(Happening(h.effective, h.actor, h.event, kind, successor_kinds=others))
        _remember_kind(h.event, kinds)
    return out


def from_ledger(entries: Iterable[LedgerEntry]) -> list[Happening]:
    """A ledger's public entries in effective-date order; case steps are left out (a provider
    selection case is judged step by step by the case service, not here)."""
    kinds: dict[str, BodyKind] = {}
    out = []
    for e in entries:
        if e.action_type == CaseStep.TYPE:
            continue
        event = from_payload(e.action_type, e.payload)
        kind = _kind_of(event, kinds)
        others = _successor_kinds(event, kinds)
        out.append(Happening(e.effective_date, e.actor, event, kind, e.verdict, e.seq, others))
        _remember_kind(event, kinds)
    return out


# --- judging ---------------------------------------------------------------------------------


def _plain_verdict(
    change: Change, outcome: str, rule: str, text: str, missing: tuple[str, str] | None = None
) -> dict[str, Any]:
    """A verdict/1 object for what the engine does not judge: not a legal act, or a change the
    sources do not describe well enough to judge."""
    return {
        "schema": SCHEMA,
        "outcome": outcome,
        "action": change.action or change.change.replace(" ", "_"),
        "actor": change.actor,
        "date": change.day.isoformat(),
        "regime": regime_key_in_force(change.day),
        "reasons": [
            {
                "rule": rule,
                "text": text,
                "citation": "",
                "effect": "notes",
                "overridden": False,
                "overridden_by": None,
                "sources": [],
            }
        ],
        "obligations": [],
        "missing_facts": [{"name": missing[0], "question": missing[1]}] if missing else [],
    }


def judge_change(change: Change, state: Register) -> dict[str, Any]:
    """The verdict/1 object for one change, judged against ``state`` (the register as it stood
    before the change)."""
    if change.missing is not None:
        return _plain_verdict(
            change,
            "undetermined",
            CANNOT_JUDGE,
            change.reason[:1].upper() + change.reason[1:] + ".",
            change.missing,
        )
    if change.action is None:
        return _plain_verdict(change, NOTED, NOT_A_LEGAL_ACT, f"Not a legal act: {change.reason}.")
    try:
        verdict = judge(
            day=change.day,
            actor=change.actor,
            action=change.action,
            args=change.args,
            facts=change.facts,
            state=state,
        )
    except InvalidInput as exc:
        return _plain_verdict(
            change,
            "undetermined",
            CANNOT_JUDGE,
            f"The register cannot state this act as the law reads it: {exc}.",
            ("register_record", f"What does the register lack to state this act? ({exc.problem})"),
        )
    return verdict.to_json()


def _recorded_changes(happenings: Sequence[Happening]) -> list[Change]:
    """User actions recorded with their verdict: consecutive entries written on one day by one
    actor with one verdict are one action."""
    out: list[Change] = []
    previous: Happening | None = None
    for i, h in enumerate(happenings):
        if h.recorded is None:
            previous = None
            continue
        if previous is not None and (previous.effective, previous.actor, previous.recorded) == (
            h.effective,
            h.actor,
            h.recorded,
        ):
            out[-1].members.append(i)
            out[-1].subjects = tuple(dict.fromkeys((*out[-1].subjects, *h.event.subjects)))
        else:
            action = str(h.recorded.get("action") or h.event.TYPE)
            out.append(
                Change(
                    h.effective,
                    h.actor,
                    RECORDED,
                    tuple(h.event.subjects),
                    h.kind,
                    action,
                    {"verdict": h.recorded},
                    members=[i],
                )
            )
        previous = h
    return out


def _recorded_row(change: Change, happenings: Sequence[Happening]) -> AuditRow:
    seqs = [s for s in (happenings[m].seq for m in change.members) if s is not None]
    where = (
        f"ledger entries {min(seqs)}-{max(seqs)}"
        if len(seqs) > 1
        else f"ledger entry {seqs[0]}"
        if seqs
        else UNKNOWN_REFERENCE
    )
    instrument = ChangeInstrument(
        f"{change.action.replace('_', ' ') if change.action else 'decision'} recorded in the "
        "ledger with its verdict",
        where,
        None,
    )
    verdict = change.args["verdict"]
    words = ACTION_WORDS.get(str(change.action), str(change.action).replace("_", " "))
    return AuditRow(change.day, change.actor, words, change.subjects, instrument, verdict)


UNKNOWN_REFERENCE = "unknown"
#: The audit's words for the engine's actions, so a recorded decision reads like the register's
#: own changes (any other action is named as it is, in words).
ACTION_WORDS = {
    "merge": "merger",
    "establish": "establishment",
    "dissolve": "dissolution",
    "vary_area": "area variation",
    "delegate": "delegation",
    "authorise_foundation_trust": "foundation trust authorisation",
    "dissolve_after_special_administration": "dissolution after special administration",
}


def audit(
    happenings: Sequence[Happening],
    instruments: Instruments,
    *,
    start: date | None = None,
    end: date | None = None,
) -> list[AuditRow]:
    """Every change in [start, end) (all when not given), in the order they took effect."""
    changes = sorted(group(happenings) + _recorded_changes(happenings), key=lambda c: c.first)
    at_first: dict[int, list[Change]] = defaultdict(list)
    for c in changes:
        at_first[c.first].append(c)
    state = Register()
    rows: list[tuple[int, AuditRow]] = []
    # Area variations are judged on the day's end: one order varies several ICBs together (the
    # 2023 variation moved four Chichester areas from one ICB to its neighbour), and coverage
    # is a question about all of them at once.
    at_day_end: list[Change] = []
    for i, h in enumerate(happenings):
        if at_day_end and at_day_end[0].day != h.effective:
            rows += [(c.first, _row(c, state, happenings, instruments)) for c in at_day_end]
            at_day_end = []
        for change in at_first.get(i, ()):
            if not _within(change.day, start, end):
                continue
            if change.action == "vary_area":
                at_day_end.append(change)
            else:
                rows.append((change.first, _row(change, state, happenings, instruments)))
        try:
            state.apply(h.effective, h.event)
        except NhswiringError:  # a ledger that folds cannot fail here; keep auditing if it does
            continue
    rows += [(c.first, _row(c, state, happenings, instruments)) for c in at_day_end]
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def _within(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day < end)


def _row(
    change: Change, state: Register, happenings: Sequence[Happening], instruments: Instruments
) -> AuditRow:
    if change.change == RECORDED:
        return _recorded_row(change, happenings)
    instrument = instruments.find(
        change.day,
        change.change,
        change.subjects,
        change.kind.value if change.kind else None,
        change.function,
    )
    return AuditRow(
        change.day,
        change.actor,
        change.change,
        change.subjects,
        instrument,
        judge_change(change, state),
    )


def totals(rows: Iterable[AuditRow]) -> dict[str, int]:
    """How many changes had each outcome (every outcome listed, zero included)."""
    counted = Counter(r.outcome for r in rows)
    return {o: counted.get(o, 0) for o in OUTCOMES} | {
        o: n for o, n in counted.items() if o not in OUTCOMES
    }


def audit_ledger(
    system: System, *, start: date | None = None, end: date | None = None
) -> list[AuditRow]:
    """The audit of a database's public record: the history it was loaded with, any ODS
    imports, and every action recorded since."""
    system.require_loaded()
    with UnitOfWork(system.engine) as uow:
        happenings = from_ledger(uow.ledger.read(by_effective_date=True))
    return audit(happenings, load_instruments(), start=start, end=end)
