"""Rebuilding the register from the ledger: the only way state is ever derived."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from nhswiring.domain.event_codec import from_payload
from nhswiring.domain.register import Register
from nhswiring.ledger.store import LedgerEntry


def replay(
    entries: Iterable[LedgerEntry],
    *,
    partial: bool = False,
    complete_for: frozenset[str] = frozenset(),
) -> Register:
    """Fold entries (already in effective-date order) into a register."""
    register = Register(partial=partial, complete_for=complete_for)
    for entry in entries:
        register.apply(entry.effective_date, from_payload(entry.action_type, entry.payload))
    return register


def recorded_by(entries: Iterable[LedgerEntry], known_at: datetime) -> list[LedgerEntry]:
    return [e for e in entries if e.recorded_at <= known_at]
