"""The one place failures become lines (entrypoints/failures.py), and the last resort."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import DatabaseError, OperationalError

from nhswiring.domain.errors import LedgerBusy, LedgerCorrupt
from nhswiring.entrypoints import failures, law_commands, render
from nhswiring.service.system import System
from tests.badinput.conftest import READY, Prepared, assert_refused, invoke


class _DriverError(Exception):
    pass


def _operational(message: str) -> OperationalError:
    return OperationalError("SELECT 1", {}, _DriverError(message))


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ('connection to server at "127.0.0.1", port 5999 failed: Connection refused',
         "the server did not answer"),
        ('FATAL:  password authentication failed for user "x"', "refused the credentials"),
        ('FATAL:  role "nobody" does not exist', "refused the credentials"),
        ('FATAL:  database "nope" does not exist', "no such database"),
        ("attempt to write a readonly database", "read-only"),
        ("unable to open database file", "cannot be opened or created"),
        ("database is locked", "busy"),
        ("permission denied for table ledger_entry", "permission denied"),
        ("something nobody foresaw\nwith a second line", "could not be used (something nobody"),
    ],
)  # fmt: skip
def test_database_errors_become_one_line_naming_the_database(message: str, expected: str) -> None:
    url = "postgresql+psycopg://alice:hunter2@db.example:5432/nhs"
    failure = failures.classify(_operational(message), url)
    assert failure is not None
    assert failure.code == failures.BAD_INPUT
    assert expected in failure.message
    assert "alice:***@db.example:5432/nhs" in failure.message
    assert "hunter2" not in failure.message


def test_a_file_that_is_not_a_database() -> None:
    failure = failures.classify(
        DatabaseError("PRAGMA", {}, _DriverError("file is not a database")), "sqlite:///x.db"
    )
    assert failure == failures.Failure(
        2,
        "database sqlite:///x.db: the file is not a SQLite database; point --database at an "
        "nhswiring database, or a new file name to create one",
    )


def test_exit_codes_by_kind() -> None:
    assert failures.classify(LedgerBusy("still busy after 10 attempts")).code == 2  # type: ignore[union-attr]
    assert failures.classify(LedgerCorrupt("entry 3 altered")).code == 1  # type: ignore[union-attr]
    assert failures.classify(FileNotFoundError(2, "No such file", "x.csv")).code == 2  # type: ignore[union-attr]
    assert failures.classify(ZeroDivisionError("bug")) is None


def test_a_busy_database_is_one_line_and_exit_2(
    prepared: Prepared, monkeypatch: pytest.MonkeyPatch, unchanged: None
) -> None:
    def busy(*_: object, **__: object) -> None:
        raise LedgerBusy("the database stayed busy through 10 attempts; nothing was recorded")

    monkeypatch.setattr(System, "record", busy)
    outcome = invoke(
        [
            "psr",
            "represent",
            READY,
            "--provider",
            "RX4",
            "--summary",
            "late",
            "--date",
            "2025-06-13",
            "--by",
            "NE1",
            "--database",
            prepared.url,
        ]
    )
    assert_refused(outcome)
    assert "run the command again" in outcome.err


def test_a_bug_is_one_line_exit_70_without_a_traceback(
    prepared: Prepared, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(*_: object, **__: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(law_commands, "judge", bug)
    monkeypatch.delenv(failures.DEBUG_VARIABLE, raising=False)
    argv = ["check", "--date", "2024-06-01", "--actor", "NHSE", "--action", "set_capital_limit",
            "--args", '{"trust": "RTD", "year": "2024/25", "amount": 1}']  # fmt: skip
    outcome = invoke(argv)
    assert outcome.code == 70
    assert outcome.err == (
        "error: internal error: ZeroDivisionError: division by zero; please report it with "
        "the command you ran\n"
    )
    monkeypatch.setenv(failures.DEBUG_VARIABLE, "1")
    with pytest.raises(ZeroDivisionError):
        invoke(argv)


def test_monitoring_that_finds_failures_exits_1(prepared: Prepared, tmp_path: Path) -> None:
    """Exit codes: 0 nothing wrong, 1 a check found failures, 2 bad input."""
    copy = tmp_path / "ledger.db"
    copy.write_bytes(prepared.db.read_bytes())
    url = f"sqlite:///{copy}"
    # The ready case was never awarded, so nothing fails in 2025/26 until notices are due.
    clean = invoke(["psr", "monitoring", "QHM", "--year", "2025/26", "--database", url])
    award = invoke(
        [
            "psr",
            "award",
            READY,
            "--provider",
            "RR7",
            "--value",
            "12000000",
            "--start",
            "2025-10-01",
            "--date",
            "2025-06-24",
            "--by",
            "NE2",
            "--database",
            url,
        ]
    )
    assert award.code == 0, award.err
    late = invoke(["psr", "monitoring", "QHM", "--year", "2025/26", "--database", url])
    assert (clean.code, late.code) == (0, 1), (clean.err, late.err)
    assert late.err.endswith("compliance failure(s) to address\n")


def test_long_text_renders_in_linear_time() -> None:
    """Rich's highlighter took 20 s for a 60,000-character word; the consoles have none."""
    started = time.perf_counter()
    with render.console.capture() as captured:
        render.console.print(f"[bold]{'x' * 60_000}[/] and more")
        render.table("t", ["a"], [["y" * 60_000], ["[/] not markup"]])
    assert time.perf_counter() - started < 2
    assert "[/] not markup" in captured.get()


def test_psr_show_of_a_case_with_a_long_service_is_fast(prepared: Prepared, tmp_path: Path) -> None:
    from nhswiring.service.psr.cases import Cases

    copy = tmp_path / "ledger.db"
    copy.write_bytes(prepared.db.read_bytes())
    system = System.connect(f"sqlite:///{copy}")
    Cases(system, "QHM").open(case_id="LONG", day=date(2025, 5, 1),
                              authority="QHM", service="[/]" + "s" * 60_000,
                              cpv_codes=["85323000-9"], estimated_value="1000",
                              decision_makers={"NE1": "Ann Lowe"}, by="NE1")  # fmt: skip
    system.engine.dispose()
    started = time.perf_counter()
    outcome = invoke(["psr", "show", "LONG", "--database", f"sqlite:///{copy}"])
    assert outcome.code == 0, outcome.err
    assert time.perf_counter() - started < 5
    assert "[/]sss" in outcome.out


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--kind", "icb", "--database", "postgresql+psycopg://postgres@127.0.0.1:5999/t"],
        ["run", "/no/such/scenario.yaml"],
        ["serve", "--port", "bad"],
        ["psr", "summary", "QHM", "--year", "2025/26", "--csv", "/no/such/folder/x.csv"],
    ],
)
def test_the_console_script_prints_one_line_too(argv: list[str]) -> None:
    """A sample through a real process: what a user's terminal receives."""
    done = subprocess.run(
        [sys.executable, "-m", "nhswiring.entrypoints.cli", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("error: "), done.stderr
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    scenario = tmp_path / "locked.yaml"
    scenario.write_text("name: x\n", encoding="utf-8")
    scenario.chmod(0)
    outcome = invoke(["run", str(scenario)])
    assert_refused(outcome)
    assert "Permission denied" in outcome.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes files whatever their permissions")
def test_a_read_only_database_file_is_one_line(prepared: Prepared, tmp_path: Path) -> None:
    copy = tmp_path / "ledger.db"
    copy.write_bytes(prepared.db.read_bytes())
    copy.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        outcome = invoke(
            [
                "psr",
                "represent",
                READY,
                "--provider",
                "RX4",
                "--summary",
                "s",
                "--date",
                "2025-06-13",
                "--by",
                "NE1",
                "--database",
                f"sqlite:///{copy}",
            ]
        )
    finally:
        tmp_path.chmod(0o755)
    assert_refused(outcome)
    assert "read-only" in outcome.err or "cannot be opened" in outcome.err
