"""/api/v1/ledger/checkpoint: the ledger's head signed with the server's key, for auditors to
keep elsewhere and hold the ledger against later (``nhswiring verify --checkpoint``)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from nhswiring.domain.errors import InvalidInput
from nhswiring.service.integrity import take_checkpoint
from nhswiring.service.signing import load_private_key
from nhswiring.service.unit_of_work import UnitOfWork
from nhswiring.web.api import models as m
from nhswiring.web.api.support import answer
from nhswiring.web.deps import RuntimeDep
from nhswiring.web.openapi import responses
from nhswiring.web.problems import NOT_FOUND, Problem
from nhswiring.web.settings import SIGNING_KEY_VARIABLE

router = APIRouter(tags=["register"])

NOT_CONFIGURED = Problem(
    NOT_FOUND,
    f"this server signs no checkpoints: {SIGNING_KEY_VARIABLE} is not set; make a key with "
    f"`nhswiring keys create --out FILE` and start the server with {SIGNING_KEY_VARIABLE}=FILE",
)


@router.get(
    "/ledger/checkpoint",
    summary="A signed checkpoint of the ledger's head",
    description="The newest entry's number and hash, signed (Ed25519) with the server's key "
    f"(`{SIGNING_KEY_VARIABLE}`). Keep it where this server's administrators cannot rewrite "
    "it; later, `nhswiring verify --checkpoint FILE --public-key KEY.pub` proves the ledger "
    "still holds that entry and has only grown since. The head is signed as it stands, "
    "without re-verifying the chain (that is `/ledger/verify`). 404 when the server has no "
    "signing key.",
    response_model=None,
    responses=responses(m.Checkpoint, "A signed checkpoint.", NOT_CONFIGURED, parameters=False),
)
def checkpoint(request: Request, rt: RuntimeDep) -> Response:
    path = rt.settings.signing_key
    if not path:
        raise NOT_CONFIGURED
    try:
        key = load_private_key(Path(path), SIGNING_KEY_VARIABLE)
    except InvalidInput as exc:
        raise Problem(NOT_FOUND, f"this server cannot sign checkpoints: {exc}") from None
    with UnitOfWork(rt.system.engine) as uow:
        signed = take_checkpoint(uow, key)
    request.state.ledger_head = signed.seq
    return answer(request, signed.to_json())
