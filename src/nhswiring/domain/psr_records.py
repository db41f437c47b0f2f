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
        return {
            "notice_published": self.notice_published.isoformat(),
            "begins": self.begins.isoformat(),
            "last_day": self.last_day.isoformat(),
            "ends_at": self.ends_at_text,
        }
