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

from nhswiring.domain.errors import UnknownEventType
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


def _hints(cls: type[Event]) -> dict[str, Any]:
    """The class's field types, evaluated once (annotations are strings until asked for)."""
    found = _HINTS.get(cls)
    if found is None:
        found = _HINTS[cls] = typing.get_type_hints(cls)
    return found


_HINTS: dict[type[Event], dict[str, Any]] = {}


class _PerClass(dict[type[Event], Any]):
    """A table built per event class on first use: a command that reads one body should not
    pay, at start-up, for every class's encoder and decoder."""

    def __init__(self, build: Callable[[type[Event]], Any]) -> None:
        super().__init__()
        self.build = build

    def __missing__(self, cls: type[Event]) -> Any:
        value = self[cls] = self.build(cls)
        return value


_ENCODERS: dict[type[Event], tuple[tuple[str, Converter | None], ...]] = _PerClass(
    lambda cls: tuple((f.name, _encoder(_hints(cls)[f.name])) for f in dataclasses.fields(cls))
)

_DECODERS: dict[type[Event], dict[str, Converter]] = _PerClass(
    lambda cls: {name: _converter(h) for name, h in _hints(cls).items() if name != "TYPE"}
)


def from_payload(event_type: str, payload: Mapping[str, Any]) -> Event:
    return decoder(event_type)(payload)


def decoder(event_type: str) -> Callable[[Mapping[str, Any]], Event]:
    """The decoder of one event type's payloads (a fold looks it up once per type, not once
    per entry)."""
    found = _BY_TYPE.get(event_type)
    if found is None:
        cls = EVENT_TYPES.get(event_type)
        if cls is None:
            raise UnknownEventType(event_type)
        found = _BY_TYPE[event_type] = _decoder(cls)
    return found


def _decoder(cls: type[Event]) -> Callable[[Mapping[str, Any]], Event]:
    count, compiled, decoders = _FIELD_COUNTS[cls], _COMPILED[cls], _DECODERS[cls]

    def decode(payload: Mapping[str, Any]) -> Event:
        if len(payload) == count:
            try:
                return compiled(payload)
            except KeyError:
                pass  # not the declared fields after all: the general path names the odd one
        return cls(**{k: decoders[k](v) for k, v in payload.items()})

    return decode


_BY_TYPE: dict[str, Callable[[Mapping[str, Any]], Event]] = {}


def _expression(hint: Any, value: str, env: dict[str, Any]) -> str:
    """Python source that decodes ``value`` (an expression) as a field of type ``hint``;
    helpers it calls are put into ``env`` under fresh names."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = _expression(next(a for a in args if a is not type(None)), value, env)
        return value if inner == value else f"(None if {value} is None else {inner})"
    if origin is tuple:
        item = _expression(args[0], "x_", env)
        return f"tuple({value})" if item == "x_" else f"tuple([{item} for x_ in {value}])"
    helper: Any = None
    if hint is date:
        helper = date.fromisoformat
    elif hint is Decimal or (isinstance(hint, type) and issubclass(hint, Enum)):
        helper = hint
    if helper is None:
        return value
    name = f"h{len(env)}_"
    env[name] = helper
    return f"{name}({value})"


def _compile(cls: type[Event]) -> Callable[[Mapping[str, Any]], Event]:
    """One function per event class that builds the event from a payload holding exactly its
    declared fields (as ``to_payload`` writes them), with the conversions written out inline:
    no per-field function calls and no keyword dictionary, which decoding a million entries
    would otherwise spend most of its time on. Generated from the type hints, so a new event
    class needs nothing here."""
    hints = _hints(cls)
    env: dict[str, Any] = {"cls_": cls}
    args = [
        _expression(hints[f.name], f"p[{f.name!r}]", env) for f in dataclasses.fields(cls) if f.init
    ]
    source = f"def decode(p):\n    return cls_({', '.join(args)})\n"
    exec(source, env)
    decode: Callable[[Mapping[str, Any]], Event] = env["decode"]
    return decode


def _field_count(cls: type[Event]) -> int:
    fields = dataclasses.fields(cls)
    return len(fields) if all(f.init for f in fields) else -1  # -1: the general path always


_FIELD_COUNTS: dict[type[Event], int] = _PerClass(_field_count)
_COMPILED: dict[type[Event], Callable[[Mapping[str, Any]], Event]] = _PerClass(_compile)
