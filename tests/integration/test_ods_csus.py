"""Commissioning support units and the ODS importer: an ``ecsu`` extract matches the CSUs the
register holds (units of NHS England, never CCGs) and reports, without writing, those whose
formation the register's sources do not give.

No published ``ecsu.csv`` was found, so the extract is written in the 27-column layout from
the 2021 list of the five CSUs (nhsx/open-cyber, 2021-curated-csus.xlsx). The open dates of
0DE and 0DF are their reported merger day; those of 0AR, 0CX and 0DJ are not known and are
set to 1 April 2013 here only to give the rows a date (any day before 2025 gives the same
report: a conflict).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nhswiring.domain.bodies import BodyKind
from nhswiring.service.ods_import import import_ods_files
from nhswiring.service.system import System
from tests.conftest import copy_of_register, write_ods_extract

ECSU_2021 = [
    ("0AR", "NHS NORTH OF ENGLAND COMMISSIONING SUPPORT UNIT", "20130401"),
    ("0CX", "NHS MIDLANDS AND LANCASHIRE COMMISSIONING SUPPORT UNIT", "20130401"),
    ("0DE", "NHS ARDEN AND GREATER EAST MIDLANDS COMMISSIONING SUPPORT UNIT", "20150401"),
    ("0DF", "NHS SOUTH CENTRAL AND WEST COMMISSIONING SUPPORT UNIT", "20150401"),
    ("0DJ", "NHS NORTH AND EAST LONDON COMMISSIONING SUPPORT UNIT", "20130401"),
]


def ecsu(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    return write_ods_extract(tmp_path / "ecsu.csv", rows)


@pytest.fixture
def system(tmp_path: Path, loaded_sqlite_url: str) -> System:
    return copy_of_register(loaded_sqlite_url, tmp_path)


def test_a_2021_csu_extract_matches_the_sourced_csus(system: System, tmp_path: Path) -> None:
    day = date(2021, 6, 30)
    summary = import_ods_files(system, [ecsu(tmp_path, ECSU_2021)], day)
    assert sorted(summary.matched) == ["0DE", "0DF"]
    assert summary.codes("conflict") == ["0AR", "0CX", "0DJ"]  # formation days not sourced
    assert summary.recorded == 0
    ccgs = {b.code for b in system.register().bodies(day, [BodyKind.CCG])}
    assert len(ccgs) == 106  # April 2021's CCGs, none of them a CSU
    assert not ccgs & {code for code, _, _ in ECSU_2021}


def test_a_csu_missing_from_an_extract_is_reported(system: System, tmp_path: Path) -> None:
    summary = import_ods_files(
        system, [ecsu(tmp_path, ECSU_2021[3:])], date(2021, 6, 30), record=False
    )
    assert summary.codes("missing") == ["0DE"]


def test_a_new_csu_after_the_sources_is_a_unit_of_nhs_england(
    system: System, tmp_path: Path
) -> None:
    rows = [*ECSU_2021[2:4], ("0ZZ", "NHS EXAMPLE COMMISSIONING SUPPORT UNIT", "20250201")]
    day = date(2025, 2, 1)
    summary = import_ods_files(system, [ecsu(tmp_path, rows)], day)
    assert summary.codes("new") == ["0ZZ"]
    body = system.register().body("0ZZ", day)
    assert body is not None
    assert body.kind is BodyKind.COMMISSIONING_SUPPORT_UNIT
    assert body.parent == "NHSE"
