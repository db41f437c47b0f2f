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


@dataclass(frozen=True, slots=True)
class Modification:
    """A modification of a contract the case concerns (PSR reg 13, or reg 14 when urgent or
    for continuity in a standstill), recorded on ``on``: the change in lifetime value, the
    ground relied on (``reason``), and the cumulative change the reg 13(2) tests count."""

    change: Decimal
    reason: str
    cumulative: Decimal
    notice_required: bool
    on: date
    #: The contract modified; None for modifications recorded before the step named it (they
    #: are of the awarded contract).
    contract: str | None = None
    #: What changed, in words, and when it takes effect; None where the step did not say
    #: (modifications recorded before it did).
    description: str | None = None
    term_change: str | None = None
    takes_effect: date | None = None
    new_end: date | None = None
    #: Whether the step stated ``new_end`` (None included); earlier steps did not.
    states_new_end: bool = True

    @classmethod
    def from_json(cls, recorded: Mapping[str, Any], on: date) -> Modification:
        new_end, takes_effect = recorded.get("new_end"), recorded.get("takes_effect")
        return cls(
            change=Decimal(str(recorded["change"])),
            reason=recorded["reason"],
            cumulative=Decimal(str(recorded["cumulative"])),
            notice_required=bool(recorded["notice_required"]),
            on=on,
            contract=recorded.get("contract"),
            description=recorded.get("description"),
            term_change=recorded.get("term_change"),
            takes_effect=date.fromisoformat(takes_effect) if takes_effect else None,
            new_end=date.fromisoformat(new_end) if new_end else None,
            states_new_end="new_end" in recorded,
        )

    @property
    def effective(self) -> date:
        """The day the modification takes effect: the day stated, else the day recorded."""
        return self.takes_effect or self.on

    def to_json(self) -> dict[str, Any]:
        """The modify step's details, as recorded, and the day it was recorded."""
        stated: dict[str, Any] = {
            "contract": self.contract,
            "description": self.description,
            "term_change": self.term_change,
            "takes_effect": self.takes_effect.isoformat() if self.takes_effect else None,
        }
        recorded = {k: v for k, v in stated.items() if v is not None}
        if self.states_new_end:
            recorded["new_end"] = self.new_end.isoformat() if self.new_end else None
        recorded |= {
            "change": str(self.change),
            "reason": self.reason,
            "cumulative": str(self.cumulative),
            "notice_required": self.notice_required,
        }
        return _as_stored(recorded) | {"on": self.on.isoformat()}


def _as_stored(details: dict[str, Any]) -> dict[str, Any]:
    """Details in the order the ledger stores and gives them back: canonical JSON, its keys
    sorted (``ledger/hashing.canonical_json``)."""
    return dict(sorted(details.items()))
