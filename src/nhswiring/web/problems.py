"""Problem details (RFC 9457) for the API, and the one exception the web layer raises.

Every kind of problem has its own ``type`` URI (under /problems/, which is also a page that
explains it), and ``errors`` names the request parameter or JSON pointer at fault, never a
command-line option.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.responses import JSONResponse

PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True, slots=True)
class ProblemKind:
    slug: str
    status: int
    title: str

    @property
    def type(self) -> str:
        return f"/problems/{self.slug}"


#: The vocabulary of problems, written once; OpenAPI examples and tests import it.
MALFORMED = ProblemKind("malformed-request", 400, "The request could not be read")
UNAUTHENTICATED = ProblemKind("unauthenticated", 401, "Sign in or give a valid API token")
FORBIDDEN = ProblemKind("forbidden", 403, "Not allowed")
CSRF = ProblemKind("csrf", 403, "The form had expired or did not come from this site")
NOT_FOUND = ProblemKind("not-found", 404, "Not found")
METHOD_NOT_ALLOWED = ProblemKind("method-not-allowed", 405, "Method not allowed")
REFUSED_BY_LAW = ProblemKind("refused-by-law", 409, "The law does not allow this step now")
LEDGER_CONFLICT = ProblemKind("ledger-conflict", 409, "Someone else recorded first")
STALE = ProblemKind("precondition-failed", 412, "The case has changed since you read it")
TOO_LARGE = ProblemKind("payload-too-large", 413, "The request body is too large")
UNSUPPORTED_MEDIA = ProblemKind("unsupported-media-type", 415, "Unsupported content type")
INVALID = ProblemKind("invalid-value", 422, "A value is out of range or not accepted")
NOT_READY = ProblemKind("not-ready", 503, "The register is still loading")
BUSY = ProblemKind("busy", 503, "The ledger is busy with other writers; nothing was recorded")

KINDS = (
    MALFORMED,
    UNAUTHENTICATED,
    FORBIDDEN,
    CSRF,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    REFUSED_BY_LAW,
    LEDGER_CONFLICT,
    STALE,
    TOO_LARGE,
    UNSUPPORTED_MEDIA,
    INVALID,
    NOT_READY,
    BUSY,
)


@dataclass(frozen=True, slots=True)
class FieldError:
    """One thing wrong: ``pointer`` is a JSON pointer into the body (``/args/provider``) or
    ``parameter`` a query/path/header parameter name."""

    detail: str
    parameter: str | None = None
    pointer: str | None = None

    def to_json(self) -> dict[str, str]:
        out = {"detail": self.detail}
        if self.parameter is not None:
            out["parameter"] = self.parameter
        if self.pointer is not None:
            out["pointer"] = self.pointer
        return out


@dataclass
class Problem(Exception):
    kind: ProblemKind
    detail: str
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.detail

    def to_json(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.kind.type,
            "title": self.kind.title,
            "status": self.kind.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = [e.to_json() for e in self.errors]
        body.update(self.extra)
        return body

    def response(self, instance: str | None = None) -> JSONResponse:
        return JSONResponse(
            self.to_json(instance),
            status_code=self.kind.status,
            media_type=PROBLEM_JSON,
            headers=self.headers,
        )
