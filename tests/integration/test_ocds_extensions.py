"""The extensions our release packages declare are all shipped, recorded in SOURCES.md, and
merged (dependencies first, UK last) into the schema our releases are validated against."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from nhswiring.domain.errors import InvalidRelease
from nhswiring.exports.ocds import release_package, validate_release
from nhswiring.exports.ocds_schema import (
    UK_EXTENSION,
    declared_extensions,
    extended_release_schema,
    extension_directory,
    merge_patch,
    without_nulls,
)

SCHEMA = Path(__file__).parents[2] / "src" / "nhswiring" / "exports" / "schema"
SOURCES = (SCHEMA / "SOURCES.md").read_text("utf-8")
DEPENDENCIES: list[str] = json.loads((SCHEMA / "uk_extension" / "extension.json").read_text())[
    "dependencies"
]
RELEASE: dict[str, Any] = {
    "ocid": "ocds-nhswrg-CN1",
    "id": "ocds-nhswrg-CN1-1",
    "date": "2025-06-02T00:00:00+01:00",
    "tag": ["award"],
    "initiationType": "tender",
}


def _refs(node: Any) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_packages_declare_the_uk_extension_after_its_dependencies() -> None:
    assert declared_extensions() == (*DEPENDENCIES, UK_EXTENSION)
    assert len(DEPENDENCIES) == 9
    package = release_package([], date(2025, 6, 2))
    assert package["extensions"] == [*DEPENDENCIES, UK_EXTENSION]


@pytest.mark.parametrize("url", DEPENDENCIES, ids=[u.split("/")[4] for u in DEPENDENCIES])
def test_each_dependency_is_shipped_as_upstream_and_recorded(url: str) -> None:
    directory = SCHEMA / extension_directory(url)
    assert sorted(p.name for p in directory.iterdir()) == ["extension.json", "release-schema.json"]
    assert url in SOURCES
    metadata = json.loads((directory / "extension.json").read_text("utf-8"))
    assert metadata["schemas"] == ["release-schema.json"]
    assert not metadata.get("dependencies")  # nothing further to declare
    row = next(line for line in SOURCES.splitlines() if f"`{extension_directory(url)}/`" in line)
    for name in ("extension.json", "release-schema.json"):
        digest = hashlib.sha256((directory / name).read_bytes()).hexdigest()
        assert f"`{name}` blob" in row
        assert f"sha256 `{digest}`" in row, (directory.name, name)


def test_every_ref_of_the_extended_schema_resolves() -> None:
    schema = extended_release_schema()
    assert "Location" in schema["definitions"]  # the UK extension's undeclared dependency
    for ref in set(_refs(schema)):
        assert ref.startswith("#/definitions/"), ref
        assert ref.removeprefix("#/definitions/") in schema["definitions"], ref


def test_the_uk_extension_is_applied_last() -> None:
    schema = extended_release_schema()
    period = schema["definitions"]["Period"]["properties"]
    assert "durationInMonths" in period  # UK
    assert "standstillPeriod" in schema["definitions"]["Award"]["properties"]  # UK
    assert "bids" in schema["properties"]  # bid extension
    assert "deliveryLocations" in schema["definitions"]["Item"]["properties"]  # location


def test_a_null_in_an_extension_patch_removes_nothing() -> None:
    core = {"properties": {"id": {"type": "string"}, "date": {"type": "string"}}}
    patch = {"properties": {"date": None, "x": {"type": "number", "title": None}}}
    assert merge_patch(core, patch) == {
        "properties": {"id": {"type": "string"}, "x": {"type": "number"}}
    }
    assert merge_patch(core, without_nulls(patch))["properties"]["date"] == {"type": "string"}


def test_build_time_validation_applies_the_dependencies() -> None:
    validate_release(RELEASE)
    broken = copy.deepcopy(RELEASE) | {"bids": {"statistics": "many"}}
    with pytest.raises(InvalidRelease, match="bids/statistics"):
        validate_release(broken)
    located = copy.deepcopy(RELEASE) | {"tender": {"id": "T", "deliveryLocations": [{"uri": 5}]}}
    with pytest.raises(InvalidRelease, match="tender/deliveryLocations/0/uri"):
        validate_release(located)
