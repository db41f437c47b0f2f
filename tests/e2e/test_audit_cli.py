"""`nhswiring audit` as users run it: the whole register and recorded decisions, JSON and
table, the period options, and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.e2e.test_law_cli import cli

Capture = pytest.CaptureFixture[str]


def test_audit_json_lists_every_change_and_nothing_is_unlawful(
    capsys: Capture, loaded_sqlite_url: str
) -> None:
    code, out, _ = cli(capsys, "audit", "--json", "--database", loaded_sqlite_url)
    assert code == 0
    rows = json.loads(out)
    assert rows
    assert all(
        set(r) == {"date", "actor", "action", "subjects", "instrument", "verdict"} for r in rows
    )
    assert not [r for r in rows if r["verdict"]["outcome"] == "unlawful"]


def test_audit_period_is_half_open(capsys: Capture, loaded_sqlite_url: str) -> None:
    code, out, _ = cli(
        capsys, "audit", "--from", "2022-07-01", "--to", "2022-07-02", "--json",
        "--database", loaded_sqlite_url,
    )  # fmt: skip
    assert code == 0
    rows = json.loads(out)
    assert {r["date"] for r in rows} == {"2022-07-01"}
    abolished = {r["subjects"][0] for r in rows if r["action"] == "abolition by Act"}
    assert {"MONITOR", "TDA"} <= abolished


def test_audit_table_prints_totals(capsys: Capture, loaded_sqlite_url: str) -> None:
    code, out, _ = cli(
        capsys, "audit", "--from", "2026-04-01", "--to", "2026-04-02",
        "--database", loaded_sqlite_url,
    )  # fmt: skip
    assert code == 0
    assert "Totals by outcome" in out
    assert "unlawful" in out
    assert "lawful" in out


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--from", "2022-13-01"], "--from"),
        (["--to", "yesterday"], "--to"),
        (["--from", "2023-01-01", "--to", "2022-01-01"], "--to"),
    ],
)
def test_audit_bad_dates_are_one_line_exit_2(
    capsys: Capture, loaded_sqlite_url: str, args: list[str], field: str
) -> None:
    code, _, err = cli(capsys, "audit", *args, "--database", loaded_sqlite_url)
    assert code == 2
    assert err.startswith(f"error: {field}:")
    assert len(err.strip().splitlines()) == 1


def test_audit_of_a_missing_database_is_one_line(capsys: Capture, tmp_path: Path) -> None:
    code, _, err = cli(capsys, "audit", "--database", f"sqlite:///{tmp_path / 'none.db'}")
    assert code == 2
    assert "nhswiring init" in err


def test_a_recorded_decision_is_audited_with_its_verdict(
    capsys: Capture, tmp_path: Path, loaded_sqlite_url: str
) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(loaded_sqlite_url.removeprefix("sqlite:///"), db)
    url = f"sqlite:///{db}"
    code, _, _ = cli(
        capsys, "check", "--date", "2024-04-02", "--actor", "NHSE", "--action", "delegate",
        "--args", '{"function": "commission_specialised_services", "from": "NHSE", "to": "QHM"}',
        "--record", "--database", url,
    )  # fmt: skip
    assert code == 0
    code, out, _ = cli(
        capsys, "audit", "--from", "2024-04-02", "--to", "2024-04-03", "--json", "--database", url
    )
    assert code == 0
    (row,) = json.loads(out)
    assert row["action"] == "delegation"
    assert row["actor"] == "NHSE"
    assert row["verdict"]["outcome"] == "lawful"
    assert row["instrument"]["reference"].startswith("ledger entry")
