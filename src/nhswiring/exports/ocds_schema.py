"""The OCDS schemas our releases are checked against, all shipped in the package (no network).

A release package declares the UK extension and, before it, every extension the UK extension
depends on (its `extension.json` `dependencies`): the UK patch refers to definitions only those
extensions define (`#/definitions/Location`, `FrameworkAgreement`, ...), so a checker that
dereferences the schema (libcoveocds) fails without them. We build the extended schema the way
ocdsextensionregistry does for libcoveocds: each extension's release-schema.json is a JSON Merge
Patch, applied in the declared order (dependencies first, UK last) to core 1.1.5, with nulls
dropped (an extension may add fields, never remove them). Sources: exports/schema/SOURCES.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft4Validator

from nhswiring.domain.errors import InvalidRelease

UK_EXTENSION = (
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"
)
UK_DIRECTORY = "uk_extension"


def load(name: str) -> dict[str, Any]:
    """A shipped schema file, by its path under exports/schema/."""
    text = (files("nhswiring.exports") / "schema" / name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def extension_directory(url: str) -> str:
    """Where an extension's files are shipped: `extensions/<repository name>/` for the UK
    extension's dependencies (the URL's second path segment on raw.githubusercontent.com),
    `uk_extension/` for the UK extension itself (kept where it was first shipped)."""
    if url == UK_EXTENSION:
        return UK_DIRECTORY
    return f"extensions/{urlsplit(url).path.split('/')[2]}"


@cache
def declared_extensions() -> tuple[str, ...]:
    """The `extensions` of our release packages: the UK extension's dependencies, in the order
    its extension.json lists them, then the UK extension, so its patch applies last. Read from
    the shipped extension.json, so the list cannot drift from the file."""
    dependencies: list[str] = load(f"{UK_DIRECTORY}/extension.json")["dependencies"]
    return (*dependencies, UK_EXTENSION)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch (how OCDS extensions patch the release schema)."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def without_nulls(patch: Any) -> Any:
    """The patch with every null member dropped, as ocdsextensionregistry does before merging:
    OCDS extensions may not remove core fields, so a null in a patch is ignored, not applied."""
    if isinstance(patch, dict):
        return {k: without_nulls(v) for k, v in patch.items() if v is not None}
    if isinstance(patch, list):
        return [without_nulls(v) for v in patch]
    return patch


@cache
def extended_release_schema() -> Mapping[str, Any]:
    """Core 1.1.5 patched with every declared extension, dependencies first, UK last."""
    schema: Any = load("release-schema.json")
    for url in declared_extensions():
        patch = load(f"{extension_directory(url)}/release-schema.json")
        schema = merge_patch(schema, without_nulls(patch))
    extended: Mapping[str, Any] = schema
    return extended


@cache
def _validators() -> tuple[Draft4Validator, Draft4Validator]:
    """Core alone (a consumer that ignores extensions must accept the release) and core with
    the declared extensions (their fields must be used as they define them)."""
    return Draft4Validator(load("release-schema.json")), Draft4Validator(extended_release_schema())


def validate_release(release: Mapping[str, Any]) -> None:
    """Refuse a release that either schema rejects, naming the first failing path."""
    for validator in _validators():
        errors = sorted(validator.iter_errors(release), key=lambda e: [str(p) for p in e.path])
        if errors:
            first = errors[0]
            where = "/".join(str(p) for p in first.path) or "(release)"
            raise InvalidRelease(f"OCDS release invalid at {where}: {first.message}")
