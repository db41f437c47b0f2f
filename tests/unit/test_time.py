"""Half-open intervals: the invariants every other module relies on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.time import Interval, parse_date

days = st.dates(min_value=date(2013, 4, 1), max_value=date(2035, 12, 31))


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    start = draw(days)
    length = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=4000)))
    return Interval(start, None if length is None else start + timedelta(days=length))


@given(intervals(), days)
def test_contains_is_half_open(interval: Interval, day: date) -> None:
    expected = interval.start <= day and (interval.end is None or day < interval.end)
    assert interval.contains(day) is expected
    assert interval.contains(interval.start)
    if interval.end is not None:
        assert not interval.contains(interval.end)


@given(intervals(), intervals())
def test_overlap_is_symmetric_and_agrees_with_a_shared_day(a: Interval, b: Interval) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    later_start = max(a.start, b.start)
    assert a.overlaps(b) == (a.contains(later_start) and b.contains(later_start))


@given(days, st.integers(min_value=1, max_value=3000), st.integers(min_value=1, max_value=3000))
def test_abutting_intervals_do_not_overlap(start: date, first: int, second: int) -> None:
    boundary = start + timedelta(days=first)
    before = Interval(start, boundary)
    after = Interval(boundary, boundary + timedelta(days=second))
    assert not before.overlaps(after)
    assert before.contains(boundary - timedelta(days=1))
    assert after.contains(boundary)


def test_an_interval_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError, match="must be after"):
        Interval(date(2022, 7, 1), date(2022, 7, 1))


@pytest.mark.parametrize("text", ["2022-13-01", "01/07/2022", "", "yesterday"])
def test_bad_dates_name_the_field_and_the_form(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"as-at: .* use the ISO form YYYY-MM-DD"):
        parse_date(text, "as-at")


@given(days)
def test_iso_dates_round_trip(day: date) -> None:
    assert parse_date(day.isoformat()) == day
