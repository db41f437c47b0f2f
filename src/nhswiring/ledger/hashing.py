"""Canonical JSON and the hash chain.

Each entry's hash covers every column of the entry and the previous entry's hash, so changing,
removing or reordering any entry breaks every hash after it. Canonical JSON (sorted keys, no
spaces) makes the hash independent of the database that stored the text.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


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
    recorded_at: datetime,
    actor: str,
    action_type: str,
    payload: str,
    verdict: str | None,
    regime: str | None,
    prev_hash: str,
) -> str:
    material = canonical_json(
        [
            seq,
            stream,
            version,
            effective_date.isoformat(),
            utc_iso(recorded_at),
            actor,
            action_type,
            payload,
            verdict,
            regime,
            prev_hash,
        ]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()
