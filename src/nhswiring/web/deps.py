"""What routes ask FastAPI for: the runtime, the register snapshot for the caller's
audience, and dates parsed from query parameters."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.time import REGISTER_START, parse_date
from nhswiring.ledger.store import PUBLIC
from nhswiring.service.register_cache import Snapshot
from nhswiring.web.runtime import Runtime


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


RuntimeDep = Annotated[Runtime, Depends(runtime)]


def public_snapshot(request: Request, rt: RuntimeDep) -> Snapshot:
    """The public register (what anyone may read), noting its head for the response."""
    snapshot = rt.registers.snapshot(PUBLIC)
    request.state.ledger_head = snapshot.head
    return snapshot


PublicSnapshot = Annotated[Snapshot, Depends(public_snapshot)]


def as_at(value: str | None, parameter: str = "as_at") -> date:
    """A date the register can answer for: today when not given."""
    if value is None or value.strip() == "":
        return date.today()
    day = parse_date(value.strip(), parameter)
    if day < REGISTER_START:
        raise InvalidInput(
            parameter,
            f"{day.isoformat()} is before the register begins",
            f"use a date on or after {REGISTER_START.isoformat()}",
        )
    return day
