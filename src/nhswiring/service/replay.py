"""Rebuilding the register from the ledger: the only way state is ever derived."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from nhswiring.domain.event_codec import decoder, from_payload
from nhswiring.domain.events import Event
from nhswiring.domain.register import Register
from nhswiring.ledger.fold_rows import FoldRow

if TYPE_CHECKING:
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


def fold_onto(register: Register, rows: Iterable[FoldRow]) -> Register:
    """Fold rows (in effective-date order, from ``ledger/fold_rows.py``) onto ``register``,
    with the cyclic garbage collector paused: a fold only allocates, and collections over an
    ever larger heap would otherwise cost more than the fold itself."""
    apply = register.apply
    decoders: dict[str, Callable[[Any], Event]] = {}
    with collector_paused():
        for _seq, day, action_type, payload in rows:
            decode = decoders.get(action_type)
            if decode is None:
                decode = decoders[action_type] = decoder(action_type)
            apply(day, decode(payload))
    return register


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for a block that allocates much and frees nothing
    (reference counting still frees what is dropped)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def recorded_by(entries: Iterable[LedgerEntry], known_at: datetime) -> list[LedgerEntry]:
    return [e for e in entries if e.recorded_at <= known_at]
