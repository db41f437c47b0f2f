"""The importer on real ODS extracts of 2016, 2020, 2022, 2023 (care trusts), today (2025) and
2026 (see
tests/data/ods/README.md): nothing older than the register's sources is written, counts on
1 April of every year stand, a second import records nothing and the order of imports does
not change the register on any date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.register import Register
from nhswiring.service.ods_import import import_ods_files
from nhswiring.service.system import System
from tests.conftest import copy_of_register

DATA = Path(__file__).resolve().parents[1] / "data" / "ods"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "ods"
EXTRACTS: list[tuple[list[Path], date]] = [
    ([DATA / "2016" / "etr.csv"], date(2016, 6, 30)),
    ([DATA / "2020" / "etr.csv"], date(2020, 3, 27)),
    ([DATA / "2022" / "etr.csv"], date(2022, 3, 17)),
    ([DATA / "2023" / "ect.csv"], date(2023, 11, 20)),
    ([SHARED / "etr.csv", SHARED / "eccg.csv"], date(2025, 1, 1)),
    ([DATA / "2026" / "etr.csv"], date(2026, 4, 8)),
]
COUNTED = {
    "ccg": [BodyKind.CCG],
    "icb": [BodyKind.ICB],
    "trusts": [BodyKind.NHS_TRUST, BodyKind.FOUNDATION_TRUST],
    "foundation_trusts": [BodyKind.FOUNDATION_TRUST],
    "sub_icb_location": [BodyKind.SUB_ICB_LOCATION],
    "commissioning_hub": [BodyKind.COMMISSIONING_HUB],
    "commissioning_support_unit": [BodyKind.COMMISSIONING_SUPPORT_UNIT],
}
APRILS = [date(y, 4, 1) for y in range(2013, 2027)]

pytestmark = pytest.mark.skipif(not SHARED.exists(), reason=f"today's extracts not at {SHARED}")


@pytest.fixture
def system(tmp_path: Path, loaded_sqlite_url: str) -> System:
    return copy_of_register(loaded_sqlite_url, tmp_path)


def counts(register: Register, day: date) -> dict[str, int]:
    return {name: len(register.bodies(day, kinds)) for name, kinds in COUNTED.items()}


def snapshot(register: Register, day: date) -> list[tuple[str, str, str, str | None]]:
    return sorted((b.code, b.kind.value, b.name, b.parent) for b in register.bodies(day))


def test_old_extracts_write_nothing_and_every_count_stands(system: System) -> None:
    before = system.register()
    recorded = {}
    for paths, day in EXTRACTS:
        recorded[day.year] = import_ods_files(system, paths, day).recorded
    after = system.register()
    assert recorded[2016] == recorded[2020] == recorded[2022] == recorded[2025] == 0
    assert recorded[2023] == 0  # the care trusts' extract
    for day in [*APRILS[:-2], date(2022, 7, 1)]:  # before the register's sources' date
        assert counts(after, day) == counts(before, day), day
    # The 2026 extract is newer than the register's sources: its closures are recorded.
    assert recorded[2026] > 0
    assert after.body("RNK", date(2026, 4, 1)) is None
    assert before.body("RNK", date(2026, 4, 1)) is not None


def test_a_second_import_records_nothing(system: System) -> None:
    for paths, day in EXTRACTS:
        import_ods_files(system, paths, day)
    again = [import_ods_files(system, paths, day).recorded for paths, day in EXTRACTS]
    assert again == [0] * len(EXTRACTS)


def test_the_order_of_imports_does_not_change_the_register(
    tmp_path: Path, loaded_sqlite_url: str
) -> None:
    forward = copy_of_register(loaded_sqlite_url, tmp_path, "forward.db")
    backward = copy_of_register(loaded_sqlite_url, tmp_path, "backward.db")
    for paths, day in EXTRACTS:
        import_ods_files(forward, paths, day)
    for paths, day in reversed(EXTRACTS):
        import_ods_files(backward, paths, day)
    a, b = forward.register(), backward.register()
    days = [*APRILS, date(2022, 7, 1), date(2026, 4, 8), date(2026, 6, 1), date(2026, 12, 1)]
    for day in days:
        assert snapshot(a, day) == snapshot(b, day), day


def test_a_2022_trust_extract_with_stp_parents_is_not_stale(system: System) -> None:
    summary = import_ods_files(system, [DATA / "2022" / "etr.csv"], date(2022, 3, 31))
    found = summary.counts()
    assert "stale" not in found
    # Every English trust's STP/ICS parent (QOP, QHM ...) is compared with the membership
    # the register holds (from 1 April 2021) and agrees; only the three Welsh trusts (Q99)
    # are left uncompared, and no parent is ever read as the ICB of the same code.
    not_compared = sorted(c.code for c in summary.changes if c.change == "not_compared")
    assert not_compared == ["RQF", "RT4", "RYT"]
    assert not any("STP" in c.detail for c in summary.changes if c.change == "historical")
    assert len(summary.matched) >= 200
    assert summary.recorded == 0


def test_an_stp_parent_that_differs_from_the_register_is_reported_not_recorded(
    system: System, tmp_path: Path
) -> None:
    """A trust in QOP (Greater Manchester) on 2022-03-17 shown in another STP: older than the
    register's sources, so reported as historical, never recorded and never an ICB move."""
    lines = (DATA / "2022" / "etr.csv").read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines if line.startswith('"RW3",') or '"QOP"' in line)
    code = row.split(",")[0].strip('"')
    moved = row.replace('"QOP"', '"QHM"', 1)
    extract = tmp_path / "etr.csv"
    extract.write_text(moved + "\n", encoding="utf-8")
    summary = import_ods_files(system, [extract], date(2022, 3, 17), record=False)
    historical = [c for c in summary.changes if c.change == "historical" and c.code == code]
    assert historical, summary.changes
    assert "STP/ICS QHM" in historical[0].detail
    assert "QOP" in historical[0].detail


def test_commissioning_hubs_in_a_2018_import_are_never_ccgs(system: System) -> None:
    before = system.register()
    summary = import_ods_files(system, [SHARED / "eccg.csv"], date(2018, 11, 1))
    after = system.register()
    assert summary.recorded == 0
    assert not [c for c in summary.changes if c.change == "new"]
    hubs = [b.code for b in after.bodies(date(2018, 11, 1), [BodyKind.COMMISSIONING_HUB])]
    assert {"13Q", "14A", "14G"} <= set(hubs)
    assert set(hubs) <= set(summary.matched)
    for day, expected in [
        (date(2013, 4, 1), 211),
        (date(2017, 4, 1), 207),
        (date(2021, 4, 1), 106),
    ]:
        assert (
            len(after.bodies(day, [BodyKind.CCG]))
            == expected
            == len(before.bodies(day, [BodyKind.CCG]))
        )


def test_the_report_names_codes_under_each_heading(system: System) -> None:
    summary = import_ods_files(system, [DATA / "2026" / "etr.csv"], date(2026, 4, 8), record=False)
    report = summary.to_json()
    assert report["codes"]["closed"] == ["RNK", "RY2", "RYV"]
    assert report["counts"]["matched"] == len(report["codes"]["matched"]) > 200
    assert "matched" in summary.headline()


def test_the_real_care_trust_extract_matches_the_register(system: System) -> None:
    summary = import_ods_files(system, [DATA / "2023" / "ect.csv"], date(2023, 11, 20))
    assert sorted(summary.matched) == ["TAD", "TAF", "TAH", "TAJ"]
    assert summary.recorded == 0
    assert set(summary.counts()) == set(), summary.to_json()["changes"]  # nothing else
    register = system.register()
    for code in summary.matched:
        body = register.body(code, date(2023, 11, 20))
        assert body is not None
        assert body.care_trust, code
