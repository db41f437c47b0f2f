"""`nhswiring psr ...` as a procurement lead runs it: JSON on stdout, the documents and
spreadsheets written, and bad input refused with exit code 2 and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.e2e.test_law_cli import cli
from tests.psr.conftest import DA_C_FACTS, KEY_CRITERIA


@pytest.fixture
def db(loaded_sqlite_url: str, tmp_path: Path) -> str:
    copy = tmp_path / "psr.db"
    shutil.copy(loaded_sqlite_url.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


def run(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> Any:
    code, out, err = cli(capsys, "psr", *args, "--database", db, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_case_from_the_command_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    run(capsys, db, "open", "CN1", "--authority", "QHM", "--service", "Community nursing",
        "--cpv", "85323000-9", "--value", "12000000", "--decision-maker", "P1=Ann Lowe",
        "--date", "2025-05-01", "--by", "P1")  # fmt: skip
    options = run(capsys, db, "route", "CN1", "--date", "2025-05-10", "--provider", "RTD",
                  "--facts", json.dumps(DA_C_FACTS))  # fmt: skip
    assert {o["process"]: o["status"] for o in options}["direct_award_c"] == "allowed"
    run(capsys, db, "route", "CN1", "--date", "2025-05-10", "--provider", "RTD",
        "--facts", json.dumps(DA_C_FACTS), "--process", "direct_award_c", "--by", "P1")  # fmt: skip
    run(capsys, db, "assess", "CN1", "--provider", "RTD", "--key-criteria",
        json.dumps(KEY_CRITERIA), "--address", "Freeman Road, Newcastle upon Tyne",
        "--date", "2025-05-20", "--by", "P1")  # fmt: skip
    code, out, err = cli(capsys, "psr", "notice", "CN1", "--schedule", "3", "--date",
                         "2025-06-02", "--by", "P1", "--ocds", "--database", db)  # fmt: skip
    assert code == 0, err
    package = json.loads(out)
    award = package["releases"][0]["awards"][0]
    assert award["standstillPeriod"]["endDate"] == "2025-06-13T23:59:59+01:00"
    assert package["releases"][0]["tender"]["procurementMethodDetails"] == "Direct Award Process C"

    code, _, err = cli(capsys, "psr", "award", "CN1", "--provider", "RTD", "--value", "12000000",
                       "--start", "2025-07-01", "--date", "2025-06-13", "--by", "P1",
                       "--database", db)  # fmt: skip
    assert code == 2
    assert "Friday 2025-06-13" in err
    case = run(capsys, db, "award", "CN1", "--provider", "RTD", "--value", "12000000",
               "--start", "2025-07-01", "--end", "2028-07-01", "--date", "2025-06-16",
               "--by", "P1")  # fmt: skip
    assert case["case"]["status"] == "awarded"
    assert case["verdict"]["outcome"] == "lawful"

    html, pdf = tmp_path / "record.html", tmp_path / "record.pdf"
    record = run(capsys, db, "record", "CN1", "--html", str(html), "--pdf", str(pdf))
    assert record["complete"] is True
    assert [i["item"] for i in record["items"]] == [f"24({c})" for c in "abcdefghij"]
    assert "Freeman Road" in html.read_text(encoding="utf-8")
    assert pdf.read_bytes().startswith(b"%PDF")

    xlsx, csv = tmp_path / "summary.xlsx", tmp_path / "summary.csv"
    summary = run(capsys, db, "summary", "QHM", "--year", "2025/26", "--xlsx", str(xlsx),
                  "--csv", str(csv))  # fmt: skip
    assert [c["paragraph"] for c in summary["counts"]] == [f"25(2)({c})" for c in "abcdefghi"]
    sheet = load_workbook(xlsx)["Summary"]
    assert sheet.cell(3, 1).value == "Contracts awarded following Direct Award Process A, B or C"
    assert sheet.cell(3, 2).value == 1
    assert "25(2)(a)" in csv.read_text(encoding="utf-8")
    code, out, err = cli(capsys, "psr", "monitoring", "QHM", "--year", "2025/26", "--as-at",
                         "2025-08-01", "--database", db, "--json")  # fmt: skip
    assert code == 1, err  # a check that finds a failure exits 1
    assert json.loads(out)["failures"] == 1  # the Schedule 4 award notice was never submitted


def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, err = cli(capsys, "psr", "open", "X1", "--authority", "QHM", "--service", "s",
                         "--cpv", "45000000-7", "--value", "1", "--decision-maker", "P1=A",
                         "--date", "2025-05-01", "--by", "P1", "--database", db)  # fmt: skip
    assert code == 2
    assert err.count("\n") == 1
    assert "cpv" in err
    assert "Schedule 1" in err
    code, _, err = cli(capsys, "psr", "show", "X1", "--database", db)
    assert code == 2
    assert "no case 'X1'" in err


def test_a_command_run_again_after_it_committed_records_nothing_new(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    """The command's arguments name its request: re-run (after a crash, or by mistake), it is
    recognised as recorded, exit 0, and nothing is written; a different command is not."""
    from nhswiring.service.system import System

    opening = ("open", "CN2", "--authority", "QHM", "--service", "Community nursing",
               "--cpv", "85323000-9", "--value", "12000000", "--decision-maker", "P1=Ann Lowe",
               "--date", "2025-05-01", "--by", "P1")  # fmt: skip
    first = run(capsys, db, *opening)
    assert first["replayed"] is False
    head = System.connect(db).head()
    again = run(capsys, db, *opening)
    assert again["replayed"] is True
    assert again["recorded"] == first["recorded"]
    assert System.connect(db).head() == head
    code, out, err = cli(capsys, "psr", *opening, "--database", db)
    assert code == 0, err
    assert "already recorded by an earlier run of this command" in out
    # Another request for the same reference is judged afresh (and refused), not replayed.
    code, _, err = cli(capsys, "psr", *opening[:-1], "P2", "--database", db)
    assert code == 2
    assert "already has a case 'CN2'" in err
