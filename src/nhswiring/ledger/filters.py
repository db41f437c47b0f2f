"""Which ledger entries a read asks for, as SQL: one place for the filters that both the
general reader (``Ledger.read``) and the fold's narrow reader (``ledger/fold_rows.py``) apply,
so that the two can never disagree about what an audience may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from nhswiring.ledger.audience import PUBLIC, Audience


@dataclass(frozen=True, slots=True)
class Filters:
    """The SQL ``WHERE`` clause (empty for none) and its parameters, in the driver's style."""

    where: str
    params: tuple[Any, ...]


def entry_filters(
    sqlite: bool,
    *,
    subject: str | None = None,
    stream: str | None = None,
    known_at: datetime | None = None,
    as_at: date | None = None,
    audience: Audience = PUBLIC,
    after: int | None = None,
) -> Filters:
    """``as_at`` leaves out entries that cannot matter to the state on that date: anything
    effective later, except the events of a body's own life (establishment, renaming,
    dissolution), which say when the body ends and what succeeds it."""
    mark = "?" if sqlite else "%s"
    percent = "%" if sqlite else "%%"
    where: list[str] = []
    params: list[Any] = []
    if subject is not None:
        where.append(f"seq IN (SELECT seq FROM ledger_subject WHERE code = {mark})")
        params.append(subject)
    if stream is not None:
        where.append(f"stream = {mark}")
        params.append(stream)
    if known_at is not None:
        where.append(f"recorded_at <= {mark}")
        params.append(sqlite_datetime(known_at) if sqlite else known_at)
    if as_at is not None:
        where.append(f"(effective_date <= {mark} OR action_type LIKE 'body.{percent}')")
        params.append(as_at.isoformat() if sqlite else as_at)
    if not audience.everything:
        if audience.organisation is None:
            where.append("visibility IS NULL")
        else:
            where.append(f"(visibility IS NULL OR visibility = {mark})")
            params.append(audience.organisation)
    if after is not None:
        where.append(f"seq > {mark}")
        params.append(after)
    return Filters(" WHERE " + " AND ".join(where) if where else "", tuple(params))


def sqlite_datetime(moment: datetime) -> str:
    """The text form SQLAlchemy's SQLite dialect stores and parses (UTC, without offset)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
