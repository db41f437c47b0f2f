"""Ed25519 key files for signing checkpoints: PEM, the private key readable by its owner only.

Keep the private key away from the database's administrators (another host or account): a
checkpoint proves something only if whoever could rewrite the ledger could not also sign.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from nhswiring.domain.errors import InvalidInput
from nhswiring.ledger.checkpoints import fingerprint

MAKE_ONE = "make one with `nhswiring keys create --out FILE`"


def public_path(private: Path) -> Path:
    """Where the public half of ``private`` is written: beside it, ``.pub`` added."""
    return private.with_name(private.name + ".pub")


def create_key_pair(out: Path) -> tuple[Path, str]:
    """Write a new private key to ``out`` (mode 0600, never overwriting) and its public key
    to ``out.pub``; return the public key's path and fingerprint."""
    public = public_path(out)
    for path in (out, public):
        if path.exists():
            raise InvalidInput(
                "--out", f"{path} already exists", "choose a new file name; keys are not replaced"
            )
    if not out.parent.is_dir():
        raise InvalidInput("--out", f"{out.parent} is not a directory", "name a file in one")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(private_pem)
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return public, fingerprint(key.public_key())


def load_private_key(path: Path, field: str) -> Ed25519PrivateKey:
    data = _read(path, field)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise InvalidInput(
            field, f"{path} is not an unencrypted PEM private key", MAKE_ONE
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(field, f"{path} is not an Ed25519 key", MAKE_ONE)
    return key


def load_public_key(path: Path, field: str) -> Ed25519PublicKey:
    data = _read(path, field)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise InvalidInput(
            field,
            f"{path} is not a PEM public key",
            "give the .pub file `nhswiring keys create` wrote",
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput(field, f"{path} is not an Ed25519 public key", MAKE_ONE)
    return key


def _read(path: Path, field: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            field, f"cannot read {path} ({exc.strerror or exc})", "give a key file's path"
        ) from None
