"""Events to and from JSON payloads: per-class encoders and decoders built once from the
type hints, because the ledger encodes and decodes a million of them."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from nhswiring.domain.events import EVENT_TYPES, Event, JsonDict


def to_payload(event: Event) -> JsonDict:
    """A JSON-ready dict of the event's fields, in declaration order (stable for hashing)."""
    return {
        name: value if encode is None or value is None else encode(value)
        for name, encode in _ENCODERS[type(event)]
        for value in (getattr(event, name),)
    }


Converter = Callable[[Any], Any]


def _converter(hint: Any) -> Converter:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = _converter(next(a for a in args if a is not type(None)))
        return lambda v: None if v is None else inner(v)
    if origin is tuple:
        item = _converter(args[0])
        return lambda v: tuple(item(x) for x in v)
    if hint is date:
        return date.fromisoformat
    if hint is Decimal:
        return Decimal
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    return lambda v: v


def _encoder(hint: Any) -> Converter | None:
    """How to turn a field of this type into JSON; None when it already is JSON."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return _encoder(next(a for a in args if a is not type(None)))
    if origin is tuple:
        item = _encoder(args[0])
        return list if item is None else (lambda v: [item(x) for x in v])
    if hint is date:
        return date.isoformat
    if hint is Decimal:
        return str
    if isinstance(hint, type) and issubclass(hint, Enum):
        return lambda v: v.value
    return None


_ENCODERS: dict[type[Event], tuple[tuple[str, Converter | None], ...]] = {
    cls: tuple(
        (f.name, _encoder(typing.get_type_hints(cls)[f.name])) for f in dataclasses.fields(cls)
    )
    for cls in EVENT_TYPES.values()
}

_DECODERS: dict[type[Event], dict[str, Converter]] = {
    cls: {name: _converter(h) for name, h in typing.get_type_hints(cls).items() if name != "TYPE"}
    for cls in EVENT_TYPES.values()
}


class UnknownEventType(ValueError):
    pass


def from_payload(event_type: str, payload: Mapping[str, Any]) -> Event:
    cls = EVENT_TYPES.get(event_type)
    if cls is None:
        raise UnknownEventType(event_type)
    decoders = _DECODERS[cls]
    return cls(**{k: decoders[k](v) for k, v in payload.items()})
