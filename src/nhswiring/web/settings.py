"""What a running server is configured with, read once from the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from nhswiring.ledger.database import database_url

SECRET_VARIABLE = "NHSWIRING_SECRET_KEY"
#: The Ed25519 private key file (``nhswiring keys create``) that signs /api/v1/ledger/checkpoint.
SIGNING_KEY_VARIABLE = "NHSWIRING_SIGNING_KEY"
#: Request bodies larger than this are refused with 413 before they are read.
MAX_BODY_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = field(default_factory=lambda: database_url())
    #: Signs session and CSRF cookies. Workers of one server must share it: `nhswiring serve`
    #: makes one per start when none is configured and hands it to every worker.
    secret_key: str = field(
        default_factory=lambda: os.environ.get(SECRET_VARIABLE) or secrets.token_urlsafe(48)
    )
    #: Cookies marked Secure: on behind TLS, off on plain http://127.0.0.1 (the default).
    secure_cookies: bool = field(
        default_factory=lambda: os.environ.get("NHSWIRING_SECURE_COOKIES", "") == "1"
    )
    #: Signs ledger checkpoints; None (the default) leaves /api/v1/ledger/checkpoint off.
    signing_key: str | None = field(
        default_factory=lambda: os.environ.get(SIGNING_KEY_VARIABLE) or None
    )
    max_body_bytes: int = MAX_BODY_BYTES
    #: Load the register in the background at start-up (False in tests that want it now).
    load_in_background: bool = True
