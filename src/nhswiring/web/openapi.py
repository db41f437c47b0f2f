"""The OpenAPI description's shared parts: every route's responses, problems included.

Routes declare their responses with :func:`responses`: the success (a Pydantic model, with
an example, and the ``X-Ledger-Head`` header) and the kinds of problem they can answer with
(``application/problem+json``, an example per kind, using real codes). Every route also
declares 405 (a method it does not allow) and 503 (the register still loading); routes with
parameters 422; routes with a body 400, 413 and 415. Request bodies that FastAPI does not
read itself (JSON or YAML, read by the route) are declared with :func:`request_body`.

:func:`install` finishes the document: the problem schema in ``components``, the models
named by :func:`request_body`, and FastAPI's own 422 ``HTTPValidationError`` replaced by the
problem schema (the handler in ``errors.py`` answers validation errors as problems).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from nhswiring.web.problems import (
    INVALID,
    MALFORMED,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    NOT_READY,
    PROBLEM_JSON,
    TOO_LARGE,
    UNSUPPORTED_MEDIA,
    FieldError,
    Problem,
)

REF = "#/components/schemas/"
PROBLEM_SCHEMA = "Problem"
FIELD_ERROR_SCHEMA = "ProblemFieldError"
LEDGER_HEAD = "X-Ledger-Head"

#: The header every answer read from the register carries.
LEDGER_HEAD_HEADER: dict[str, Any] = {
    LEDGER_HEAD: {
        "description": "The sequence number of the newest ledger entry the answer reflects "
        "(the same number as `ledger_head` in JSON bodies).",
        "schema": {"type": "integer", "minimum": 0},
    }
}

_SCHEMAS: dict[str, dict[str, Any]] = {
    FIELD_ERROR_SCHEMA: {
        "type": "object",
        "title": "One thing wrong with the request",
        "required": ["detail"],
        "properties": {
            "detail": {"type": "string", "description": "What is wrong and what is accepted."},
            "parameter": {
                "type": "string",
                "description": "The query, path or header parameter at fault (e.g. `as_at`).",
            },
            "pointer": {
                "type": "string",
                "description": "A JSON pointer (RFC 6901) into the request body at fault "
                "(e.g. `/args/provider`; empty for the whole body).",
            },
        },
    },
    PROBLEM_SCHEMA: {
        "type": "object",
        "title": "Problem details (RFC 9457)",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {
                "type": "string",
                "description": "A URI reference naming the kind of problem (a page at that "
                "address explains it).",
            },
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string", "description": "The path the request was for."},
            "errors": {"type": "array", "items": {"$ref": REF + FIELD_ERROR_SCHEMA}},
        },
    },
}

#: Every route answers these: a method it does not allow (with ``Allow``), and 503 while the
#: register is loading (with ``Retry-After``).
COMMON: tuple[Problem, ...] = (
    Problem(METHOD_NOT_ALLOWED, "DELETE is not allowed here", headers={"Allow": "GET, HEAD"}),
    Problem(NOT_READY, "the register is loading; try again shortly"),
)

#: Examples for the kinds most routes share, using real codes.
BAD_DATE = Problem(
    INVALID,
    "as_at: '2023-02-30' is not a date; use the ISO form YYYY-MM-DD, e.g. 2022-07-01",
    [FieldError("'2023-02-30' is not a date; use the ISO form YYYY-MM-DD", parameter="as_at")],
)
UNKNOWN_CODE = Problem(
    NOT_FOUND,
    "'QHX' is not in the register; use an ODS code (e.g. QHM, 00L, RR8), an ONS local "
    "authority code (e.g. E08000025) or a national code (SOS, NHSE, ...)",
    [FieldError("'QHX' is not in the register", parameter="code")],
)
NOT_IN_FORCE = Problem(
    NOT_FOUND,
    "QHM was not in force on 2020-01-01; it existed icb 2022-07-01 to now",
    [FieldError("QHM was not in force on 2020-01-01", parameter="as_at")],
)
MALFORMED_BODY = Problem(
    MALFORMED,
    "the body is not valid JSON (Expecting value at line 1 column 1)",
    [FieldError("Expecting value at line 1 column 1", pointer="")],
)
TOO_LARGE_BODY = Problem(TOO_LARGE, "the body is over 256 KiB", headers={"Connection": "close"})
UNSUPPORTED_BODY = Problem(
    UNSUPPORTED_MEDIA,
    "text/plain is not accepted here; send application/json",
    [FieldError("send application/json", parameter="Content-Type")],
)

ETAG_HEADER: dict[str, Any] = {
    "ETag": {
        "description": 'The case\'s version, `"v{n}"` for n steps; send it as If-Match.',
        "schema": {"type": "string"},
        "example": '"v5"',
    }
}
_HEADERS_OF: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {
            "description": "How to authenticate: a bearer token.",
            "schema": {"type": "string"},
            "example": 'Bearer realm="nhswiring"',
        }
    },
    405: {"Allow": {"description": "The methods this path allows.", "schema": {"type": "string"}}},
    412: ETAG_HEADER,
    503: {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
}

_REQUEST_MODELS: dict[str, type[BaseModel]] = {}


def problem_example(problem: Problem, instance: str = "/api/v1/bodies/QHM") -> dict[str, Any]:
    return {"summary": problem.kind.title, "value": problem.to_json(instance)}


def problem_responses(
    problems: Iterable[Problem], instance: str = "/api/v1/bodies/QHM"
) -> dict[int | str, dict[str, Any]]:
    """One response per status, with an example per problem (two kinds may share a status:
    409 is both "refused by law" and "ledger conflict"); ``instance`` is the examples' URL."""
    out: dict[int | str, dict[str, Any]] = {}
    for problem in problems:
        status = problem.kind.status
        response = out.setdefault(
            status,
            {
                "description": problem.kind.title,
                "headers": {**_HEADERS_OF.get(status, {}), **LEDGER_HEAD_HEADER},
                "content": {
                    PROBLEM_JSON: {"schema": {"$ref": REF + PROBLEM_SCHEMA}, "examples": {}}
                },
            },
        )
        titles = [response["description"]]
        if problem.kind.title not in titles[0]:
            response["description"] = f"{titles[0]}; or: {problem.kind.title}"
        examples = response["content"][PROBLEM_JSON]["examples"]
        key = problem.kind.slug
        n = 1
        while key in examples:
            n += 1
            key = f"{problem.kind.slug}-{n}"
        examples[key] = problem_example(problem, instance)
    return out


def success(
    model: type[BaseModel],
    description: str,
    *,
    status: int = 200,
    example: Mapping[str, Any] | None = None,
    other_media: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[int | str, dict[str, Any]]:
    """The success response: ``model`` as application/json (FastAPI fills in its schema),
    with ``X-Ledger-Head``; ``other_media`` adds representations (e.g. text/csv)."""
    json_media: dict[str, Any] = {}
    if example is not None:
        json_media["example"] = dict(example)
    content: dict[str, Any] = {"application/json": json_media}
    for media, spec in (other_media or {}).items():
        content[media] = dict(spec)
    return {
        status: {
            "model": model,
            "description": description,
            "headers": dict(LEDGER_HEAD_HEADER),
            "content": content,
        }
    }


def responses(
    model: type[BaseModel],
    description: str,
    *problems: Problem,
    example: Mapping[str, Any] | None = None,
    other_media: Mapping[str, Mapping[str, Any]] | None = None,
    parameters: bool = True,
    body: bool = False,
    status: int = 200,
) -> dict[int | str, dict[str, Any]]:
    """Everything a route can answer, for ``responses=`` on the route decorator.

    ``problems`` are the route's own (examples of each kind it may answer with); the common
    ones are added: 405 and 503 always, 422 when the route takes ``parameters`` (FastAPI's
    validation errors, as problems), 400, 413 and 415 when it takes a ``body``.
    """
    extra: list[Problem] = list(problems)
    kinds = {p.kind for p in extra}
    if (parameters or body) and INVALID not in kinds:
        extra.append(BAD_DATE)
    if body:
        extra += [
            p for p in (MALFORMED_BODY, TOO_LARGE_BODY, UNSUPPORTED_BODY) if p.kind not in kinds
        ]
    extra += COMMON
    out = success(model, description, status=status, example=example, other_media=other_media)
    out.update(problem_responses(extra))
    return out


def request_body(
    model: type[BaseModel],
    media_types: Iterable[str],
    *,
    description: str,
    examples: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads its own body: ``model``'s schema (added to
    ``components`` by :func:`install`) under each media type, with named examples."""
    _REQUEST_MODELS[model.__name__] = model
    media: dict[str, Any] = {"schema": {"$ref": REF + model.__name__}}
    content: dict[str, Any] = {}
    for m in media_types:
        content[m] = dict(media)
        if examples:
            content[m]["examples"] = {k: {"value": v} for k, v in examples.items()}
    return {"requestBody": {"required": True, "description": description, "content": content}}


def finish(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the problem and request schemas to ``components``; replace FastAPI's 422
    ``HTTPValidationError`` with the problem schema wherever it appears."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(_SCHEMAS)
    if _REQUEST_MODELS:
        _, defs = models_json_schema(
            [(m, "validation") for m in _REQUEST_MODELS.values()],
            ref_template=REF + "{model}",
        )
        components.update(defs.get("$defs", {}))
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                for media in list(content):
                    ref = content[media].get("schema", {}).get("$ref", "")
                    if ref.endswith("/HTTPValidationError"):
                        del content[media]
                        content[PROBLEM_JSON] = {"schema": {"$ref": REF + PROBLEM_SCHEMA}}
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    return schema


def install(app: FastAPI) -> None:
    """Make ``app.openapi()`` (and so /openapi.json) return the finished document."""
    generate: Callable[[], dict[str, Any]] = app.openapi
    finished: dict[int, dict[str, Any]] = {}

    def openapi() -> dict[str, Any]:
        schema = generate()
        if id(schema) not in finished:
            finished.clear()
            finished[id(schema)] = finish(schema)
        return finished[id(schema)]

    app.openapi = openapi  # type: ignore[method-assign]
