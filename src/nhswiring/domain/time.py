"""Dates and half-open intervals: the one representation of time in the model.

Every body, holding, delegation, appointment and area assignment is true over an interval
``[start, end)``: ``start`` is the first day it holds and ``end`` the first day it no longer
does (``None`` while it still holds). Half-open intervals abut without overlapping, so a CCG
that closes on 31 March and its successor that opens on 1 April share the boundary date once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nhswiring.domain.errors import InvalidInput

#: The day the 2012 Act's commissioning system (NHS England, CCGs) came fully into force.
REGISTER_START = date(2013, 4, 1)


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"interval end {self.end} must be after its start {self.start}")

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, other: Interval) -> bool:
        starts_before_other_ends = other.end is None or self.start < other.end
        ends_after_other_starts = self.end is None or other.start < self.end
        return starts_before_other_ends and ends_after_other_starts

    def closed_at(self, day: date) -> Interval:
        """The same interval ended on ``day`` (which must fall after its start)."""
        return Interval(self.start, day)

    def to_json(self) -> dict[str, str | None]:
        return {"start": self.start.isoformat(), "end": iso_or_none(self.end)}


def iso_or_none(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def parse_date(text: str, field: str = "date") -> date:
    """Parse an ISO date typed by a user, with an error that says what to type instead."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InvalidInput(
            field, f"{text!r} is not a date", "use the ISO form YYYY-MM-DD, e.g. 2022-07-01"
        ) from None


def check_register_date(day: date) -> date:
    """``day``, if the register can answer for it (it begins at :data:`REGISTER_START`)."""
    if day < REGISTER_START:
        raise InvalidInput(
            "as-at",
            f"{day.isoformat()} is before the register begins",
            f"use a date on or after {REGISTER_START.isoformat()} (when CCGs and NHS England "
            "took up their functions)",
        )
    return day


def parse_optional_date(text: str | None, field: str) -> date | None:
    return None if text is None or text == "" else parse_date(text, field)
