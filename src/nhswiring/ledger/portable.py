"""The ledger as JSON lines: exported from one database, imported verbatim into another.

A line is one entry with every column (its hashes, visibility and request key included) and
its subjects, in sequence order, so that the file is itself verifiable: each line's hash can
be recomputed and must name the line before. Import therefore checks the whole file as it
reads it and stores the entries exactly as ``Ledger.append`` would have (same sequence
numbers, times and hashes, in each database's storage form), in one transaction: a bad line
anywhere means nothing is written. The head after import is the head of the source.

Accounts (users, organisations, API tokens) are not ledger entries and are not exported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection

from nhswiring.ledger.hashing import GENESIS_HASH, canonical_json, entry_hash, utc_iso
from nhswiring.ledger.store import _COLUMNS, EVERYTHING, Ledger, LedgerEntry, _sqlite_datetime

_BATCH = 5_000


class BadLine(ValueError):
    """A line that is not an entry of an intact chain; ``line`` is its 1-based number."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}")


def export_lines(connection: Connection, upto: int) -> Iterator[str]:
    """Every entry up to ``upto``, as JSON lines (each ending in a newline). The subject rows
    are merged in from ``ledger_subject`` as they stream, ordered by sequence number."""
    ledger = Ledger(connection)
    rows = _subject_rows(connection, upto)
    pending = next(rows, None)
    for entry in ledger.read(audience=EVERYTHING, limit=upto):
        if entry.seq > upto:
            break
        subjects: list[str] = []
        while pending is not None and pending[0] <= entry.seq:
            if pending[0] == entry.seq:
                subjects.append(pending[1])
            pending = next(rows, None)
        yield json.dumps(_line(entry, subjects), ensure_ascii=False, sort_keys=True) + "\n"


def _line(entry: LedgerEntry, subjects: list[str]) -> dict[str, Any]:
    data = entry.to_json()
    data["recorded_at"] = utc_iso(entry.recorded_at)
    data["subjects"] = subjects
    return data


def _subject_rows(connection: Connection, upto: int) -> Iterator[tuple[int, str]]:
    mark = "?" if connection.dialect.name == "sqlite" else "%s"
    result = connection.execution_options(yield_per=20_000).exec_driver_sql(
        f"SELECT seq, code FROM ledger_subject WHERE seq <= {mark} ORDER BY seq, code", (upto,)
    )
    for seq, code in result:
        yield int(seq), str(code)


class Imported(NamedTuple):
    entries: int
    head_seq: int
    head_hash: str


def import_lines(connection: Connection, lines: Iterable[str]) -> Imported:
    """Check and insert every line, in the caller's transaction (which the caller rolls back
    on :class:`BadLine`). The ledger must be empty; the caller has checked."""
    sqlite = connection.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    insert_entry = f"INSERT INTO ledger_entry ({_COLUMNS}) VALUES ({', '.join([mark] * 15)})"
    insert_subject = f"INSERT INTO ledger_subject (code, seq) VALUES ({mark}, {mark})"
    prev, seq = GENESIS_HASH, 0
    rows: list[tuple[Any, ...]] = []
    subject_rows: list[tuple[str, int]] = []
    for number, text in enumerate(_decoded(lines), start=1):
        if not text.strip():
            raise BadLine(number, "is empty; every line must be one entry")
        row, subjects = _checked(number, text, seq + 1, prev, sqlite)
        seq, prev = row[0], row[11]
        rows.append(row)
        subject_rows.extend((code, seq) for code in subjects)
        if len(rows) >= _BATCH:
            _flush(connection, insert_entry, insert_subject, rows, subject_rows)
    _flush(connection, insert_entry, insert_subject, rows, subject_rows)
    return Imported(seq, seq, prev)


def _decoded(lines: Iterable[str]) -> Iterator[str]:
    """The lines, with a file that is not UTF-8 refused at the line where it stops being so."""
    iterator = iter(lines)
    number = 0
    while True:
        try:
            text = next(iterator)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise BadLine(number + 1, "is not UTF-8 text") from None
        number += 1
        yield text


def _flush(
    connection: Connection,
    insert_entry: str,
    insert_subject: str,
    rows: list[tuple[Any, ...]],
    subject_rows: list[tuple[str, int]],
) -> None:
    if rows:
        connection.exec_driver_sql(insert_entry, rows)
    if subject_rows:
        connection.exec_driver_sql(insert_subject, subject_rows)
    rows.clear()
    subject_rows.clear()


def _checked(
    number: int, text: str, seq: int, prev: str, sqlite: bool
) -> tuple[tuple[Any, ...], list[str]]:
    """One line as a row in ``ledger_entry``'s storage form, and its subjects; raises
    :class:`BadLine` if it is not the next entry of an intact chain."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadLine(number, f"is not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise BadLine(number, "is not a JSON object")
    try:
        fields = _fields(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise BadLine(number, f"is not a ledger entry ({type(exc).__name__}: {exc})") from None
    if fields["seq"] != seq:
        raise BadLine(number, f"is entry {fields['seq']}, but entry {seq} comes next")
    if fields["prev_hash"] != prev:
        raise BadLine(number, f"entry {seq}'s previous-hash does not match the line before")
    digest = entry_hash(**{k: v for k, v in fields.items() if k not in ("hash", "subjects")})
    if digest != fields["hash"]:
        raise BadLine(number, f"entry {seq}'s contents do not match its hash (altered)")
    recorded: datetime = fields["recorded_at"]
    effective: date = fields["effective_date"]
    row = (
        seq,
        fields["stream"],
        fields["version"],
        effective.isoformat() if sqlite else effective,
        _sqlite_datetime(recorded) if sqlite else recorded,
        fields["actor"],
        fields["action_type"],
        fields["payload"],
        fields["verdict"],
        fields["regime"],
        prev,
        digest,
        fields["visibility"],
        fields["request_key"],
        fields["request_digest"],
    )
    return row, fields["subjects"]


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    """The line's columns in the types ``entry_hash`` takes, payloads as canonical JSON."""
    recorded = datetime.fromisoformat(_text(data, "recorded_at"))
    if recorded.tzinfo is None:
        raise ValueError("recorded_at has no time zone")
    payload = data["payload"]
    if not isinstance(payload, dict):
        raise TypeError("payload is not an object")
    verdict = data.get("verdict")
    if verdict is not None and not isinstance(verdict, dict):
        raise TypeError("verdict is not an object or null")
    subjects = data.get("subjects", [])
    if not isinstance(subjects, list) or not all(isinstance(s, str) for s in subjects):
        raise TypeError("subjects is not a list of codes")
    return {
        "seq": _int(data, "seq"),
        "stream": _text(data, "stream"),
        "version": _int(data, "version"),
        "effective_date": date.fromisoformat(_text(data, "effective_date")),
        "recorded_at": recorded,
        "actor": _text(data, "actor"),
        "action_type": _text(data, "action_type"),
        "payload": canonical_json(payload),
        "verdict": None if verdict is None else canonical_json(verdict),
        "regime": _optional(data, "regime"),
        "prev_hash": _text(data, "prev_hash"),
        "hash": _text(data, "hash"),
        "visibility": _optional(data, "visibility"),
        "request_key": _optional(data, "request_key"),
        "request_digest": _optional(data, "request_digest"),
        "subjects": list(dict.fromkeys(subjects)),
    }


def _text(data: dict[str, Any], name: str) -> str:
    value = data[name]
    if not isinstance(value, str):
        raise TypeError(f"{name} is not a string")
    return value


def _optional(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} is not a string or null")
    return value


def _int(data: dict[str, Any], name: str) -> int:
    value = data[name]
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} is not an integer")
    return value
