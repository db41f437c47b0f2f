"""Every event type survives the trip to JSON and back, unchanged."""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nhswiring.domain import event_codec as codec
from nhswiring.domain import events as ev
from nhswiring.domain.errors import UnknownEventType

codes = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=8)
texts = st.text(min_size=0, max_size=40)


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is not None and type(None) in args:
        inner = next(a for a in args if a is not type(None))
        return st.one_of(st.none(), _strategy(inner))
    if origin is tuple:
        return st.lists(_strategy(args[0]), max_size=4).map(tuple)
    if hint is date:
        return st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1))
    if hint is Decimal:
        return st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False)
    if hint is bool:
        return st.booleans()
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from(list(hint))
    return st.one_of(codes, texts)


def _events(cls: type[ev.Event]) -> st.SearchStrategy[ev.Event]:
    hints = typing.get_type_hints(cls)
    fields = {f.name: _strategy(hints[f.name]) for f in dataclasses.fields(cls)}
    return st.builds(cls, **fields)


all_events = st.one_of(*(_events(cls) for cls in ev.EVENT_TYPES.values()))


@given(all_events)
def test_payloads_are_json_and_round_trip(event: ev.Event) -> None:
    payload = codec.to_payload(event)
    decoded = codec.from_payload(event.TYPE, json.loads(json.dumps(payload)))
    assert decoded == event


@given(all_events)
def test_every_event_has_a_stream_among_its_subjects(event: ev.Event) -> None:
    if isinstance(event, ev.AppointmentMade | ev.AppointmentEnded) and not event.bodies:
        return  # appointments always name a body; an empty one is not a valid event
    assert event.stream in event.subjects


def test_unknown_event_types_are_refused() -> None:
    with pytest.raises(UnknownEventType):
        codec.from_payload("body.teleported", {})
