"""The command line as users run it: real entry point, real database, JSON contracts."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.e2e.test_law_cli import cli


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    return cli(capsys, *args, "--database", url)


def run_json(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> Any:
    code, out, err = run(capsys, url, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_list_icbs_on_the_day_they_were_established(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str
) -> None:
    rows = run_json(capsys, loaded_sqlite_url, "list", "--kind", "icb", "--as-at", "2022-07-01")
    assert len(rows) == 42
    assert set(rows[0]) >= {"code", "name", "kind", "parent", "start", "end"}
    qhm = next(r for r in rows if r["code"] == "QHM")
    assert qhm["parent"] == "Y63"
    assert qhm["start"] == "2022-07-01"


def test_list_trusts_marks_foundation_status(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str
) -> None:
    rows = run_json(capsys, loaded_sqlite_url, "list", "--kind", "trust", "--as-at", "2022-07-01")
    assert len(rows) == 215  # 211 in the etr extract and 4 care trusts
    assert sum(r["foundation_trust"] for r in rows) == 144
    assert sorted(r["code"] for r in rows if r["care_trust"]) == ["TAD", "TAF", "TAH", "TAJ"]
    assert {r["kind"] for r in rows} == {"nhs_trust", "foundation_trust"}


def test_show_has_the_documented_fields(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str
) -> None:
    data = run_json(capsys, loaded_sqlite_url, "show", "QHM", "--as-at", "2023-01-01")
    for field in (
        "code",
        "name",
        "kind",
        "start",
        "end",
        "parent",
        "predecessors",
        "successors",
        "functions",
        "delegations_out",
        "delegations_in",
        "area",
    ):
        assert field in data, field
    assert data["kind"] == "icb"
    assert any(f["function"] == "commission_secondary_care" for f in data["functions"])
    assert any(
        d["function"] == "commission_primary_medical_services" for d in data["delegations_in"]
    )
    assert {"00L", "E08000021"} <= {a["code"] for a in data["area"]}
    assert "00L" in data["children"]


def test_show_a_merged_ccg_on_its_last_day(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str
) -> None:
    data = run_json(capsys, loaded_sqlite_url, "show", "00C", "--as-at", "2020-03-31")
    assert data["successors"] == ["16C"]
    assert data["end"] == "2020-04-01"


def test_show_a_care_trust_names_its_designation(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str
) -> None:
    data = run_json(capsys, loaded_sqlite_url, "show", "TAF", "--as-at", "2024-10-31")
    assert data["care_trust"] is True
    assert data["successors"] == ["G6V2S"]
    code, out, _ = run(capsys, loaded_sqlite_url, "show", "TAF", "--as-at", "2024-10-31")
    assert code == 0
    assert "care trust (s.77 designation)" in " ".join(out.split())
    _, plain, _ = run(capsys, loaded_sqlite_url, "show", "RRP", "--as-at", "2024-10-31")
    assert "care trust" not in plain


def test_history_is_oldest_first_and_attributed(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str
) -> None:
    entries = run_json(capsys, loaded_sqlite_url, "history", "00C")
    assert entries[0]["action_type"] == "body.established"
    assert entries[0]["actor"] == "NHSE"
    assert any(
        e["action_type"] == "body.dissolved" and e["effective_date"] == "2020-04-01"
        for e in entries
    )
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries)


def test_who_commissions_gives_holder_and_chain(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str
) -> None:
    answers = run_json(
        capsys,
        loaded_sqlite_url,
        "who-commissions",
        "commission_specialised_services",
        "--area",
        "E08000025",
        "--as-at",
        "2024-06-01",
    )
    assert answers[0]["holder"]["code"] == "NHSE"
    assert answers[0]["exercised_by"]["code"] == "QHL"
    assert answers[0]["chain"][0]["basis"].startswith("NHS Act 2006 s.65Z5")


def test_system_for_names_the_stp_then_the_icb(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str
) -> None:
    before = run_json(capsys, loaded_sqlite_url, "system-for", "E08000003", "--on", "2021-06-01")
    assert [(s["code"], s["kind"], s["statutory"]) for s in before["systems"]] == [
        ("QOP", "stp", False)
    ]
    after = run_json(capsys, loaded_sqlite_url, "system-for", "E08000003", "--on", "2022-07-01")
    assert [(s["code"], s["kind"], s["statutory"]) for s in after["systems"]] == [
        ("QOP", "icb", True)
    ]
    code, out, _ = run(capsys, loaded_sqlite_url, "system-for", "E08000003", "--on", "2015-01-01")
    assert code == 0
    assert "no system partnership existed" in " ".join(out.split())


def test_partnerships_lists_memberships_and_show_marks_them_non_statutory(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str
) -> None:
    mine = run_json(capsys, loaded_sqlite_url, "partnerships", "RV5", "--on", "2024-01-01")
    assert [p["code"] for p in mine["partnerships"]] == ["PC-SLP", "PP-CROYDON"]
    assert {p["statutory"] for p in mine["partnerships"]} == {False}
    shown = run_json(capsys, loaded_sqlite_url, "show", "PC-SLP", "--as-at", "2024-01-01")
    assert shown["statutory"] is False
    assert [m["code"] for m in shown["members"]] == ["RPG", "RQY", "RV5"]
    assert shown["functions"] == []
    code, out, _ = run(capsys, loaded_sqlite_url, "show", "QOP", "--as-at", "2020-01-01")
    assert code == 0
    assert "non-statutory partnership" in out
    assert "same code, another body" in out


def test_verify_reports_a_sound_chain(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str
) -> None:
    report = run_json(capsys, loaded_sqlite_url, "verify")
    assert report["ok"] is True
    assert report["checked"] > 4000


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["list", "--kind", "hospital"], "kind: 'hospital' is not a kind of body"),
        (["list", "--kind", "icb", "--as-at", "2012-12-31"], "before the register begins"),
        (["list", "--kind", "icb", "--as-at", "31/12/2022"], "use the ISO form YYYY-MM-DD"),
        (["show", "NOPE"], "code: 'NOPE' is not in the register"),
        (["show", "00C", "--as-at", "2021-01-01"], "00C was not in force on 2021-01-01"),
        (["who-commissions", "commission_everything", "--area", "QHM"], "not in the catalogue"),
        (["who-commissions", "commission_secondary_care", "--area", "XYZ"], "not a known area"),
        (["system-for", "Bassetlaw", "--on", "2021-06-01"], "area: 'Bassetlaw' matches 3 bodies"),
        (["system-for", "NOWHERE"], "code: 'NOWHERE' is not in the register"),
        (["partnerships", "QOP", "--on", "2015-01-01"], "QOP was not in force on 2015-01-01"),
    ],
)
def test_bad_input_is_one_line_naming_the_field_exit_2(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str, args: list[str], mentions: str
) -> None:
    code, out, err = run(capsys, loaded_sqlite_url, *args)
    assert code == 2
    assert mentions in " ".join(err.split())
    assert out == ""


def test_the_installed_console_script_runs(loaded_sqlite_url: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nhswiring.entrypoints.cli",
            "list",
            "--kind",
            "region",
            "--as-at",
            "2013-04-01",
            "--json",
            "--database",
            loaded_sqlite_url,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert {r["code"] for r in json.loads(done.stdout)} == {"Y54", "Y55", "Y56", "Y57"}


def test_commands_on_an_empty_database_say_how_to_create_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    code, _, err = run(capsys, f"sqlite:///{tmp_path / 'empty.db'}", "list", "--kind", "icb")
    assert code == 2
    assert "nhswiring init" in err
