"""The private case API, /api/v1/cases: an organisation's provider selection cases, run step
by step through the same service the command line uses (``service/psr/``), with bearer
tokens scoped ``cases:read`` and ``cases:write``.

A case belongs to its authority's organisation. Every route acts for the caller's
organisation only: another organisation's case answers 404 exactly as a case that does not
exist, so nobody learns that it exists. Writes take an optional ``If-Match: "v{n}"``; each
step is written with the case pinned to the version read, so a step is never judged on a case
that changed under it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from nhswiring.law.psr_2023.exclusions import ExclusionFacts, ExclusionStatus
from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.notices import publish
from nhswiring.service.psr.summary import cases_of
from nhswiring.web.api import case_docs as docs
from nhswiring.web.api import case_reports, case_review
from nhswiring.web.api.case_models import (
    Abandonment,
    Assessment,
    Award,
    CaseList,
    CaseOut,
    ConflictsCheck,
    Decision,
    Modification,
    NoticeRequest,
    OpenCase,
    Representation,
    Route,
    RouteAnalysis,
    RouteQuestion,
    StepOut,
)
from nhswiring.web.api.case_support import (
    BEARER,
    PREFIX,
    CaseRoute,
    IfMatch,
    JsonBody,
    PinnedCases,
    Readable,
    Writable,
    case_json,
    case_url,
    etag,
    pinned_write,
    plain,
    step_response,
    translated,
    version_of,
)
from nhswiring.web.api.idempotency import IdempotencyKey
from nhswiring.web.auth import ReadCases, WriteCases
from nhswiring.web.deps import RuntimeDep
from nhswiring.web.problems import Problem

router = APIRouter(
    prefix=PREFIX,
    tags=["provider selection cases"],
    route_class=CaseRoute,
    dependencies=[Depends(BEARER)],
)


def _step_docs(description: str, *problems: Problem) -> dict[int | str, dict[str, Any]]:
    return docs.responses(
        StepOut,
        description,
        docs.NO_CASE,
        docs.IN_STANDSTILL,
        docs.RACED,
        docs.STALE_CASE,
        *problems,
        status=201,
        example=docs.STEP_EXAMPLE,
        case=True,
        body=True,
        write=True,
    )


# --- the organisation's cases ---------------------------------------------------------------------


@router.get(
    "/cases",
    summary="The organisation's cases",
    responses=docs.responses(
        CaseList,
        "Every case of the caller's organisation, by reference.",
        example={
            "organisation": "QHM",
            "cases": [
                {
                    "reference": "GH-CN-2025",
                    "service": "Community nursing, Gateshead",
                    "status": "standstill",
                    "process": "direct_award_c",
                    "opened_on": "2025-05-01",
                    "version": 5,
                    "href": "/api/v1/cases/GH-CN-2025",
                }
            ],
        },
    ),
)
def list_cases(rt: RuntimeDep, who: ReadCases) -> JSONResponse:
    register = Cases(rt.system, who.organisation).register()
    found = sorted(cases_of(register, who.organisation), key=lambda c: c.case_id)
    items = [
        {
            "reference": c.case_id,
            "service": c.service,
            "status": c.status.value,
            "process": c.process,
            "opened_on": c.opened_on.isoformat() if c.opened_on else None,
            "version": version_of(c),
            "href": case_url(c.case_id),
        }
        for c in found
    ]
    return JSONResponse({"organisation": who.organisation, "cases": items})


@router.post(
    "/cases",
    status_code=201,
    summary="Open a case",
    responses=docs.responses(
        StepOut,
        "The case, opened; Location names it.",
        status=201,
        example=docs.STEP_EXAMPLE,
        case=True,
        body=True,
        write=True,
    ),
)
def open_case(
    body: OpenCase, rt: RuntimeDep, who: WriteCases, _json: JsonBody, request: IdempotencyKey
) -> JSONResponse:
    cases = PinnedCases(rt.system, who.organisation, body.reference, 0, request)
    with translated({"case": "/reference", "value": "/estimated_value"}):
        result = cases.open(
            case_id=body.reference,
            day=body.date,
            authority=who.organisation,
            service=body.service,
            cpv_codes=body.cpv_codes,
            estimated_value=str(body.estimated_value),
            decision_makers=body.decision_makers,
            by=body.by,
            existing_contract=body.existing_contract,
            other_existing_contracts=body.other_existing_contracts,
            procurement=body.procurement,
            lot=body.lot,
        )
    return step_response(result, {"Location": case_url(body.reference)})


@router.get(
    "/cases/{ref}",
    summary="A case as it stands",
    responses=docs.responses(
        CaseOut, "The case, step by step.", docs.NO_CASE, example=docs.CASE_EXAMPLE, case=True
    ),
)
def get_case(found: Readable) -> JSONResponse:
    return JSONResponse(case_json(found.state), headers={"ETag": etag(found.state)})


# --- steps ---------------------------------------------------------------------------------


@router.post(
    "/cases/{ref}/route-analysis",
    summary="Which processes are open on these facts (reg 6); records nothing",
    responses=docs.responses(
        RouteAnalysis, "Each process's status and reasons.", docs.NO_CASE, body=True
    ),
)
def route_analysis(body: RouteQuestion, found: Readable, _json: JsonBody) -> JSONResponse:
    with translated():
        options = found.cases.analyse(
            case_id=found.state.case_id, day=body.date, facts=body.facts, provider=body.provider
        )
    return JSONResponse({"route": [plain(o.to_json()) for o in options]})


@router.post(
    "/cases/{ref}/route",
    status_code=201,
    summary="Choose the process (reg 6)",
    responses=_step_docs("The process recorded, with each process's status."),
)
def route(body: Route, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.route(
            case_id=found.state.case_id,
            day=body.date,
            process=body.process,
            facts=body.facts,
            by=body.by,
            provider=body.provider,
        ),
    )
    return step_response(result)


@router.post(
    "/cases/{ref}/assessments",
    status_code=201,
    summary="Assess a provider (regs 5, 19, 20)",
    responses=_step_docs("The assessment recorded, with the exclusion verdict."),
)
def assess(body: Assessment, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    exclusion = body.exclusion
    facts = (
        ExclusionFacts(
            ExclusionStatus(exclusion.status),
            grounds=exclusion.grounds,
            debarment_list=exclusion.debarment_list,
            exclude=exclusion.exclude,
            public_interest=exclusion.public_interest,
        )
        if exclusion
        else None
    )
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.assess(
            case_id=found.state.case_id,
            day=body.date,
            provider=body.provider,
            by=body.by,
            key_criteria={k: v.model_dump(exclude_none=True) for k, v in body.key_criteria.items()},
            basic_selection_met=body.basic_selection_met,
            basic_selection_notes=body.basic_selection_notes,
            exclusion=facts,
            award_score=body.award_score,
            address=body.address,
        ),
    )
    return step_response(result)


@router.post(
    "/cases/{ref}/conflicts",
    status_code=201,
    summary="Check conflicts of interest (reg 21)",
    responses=_step_docs("Each conflict found; 200 when none is new."),
)
def conflicts(body: ConflictsCheck, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.conflicts(case_id=found.state.case_id, day=body.date, by=body.by),
    )
    return step_response(result)


@router.post(
    "/cases/{ref}/notices",
    status_code=201,
    summary="Publish a notice",
    responses=_step_docs("The notice published; Location names it."),
)
def notices(body: NoticeRequest, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    schedule = None if body.schedule == "abandonment" else int(body.schedule)
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: publish(
            c,
            case_id=found.state.case_id,
            day=body.date,
            schedule=schedule,
            by=body.by,
            provider=body.provider,
            fields=body.fields,
        ),
    )
    where = f"{case_url(found.state.case_id)}/notices/{len(result.case.notices)}"
    return step_response(result, {"Location": where})


@router.post(
    "/cases/{ref}/representations",
    status_code=201,
    summary="Record representations (reg 12)",
    responses=_step_docs("The representations recorded."),
)
def represent(body: Representation, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.represent(
            case_id=found.state.case_id,
            day=body.date,
            provider=body.provider,
            summary=body.summary,
            by=body.by,
        ),
    )
    return step_response(result)


@router.post(
    "/cases/{ref}/decisions",
    status_code=201,
    summary="Decide on representations (reg 12)",
    responses=_step_docs("The decision recorded, with when it may be acted on."),
)
def decide(body: Decision, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.decide_representation(
            case_id=found.state.case_id,
            day=body.date,
            provider=body.provider,
            decision=body.decision,
            reasons=body.reasons,
            by=body.by,
        ),
    )
    return step_response(result)


@router.post(
    "/cases/{ref}/award",
    status_code=201,
    summary="Award the contract",
    responses=_step_docs("The contract entered into; it joins the register."),
)
def award(body: Award, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.award(
            case_id=found.state.case_id,
            day=body.date,
            provider=body.provider,
            value=str(body.value),
            start=body.start,
            end=body.end,
            by=body.by,
            contract_id=body.contract_id,
            address=body.address,
        ),
        {"award": "/date", "value": "/value"},
    )
    return step_response(result)


@router.post(
    "/cases/{ref}/modifications",
    status_code=201,
    summary="Modify the contract (regs 13, 14)",
    responses=_step_docs("The modification recorded, and whether a notice is due."),
)
def modify(body: Modification, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.modify(
            case_id=found.state.case_id,
            day=body.date,
            change=str(body.change),
            reason=body.reason,
            by=body.by,
            cumulative=None if body.cumulative is None else str(body.cumulative),
            facts=body.facts,
            description=body.description,
            term_change=body.term_change,
            takes_effect=body.takes_effect,
            new_end=body.new_end,
        ),
        {"modify": "/change"},
    )
    return step_response(result)


@router.post(
    "/cases/{ref}/abandonment",
    status_code=201,
    summary="Abandon (reg 15)",
    responses=_step_docs("The abandonment recorded; its notice is due in 30 days."),
)
def abandon(body: Abandonment, found: Writable, if_match: IfMatch = None) -> JSONResponse:
    result = pinned_write(
        found.pinned(),
        found.state,
        if_match,
        lambda c: c.abandon(
            case_id=found.state.case_id, day=body.date, reason=body.reason, by=body.by
        ),
    )
    return step_response(result)


router.include_router(case_reports.router)
router.include_router(case_review.router)
