"""The review of representations through the case API: requests for information and the
replies (reg 12(4)(b), (5)), referrals to the Independent Patient Choice and Procurement Panel
and its advice (reg 23). Each is a step of the case, like /decisions."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from nhswiring.web.api import case_docs as docs
from nhswiring.web.api.case_models import (
    InformationGiven,
    InformationRequest,
    PanelAdvice,
    PanelReferral,
    StepOut,
)
from nhswiring.web.api.case_support import (
    CaseRoute,
    IfMatch,
    Writable,
    pinned_write,
    step_response,
)

#: Included in ``cases.router``, which adds the prefix, the tag and the bearer scheme.
router = APIRouter(route_class=CaseRoute)

_DOCS = docs.responses(
    StepOut,
    "The step recorded.",
    docs.NO_CASE,
    docs.IN_STANDSTILL,
    docs.RACED,
    docs.STALE_CASE,
    status=201,
    example=docs.STEP_EXAMPLE,
    case=True,
    body=True,
    write=True,
)


@router.post(
    "/cases/{ref}/information-requests",
    status_code=201,
    summary="Record a provider's request for information (reg 12(4)(b))",
    responses=_DOCS,
)
def request_information(
    body: InformationRequest, found: Writable, if_match: IfMatch = None
) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.request_information(
            case_id=found.state.case_id,
            day=body.date,
            provider=body.provider,
            request=body.request,
            by=body.by,
        ),
    )
    return step_response(result)


@router.post(
    "/cases/{ref}/information",
    status_code=201,
    summary="Record the information given (reg 12(4)(b), (5))",
    responses=_DOCS,
)
def give_information(
    body: InformationGiven, found: Writable, if_match: IfMatch = None
) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.give_information(
            case_id=found.state.case_id,
            day=body.date,
            provider=body.provider,
            answer=body.answer,
            withheld=body.withheld,
            by=body.by,
        ),
    )
    return step_response(result)


@router.post(
    "/cases/{ref}/panel-referrals",
    status_code=201,
    summary="Record a referral to the Independent Patient Choice and Procurement Panel",
    responses=_DOCS,
)
def refer(body: PanelReferral, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.refer_to_panel(
            case_id=found.state.case_id,
            day=body.date,
            provider=body.provider,
            reference=body.reference,
            accepted=body.accepted,
            by=body.by,
        ),
    )
    return step_response(result)


@router.post(
    "/cases/{ref}/panel-advice",
    status_code=201,
    summary="Record the Panel's advice (reg 23)",
    responses=_DOCS,
)
def advice(body: PanelAdvice, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.record_panel_advice(
            case_id=found.state.case_id,
            day=body.date,
            provider=body.provider,
            advice=body.advice,
            summary=body.summary,
            by=body.by,
        ),
    )
    return step_response(result)
