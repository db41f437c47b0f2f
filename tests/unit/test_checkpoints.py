"""Signed checkpoints on their own: what is signed, and every way a signature must fail."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nhswiring.domain.errors import CheckpointUnreadable, SignatureFailed
from nhswiring.ledger import checkpoints as cp

KEY = Ed25519PrivateKey.generate()
OTHER = Ed25519PrivateKey.generate()
HEAD = "ab" * 32


def signed(key: Ed25519PrivateKey = KEY) -> cp.Checkpoint:
    return cp.sign(
        key,
        seq=42,
        head_hash=HEAD,
        entries=42,
        database="sqlite",
        now=datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
    )


def test_the_signature_covers_the_canonical_json_of_every_other_field() -> None:
    checkpoint = signed()
    body = checkpoint.body()
    assert "signature" not in body
    assert set(body) | {"signature"} == set(cp.FIELDS)
    assert cp.canonical_bytes(body) == json.dumps(
        body, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")
    assert checkpoint.time == "2026-12-07T09:30:00Z"
    check = cp.check_signature(checkpoint, KEY.public_key())
    assert check.origin_proven
    assert check.fingerprint == cp.fingerprint(KEY.public_key())


def test_without_a_trusted_key_integrity_is_checked_but_origin_is_not_proven() -> None:
    assert not cp.check_signature(signed(OTHER)).origin_proven


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seq": 41}, "altered"),
        ({"head_hash": "cd" * 32}, "altered"),
        ({"time": "2027-01-01T00:00:00Z"}, "altered"),
        ({"signature": "not base64!"}, "base64"),
        ({"key_fingerprint": "sha256:" + "0" * 64}, "fingerprint"),
    ],
)
def test_a_tampered_checkpoint_fails_its_signature(change: dict[str, Any], message: str) -> None:
    with pytest.raises(SignatureFailed, match=message):
        cp.check_signature(replace(signed(), **change))


def test_a_checkpoint_re_signed_with_another_key_fails_against_the_trusted_key() -> None:
    forged = signed(OTHER)
    assert cp.check_signature(forged).origin_proven is False  # consistent in itself
    with pytest.raises(SignatureFailed, match="not by the public key given"):
        cp.check_signature(forged, KEY.public_key())


def test_parse_round_trips_and_ignores_the_apis_ledger_head() -> None:
    checkpoint = signed()
    assert cp.parse(checkpoint.to_json()) == checkpoint
    assert cp.parse({**checkpoint.to_json(), "ledger_head": 50}) == checkpoint


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a JSON object"),
        ({"format": "other/1"}, "format"),
        ({**signed().to_json(), "seq": "42"}, "'seq'"),
        ({**signed().to_json(), "seq": True}, "'seq'"),
        ({**signed().to_json(), "extra": 1}, "extra"),
        ({k: v for k, v in signed().to_json().items() if k != "signature"}, "'signature'"),
    ],
)
def test_parse_names_what_is_wrong(data: Any, message: str) -> None:
    with pytest.raises(CheckpointUnreadable, match=message):
        cp.parse(data)


def test_consistency_with_a_ledger() -> None:
    checkpoint = signed()
    assert cp.consistency(checkpoint, 50, HEAD) == cp.Consistency(
        "ok",
        "entry 42 is as the checkpoint of 2026-12-07T09:30:00Z recorded; grown by 8 entries since",
        8,
    )
    assert cp.consistency(checkpoint, 41, None).outcome == "truncated"
    assert cp.consistency(checkpoint, 42, "cd" * 32).outcome == "rewritten"
