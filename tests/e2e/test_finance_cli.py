"""``nhswiring finance`` end to end on a real SQLite register: published allocations with their
sources, users' figures as attributed ledger events, duties met, breached or unknown, and
exports that match the JSON."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.e2e.test_law_cli import cli

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def db(loaded_sqlite_url: str, tmp_path: Path) -> str:
    copy = tmp_path / "finance.db"
    shutil.copy(loaded_sqlite_url.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


def show(capsys: Capture, db: str, code: str, year: str) -> Any:
    status, out, err = cli(
        capsys, "finance", "show", code, "--year", year, "--json", "--database", db
    )
    assert status == 0, err
    return json.loads(out)


def stream(view: Any, name: str) -> Any:
    return next(s for s in view["streams"] if s["stream"] == name)


def test_show_gives_each_stream_with_its_source_and_growth(capsys: Capture, db: str) -> None:
    view = show(capsys, db, "QWO", "2024/25")
    core = stream(view, "core_services")
    assert view["unit"] == "GBP"
    assert core["amount"] == "4381813000"  # £4,381,813k in NHS England's v1.2 workbook
    # against NHS England's 2023/24 adjusted baseline, as its own growth column (1.768%) is
    assert core["previous"]["amount"] == "4305683414.0298115"
    assert "adjusted baseline" in core["previous"]["basis"]
    assert core["growth_percent"] == "1.77"
    assert core["per_head"]["amount"] == "1661.07"
    assert "ICB Core Allocations 2024-25" in core["source"]["table"]
    assert {m["measure"] for m in core["other_measures"]} == {
        "total",
        "combined",
        "adjusted_baseline",
    }
    specialised = stream(view, "delegated_specialised")
    assert specialised["amount"] is None
    assert "not obtained" in specialised["missing"]
    assert view["weighted_population"]["amount"] is None


def test_a_year_the_package_lacks_is_missing_not_zero(capsys: Capture, db: str) -> None:
    view = show(capsys, db, "QWO", "2022/23")
    assert all(s["amount"] is None for s in view["streams"])
    assert "not in the package" in stream(view, "core_services")["missing"]
    assert "first financial year" in view["year"]["first_year"]
    assert view["year"]["start"] == "2022-07-01"


def test_a_merged_icb_is_compared_with_its_predecessors_combined(capsys: Capture, db: str) -> None:
    whole = stream(show(capsys, db, "Z9B2Z", "2026/27"), "core_services")
    assert whole["amount"] is None  # 2026/27 is not in the package
    split = show(capsys, db, "T6Y0W", "2026/27")
    assert split["body"]["code"] == "T6Y0W"


def test_recorded_outturn_is_tested_and_attributed(capsys: Capture, db: str) -> None:
    for figure, amount in (("expenditure", "4500000000"), ("receipts", "4490000000")):
        status, _, err = cli(
            capsys, "finance", "record", "QWO", "--year", "2024/25", "--figure", figure,
            "--amount", amount, "--by", "QWO", "--on", "2025-06-30", "--database", db,
        )  # fmt: skip
        assert status == 0, err
    view = show(capsys, db, "QWO", "2024/25")
    breakeven = next(d for d in view["duties"] if d["duty"].endswith("s223GC.icb_breakeven"))
    assert breakeven["status"] == "breached"
    assert breakeven["margin"] == "-10000000"
    assert "s.223GC" in breakeven["citation"]
    running = next(d for d in view["duties"] if "running" in d["duty"])
    assert running["status"] == "unknown"
    assert running["missing"]
    assert [r["figure"] for r in view["recorded"]] == ["expenditure", "receipts"]
    # the published figure is untouched by anything recorded
    assert stream(view, "core_services")["amount"] == "4381813000"


def test_a_retried_record_writes_nothing_new(capsys: Capture, db: str) -> None:
    args = [
        *("finance", "record", "QWO", "--year", "2024/25", "--figure", "running_costs"),
        *("--amount", "30000000", "--by", "QWO", "--on", "2025-06-30", "--database", db),
    ]
    assert cli(capsys, *args)[0] == 0
    status, out, _ = cli(capsys, *args)
    assert status == 0
    assert "already recorded" in out
    assert len(show(capsys, db, "QWO", "2024/25")["recorded"]) == 1


def test_import_refuses_a_bad_row_by_line_and_records_nothing(
    capsys: Capture, db: str, tmp_path: Path
) -> None:
    bad = tmp_path / "outturns.csv"
    bad.write_text(
        "body,year,figure,amount\nQWO,2024/25,expenditure,100\nQWO,2024/25,receipts,lots\n",
        encoding="utf-8",
    )
    status, _, err = cli(capsys, "finance", "import", str(bad), "--by", "auditor", "--database", db)
    assert status == 2
    assert err.count("\n") == 1
    assert "line 3: amount" in err
    assert show(capsys, db, "QWO", "2024/25")["recorded"] == []


def test_import_records_every_row_in_one_transaction(
    capsys: Capture, db: str, tmp_path: Path
) -> None:
    good = tmp_path / "outturns.csv"
    good.write_text(
        "body,year,figure,amount,source\n"
        "QWO,2024/25,expenditure,100,accounts\n"
        "QWO,2024/25,receipts,150,accounts\n",
        encoding="utf-8",
    )
    status, out, err = cli(
        capsys, "finance", "import", str(good), "--by", "auditor", "--database", db
    )
    assert status == 0, err
    assert "(2)" in out
    view = show(capsys, db, "QWO", "2024/25")
    breakeven = next(d for d in view["duties"] if d["duty"].endswith("icb_breakeven"))
    assert (breakeven["status"], breakeven["margin"]) == ("met", "50")


RECORD = ["record", "QWO", "--year", "2024/25", "--figure"]


RECORD = ["record", "QWO", "--year", "2024/25", "--figure"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["show", "QWO", "--year", "2024-25"], "year"),
        (["show", "QWO", "--year", "1999/00"], "year"),
        (["show", "NOPE", "--year", "2024/25"], "code"),
        (["compare", "--year", "2024/25", "--sort", "size"], "sort"),
        ([*RECORD, "core_services", "--amount", "1", "--by", "me"], "measure"),
        ([*RECORD, "cash", "--amount", "1", "--by", "me"], "figure"),
        ([*RECORD, "expenditure", "--amount", "-5", "--by", "me"], "amount"),
    ],
)
def test_bad_input_is_one_line_naming_the_field(
    capsys: Capture, db: str, args: list[str], field: str
) -> None:
    status, _, err = cli(capsys, "finance", *args, "--database", db)
    assert status == 2
    assert err.count("\n") == 1
    assert err.startswith(f"error: {field}")


def test_compare_sorts_every_icb_and_exports_the_same_rows(
    capsys: Capture, db: str, tmp_path: Path
) -> None:
    out_csv, out_xlsx = tmp_path / "icbs.csv", tmp_path / "icbs.xlsx"
    status, out, err = cli(
        capsys, "finance", "compare", "--year", "2025/26", "--sort", "core_services",
        "--descending", "--json", "--csv", str(out_csv), "--xlsx", str(out_xlsx),
        "--database", db,
    )  # fmt: skip
    assert status == 0, err
    view = json.loads(out)
    rows = view["icbs"]
    assert len(rows) == 42
    cores = [int(r["core_services"]) for r in rows]
    assert cores == sorted(cores, reverse=True)
    table = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert table[0][:3] == ["code", "name", "core_services (£)"]
    assert [r[0] for r in table[1:]] == [r["code"] for r in rows]
    sheet = load_workbook(out_xlsx).active
    assert sheet is not None
    assert sheet.cell(row=3, column=3).value == cores[0]


def test_system_lists_the_icb_with_its_trusts_and_the_joint_limits(
    capsys: Capture, db: str
) -> None:
    status, out, err = cli(
        capsys, "finance", "system", "QWO", "--year", "2024/25", "--json", "--database", db
    )
    assert status == 0, err
    view = json.loads(out)
    members = [m["body"] for m in view["members"]]
    assert members[0]["code"] == "QWO"
    assert len(members) > 5
    assert all(m["kind"] in {"nhs_trust", "foundation_trust"} for m in members[1:])
    assert {d["duty"].split(".")[1] for d in view["duties"]} == {"s223M"}
    assert all(d["status"] == "unknown" for d in view["duties"])


def test_system_before_icbs_is_refused(capsys: Capture, db: str) -> None:
    status, _, err = cli(capsys, "finance", "system", "QWO", "--year", "2021/22", "--database", db)
    assert status == 2
    assert "QWO" in err


def test_a_recorded_outturn_report_becomes_the_bodys_figures(capsys: Capture, db: str) -> None:
    args = {
        "body": "QWO",
        "year": "2024/25",
        "figures": {"expenditure": 4500000000, "receipts": 4510000000, "running_costs": 30000000},
        "limits": {"running_cost_limit": 29000000},
    }
    status, out, err = cli(
        capsys, "check", "--date", "2025-06-30", "--actor", "QWO", "--action", "report_outturn",
        "--args", json.dumps(args), "--record", "--json", "--database", db,
    )  # fmt: skip
    assert status == 0, err
    assert json.loads(out)["outcome"] == "lawful"
    view = show(capsys, db, "QWO", "2024/25")
    assert {r["figure"] for r in view["recorded"]} == {
        "expenditure",
        "receipts",
        "running_costs",
        "running_cost_limit",
    }
    duties = {d["title"]: (d["status"], d["margin"]) for d in view["duties"]}
    assert duties["ICB breakeven"] == ("met", "10000000")
    assert duties["ICB running costs"] == ("breached", "-1000000")


def test_prices_lists_each_publication_with_its_verdict(capsys: Capture, db: str) -> None:
    status, out, err = cli(capsys, "finance", "prices", "--json", "--database", db)
    assert status == 0, err
    rows = {p["publication"]: p for p in json.loads(out)["publications"]}
    assert rows["nt-2014-15"]["verdict"]["outcome"] == "lawful"
    assert rows["nt-2014-15"]["publisher"] == "MONITOR"
    assert rows["ps-2023-25"]["verdict"]["outcome"] == "lawful"
    assert rows["nt-2015-16"]["made"] is False  # blocked: 75% of providers by share of supply
    assert rows["nt-2015-16"]["verdict"] is None
    view = show(capsys, db, "QWO", "2024/25")
    assert [p["publication"] for p in view["prices"]] == ["ps-2023-25", "ps-2023-25-amended"]


def test_a_limit_set_by_order_is_the_limit_the_duty_is_tested_on(capsys: Capture, db: str) -> None:
    order = {"trust": "RTD", "year": "2024/25", "amount": 120000000}
    status, _, err = cli(
        capsys, "check", "--date", "2024-07-15", "--actor", "NHSE", "--action",
        "set_capital_limit", "--args", json.dumps(order), "--facts",
        '{"ft_consulted_on_capital_limit": true}', "--record", "--database", db,
    )  # fmt: skip
    assert status == 0, err
    status, _, err = cli(
        capsys, "finance", "record", "RTD", "--year", "2024/25", "--figure",
        "capital_expenditure", "--amount", "125000000", "--by", "RTD", "--on", "2025-06-30",
        "--database", db,
    )  # fmt: skip
    assert status == 0, err
    view = show(capsys, db, "RTD", "2024/25")
    capital = next(d for d in view["duties"] if "s42B" in d["duty"])
    assert (capital["status"], capital["margin"]) == ("breached", "-5000000")
    assert view["limits"][0]["action"] == "set_capital_limit"


def test_a_systems_limits_are_each_a_row_of_the_export(
    capsys: Capture, db: str, tmp_path: Path
) -> None:
    limits = {"system": "QWO", "year": "2024/25", "revenue": 5000000000, "capital": 200000000}
    status, _, err = cli(
        capsys, "check", "--date", "2024-03-01", "--actor", "NHSE", "--action",
        "set_resource_limits", "--args", json.dumps(limits), "--record", "--database", db,
    )  # fmt: skip
    assert status == 0, err
    out = tmp_path / "qwo.csv"
    status, _, err = cli(
        capsys, "finance", "show", "QWO", "--year", "2024/25", "--csv", str(out), "--database", db
    )
    assert status == 0, err
    rows = [r for r in csv.reader(io.StringIO(out.read_text(encoding="utf-8"))) if r[0] == "limit"]
    assert [(r[1], r[3]) for r in rows] == [
        ("set_resource_limits (revenue)", "5000000000"),
        ("set_resource_limits (capital)", "200000000"),
    ]
