"""The ODS importer on NHS Digital's real extracts, and on edited copies of them."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from nhswiring.domain.bodies import Body, BodyKind
from nhswiring.domain.errors import InvalidInput
from nhswiring.service.ods_import import import_ods_files
from nhswiring.service.system import System
from tests.conftest import copy_of_register

ODS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ods"
EXTRACT_DATE = date(2025, 1, 1)
LATER = date(2025, 2, 1)

pytestmark = pytest.mark.skipif(not ODS.exists(), reason=f"real ODS extracts not found at {ODS}")


@pytest.fixture
def system(tmp_path: Path, loaded_sqlite_url: str) -> System:
    return copy_of_register(loaded_sqlite_url, tmp_path)


def edited(
    tmp_path: Path, name: str, edit: dict[str, dict[int, str]], extra: tuple[list[str], ...] = ()
) -> Path:
    rows = list(csv.reader((ODS / name).open(encoding="utf-8")))
    for row in rows:
        for column, value in edit.get(row[0], {}).items():
            row[column] = value
    rows.extend(extra)
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_the_real_extracts_agree_with_the_shipped_register(system: System) -> None:
    summary = import_ods_files(system, [ODS / "etr.csv", ODS / "eccg.csv"], EXTRACT_DATE)
    counts = summary.counts()
    assert summary.recorded == 0
    assert set(counts) <= {"ignored", "out_of_scope"}, summary.to_json()["changes"]
    assert counts["ignored"] == 37  # sub-ICB reporting entities (RO327)
    register = system.register()
    kinds = Counter(register.lives(code)[-1].kind for code in summary.matched)
    assert kinds[BodyKind.COMMISSIONING_HUB] == 35, "the 35 hubs (RO218) match the register"
    assert counts["out_of_scope"] == 21  # trusts closed before 1 April 2013


def test_an_older_extract_is_reported_as_stale_not_applied(system: System) -> None:
    summary = import_ods_files(system, [ODS / "eccg.csv"], date(2026, 11, 23), record=True)
    assert summary.recorded == 0
    assert summary.counts()["stale"] > 0
    assert "older than --as-at" in summary.headline()


def test_differences_become_dated_events(system: System, tmp_path: Path) -> None:
    # Dates on or after the register's sources (2025-01-01): an edited extract newer than them.
    blank = [""] * 27
    new_trust = list(blank)
    new_trust[:4] = ["RZZ", "EXAMPLE COMMUNITY HEALTH NHS TRUST", "Y63", "QHM"]
    new_trust[10], new_trust[21] = "20250101", "1"
    etr = edited(
        tmp_path,
        "etr.csv",
        {
            "RR7": {1: "GATESHEAD HEALTH AND CARE NHS FOUNDATION TRUST"},  # renamed
            "RJ7": {11: "20250130"},  # closed on 30 January 2025
        },
        (new_trust,),
    )
    eccg = edited(tmp_path, "eccg.csv", {"00L": {3: "QE1"}})  # moved to another ICB
    summary = import_ods_files(system, [etr, eccg], LATER)
    changes = {(c.change, c.code) for c in summary.changes if c.event is not None}
    assert changes == {("renamed", "RR7"), ("closed", "RJ7"), ("new", "RZZ"), ("moved", "00L")}
    assert summary.recorded == 4

    register = system.register()

    def body(code: str, day: date) -> Body:
        found = register.body(code, day)
        assert found is not None, f"{code} not in force on {day}"
        return found

    assert body("RR7", LATER).name == "Gateshead Health and Care NHS Foundation Trust"
    assert body("RR7", date(2025, 1, 31)).name == "Gateshead Health NHS Foundation Trust"
    assert register.body("RJ7", date(2025, 1, 30)) is not None
    assert register.body("RJ7", date(2025, 1, 31)) is None
    rzz = register.body("RZZ", date(2025, 6, 1))
    assert rzz is not None
    assert rzz.kind is BodyKind.NHS_TRUST
    assert rzz.parent == "QHM"
    assert body("00L", LATER).parent == "QE1"
    assert [e.actor for e in system.history("RZZ")] == ["ODS"]
    assert system.verify().ok

    again = import_ods_files(system, [etr, eccg], LATER)
    assert again.recorded == 0, "a second import of the same extract records nothing"


def test_differences_older_than_the_register_sources_are_reported_not_recorded(
    system: System, tmp_path: Path
) -> None:
    blank = [""] * 27
    new_trust = list(blank)
    new_trust[:4] = ["RZZ", "EXAMPLE COMMUNITY HEALTH NHS TRUST", "Y63", "QHM"]
    new_trust[10], new_trust[21] = "20240401", "1"
    etr = edited(
        tmp_path,
        "etr.csv",
        {"RR7": {1: "GATESHEAD HEALTH AND CARE NHS FOUNDATION TRUST"}, "RJ7": {11: "20241130"}},
        (new_trust,),
    )
    summary = import_ods_files(system, [etr], date(2024, 12, 1))
    assert summary.recorded == 0
    found = {(c.change, c.code) for c in summary.changes}
    assert {("conflict", "RZZ"), ("conflict", "RJ7"), ("historical", "RR7")} <= found
    assert not system.register().knows("RZZ")


def test_a_dry_run_records_nothing(system: System, tmp_path: Path) -> None:
    etr = edited(tmp_path, "etr.csv", {"RR7": {1: "RENAMED NHS TRUST"}})
    summary = import_ods_files(system, [etr], LATER, record=False)
    assert summary.counts()["renamed"] == 1
    assert summary.recorded == 0
    still = system.register().body("RR7", LATER)
    assert still is not None
    assert still.name != "Renamed NHS Trust"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('"RR7","NAME","Y63"\n', "has 3 columns"),
        ('"RR7","N"' + ',""' * 8 + ',"2013/04/01"' + ',""' * 16 + "\n", "not an ODS date"),
    ],
)
def test_malformed_extracts_are_refused_whole(
    system: System, tmp_path: Path, content: str, message: str
) -> None:
    good = (ODS / "etr.csv").read_text(encoding="utf-8")
    path = tmp_path / "etr.csv"
    path.write_text('"RR7","RENAMED NHS TRUST"' + good.split("\n", 1)[0][24:] + "\n" + content)
    before = len(system.history("RR7"))
    with pytest.raises(InvalidInput, match=message):
        import_ods_files(system, [path], EXTRACT_DATE)
    assert len(system.history("RR7")) == before


def test_unknown_files_are_refused(system: System, tmp_path: Path) -> None:
    path = tmp_path / "practices.csv"
    path.write_text("x\n")
    with pytest.raises(InvalidInput, match=r"etr\.csv"):
        import_ods_files(system, [path], EXTRACT_DATE)
