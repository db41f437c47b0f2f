"""How failures reach people: problem details (RFC 9457) for the API, an NHS.UK error page
for the web. One mapping from each exception of the product to a kind of problem."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from nhswiring.domain.errors import (
    InvalidInput,
    LedgerBusy,
    LedgerConflict,
    StepRefused,
    UnknownBody,
)
from nhswiring.web import openapi
from nhswiring.web.openapi import LEDGER_HEAD
from nhswiring.web.problems import (
    BUSY,
    INVALID,
    LEDGER_CONFLICT,
    MALFORMED,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    REFUSED_BY_LAW,
    FieldError,
    Problem,
    ProblemKind,
)
from nhswiring.web.templating import render


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json" or path.endswith((".json", ".csv"))


def problem_from(exc: Exception) -> Problem:
    if isinstance(exc, Problem):
        return exc
    if isinstance(exc, StepRefused):
        return Problem(
            REFUSED_BY_LAW,
            f"{exc.problem}; {exc.accepted}",
            [FieldError(exc.problem, parameter=exc.field)],
            extra={"possible_from": exc.possible_from.isoformat()} if exc.possible_from else {},
        )
    if isinstance(exc, UnknownBody):
        return Problem(
            NOT_FOUND,
            f"{exc.problem}; {exc.accepted}",
            [FieldError(exc.problem, parameter=exc.field)],
        )
    if isinstance(exc, InvalidInput):
        return Problem(
            INVALID,
            f"{exc.field}: {exc.problem}; {exc.accepted}",
            [FieldError(f"{exc.problem}; {exc.accepted}", parameter=exc.field)],
        )
    if isinstance(exc, LedgerConflict):
        return Problem(LEDGER_CONFLICT, str(exc))
    if isinstance(exc, LedgerBusy):
        return Problem(BUSY, str(exc), headers={"Retry-After": "1"})
    raise exc


def validation_problem(exc: RequestValidationError) -> Problem:
    """FastAPI's validation errors, each naming the parameter (query/path/header) or the
    JSON pointer into the body."""
    errors = []
    malformed = False
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where, rest = (loc[0], loc[1:]) if loc else ("body", [])
        message = str(err.get("msg", "is not valid"))
        if err.get("type") in {"json_invalid", "value_error.jsondecode"}:
            malformed = True
        if where == "body":
            errors.append(FieldError(message, pointer="".join(f"/{p}" for p in rest)))
        else:
            errors.append(FieldError(message, parameter=rest[0] if rest else where))
    kind = MALFORMED if malformed else INVALID
    first = errors[0]
    named = first.parameter or first.pointer or "the body"
    return Problem(kind, f"{named}: {first.detail}", errors)


def _current_head(request: Request) -> int | None:
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None or not runtime.ready.is_set():
        return None
    try:
        return int(runtime.system.head())
    except Exception:  # a problem response must not fail for want of its header
        return None


def respond(request: Request, problem: Problem) -> Response:
    if is_api(request):
        response = problem.response(request.url.path)
        head = getattr(request.state, "ledger_head", None)
        if head is None:  # nothing was read before the problem was found: say where it is now
            head = _current_head(request)
        if head is not None:
            response.headers[LEDGER_HEAD] = str(head)
        return response
    heading = problem.kind.title
    return render(
        request,
        "error.html",
        {"heading": heading, "detail": problem.detail, "kind": problem.kind},
        status_code=problem.kind.status,
        headers=problem.headers,
    )


def install(app: FastAPI) -> None:
    openapi.install(app)  # the problem schema in the OpenAPI document, replacing FastAPI's 422

    from nhswiring.web.auth import SignInRequired

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return respond(request, exc)

    @app.exception_handler(InvalidInput)
    async def _invalid(request: Request, exc: InvalidInput) -> Response:
        return respond(request, problem_from(exc))

    @app.exception_handler(LedgerConflict)
    async def _conflict(request: Request, exc: LedgerConflict) -> Response:
        return respond(request, problem_from(exc))

    @app.exception_handler(LedgerBusy)
    async def _busy(request: Request, exc: LedgerBusy) -> Response:
        return respond(request, problem_from(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, validation_problem(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        kinds: dict[int, ProblemKind] = {404: NOT_FOUND, 405: METHOD_NOT_ALLOWED}
        kind = kinds.get(exc.status_code)
        if kind is None:
            kind = ProblemKind("http-error", exc.status_code, str(exc.detail))
        detail = {
            404: f"nothing at {request.url.path}",
            405: f"{request.method} is not allowed here",
        }.get(exc.status_code, str(exc.detail))
        return respond(request, Problem(kind, detail, headers=dict(exc.headers or {})))
