"""The ledger read as a fold needs it, and nothing more.

Replaying the register needs four columns of each entry (sequence number, effective date,
type, payload), not fifteen: the hashes, the recorded time and the verdict are for checking
and showing, not for folding. Reading only those, through the driver's own cursor, and
parsing each distinct date once (a million entries fall on a few thousand days) roughly
halves the cost of reading the ledger for a replay.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection

from nhswiring.ledger.audience import PUBLIC, Audience
from nhswiring.ledger.filters import entry_filters


class FoldRow(NamedTuple):
    seq: int
    effective_date: date
    action_type: str
    payload: dict[str, Any]


def fold_rows(
    connection: Connection,
    *,
    subject: str | None = None,
    known_at: datetime | None = None,
    audience: Audience = PUBLIC,
    after: int | None = None,
    batch: int = 20_000,
) -> Iterator[FoldRow]:
    """Entries as ``audience`` may see them, in effective-date order (then sequence number),
    the order a register folds them in; ``after`` keeps only those past a sequence number
    (the tail after a snapshot)."""
    sqlite = connection.dialect.name == "sqlite"
    filters = entry_filters(
        sqlite, subject=subject, known_at=known_at, audience=audience, after=after
    )
    sql = (
        "SELECT seq, effective_date, action_type, payload FROM ledger_entry"
        f"{filters.where} ORDER BY effective_date, seq"
    )
    rows: Iterator[Any]
    if sqlite:
        # sqlite3's cursor yields plain tuples at C speed; SQLAlchemy's result rows would
        # cost more than the fold itself. Same connection, same transaction.
        driver = connection.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        cursor.arraysize = batch
        rows = cursor.execute(sql, filters.params)
    else:
        rows = iter(
            connection.execution_options(yield_per=batch).exec_driver_sql(sql, filters.params)
        )
    days: dict[Any, date] = {}
    decode = _DECODER.raw_decode
    for seq, effective, action_type, text in rows:
        day = days.get(effective)
        if day is None:
            day = days[effective] = (
                date.fromisoformat(effective) if isinstance(effective, str) else effective
            )
        payload, end = decode(text)  # canonical JSON: no whitespace around the object
        if end != len(text):
            payload = json.loads(text)
        yield FoldRow(seq, day, action_type, payload)


_DECODER = json.JSONDecoder()
