"""Canonical JSON and the hash chain.

Each entry's hash covers every column of the entry and the previous entry's hash, so changing,
removing or reordering any entry breaks every hash after it. Payloads are stored as canonical
JSON (sorted keys, no spaces), so the hash does not depend on the database that stored the
text; the columns are joined as netstrings, which cannot be confused with one another.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

GENESIS_HASH = "0" * 64


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _one_shot_encoder() -> Any:
    """The C encoder ``_CANONICAL.encode`` builds afresh on every call (with the very same
    settings, so the text, and therefore every hash, is identical), built once: at a million
    entries, building it was a sixth of the cost of an append. No circular-reference check:
    payloads are trees of JSON values made by the event codec."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C accelerator: the encoder's own path
        return None
    e = _CANONICAL
    return make(
        None,
        e.default,
        json.encoder.encode_basestring,
        e.indent,
        e.key_separator,
        e.item_separator,
        e.sort_keys,
        e.skipkeys,
        e.allow_nan,
    )


_ENCODE = _one_shot_encoder()


def canonical_json(value: Any) -> str:
    if _ENCODE is None or isinstance(value, str):
        return _CANONICAL.encode(value)
    return "".join(_ENCODE(value, 0))


def request_digest(asked: Any) -> str:
    """The fingerprint of what a request asked for (the SHA-256 of its canonical JSON), kept
    with its key so that the key sent again with a different request is told apart."""
    return hashlib.sha256(canonical_json(asked).encode("utf-8")).hexdigest()


def utc_iso(moment: datetime) -> str:
    """Databases differ in how they return times (SQLite drops the zone); the ledger always
    writes UTC, so a naive time read back is UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    seq: int,
    stream: str,
    version: int,
    effective_date: date,
    recorded_at: datetime | str,
    actor: str,
    action_type: str,
    payload: str,
    verdict: str | None,
    regime: str | None,
    prev_hash: str,
    visibility: str | None = None,
    request_key: str | None = None,
    request_digest: str | None = None,
) -> str:
    """SHA-256 of the entry's columns joined as netstrings (length-prefixed, so no field's
    contents can forge a boundary; ``None`` is ``~``, unlike the empty string ``0:``).

    ``recorded_at`` may be given already as :func:`utc_iso` text, which saves formatting
    the same time for every entry of a batch. ``visibility`` (the organisation a private entry
    belongs to) is framed after the previous hash only when set, so public entries hash as
    they always have and a private mark cannot be added or removed unnoticed. The request
    that wrote a transaction (``request_key`` and ``request_digest``, on its first entry) is
    framed after that, with the visibility always present (``~`` when public), so no
    combination of the optional columns can be mistaken for another.
    """
    recorded = recorded_at if isinstance(recorded_at, str) else utc_iso(recorded_at)
    effective = effective_date.isoformat()
    seq_text, version_text = str(seq), str(version)
    verdict_frame = "~" if verdict is None else f"{len(verdict)}:{verdict}"
    regime_frame = "~" if regime is None else f"{len(regime)}:{regime}"
    material = (
        f"{len(seq_text)}:{seq_text},{len(stream)}:{stream},{len(version_text)}:{version_text},"
        f"{len(effective)}:{effective},{len(recorded)}:{recorded},{len(actor)}:{actor},"
        f"{len(action_type)}:{action_type},{len(payload)}:{payload},{verdict_frame},"
        f"{regime_frame},{len(prev_hash)}:{prev_hash}"
    )
    if visibility is not None:
        material += f",{len(visibility)}:{visibility}"
    if request_key is not None:
        digest = request_digest or ""
        material += "" if visibility is not None else ",~"
        material += f",{len(request_key)}:{request_key},{len(digest)}:{digest}"

    return hashlib.sha256(material.encode("utf-8")).hexdigest()
