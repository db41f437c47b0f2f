"""The case API's responses in OpenAPI: each route's success (with ``X-Ledger-Head`` and,
for a case, ``ETag``) and every problem it can answer with, built by the shared helpers of
``web/openapi.py``, with examples of the case API's own problems using real codes (QHM, RTD,
85323000-9)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from nhswiring.web.openapi import ETAG_HEADER, problem_responses, success
from nhswiring.web.problems import (
    FORBIDDEN,
    INVALID,
    LEDGER_CONFLICT,
    MALFORMED,
    NOT_FOUND,
    NOT_READY,
    REFUSED_BY_LAW,
    STALE,
    TOO_LARGE,
    UNAUTHENTICATED,
    UNSUPPORTED_MEDIA,
    FieldError,
    Problem,
)

CASE = "/api/v1/cases/GH-CN-2025"

# --- examples ----------------------------------------------------------------------------------

NO_TOKEN = Problem(
    UNAUTHENTICATED,
    "this operation needs an API token",
    [FieldError("send `Authorization: Bearer <token>`", parameter="Authorization")],
)
NO_SCOPE = Problem(
    FORBIDDEN,
    "the token does not have the scope cases:write",
    [FieldError("create a token with --scope cases:write", parameter="Authorization")],
)
NO_CASE = Problem(
    NOT_FOUND, "no case 'GH-CN-2025'", [FieldError("no case 'GH-CN-2025'", parameter="ref")]
)
NO_ORGANISATION = Problem(
    NOT_FOUND,
    "no organisation 'QOP' for this token",
    [FieldError("use your own organisation's code, e.g. QHM", parameter="code")],
)
NO_NOTICE = Problem(
    NOT_FOUND,
    "case 'GH-CN-2025' has 1 notice(s), not 3",
    [FieldError("use 1 to 1", parameter="n")],
)
IN_STANDSTILL = Problem(
    REFUSED_BY_LAW,
    "the standstill runs until midnight at the end of Friday 2025-06-13 (2025-06-13T23:59:59"
    "+01:00) (reg 12); the contract may be entered into from Saturday 2025-06-14; complete the "
    "missing steps, or wait until the date given",
    [
        FieldError(
            "the standstill runs until midnight at the end of Friday 2025-06-13", pointer="/date"
        )
    ],
)
RACED = Problem(
    LEDGER_CONFLICT,
    "stream 'org:QHM:case:GH-CN-2025' is at version 5, not 4: someone else recorded first; "
    "reload and try again",
)
STALE_CASE = Problem(
    STALE,
    'the case is at version 5 ("v5"), not "v4": someone recorded a step since you read it; '
    "nothing was recorded. Read the case again and decide whether the step is still right",
    [FieldError('the case is now "v5"', parameter="If-Match")],
)
BAD_CPV = Problem(
    INVALID,
    "/cpv_codes: '45000000-7' is not a CPV code in PSR Schedule 1; use a code for the health "
    "care services listed in Schedule 1, e.g. 85323000-9",
    [FieldError("'45000000-7' is not a CPV code in PSR Schedule 1", pointer="/cpv_codes")],
)
BAD_YEAR = Problem(
    INVALID,
    "year: '2025' is not a financial year; use YYYY/YY, e.g. 2025/26",
    [FieldError("'2025' is not a financial year; use YYYY/YY", parameter="year")],
)
MALFORMED_BODY = Problem(
    MALFORMED,
    "/: JSON decode error",
    [FieldError("JSON decode error", pointer="/")],
)
NOT_JSON = Problem(
    UNSUPPORTED_MEDIA,
    "text/plain is not accepted here; send application/json",
    [FieldError("send application/json", parameter="Content-Type")],
)
BODY_TOO_LARGE = Problem(TOO_LARGE, "the body is over 256 KiB")
LOADING = Problem(NOT_READY, "the register is loading; try again shortly")


def responses(
    model: type[BaseModel],
    description: str,
    *problems: Problem,
    status: int = 200,
    example: Mapping[str, Any] | None = None,
    case: bool = False,
    body: bool = False,
    write: bool = False,
    other_media: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[int | str, dict[str, Any]]:
    """Everything a route can answer: the success and ``problems``, with 401, 403 and 503
    always, 422 with an example unless given, and 400, 413, 415 for a ``body``."""
    out = success(model, description, status=status, example=example, other_media=other_media)
    if case:
        out[status]["headers"].update(ETAG_HEADER)
    extra = [NO_TOKEN, NO_SCOPE if write else _read_scope(), *problems]
    if INVALID not in {p.kind for p in problems}:
        extra.append(BAD_CPV if body else BAD_YEAR)
    if body:
        extra += [MALFORMED_BODY, BODY_TOO_LARGE, NOT_JSON]
    extra.append(LOADING)
    out.update(problem_responses(extra, CASE))
    return out


def _read_scope() -> Problem:
    return Problem(
        FORBIDDEN,
        "the token does not have the scope cases:read",
        [FieldError("create a token with --scope cases:read", parameter="Authorization")],
    )


#: A case, as the examples show it (trimmed: every list may hold more).
CASE_EXAMPLE: dict[str, Any] = {
    "case_id": "GH-CN-2025",
    "authority": "QHM",
    "service": "Community nursing, Gateshead",
    "cpv_codes": ["85323000-9"],
    "estimated_value": "12000000",
    "existing_contract": None,
    "existing_provider": None,
    "decision_makers": ["P100", "P101"],
    "opened_on": "2025-05-01",
    "facts": {"existing_provider": True, "existing_provider_satisfactory": True},
    "process": "direct_award_c",
    "route": [],
    "providers": ["RTD"],
    "candidate": "RTD",
    "assessments": {},
    "conflicts": [],
    "notices": [],
    "standstill": {
        "begins": "2025-06-03",
        "last_day": "2025-06-13",
        "ends_at": "2025-06-13T23:59:59+01:00",
    },
    "representations": [],
    "award": None,
    "modifications": [],
    "abandoned": None,
    "history": [
        {"date": "2025-05-01", "step": "open", "by": "P100", "details": {}},
    ],
    "status": "standstill",
    "version": 5,
}
STEP_EXAMPLE: dict[str, Any] = {"case": CASE_EXAMPLE, "recorded": 1}
