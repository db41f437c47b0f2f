"""The standstill and representations (PSR reg 12), counted in England's working days.

The standstill begins on the day after the notice of intention is published. A provider may
make written representations until midnight at the end of the eighth working day after the
day the standstill begins (a notice published on Monday 2 June 2025 gives a standstill from
Tuesday 3 June to midnight on Friday 13 June). The contract may not be entered into before the
standstill ends. Where representations are made, the authority reviews its decision and may not
act on its decision about them until five working days after it has told the provider (reg
12(10)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from nhswiring.law.working_days import add_working_days, is_working_day

STANDSTILL_WORKING_DAYS = 8
DECISION_WAIT_WORKING_DAYS = 5


@dataclass(frozen=True, slots=True)
class Standstill:
    notice_published: date
    begins: date
    last_day: date

    @property
    def ends_at(self) -> datetime:
        """Midnight at the end of the last day: the moment representations close."""
        return datetime.combine(self.last_day + timedelta(days=1), time(0, 0))

    def in_standstill(self, day: date) -> bool:
        return self.begins <= day <= self.last_day

    def representation_in_time(self, received: date) -> bool:
        return received <= self.last_day

    def to_json(self) -> dict[str, str]:
        return {
            "notice_published": self.notice_published.isoformat(),
            "begins": self.begins.isoformat(),
            "last_day": self.last_day.isoformat(),
            "ends_at": self.ends_at.isoformat(timespec="minutes"),
        }


def psr_working_day(day: date) -> bool:
    """Reg 12(12): not a Saturday or Sunday, Christmas Day, Good Friday, the first Monday in
    May or a bank holiday in England. The first Monday in May is named, so it stays closed even
    in a year its bank holiday is moved (as in 2020)."""
    first_monday_in_may = day.month == 5 and day.weekday() == 0 and day.day <= 7
    return is_working_day(day) and not first_monday_in_may


def standstill_for(published: date) -> Standstill:
    begins = published + timedelta(days=1)
    last = add_working_days(begins, STANDSTILL_WORKING_DAYS, psr_working_day)
    return Standstill(published, begins, last)


def may_act_from(told_on: date) -> date:
    """The first day the authority may act on its decision about representations: after the
    five working days that follow telling the provider (reg 12(10))."""
    return add_working_days(told_on, DECISION_WAIT_WORKING_DAYS, psr_working_day) + timedelta(
        days=1
    )
