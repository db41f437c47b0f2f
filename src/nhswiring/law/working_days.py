"""Statutory periods in England's working days: weekends and England's bank holidays are not
working days. One module, so every deadline in the product counts days the same way."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(
    day: date, count: int, is_open: Callable[[date], bool] = is_working_day
) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself is not counted); an
    instrument with its own definition of a working day passes it as ``is_open``."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if is_open(current):
            remaining -= 1
    return current


def add_days(day: date, count: int) -> date:
    """Calendar days: the last day of a period of ``count`` days beginning the day after."""
    return day + timedelta(days=count)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` months on (the month's last day where that month is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_of_months_ends(day: date, months: int) -> date:
    """The last day of a period of ``months`` months beginning with ``day``."""
    return add_months(day, months) - timedelta(days=1)
