"""The hash chain's building blocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from nhswiring.ledger.hashing import canonical_json, entry_hash, utc_iso

BASE: dict[str, Any] = {
    "seq": 1,
    "stream": "QHM",
    "version": 1,
    "effective_date": date(2022, 7, 1),
    "recorded_at": datetime(2026, 1, 1, 12, tzinfo=UTC),
    "actor": "NHSE",
    "action_type": "body.established",
    "payload": '{"code":"QHM"}',
    "verdict": None,
    "regime": "hca2022",
    "prev_hash": "0" * 64,
}


@given(st.text(max_size=20), st.text(max_size=20))
def test_moving_a_boundary_between_fields_changes_the_hash(a: str, b: str) -> None:
    one = entry_hash(**{**BASE, "stream": a, "actor": b})
    two = entry_hash(**{**BASE, "stream": a + "x", "actor": b[1:] if b else "y"})
    assert one != two


def test_none_and_empty_text_hash_differently() -> None:
    assert entry_hash(**{**BASE, "verdict": None}) != entry_hash(**{**BASE, "verdict": ""})


def test_every_column_is_covered() -> None:
    reference = entry_hash(**BASE)
    changed = {
        "seq": 2,
        "stream": "QOP",
        "version": 2,
        "effective_date": date(2022, 7, 2),
        "recorded_at": datetime(2026, 1, 1, 12, 0, 1, tzinfo=UTC),
        "actor": "SOS",
        "action_type": "body.renamed",
        "payload": '{"code":"QOP"}',
        "verdict": "{}",
        "regime": "hsca2012",
        "prev_hash": "1" * 64,
    }
    for column, value in changed.items():
        assert entry_hash(**{**BASE, column: value}) != reference, column


def test_recorded_time_is_hashed_in_utc_whatever_zone_it_came_in() -> None:
    moment = datetime(2026, 6, 1, 13, tzinfo=timezone(timedelta(hours=1)))
    assert utc_iso(moment) == "2026-06-01T12:00:00.000000+00:00"
    assert utc_iso(moment.replace(tzinfo=None)) == "2026-06-01T13:00:00.000000+00:00"
    assert entry_hash(**{**BASE, "recorded_at": moment}) == entry_hash(
        **{**BASE, "recorded_at": utc_iso(moment)}
    )


@given(st.dictionaries(st.text(max_size=5), st.integers(), max_size=5))
def test_canonical_json_does_not_depend_on_key_order(d: dict[str, int]) -> None:
    assert canonical_json(d) == canonical_json(dict(reversed(list(d.items()))))
