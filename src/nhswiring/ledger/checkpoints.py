"""Signed checkpoints: a ledger head, signed, kept somewhere the database's owner cannot reach.

The hash chain proves that nobody edited an entry *without recomputing every later hash*. A
database administrator can do exactly that: rewrite an entry and re-hash the rest, and the
chain verifies again. A checkpoint closes that gap the way Certificate Transparency's signed
tree heads do: it records, under an Ed25519 signature, "on this day the ledger's entry N had
hash H". Later, the ledger must still hold H at N (nothing at or before N was rewritten) and
reach N (nothing was cut off), and its chain must verify from genesis to the current head
(what came after N only extends it). What a checkpoint cannot see is anything appended after
it and before the next one: docs/architecture.md says so plainly.

Everything here is pure: canonical bytes, sign, check a signature, compare with a ledger's
position. Keys and files are the entry points' business.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from nhswiring.domain.errors import CheckpointUnreadable, SignatureFailed
from nhswiring.ledger.hashing import canonical_json

FORMAT = "nhswiring-checkpoint/1"
#: Every field a checkpoint has, in the order they are written; all but ``signature`` signed.
FIELDS = (
    "format",
    "seq",
    "head_hash",
    "entries",
    "time",
    "database",
    "key_fingerprint",
    "public_key",
    "signature",
)

#: Fields a checkpoint may carry outside the signature: the API's answers add ``ledger_head``.
UNSIGNED = ("ledger_head",)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    seq: int
    head_hash: str
    entries: int
    time: str
    database: str
    key_fingerprint: str
    public_key: str
    signature: str
    format: str = FORMAT

    def body(self) -> dict[str, Any]:
        """The signed part: every field except the signature."""
        return {name: getattr(self, name) for name in FIELDS if name != "signature"}

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}


def canonical_bytes(body: Mapping[str, Any]) -> bytes:
    """What is signed: the body as canonical JSON (sorted keys, no spaces), UTF-8."""
    return canonical_json(dict(body)).encode("utf-8")


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    """``sha256:`` and the hex SHA-256 of the raw 32-byte public key (as ``ssh-keygen -l``
    names keys by a hash, not by the key itself)."""
    return "sha256:" + hashlib.sha256(raw_public(key)).hexdigest()


def sign(
    key: Ed25519PrivateKey,
    *,
    seq: int,
    head_hash: str,
    entries: int,
    database: str,
    now: datetime | None = None,
) -> Checkpoint:
    public = key.public_key()
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    unsigned = Checkpoint(
        seq=seq,
        head_hash=head_hash,
        entries=entries,
        time=moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
        database=database,
        key_fingerprint=fingerprint(public),
        public_key=base64.b64encode(raw_public(public)).decode("ascii"),
        signature="",
    )
    signature = key.sign(canonical_bytes(unsigned.body()))
    return Checkpoint(**{**unsigned.to_json(), "signature": base64.b64encode(signature).decode()})


def parse(data: Any) -> Checkpoint:
    """A checkpoint from its JSON, checking each field's presence and type (not the
    signature: see :func:`check_signature`)."""
    if not isinstance(data, dict):
        raise CheckpointUnreadable("it is not a JSON object")
    if data.get("format") != FORMAT:
        raise CheckpointUnreadable(f"its format is {data.get('format')!r}, not {FORMAT!r}")
    unknown = sorted(set(data) - set(FIELDS) - set(UNSIGNED))
    if unknown:
        raise CheckpointUnreadable(f"it has fields no checkpoint has: {', '.join(unknown)}")
    for name in FIELDS:
        wanted = int if name in ("seq", "entries") else str
        value = data.get(name)
        if not isinstance(value, wanted) or isinstance(value, bool):
            raise CheckpointUnreadable(f"its {name!r} is missing or not a {wanted.__name__}")
    return Checkpoint(**{name: data[name] for name in FIELDS})


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """Whose key signed. ``origin_proven`` is False when the checkpoint was checked only
    against the key it carries: that proves it was not altered since signing, not who
    signed it (anyone can sign with a key of their own)."""

    fingerprint: str
    origin_proven: bool


def check_signature(
    checkpoint: Checkpoint, trusted: Ed25519PublicKey | None = None
) -> SignatureCheck:
    """Verify the signature against ``trusted`` (the signer's public key, obtained
    separately), or, without one, against the key the checkpoint carries."""
    try:
        embedded = Ed25519PublicKey.from_public_bytes(
            base64.b64decode(checkpoint.public_key, validate=True)
        )
        signature = base64.b64decode(checkpoint.signature, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureFailed("its public key or signature is not valid base64 Ed25519") from None
    if fingerprint(embedded) != checkpoint.key_fingerprint:
        raise SignatureFailed("its key fingerprint does not match the key it carries")
    key = trusted or embedded
    if trusted is not None and raw_public(trusted) != raw_public(embedded):
        raise SignatureFailed(
            f"it was signed by key {checkpoint.key_fingerprint}, not by the public key given "
            f"({fingerprint(trusted)})"
        )
    try:
        key.verify(signature, canonical_bytes(checkpoint.body()))
    except InvalidSignature:
        raise SignatureFailed("its signature does not match its contents (altered)") from None
    return SignatureCheck(checkpoint.key_fingerprint, trusted is not None)


@dataclass(frozen=True, slots=True)
class Consistency:
    """How the ledger stands against one checkpoint. ``outcome`` is ``ok``, ``truncated`` or
    ``rewritten``; ``grown_by`` is how many entries were appended since (when ok)."""

    outcome: str
    detail: str
    grown_by: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


def consistency(checkpoint: Checkpoint, head_seq: int, hash_at_seq: str | None) -> Consistency:
    """Compare the checkpoint with the ledger's current head and the hash of its entry at the
    checkpoint's position (None if there is no such entry). Whether the chain verifies from
    genesis to the head is checked by the caller, with :meth:`Ledger.verify`."""
    if head_seq < checkpoint.seq or hash_at_seq is None:
        return Consistency(
            "truncated",
            f"the ledger ends at entry {head_seq}, before entry {checkpoint.seq} that the "
            f"checkpoint of {checkpoint.time} recorded (entries were removed from the end)",
        )
    if hash_at_seq != checkpoint.head_hash:
        return Consistency(
            "rewritten",
            f"entry {checkpoint.seq} now has hash {hash_at_seq[:16]}..., but the checkpoint of "
            f"{checkpoint.time} recorded {checkpoint.head_hash[:16]}... (history at or before "
            "it was rewritten and re-hashed)",
        )
    grown = head_seq - checkpoint.seq
    return Consistency(
        "ok",
        f"entry {checkpoint.seq} is as the checkpoint of {checkpoint.time} recorded; "
        f"grown by {grown} entries since",
        grown,
    )
