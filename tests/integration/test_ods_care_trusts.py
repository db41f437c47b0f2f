"""Care trusts and the ODS importer: only an ``ect`` extract speaks for them.

No published ``ect.csv`` could be found (tests/data/ods/README.md), so the extracts here are
written in NHS Digital's 27-column layout from the facts of care_trusts.csv: the five care
trusts with ODS codes open in 2014 (NHS England's non-NHS ODS codes list), each under the
name it had on the extract's day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nhswiring.domain.bodies import BodyKind
from nhswiring.service.ods_import import import_ods_files
from nhswiring.service.system import System
from tests.conftest import copy_of_register, write_ods_extract

ODS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ods"
AFTER_SOURCES = date(2025, 2, 1)  # after care_trusts.csv's as_at (2025-01-01)

#: (code, name on the day, open date) as an ect extract of mid-2016 would list them.
ECT_2016 = [
    ("TAD", "BRADFORD DISTRICT CARE NHS FOUNDATION TRUST", "20020401"),
    ("TAE", "MANCHESTER MENTAL HEALTH AND SOCIAL CARE TRUST", "20020401"),
    ("TAF", "CAMDEN AND ISLINGTON NHS FOUNDATION TRUST", "20020401"),
    ("TAH", "SHEFFIELD HEALTH & SOCIAL CARE NHS FOUNDATION TRUST", "20030401"),
    ("TAJ", "BLACK COUNTRY PARTNERSHIP NHS FOUNDATION TRUST", "20030401"),
]


def ect(tmp_path: Path, rows: list[tuple[str, str, str]], closed: dict[str, str]) -> Path:
    return write_ods_extract(tmp_path / "ect.csv", rows, closed)


@pytest.fixture
def system(tmp_path: Path, loaded_sqlite_url: str) -> System:
    return copy_of_register(loaded_sqlite_url, tmp_path)


def test_a_2016_care_trust_extract_matches_the_register(system: System, tmp_path: Path) -> None:
    summary = import_ods_files(system, [ect(tmp_path, ECT_2016, {})], date(2016, 6, 30))
    found = summary.counts()
    assert summary.recorded == 0
    assert "conflict" not in found, summary.to_json()["changes"]
    assert "missing" not in found, summary.to_json()["changes"]
    assert {"TAD", "TAE", "TAF", "TAH"} <= set(summary.matched)
    assert summary.codes("historical") == ["TAJ"]  # Black Country Partnership, renamed 2020


def test_an_ect_extract_missing_a_care_trust_reports_it(system: System, tmp_path: Path) -> None:
    listed = [r for r in ECT_2016 if r[0] in ("TAH", "TAJ")]
    summary = import_ods_files(system, [ect(tmp_path, listed, {})], AFTER_SOURCES, record=False)
    # TAD is missing; TAE and TAF have ended; ordinary trusts are etr's to list, not ect's
    assert summary.codes("missing") == ["TAD"]


def test_the_trust_extract_never_reports_care_trusts_missing(system: System) -> None:
    if not (ODS / "etr.csv").exists():
        pytest.skip(f"real ODS extracts not found at {ODS}")
    summary = import_ods_files(system, [ODS / "etr.csv"], AFTER_SOURCES, record=False)
    assert not {"TAD", "TAH", "TAJ"} & set(summary.codes("missing"))
    assert system.register().body("TAD", AFTER_SOURCES) is not None


def test_a_new_care_trust_is_recorded_with_its_designation(system: System, tmp_path: Path) -> None:
    rows = [*ECT_2016[3:], ("TZZ", "EXAMPLE HEALTH AND SOCIAL CARE NHS TRUST", "20250201")]
    summary = import_ods_files(system, [ect(tmp_path, rows, {})], AFTER_SOURCES)
    assert summary.codes("new") == summary.codes("designated") == ["TZZ"]
    body = system.register().body("TZZ", AFTER_SOURCES)
    assert body is not None
    assert body.care_trust
    assert body.kind is BodyKind.NHS_TRUST
    again = import_ods_files(system, [ect(tmp_path, rows, {})], AFTER_SOURCES)
    assert again.recorded == 0


def test_a_care_trust_closure_in_the_extract_agrees_with_the_register(
    system: System, tmp_path: Path
) -> None:
    # TAF's last day was 31 October 2024: an extract of 2025 shows it closed that day
    summary = import_ods_files(
        system, [ect(tmp_path, ECT_2016, {"TAF": "20241031"})], AFTER_SOURCES, record=False
    )
    assert "TAF" not in summary.codes("conflict")
    assert "TAF" not in summary.codes("closed")
    wrong = import_ods_files(
        system, [ect(tmp_path, ECT_2016, {"TAF": "20241130"})], AFTER_SOURCES, record=False
    )
    assert "TAF" in wrong.codes("conflict")
