"""Check the subject index against the chain it is derived from.

``show`` and ``history`` find a body's entries through ``ledger_subject``, not by reading the
whole chain, so a row deleted from the index makes an entry vanish from a body's history
while every hash still verifies, and a foreign row makes an unrelated entry appear in it. The
chain says what the index must hold: every entry's event names its subjects. This module
rebuilds that, entry by entry, and compares it with the rows the database holds.

Both sides are streamed in sequence order and compared as they go (a merge of two sorted
streams), so a million-entry ledger is checked in constant memory. Which subjects an entry
has is the caller's to say (``subjects_of``): the ledger does not know the events' vocabulary.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

#: An entry's subjects from its action type and payload (raises if the payload is not one).
SubjectsOf = Callable[[str, dict[str, Any]], Iterable[str]]

_BATCH = 20_000


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What the comparison found. ``first_seq`` and ``first_code`` name the first offending
    row in sequence order; ``missing`` rows the chain implies but the index lacks, ``extra``
    rows the index holds that no entry implies, ``undecodable`` entries whose payload names
    no subjects we can rebuild (their index rows are then counted as neither)."""

    entries: int
    rows: int
    missing: int = 0
    extra: int = 0
    undecodable: int = 0
    first_seq: int | None = None
    first_code: str | None = None
    first_problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.first_problem is None

    @property
    def reason(self) -> str | None:
        if self.ok:
            return None
        return (
            f"subject index wrong at entry {self.first_seq}: {self.first_problem} "
            f"({self.missing} missing, {self.extra} extra, {self.undecodable} undecodable)"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "rows": self.rows,
            "missing": self.missing,
            "extra": self.extra,
            "undecodable": self.undecodable,
            "first_seq": self.first_seq,
            "first_code": self.first_code,
            "reason": self.reason,
        }


def check_subject_index(
    connection: Connection, subjects_of: SubjectsOf, *, upto: int | None = None
) -> IndexReport:
    """Compare ``ledger_subject`` with the subjects the chain implies, entries 1 to ``upto``
    (default: all). Bounding both reads by the same sequence number keeps them consistent
    when writers append meanwhile (entries are never changed, only added)."""
    entries = _entries(connection, upto)
    rows = _index_rows(connection, upto)
    return compare_index(entries, rows, subjects_of)


def compare_index(
    entries: Iterable[tuple[int, str, str]],
    rows: Iterable[tuple[int, str]],
    subjects_of: SubjectsOf,
) -> IndexReport:
    """The merge itself, on plain iterables: ``entries`` as ``(seq, action_type,
    payload_json)`` and ``rows`` as ``(seq, code)``, both ascending by ``seq``."""
    tally = _Tally()
    counted = _Counted(rows)
    pending = iter(counted)
    row = next(pending, None)
    checked = 0
    for seq, action_type, payload in entries:
        checked += 1
        while row is not None and row[0] < seq:  # rows for no entry at all
            tally.extra(row[0], row[1], "the index names an entry the chain does not have")
            row = next(pending, None)
        held: list[str] = []
        while row is not None and row[0] == seq:
            held.append(row[1])
            row = next(pending, None)
        try:
            wanted = dict.fromkeys(subjects_of(action_type, json.loads(payload)))
        except Exception as exc:  # any failure to rebuild is a finding, not a crash
            tally.undecodable_entry(seq, f"its payload does not decode ({type(exc).__name__})")
            continue
        for code in sorted(wanted.keys() - set(held)):
            tally.missing_row(seq, code)
        for code in sorted(set(held) - wanted.keys()):
            tally.extra(seq, code, f"the index lists {code!r}, which the entry does not name")
    while row is not None:
        tally.extra(row[0], row[1], "the index names an entry the chain does not have")
        row = next(pending, None)
    return tally.report(checked, counted.count)


class _Counted:
    """Counts the index rows as the merge reads them."""

    def __init__(self, rows: Iterable[tuple[int, str]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[tuple[int, str]]:
        for row in self.rows:
            self.count += 1
            yield row


@dataclass
class _Tally:
    missing: int = 0
    extras: int = 0
    undecodable: int = 0
    first: tuple[int, str | None, str] | None = None

    def _note(self, seq: int, code: str | None, problem: str) -> None:
        if self.first is None or seq < self.first[0]:
            self.first = (seq, code, problem)

    def missing_row(self, seq: int, code: str) -> None:
        self.missing += 1
        self._note(seq, code, f"the entry names {code!r}, which the index lacks")

    def extra(self, seq: int, code: str, problem: str) -> None:
        self.extras += 1
        self._note(seq, code, problem)

    def undecodable_entry(self, seq: int, problem: str) -> None:
        self.undecodable += 1
        self._note(seq, None, problem)

    def report(self, checked: int, rows: int) -> IndexReport:
        seq, code, problem = self.first or (None, None, None)
        return IndexReport(
            checked,
            rows,
            self.missing,
            self.extras,
            self.undecodable,
            seq,
            code,
            problem,
        )


def _entries(connection: Connection, upto: int | None) -> Iterator[tuple[int, str, str]]:
    sql, params = _bounded("SELECT seq, action_type, payload FROM ledger_entry", connection, upto)
    result = connection.execution_options(yield_per=_BATCH).exec_driver_sql(
        sql + " ORDER BY seq", params
    )
    for seq, action_type, payload in result:
        yield int(seq), str(action_type), str(payload)


def _index_rows(connection: Connection, upto: int | None) -> Iterator[tuple[int, str]]:
    sql, params = _bounded("SELECT seq, code FROM ledger_subject", connection, upto)
    result = connection.execution_options(yield_per=_BATCH).exec_driver_sql(
        sql + " ORDER BY seq, code", params
    )
    for seq, code in result:
        yield int(seq), str(code)


def _bounded(sql: str, connection: Connection, upto: int | None) -> tuple[str, tuple[int, ...]]:
    if upto is None:
        return sql, ()
    mark = "?" if connection.dialect.name == "sqlite" else "%s"
    return f"{sql} WHERE seq <= {mark}", (upto,)
