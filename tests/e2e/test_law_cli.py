"""`check`, `run`, `compare`, `law`, `explain` and `docs` as users run them."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from nhswiring.entrypoints.cli import main

ROOT = Path(__file__).resolve().parents[2]
CLAIMS = ROOT / "scenarios" / "claims"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    old = sys.argv
    sys.argv = ["nhswiring", *args]
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    finally:
        sys.argv = old
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code, out, err = cli(capsys, *args, "--json")
    assert code in (0, 1), err
    return json.loads(out)


@pytest.fixture
def empty_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'none.db'}"


def test_check_gives_a_versioned_verdict_with_citations(
    capsys: pytest.CaptureFixture[str], empty_db: str
) -> None:
    v = as_json(
        capsys,
        "check",
        "--date",
        "2017-11-30",
        "--actor",
        "NHSE",
        "--action",
        "appoint",
        "--args",
        '{"person": "P1", "role": "chief_executive", "bodies": ["NHSE", "MONITOR", "TDA"]}',
        "--database",
        empty_db,
    )
    assert v["schema"] == "nhswiring.verdict/1"
    assert v["outcome"] == "unlawful"
    assert v["regime"] == "hsca2012"
    assert any("HSCA 2012 s.61" in r["citation"] for r in v["reasons"])
    overridden = [r for r in v["reasons"] if r["overridden"]]
    assert overridden, "the overridden general power is listed too"


def test_check_names_missing_facts(capsys: pytest.CaptureFixture[str], empty_db: str) -> None:
    v = as_json(
        capsys,
        "check",
        "--date",
        "2019-06-01",
        "--actor",
        "SOS",
        "--action",
        "direct",
        "--args",
        '{"to": "NHSE", "subject": "general"}',
        "--database",
        empty_db,
    )
    assert v["outcome"] == "undetermined"
    assert [m["name"] for m in v["missing_facts"]] == ["nhse_significant_failure"]
    assert v["missing_facts"][0]["question"].endswith("?")


def test_check_under_a_fixed_regime(capsys: pytest.CaptureFixture[str], empty_db: str) -> None:
    args = [
        "check",
        "--date",
        "2019-06-01",
        "--actor",
        "NHSE",
        "--action",
        "set_capital_limit",
        "--args",
        '{"trust": "RTD", "year": "2019/20", "amount": 1000000}',
        "--facts",
        '{"ft_consulted_on_capital_limit": true}',
        "--database",
        empty_db,
    ]
    assert as_json(capsys, *args)["outcome"] == "unlawful"
    fixed = as_json(capsys, *args, "--regime", "hca2022")
    assert fixed["outcome"] == "lawful"
    assert any("s.42B" in o["citation"] for o in fixed["obligations"])


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--action", "teleport", "--args", "{}"], "is not an action nhswiring judges"),
        (["--action", "appoint", "--args", "{not json"], "args: is not valid JSON"),
        (["--action", "appoint", "--args", '{"person": "P"}'], "args.role"),
        (
            ["--action", "direct", "--args", '{"to": "ZZZ", "subject": "general"}'],
            "args.to: 'ZZZ' is not a body",
        ),
        (
            [
                "--action",
                "direct",
                "--args",
                '{"to": "NHSE", "subject": "general"}',
                "--regime",
                "utopia",
            ],
            "regime: 'utopia' is not a regime",
        ),
    ],
)
def test_bad_check_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], empty_db: str, args: list[str], mentions: str
) -> None:
    code, _, err = cli(
        capsys, "check", "--date", "2023-01-01", "--actor", "SOS", *args, "--database", empty_db
    )
    assert code == 2
    assert mentions in " ".join(err.split())


def test_check_record_appends_the_decision_with_its_verdict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, loaded_sqlite_url: str
) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(loaded_sqlite_url.removeprefix("sqlite:///"), db)
    url = f"sqlite:///{db}"
    v = as_json(
        capsys,
        "check",
        "--date",
        "2024-04-01",
        "--actor",
        "NHSE",
        "--action",
        "delegate",
        "--args",
        '{"function": "commission_specialised_services", "from": "NHSE", "to": "QHM"}',
        "--record",
        "--database",
        url,
    )
    assert v["outcome"] == "lawful"
    assert len(v["recorded"]) == 1
    assert v["replayed"] is False
    delegation = ["check", "--date", "2024-04-01", "--actor", "NHSE", "--action", "delegate",
                  "--args",
                  '{"function": "commission_specialised_services", "from": "NHSE", "to": "QHM"}',
                  "--record", "--database", url]  # fmt: skip
    again = as_json(capsys, *delegation)  # the same command run again: recorded once
    assert again["replayed"] is True
    assert again["recorded"] == v["recorded"]
    assert again["outcome"] == "lawful"
    history = as_json(capsys, "history", "QHM", "--database", url)
    assert history[-1]["verdict"]["outcome"] == "lawful"
    assert history[-1]["regime"] == "hca2022"
    code, _, err = cli(
        capsys,
        "check",
        "--date",
        "2019-04-01",
        "--actor",
        "13T",
        "--action",
        "joint_committee",
        "--args",
        '{"code": "J1", "name": "j", "members": ["13T", "RTD"]}',
        "--record",
        "--database",
        url,
    )
    assert code == 2
    assert "nothing was recorded" in err
    assert as_json(capsys, "verify", "--database", url)["ok"] is True


def test_run_reports_each_step_and_exits_1_on_a_failed_expectation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = as_json(capsys, "run", str(CLAIMS / "01-nhse-nhsi-merger.yaml"))
    assert result["schema"] == "nhswiring.run/1"
    assert [s["verdict"]["outcome"] for s in result["steps"]] == [
        "unlawful",
        "unlawful",
        "unlawful",
    ]
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        (CLAIMS / "01-nhse-nhsi-merger.yaml")
        .read_text()
        .replace(
            "expect_under: {hsca2012: unlawful, hca2022: unlawful, proposals2019: lawful, "
            'whitepaper2021: lawful}\n    expect_citations_under: {hsca2012: ["HSCA 2012 s.61"]',
            "expect_under: {hsca2012: lawful, hca2022: unlawful, proposals2019: lawful, "
            'whitepaper2021: lawful}\n    expect_citations_under: {hsca2012: ["HSCA 2012 s.61"]',
            1,
        )
    )
    code, _, _ = cli(capsys, "run", str(broken))
    assert code == 1


def test_run_refuses_a_malformed_scenario(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nstart: 2020-01-01\nsteps:\n  - actor: NHSE\n    action: merge\n")
    code, _, err = cli(capsys, "run", str(bad))
    assert code == 2
    assert "steps.0.date" in err


def test_compare_shows_the_rules_that_differ(capsys: pytest.CaptureFixture[str]) -> None:
    c = as_json(capsys, "compare", str(CLAIMS / "17-sos-directs-nhse.yaml"), "hsca2012", "hca2022")
    assert c["schema"] == "nhswiring.compare/1"
    first = c["steps"][0]
    assert first["differs"] is True
    assert (first["a"]["outcome"], first["b"]["outcome"]) == ("unlawful", "lawful")
    assert "nhs_act_2006.s13ZC.direct_nhse" in first["b"]["rules"]
    assert "nhs_act_2006.s13A.no_general_direction_of_nhse" in first["a"]["rules"]


def test_law_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    listing = as_json(capsys, "law", "--regime", "hsca2012", "--date", "2015-01-01")
    ids = {r["rule"] for r in listing["rules"]}
    assert "nhs_act_2006.s13Z.nhse_arrangements" in ids
    assert "nhs_act_2006.s65Z5.delegation" not in ids
    one = as_json(capsys, "explain", "nhs_act_2006.s65Z5.delegation")
    assert one["citation"].startswith("NHS Act 2006 s.65Z5")
    assert "hca2022" in one["regimes"]
    code, _, err = cli(capsys, "explain", "no.such.rule")
    assert code == 2
    assert "is not a rule" in err
