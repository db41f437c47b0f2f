"""What the case routes share: the ledger head on every answer (errors included), the case
as JSON with its version as ETag, If-Match, and the service's errors as problems naming the
API's JSON pointers and parameters rather than the command line's options.

A step is written with the case stream pinned to the version read when the request began
(``PinnedCases``), so two writers racing on one case cannot both succeed: the second is
refused by the ledger (409, or 412 when it sent If-Match) and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, Header, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer

from nhswiring.domain import events as ev
from nhswiring.domain.errors import InvalidInput, LedgerBusy, LedgerConflict, UnknownBody
from nhswiring.domain.procurement import CaseState
from nhswiring.law.verdict import Verdict
from nhswiring.ledger.store import NewEntry, RequestKey, private_stream
from nhswiring.service.accounts import Principal
from nhswiring.service.psr.cases import Cases, StepRefused, StepResult
from nhswiring.service.system import System
from nhswiring.service.writes import REQUEST_FIELD
from nhswiring.web import errors
from nhswiring.web.api.idempotency import HEADER, REPLAYED, IdempotencyKey, scoped
from nhswiring.web.auth import ReadCases, WriteCases
from nhswiring.web.deps import RuntimeDep
from nhswiring.web.problems import (
    INVALID,
    LEDGER_CONFLICT,
    NOT_FOUND,
    REFUSED_BY_LAW,
    STALE,
    UNSUPPORTED_MEDIA,
    FieldError,
    Problem,
)

PREFIX = "/api/v1"
LEDGER_HEAD = "X-Ledger-Head"


# --- every answer carries the ledger head ------------------------------------------------------


class CaseRoute(APIRoute):
    """Answers every request (errors included) with ``X-Ledger-Head``: the head after the
    read or write, unless the route noted the head it read at. The product's errors become
    problems here, so that they carry the header too."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                response = await handler(request)
            except RequestValidationError as exc:
                response = errors.validation_problem(exc).response(request.url.path)
            except (Problem, InvalidInput, LedgerConflict, LedgerBusy) as exc:
                response = errors.problem_from(exc).response(request.url.path)
            head = getattr(request.state, "ledger_head", None)
            if head is None:
                head = request.app.state.runtime.system.head()
            response.headers[LEDGER_HEAD] = str(head)
            return response

        return answer


# --- the case as JSON ----------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """JSON values: amounts as strings, dates ISO."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def version_of(case: CaseState) -> int:
    """The case stream's version: one entry per step."""
    return len(case.history)


def etag(case: CaseState) -> str:
    return f'"v{version_of(case)}"'


def case_json(case: CaseState) -> dict[str, Any]:
    data: dict[str, Any] = plain(case.as_data())
    return data | {"status": case.status.value, "version": version_of(case)}


def case_url(reference: str) -> str:
    return f"{PREFIX}/cases/{reference}"


def step_json(result: StepResult) -> dict[str, Any]:
    """As `nhswiring psr ... --json` gives it (entrypoints/psr_app.py `_emit`)."""
    data: dict[str, Any] = {"case": case_json(result.case), "recorded": result.recorded}
    if result.replayed:
        data["replayed"] = True
    verdict: Verdict | None = result.verdict
    if verdict:
        data["verdict"] = plain(verdict.to_json())
    if result.route:
        data["route"] = [plain(o.to_json()) for o in result.route]
    if result.conflicts:
        data["conflicts"] = [plain(c.to_json()) for c in result.conflicts]
    return data


def step_response(
    result: StepResult, headers: Mapping[str, str] = {}, created: bool = True
) -> JSONResponse:
    """201 when the step wrote something, 200 when there was nothing new to record (or the
    request had been recorded before: ``Idempotent-Replayed: true``)."""
    replayed = {REPLAYED: "true"} if result.replayed else {}
    return JSONResponse(
        step_json(result),
        status_code=201 if created and result.recorded and not result.replayed else 200,
        headers={"ETag": etag(result.case), **replayed, **headers},
    )


# --- preconditions -------------------------------------------------------------------------


def require_json(request: Request) -> None:
    """415 for a body that does not say it is JSON."""
    given = request.headers.get("content-type", "")
    media = given.split(";", 1)[0].strip().lower()
    if media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    ):
        return
    raise Problem(
        UNSUPPORTED_MEDIA,
        f"{media or 'a body without a Content-Type'} is not accepted here; send application/json",
        [FieldError("send application/json", parameter="Content-Type")],
    )


def check_if_match(if_match: str | None, case: CaseState) -> None:
    """412 unless the case is still at a version If-Match names (``*`` matches any)."""
    if if_match is None:
        return
    current = f"v{version_of(case)}"
    for tag in (t.strip() for t in if_match.split(",")):
        if tag == "*" or (not tag.startswith("W/") and tag.strip('"') == current):
            return
    raise stale(if_match, case)


def stale(if_match: str, case: CaseState) -> Problem:
    return Problem(
        STALE,
        f"the case is at version {version_of(case)} ({etag(case)}), not {if_match}: "
        "someone recorded a step since you read it; nothing was recorded. Read the case "
        "again and decide whether the step is still right",
        [FieldError(f"the case is now {etag(case)}", parameter="If-Match")],
        headers={"ETag": etag(case)},
    )


def not_found(reference: str) -> Problem:
    """The same answer for a case that does not exist and another organisation's case."""
    return Problem(
        NOT_FOUND,
        f"no case {reference!r}",
        [FieldError(f"no case {reference!r}", parameter="ref")],
    )


class PinnedCases(Cases):
    """The authority's cases, with its next write to one case's stream pinned to the version
    the request read: the ledger refuses it (LedgerConflict) if another writer came first."""

    def __init__(
        self,
        system: System,
        authority: str,
        reference: str,
        version: int,
        request: RequestKey | None = None,
    ) -> None:
        super().__init__(system, authority, scoped(request, authority))
        self._stream = private_stream(authority, f"case:{reference}")
        self._expected: int | None = version

    def entries(
        self, day: date, events: Sequence[ev.Event], verdict: Verdict | None = None
    ) -> list[NewEntry]:
        out = super().entries(day, events, verdict)
        if self._expected is None:
            return out
        for i, entry in enumerate(out):
            if entry.stream == self._stream:
                out[i] = entry._replace(expected_version=self._expected)
                self._expected = None
                break
        return out


# --- the service's errors, in the API's words --------------------------------------------------

#: The service's field names (the command line's) that are the same body member on every route.
COMMON_FIELDS = {
    "date": "/date",
    "by": "/by",
    "provider": "/provider",
    "decision-maker": "/decision_makers",
    "existing-contract": "/existing_contract",
    "cpv": "/cpv_codes",
    "key-criteria": "/key_criteria",
    "key-criteria weights": "/key_criteria",
    "excluded": "/exclusion",
    "schedule": "/schedule",
    "fields": "/fields",
    "process": "/process",
    "decision": "/decision",
    "change": "/change",
    "cumulative": "/cumulative",
    "reason": "/reason",
    "start": "/start",
    "end": "/end",
}
#: Command-line hints in the service's messages, and what to say to an API caller instead.
_HINTS: tuple[tuple[str, str], ...] = (
    (r"run `nhswiring psr route` without --process", "ask POST .../route-analysis"),
    (r"`nhswiring psr open[^`]*`", "POST /api/v1/cases"),
    (r"`nhswiring psr route[^`]*`", "the route step (POST .../route)"),
    (r"`nhswiring psr decide[^`]*`", "a decision (POST .../decisions)"),
    (r"`nhswiring psr abandon[^`]*`", "the abandonment (POST .../abandonment)"),
    (r"`nhswiring psr (\w+)[^`]*`", r"the \1 step"),
    (r"`nhswiring check --action (\w+)`", r"POST /api/v1/judgements (action \1)"),
    (r"`nhswiring (\w+)[^`]*`", r"nhswiring \1"),
    (r"--field KEY=VALUE", "`fields` {KEY: VALUE}"),
    (r"--decision-maker ID=Name", "`decision_makers` {ID: Name}"),
    (r"--existing-contract", "`existing_contract`"),
    (r"without --process", "without a process"),
    (r"--by", "`by`"),
)


def api_words(text: str) -> str:
    for pattern, replacement in _HINTS:
        text = re.sub(pattern, replacement, text)
    return text


def pointer_for(field: str, fields: Mapping[str, str]) -> str | None:
    """The body member a service field names, or None when it names none (the case as a
    whole, say): ``key-criteria.value.reasons`` -> ``/key_criteria/value/reasons``."""
    if field in fields:
        return fields[field]
    if field in COMMON_FIELDS:
        return COMMON_FIELDS[field]
    head, dot, rest = field.partition(".")
    if dot and head in COMMON_FIELDS:
        return COMMON_FIELDS[head] + "".join(f"/{p}" for p in rest.split("."))
    return None


@contextmanager
def translated(
    fields: Mapping[str, str] = {}, parameters: Mapping[str, str] = {}
) -> Iterator[None]:
    """Re-raise the service's errors as problems: a step the law refuses is 409
    refused-by-law, anything else invalid 422, each naming the body member (``fields``: the
    service's field to a JSON pointer) or query parameter (``parameters``) at fault."""
    parameters = {REQUEST_FIELD: HEADER} | dict(parameters)
    try:
        yield
    except InvalidInput as exc:
        problem, accepted = api_words(exc.problem), api_words(exc.accepted)
        message = f"{problem}; {accepted}"
        if exc.field in parameters:
            named: str | None = parameters[exc.field]
            error = FieldError(message, parameter=named)
        else:
            named = pointer_for(exc.field, fields)
            error = FieldError(message, pointer=named)
        if isinstance(exc, StepRefused):
            raise refused(exc, message, error) from None
        kind = NOT_FOUND if isinstance(exc, UnknownBody) else INVALID
        raise Problem(kind, f"{named or 'the request'}: {message}", [error]) from None


def refused(exc: StepRefused, message: str, error: FieldError) -> Problem:
    """409: the law does not allow the step now; ``possible_from`` says when it will, where
    only time stands in the way."""
    extra = {"possible_from": exc.possible_from.isoformat()} if exc.possible_from else {}
    return Problem(REFUSED_BY_LAW, message, [error], extra=extra)


def pinned_write(
    cases: PinnedCases,
    read: CaseState,
    if_match: str | None,
    step: Callable[[PinnedCases], StepResult],
    fields: Mapping[str, str] = {},
) -> StepResult:
    """Take the step, if the case is still at the version If-Match names (412 if not); a
    write that finds the case moved on meanwhile is 412 with If-Match, else 409. A retried
    request (same Idempotency-Key) that had committed answers with the case as it stands:
    its If-Match is not checked again, since its own step moved the case on."""
    with translated(fields):
        if (done := cases.replay_of(read.case_id)) is not None:
            return done
    check_if_match(if_match, read)
    try:
        with translated(fields):
            return step(cases)
    except LedgerConflict as exc:
        if if_match is not None:
            now = Cases(cases.system, cases.authority).state(read.case_id)
            if version_of(now) != version_of(read):
                raise stale(if_match, now) from None
        raise Problem(LEDGER_CONFLICT, str(exc)) from None


# --- who is asking, and for which case ------------------------------------------------------------

BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    description="An API token (`nhswiring tokens create`, or the account page) with the scope "
    "cases:read, and cases:write to record steps.",
)
Ref = Annotated[str, Path(max_length=100, description="The case reference.")]
IfMatch = Annotated[
    str | None,
    Header(description='The ETag last read, e.g. "v4": refused with 412 if the case moved on.'),
]
JsonBody = Annotated[None, Depends(require_json)]


@dataclass(frozen=True, slots=True)
class Found:
    """A case of the caller's organisation, as read when the request began."""

    who: Principal
    cases: Cases
    state: CaseState
    request: RequestKey | None = None

    def pinned(self) -> PinnedCases:
        return PinnedCases(
            self.cases.system,
            self.cases.authority,
            self.state.case_id,
            version_of(self.state),
            self.request,
        )


def _find(rt: RuntimeDep, who: Principal, ref: str) -> Found:
    cases = Cases(rt.system, who.organisation)
    try:
        state = cases.state(ref)
    except InvalidInput:
        raise not_found(ref) from None
    return Found(who, cases, state)


def readable(ref: Ref, rt: RuntimeDep, who: ReadCases) -> Found:
    return _find(rt, who, ref)


def writable(
    ref: Ref, rt: RuntimeDep, who: WriteCases, _json: JsonBody, request: IdempotencyKey
) -> Found:
    return replace(_find(rt, who, ref), request=request)


Readable = Annotated[Found, Depends(readable)]
Writable = Annotated[Found, Depends(writable)]
