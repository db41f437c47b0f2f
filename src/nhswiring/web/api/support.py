"""What the API's routes share: answers that carry the ledger head, the service's field
names translated to the API's, and request bodies read as JSON or YAML."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, TypeVar

import yaml
from fastapi import Query, Request
from fastapi.responses import JSONResponse
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema import ValidationError as JsonSchemaError
from pydantic import BaseModel, ValidationError

from nhswiring.domain.errors import InvalidInput, UnknownBody
from nhswiring.web import deps
from nhswiring.web.openapi import LEDGER_HEAD
from nhswiring.web.problems import (
    INVALID,
    MALFORMED,
    NOT_FOUND,
    UNSUPPORTED_MEDIA,
    FieldError,
    Problem,
)

M = TypeVar("M", bound=BaseModel)

PREFIX = "/api/v1"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
JSON = "application/json"
YAML_TYPES = ("application/yaml", "text/yaml", "application/x-yaml")
HALF_OPEN = (
    "`start` is the first day in force; `end` is exclusive: the first day the body was no "
    "longer in force (null while it still is)."
)

AsAt = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN,
        description="The date to answer for, YYYY-MM-DD (default today; not before "
        "2013-04-01, when the register begins).",
        json_schema_extra={"format": "date", "examples": ["2023-01-01"]},
    ),
]


def day_of(value: str | None) -> date:
    """The date asked for, with any error naming the ``as_at`` parameter."""
    with translated(parameters={"as_at": "as_at", "as-at": "as_at"}):
        return deps.as_at(value, "as_at")


def head_of(request: Request) -> int:
    head = getattr(request.state, "ledger_head", None)
    if head is None:
        head = deps.runtime(request).system.head()
        request.state.ledger_head = head
    return int(head)


def answer(
    request: Request, data: Mapping[str, Any], headers: Mapping[str, str] = {}
) -> JSONResponse:
    """A JSON answer: ``ledger_head`` first in the body and in the ``X-Ledger-Head`` header."""
    head = head_of(request)
    return JSONResponse(
        {"ledger_head": head, **data},
        headers={LEDGER_HEAD: str(head), **headers},
    )


def pointer(dotted: str) -> str:
    """``args.bodies.0`` -> ``/args/bodies/0`` (RFC 6901, escaping ``~`` and ``/``)."""
    if not dotted:
        return ""
    parts = [p.replace("~", "~0").replace("/", "~1") for p in dotted.split(".")]
    return "/" + "/".join(parts)


def loc_pointer(loc: tuple[int | str, ...]) -> str:
    return pointer(".".join(str(p) for p in loc))


@contextmanager
def translated(
    *,
    parameters: Mapping[str, str] = {},
    body: Callable[[str], str | None] | None = None,
) -> Iterator[None]:
    """Re-raise the service's errors (which name CLI fields: ``as-at``, ``args.provider``) as
    problems naming the API's parameter (``parameters`` maps field to parameter) or a JSON
    pointer into the body (``body`` turns a field into a pointer, or None if it is not
    one). An unknown body is 404; anything else invalid is 422."""
    try:
        yield
    except InvalidInput as exc:
        kind = NOT_FOUND if isinstance(exc, UnknownBody) else INVALID
        where: FieldError
        name: str
        if exc.field in parameters:
            name = parameters[exc.field]
            where = FieldError(f"{exc.problem}; {exc.accepted}", parameter=name)
        elif body is not None and (found := body(exc.field)) is not None:
            name = found or "the body"
            where = FieldError(f"{exc.problem}; {exc.accepted}", pointer=found)
        else:  # a field this route did not expect: name no parameter rather than a wrong one
            name = "the request"
            where = FieldError(f"{exc.problem}; {exc.accepted}")
        raise Problem(kind, f"{name}: {exc.problem}; {exc.accepted}", [where]) from None


def body_pointer(strip: str = "") -> Callable[[str], str | None]:
    """A ``body`` translation for :func:`translated`: dotted fields (after a prefix such as
    ``scenario: ``) become pointers."""

    def convert(field: str) -> str | None:
        if strip and field.startswith(strip):
            field = field[len(strip) :]
        field = field.strip()
        if field.startswith("given (item"):
            return "/given"
        return pointer(field)

    return convert


class _DatesAsText(yaml.SafeLoader):
    """Safe YAML, with dates left as the text written, so that a date that does not exist
    (2019-06-31) is a value the schema rejects (422, naming where), not a YAML error."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def read_document(request: Request, accepted: tuple[str, ...]) -> Any:
    """The body as data: JSON, or YAML when ``accepted`` includes YAML types. 415 for any
    other content type, 400 for a body that does not parse."""
    media = media_type(request)
    if media not in accepted:
        shown = media or "a body without a Content-Type"
        raise Problem(
            UNSUPPORTED_MEDIA,
            f"{shown} is not accepted here; send {' or '.join(accepted)}",
            [FieldError(f"use {' or '.join(accepted)}", parameter="Content-Type")],
        )
    raw = await request.body()
    if not raw.strip():
        raise Problem(MALFORMED, "the body is empty", [FieldError("the body is empty", pointer="")])
    try:
        if media == JSON:
            return json.loads(raw)
        return yaml.load(raw, Loader=_DatesAsText)
    except json.JSONDecodeError as exc:
        message = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        raise Problem(
            MALFORMED, f"the body is not valid JSON ({message})", [FieldError(message, pointer="")]
        ) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise Problem(
            MALFORMED, f"the body is not valid YAML ({message})", [FieldError(message, pointer="")]
        ) from None
    except (UnicodeDecodeError, RecursionError, ValueError) as exc:
        message = f"{type(exc).__name__}: {exc}"[:200]
        raise Problem(
            MALFORMED, f"the body could not be read ({message})", [FieldError(message, pointer="")]
        ) from None


def validated(model: type[M], data: Any) -> M:
    """``data`` as ``model``, or 422 naming every field at fault by JSON pointer."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [FieldError(str(e["msg"]), pointer=loc_pointer(e["loc"])) for e in exc.errors()]
        first = errors[0]
        raise Problem(INVALID, f"{first.pointer or 'the body'}: {first.detail}", errors) from None


@cache
def _validator(model: type[BaseModel]) -> Draft202012Validator:
    return Draft202012Validator(model.model_json_schema(), format_checker=FormatChecker())


def _jsonable(value: Any) -> Any:
    """YAML's dates and timestamps as the ISO strings JSON would carry."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def conforming(model: type[BaseModel], data: Any) -> Any:
    """``data`` (from JSON or YAML) checked against ``model``'s JSON schema, exactly as the
    OpenAPI document states it (stricter than Pydantic's lax parsing, which would take a
    number for a date): 422 naming every place at fault by JSON pointer."""
    data = _jsonable(data)
    found = sorted(_validator(model).iter_errors(data), key=lambda e: list(e.absolute_path))
    if found:
        errors = [error for e in found[:20] for error in _field_errors(e)]
        first = errors[0]
        raise Problem(INVALID, f"{first.pointer or 'the body'}: {first.detail}", errors)
    return data


def _field_errors(error: JsonSchemaError) -> list[FieldError]:
    """One error per place at fault: a missing or unexpected property is named itself, not
    the object that lacks or has it."""
    where = tuple(error.absolute_path)
    instance = error.instance
    names: list[str] = []
    required = error.validator_value
    if error.validator == "required" and isinstance(instance, dict) and isinstance(required, list):
        names = [str(n) for n in required if n not in instance]
    elif error.validator == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        names = [str(n) for n in instance if n not in known]
    if not names:
        return [FieldError(error.message[:300], pointer=loc_pointer(where))]
    problem = "is required" if error.validator == "required" else "is not a property here"
    return [FieldError(problem, pointer=loc_pointer((*where, n))) for n in names]


def link(path: str, params: Mapping[str, object]) -> str:
    """A relative link to ``path`` with the non-empty ``params``."""
    from urllib.parse import urlencode

    query = urlencode({k: str(v) for k, v in params.items() if v not in (None, "")})
    return f"{PREFIX}{path}" + (f"?{query}" if query else "")
