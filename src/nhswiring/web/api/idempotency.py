"""``Idempotency-Key``: a write retried after a lost response is recognised, not repeated.

A client that did not hear back (a timeout, a dropped connection) cannot know whether its
step was recorded. Sending the same ``Idempotency-Key`` again is safe: if the first attempt
committed, the answer is the case as it stands, with ``Idempotent-Replayed: true`` and
nothing new written; if it did not, the step is taken now. The key is scoped to the caller's
organisation and kept in the ledger with the transaction it wrote (so it is covered by the
chain); a key sent again with a different request is refused (422), never mistaken for a
retry.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import Depends, Header, Request

from nhswiring.ledger.hashing import canonical_json, request_digest
from nhswiring.ledger.store import RequestKey
from nhswiring.web.problems import INVALID, FieldError, Problem

HEADER = "Idempotency-Key"
#: The longest key accepted (the ledger column holds it with its organisation's prefix).
MAX_KEY = 100
REPLAYED = "Idempotent-Replayed"


async def request_key(
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description="Any unique string (a UUID, say) naming this write: sent again "
            "with the same request, it is recognised and not recorded twice.",
        ),
    ] = None,
) -> RequestKey | None:
    if idempotency_key is None:
        return None
    key = idempotency_key.strip()
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise Problem(
            INVALID,
            f"{HEADER} must be 1 to {MAX_KEY} printable characters",
            [FieldError("send a UUID or another short unique string", parameter=HEADER)],
        )
    body = await request.body()
    try:
        content = canonical_json(json.loads(body)) if body else ""
    except ValueError:
        content = body.decode("utf-8", "replace")
    digest = request_digest({"method": request.method, "path": request.url.path, "body": content})
    return RequestKey(key, digest)


IdempotencyKey = Annotated[RequestKey | None, Depends(request_key)]


def scoped(request: RequestKey | None, organisation: str) -> RequestKey | None:
    """The key as the ledger holds it: one organisation's keys never meet another's."""
    if request is None:
        return None
    return RequestKey(f"api:{organisation}:{request.key}", request.digest)
