"""What ``verify`` proves: the chain, the subject index derived from it, and, given signed
checkpoints, that the ledger still holds what was signed and has only grown since.

Everything is read in one unit of work, so the chain, the index and the head compared with
a checkpoint are the same ledger even while writers append.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select

from nhswiring.domain.errors import LedgerCorrupt, SignatureFailed, SignatureInvalid
from nhswiring.domain.event_codec import from_payload
from nhswiring.ledger import checkpoints as cp
from nhswiring.ledger.schema import ledger_entry
from nhswiring.ledger.store import VerifyReport
from nhswiring.ledger.subject_index import IndexReport, check_subject_index
from nhswiring.service.unit_of_work import UnitOfWork

#: A checkpoint, where it came from (a file name), and whose signature it carries.
SignedCheckpoint = tuple[str, cp.Checkpoint, cp.SignatureCheck]


def subjects_of(action_type: str, payload: dict[str, Any]) -> tuple[str, ...]:
    """The subjects ``Ledger.append`` indexed an entry under: its event's."""
    return from_payload(action_type, payload).subjects


@dataclass(frozen=True, slots=True)
class CheckpointResult:
    """One checkpoint against the ledger: signed by whom (and whether that is proven), and
    how the ledger stands against it."""

    source: str
    checkpoint: cp.Checkpoint
    signature: cp.SignatureCheck
    consistency: cp.Consistency

    @property
    def ok(self) -> bool:
        return self.consistency.ok

    def to_json(self) -> dict[str, Any]:
        return {
            "checkpoint": self.source,
            "ok": self.ok,
            "outcome": self.consistency.outcome,
            "detail": self.consistency.detail,
            "seq": self.checkpoint.seq,
            "time": self.checkpoint.time,
            "key_fingerprint": self.signature.fingerprint,
            "origin_proven": self.signature.origin_proven,
            "grown_by": self.consistency.grown_by,
        }


@dataclass(frozen=True, slots=True)
class Verification:
    """The chain's report, the subject index's, and each checkpoint's; ``ok`` only if all
    are. The chain's fields are repeated at the top for the callers that read them."""

    chain: VerifyReport
    index: IndexReport
    head_seq: int
    checkpoints: list[CheckpointResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.index.ok and all(c.ok for c in self.checkpoints)

    @property
    def checked(self) -> int:
        return self.chain.checked

    @property
    def first_broken(self) -> int | None:
        return self.chain.first_broken

    @property
    def head_hash(self) -> str:
        return self.chain.head_hash

    @property
    def reason(self) -> str | None:
        """The first thing wrong, in one line (None when all is well)."""
        if not self.chain.ok:
            return self.chain.reason
        if not self.index.ok:
            return self.index.reason
        bad = next((c for c in self.checkpoints if not c.ok), None)
        return None if bad is None else f"checkpoint {bad.source}: {bad.consistency.detail}"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ok": self.ok,
            "checked": self.checked,
            "first_broken": self.first_broken,
            "reason": self.reason,
            "head_hash": self.head_hash,
            "subject_index": self.index.to_json(),
        }
        if self.checkpoints:
            data["checkpoints"] = [c.to_json() for c in self.checkpoints]
        return data


def verify_ledger(
    uow: UnitOfWork,
    checkpoints: Sequence[SignedCheckpoint] = (),
) -> Verification:
    """Recompute the chain from genesis, rebuild the subject index from it and compare, and
    hold the ledger against each (already signature-checked) checkpoint."""
    head_seq, _ = uow.ledger.head()
    chain = uow.ledger.verify()
    # A chain that verifies is gapless, so its last sequence number is the number checked.
    upto = chain.checked if chain.ok else head_seq
    index = check_subject_index(uow.ledger.connection, subjects_of, upto=upto)
    results = [
        CheckpointResult(
            source,
            checkpoint,
            signature,
            cp.consistency(checkpoint, upto, _hash_at(uow, checkpoint.seq, upto)),
        )
        for source, checkpoint, signature in checkpoints
    ]
    return Verification(chain, index, upto, results)


def _hash_at(uow: UnitOfWork, seq: int, upto: int) -> str | None:
    if seq > upto:
        return None
    found = uow.ledger.connection.execute(
        select(ledger_entry.c.hash).where(ledger_entry.c.seq == seq)
    ).scalar_one_or_none()
    return None if found is None else str(found)


def take_checkpoint(
    uow: UnitOfWork, key: Ed25519PrivateKey, verified: Verification | None = None
) -> cp.Checkpoint:
    """Sign the head of ``verified`` (a verification made in this unit of work), or, without
    one, the current head unverified. The command line verifies first; the API, answering
    often, does not (docs/architecture.md says what that means)."""
    if verified is not None:
        if not verified.ok:
            raise LedgerCorrupt(f"not signing a ledger that does not verify: {verified.reason}")
        seq, head_hash, entries = verified.head_seq, verified.head_hash, verified.checked
    else:
        (seq, head_hash), entries = uow.ledger.head(), uow.ledger.count()
    return cp.sign(
        key,
        seq=seq,
        head_hash=head_hash,
        entries=entries,
        database=uow.ledger.connection.dialect.name,
    )


def check_signatures(
    checkpoints: Iterable[tuple[str, cp.Checkpoint]], trusted: Ed25519PublicKey | None
) -> list[SignedCheckpoint]:
    """Each checkpoint's signature; :class:`SignatureInvalid` names the first that fails."""
    checked = []
    for source, checkpoint in checkpoints:
        try:
            checked.append((source, checkpoint, cp.check_signature(checkpoint, trusted)))
        except SignatureFailed as exc:
            raise SignatureInvalid(f"checkpoint {source} is not genuine: {exc}") from None
    return checked
