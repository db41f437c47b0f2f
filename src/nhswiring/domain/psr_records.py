"""What a provider selection case records of its notices and its contract, as typed values.

The steps are stored as JSON (the ledger's ``case.step`` events) and their stored form does
not change: each record here is built from a step's details by `procurement.fold_case` and
gives back exactly the JSON it was built from (``to_json``), which is what the case's JSON
outputs show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class RecordedStandstill:
    """The standstill a notice of intention opened (PSR reg 12(2)-(3)), as the notice recorded
    it: the law's `Standstill` (``law/psr_2023/standstill.py``) at the time of publication.
    Representations close at ``ends_at``, midnight at the end of ``last_day``."""

    notice_published: date
    begins: date
    last_day: date
    ends_at: datetime

    @classmethod
    def from_json(cls, recorded: Mapping[str, str]) -> RecordedStandstill:
        last_day = date.fromisoformat(recorded["last_day"])
        ends_at = recorded.get("ends_at")
        return cls(
            # Every notice has recorded when it was published; read a record without it as
            # the case pages always have, from the day the standstill begins.
            notice_published=date.fromisoformat(
                recorded.get("notice_published") or recorded["begins"]
            ),
            begins=date.fromisoformat(recorded["begins"]),
            last_day=last_day,
            ends_at=(
                datetime.fromisoformat(ends_at)
                if ends_at
                else datetime.combine(last_day + timedelta(days=1), time(0, 0))
            ),
        )

    @property
    def ends_at_text(self) -> str:
        """``ends_at`` as the notice states it (to the minute)."""
        return self.ends_at.isoformat(timespec="minutes")

    def to_json(self) -> dict[str, str]:
        return _as_stored(
            {
                "notice_published": self.notice_published.isoformat(),
                "begins": self.begins.isoformat(),
                "last_day": self.last_day.isoformat(),
                "ends_at": self.ends_at_text,
            }
        )


@dataclass(frozen=True, slots=True)
class Award:
    """The contract the case awarded, on ``awarded_on`` (reg 24 records it, and the award
    notice publishes it). Its term is held half-open, [start, end)."""

    provider: str
    contract: str
    value: Decimal
    start: date
    end: date | None
    decision_makers: tuple[str, ...]
    awarded_on: date
    #: The provider's address as the award recorded it; None for awards recorded before the
    #: step recorded one.
    address: str | None = None

    @classmethod
    def from_json(cls, recorded: Mapping[str, Any], awarded_on: date) -> Award:
        end = recorded.get("end")
        return cls(
            provider=recorded["provider"],
            contract=recorded["contract"],
            value=Decimal(str(recorded["value"])),
            start=date.fromisoformat(recorded["start"]),
            end=date.fromisoformat(end) if end else None,
            decision_makers=tuple(recorded.get("decision_makers") or ()),
            awarded_on=awarded_on,
            address=recorded.get("address"),
        )

    def to_json(self) -> dict[str, Any]:
        """The award step's details, as recorded, and the day of the award."""
        address = {} if self.address is None else {"address": self.address}
        recorded = _as_stored(
            {
                "provider": self.provider,
                **address,
                "contract": self.contract,
                "value": str(self.value),
                "start": self.start.isoformat(),
                "end": self.end.isoformat() if self.end else None,
                "decision_makers": list(self.decision_makers),
            }
        )
        return recorded | {"awarded_on": self.awarded_on.isoformat()}


def _as_stored(details: dict[str, Any]) -> dict[str, Any]:
    """Details in the order the ledger stores and gives them back: canonical JSON, its keys
    sorted (``ledger/hashing.canonical_json``)."""
    return dict(sorted(details.items()))
