"""/api/v1/audit: every change the register holds, as the act that made it, judged by the law
in force on its date (what `nhswiring audit --json` prints, with the totals by outcome)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import Field

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.time import parse_date
from nhswiring.service.audit import AuditRow, audit_ledger, totals
from nhswiring.service.system import System
from nhswiring.web.api import models as m
from nhswiring.web.api.support import DATE_PATTERN, answer, head_of, translated
from nhswiring.web.deps import RuntimeDep
from nhswiring.web.openapi import responses

router = APIRouter(tags=["law"])

#: The audit of the ledger at its newest head (a second or so to compute; the ledger only grows,
#: so it is recomputed when the head moves, and periods are cut from it).
_AUDITED: dict[int, list[AuditRow]] = {}


def _audit_at(system: System, head: int) -> list[AuditRow]:
    rows = _AUDITED.get(head)
    if rows is None:
        rows = audit_ledger(system)
        _AUDITED.clear()
        _AUDITED[head] = rows
    return rows


class AuditVerdictOut(m.VerdictOut):
    """A verdict/1 object; ``noted`` marks a record that is not a legal act (its reason is the
    first reason), and a change before 2013 has no regime."""

    outcome: Literal["lawful", "unlawful", "undetermined", "noted"]  # type: ignore[assignment]
    regime: str | None  # type: ignore[assignment]


class InstrumentOut(m._Out):
    title: str
    reference: str = Field(description="Its number (e.g. SI 2022/734), or `unknown`.")
    url: str | None


class AuditChange(m._Out):
    date: dt.date
    actor: str
    action: str = Field(description="The change in words: merger, acquisition, ...")
    subjects: list[str]
    instrument: InstrumentOut
    verdict: AuditVerdictOut


class Audit(m.Headed):
    start: dt.date | None = Field(alias="from")
    to: dt.date | None
    totals: dict[str, int]
    changes: list[AuditChange]


DateQuery = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN,
        json_schema_extra={"format": "date", "examples": ["2022-07-01"]},
    ),
]


@router.get(
    "/audit",
    summary="Every change in the register, judged on its date",
    description="Each change the register holds (CCG and ICB establishments, mergers and "
    "abolitions, trust mergers, acquisitions and foundation trust authorisations, national "
    "bodies abolished by Act, NHS England's delegations) and each decision recorded since, as "
    "the act that made it: who took it, the instrument that did it and its verdict under the "
    "law in force on its date, with the totals by outcome. `from` and `to` bound the period, "
    "half-open [from, to). `noted` marks records that are not legal acts.",
    response_model=None,
    responses=responses(Audit, "The audit."),
)
def audit(
    request: Request,
    rt: RuntimeDep,
    from_: Annotated[DateQuery, Query(alias="from", description="First date, YYYY-MM-DD.")] = None,
    to: Annotated[DateQuery, Query(description="End date (not included), YYYY-MM-DD.")] = None,
) -> Response:
    head = head_of(request)
    with translated(parameters={"from": "from", "to": "to"}):
        start = parse_date(from_, "from") if from_ else None
        end = parse_date(to, "to") if to else None
        if start is not None and end is not None and end <= start:
            raise InvalidInput(
                "to",
                f"{end.isoformat()} is not after from {start.isoformat()}",
                "give a `to` later than `from` (the period is [from, to))",
            )
    rows = [
        r
        for r in _audit_at(rt.system, head)
        if (start is None or r.day >= start) and (end is None or r.day < end)
    ]
    return answer(
        request,
        {
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
            "totals": totals(rows),
            "changes": [r.to_json() for r in rows],
        },
    )
