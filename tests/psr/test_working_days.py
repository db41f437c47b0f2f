"""Standstill dates (PSR reg 12) in England's working days, around Easter, the May bank
holidays and Christmas, checked by hand and against a second calendar: GOV.UK's own bank
holiday data as cached in the `govuk-bank-holidays` package (no network)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import pytest
from govuk_bank_holidays.bank_holidays import BankHolidays  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from nhswiring.law.psr_2023.standstill import may_act_from, psr_working_day, standstill_for
from nhswiring.law.working_days import add_working_days, is_working_day

# (published, last day of the standstill): representations until midnight at its end.
STANDSTILLS = [
    ("2025-06-02", "2025-06-13"),  # the example: Monday 2 June -> Friday 13 June
    ("2025-04-17", "2025-05-01"),  # begins Good Friday; Easter Monday 21 April skipped
    ("2026-04-01", "2026-04-16"),  # Good Friday 3 April and Easter Monday 6 April skipped
    ("2025-05-01", "2025-05-15"),  # early May bank holiday, Monday 5 May
    ("2025-05-22", "2025-06-05"),  # spring bank holiday, Monday 26 May
    ("2025-12-22", "2026-01-07"),  # Christmas, Boxing Day and New Year's Day skipped
    ("2026-12-22", "2027-01-07"),  # Boxing Day on a Saturday: substitute Monday 28 December
    ("2024-12-20", "2025-01-06"),  # published on a Friday: begins Saturday 21 December
]


@pytest.mark.parametrize(("published", "last_day"), STANDSTILLS)
def test_standstill_last_day(published: str, last_day: str) -> None:
    s = standstill_for(date.fromisoformat(published))
    assert s.begins == date.fromisoformat(published) + timedelta(days=1)
    assert s.last_day == date.fromisoformat(last_day)
    assert s.ends_at.isoformat() == f"{date.fromisoformat(last_day) + timedelta(days=1)}T00:00:00"


@pytest.mark.parametrize(
    ("told", "may_act"),
    [
        ("2025-06-16", "2025-06-24"),  # Monday: five working days are 17-23 June
        ("2025-12-19", "2025-12-31"),  # 22, 23, 24, 29, 30 December
        ("2026-04-02", "2026-04-14"),  # Easter 2026: 7, 8, 9, 10, 13 April
    ],
)
def test_may_act_on_the_decision_after_five_working_days(told: str, may_act: str) -> None:
    assert may_act_from(date.fromisoformat(told)) == date.fromisoformat(may_act)


def test_the_first_monday_in_may_is_never_a_psr_working_day() -> None:
    # In 2020 the early May bank holiday moved to Friday 8 May; reg 12(12) names the Monday.
    assert is_working_day(date(2020, 5, 4))
    assert not psr_working_day(date(2020, 5, 4))


@cache
def _govuk_holidays() -> frozenset[date]:
    calendar = BankHolidays(use_cached_holidays=True)
    return frozenset(
        h["date"] for h in calendar.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    )


def _govuk_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _govuk_holidays()


# GOV.UK's cached calendar ends in December 2028: start early enough that 30 working days
# (six weeks) never run past it.
@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 10, 31)),
    st.integers(min_value=1, max_value=30),
)
def test_working_days_agree_with_govuk_calendar(day: date, count: int) -> None:
    assert add_working_days(day, count) == add_working_days(day, count, _govuk_working_day)


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 11, 30)))
def test_standstill_is_eight_working_days_after_it_begins(published: date) -> None:
    s = standstill_for(published)
    open_days = [
        s.begins + timedelta(days=i)
        for i in range(1, (s.last_day - s.begins).days + 1)
        if _govuk_working_day(s.begins + timedelta(days=i))
    ]
    assert len(open_days) == 8
    assert open_days[-1] == s.last_day
