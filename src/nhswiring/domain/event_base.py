"""The base of every ledger event, in a module of its own so that event types kept in other
modules (``domain/competition.py``) can be listed in ``events.EVENT_TYPES`` without a cycle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Event:
    TYPE: ClassVar[str] = ""

    @property
    def stream(self) -> str:
        raise NotImplementedError

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.stream,)
