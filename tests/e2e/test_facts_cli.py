"""Facts on the command line: bad ones refused in one line (exit 2), unread ones reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.e2e.test_law_cli import cli

DIRECT = ["check", "--date", "2019-06-01", "--actor", "SOS", "--action", "direct"]
ARGS = ["--args", '{"to": "NHSE", "subject": "general"}']


def test_check_refuses_an_unknown_fact_with_the_closest_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = cli(capsys, *DIRECT, *ARGS, "--facts", '{"failure_to_discharge_function": true}')
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("error: facts.failure_to_discharge_function: is not a fact")
    assert "failure_to_discharge_functions" in err


def test_check_refuses_a_fact_of_the_wrong_type(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, *DIRECT, *ARGS, "--facts", '{"emergency": "yes"}')
    assert code == 2
    assert "facts.emergency: is 'yes', not true or false; give true or false" in err


def test_check_reports_unread_facts_in_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    facts = '{"nhse_significant_failure": true, "urgency": true}'
    code, out, _ = cli(capsys, *DIRECT, *ARGS, "--facts", facts, "--json")
    assert code == 0
    verdict = json.loads(out)
    assert verdict["outcome"] == "lawful"
    assert verdict["unread_facts"] == ["urgency"]
    code, out, _ = cli(capsys, *DIRECT, *ARGS, "--facts", facts)
    assert "unread fact urgency: no rule looked at it in reaching this verdict" in out


def test_a_fact_the_action_reads_elsewhere_is_unread_in_this_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # failure_to_discharge_functions founds NHS England's failure power over an ICB; the
    # Secretary of State's old power over NHS England asked a different question (s.13Z2).
    facts = '{"nhse_significant_failure": true, "failure_to_discharge_functions": true}'
    code, out, _ = cli(capsys, *DIRECT, *ARGS, "--facts", facts, "--json")
    assert code == 0
    assert json.loads(out)["unread_facts"] == ["failure_to_discharge_functions"]


def test_no_unread_facts_key_when_every_fact_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys, *DIRECT, *ARGS, "--facts", '{"nhse_significant_failure": true}', "--json"
    )
    assert code == 0
    assert "unread_facts" not in json.loads(out)


def test_run_prints_a_step_fact_no_rule_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`run` warns of a step's unread fact in its text output, as `check` does."""
    scenario = tmp_path / "unread.yaml"
    scenario.write_text(
        "name: an unread fact\n"
        "start: 2019-06-01\n"
        "steps:\n"
        "  - date: 2019-06-01\n"
        "    actor: SOS\n"
        "    action: direct\n"
        "    args: {to: NHSE, subject: general}\n"
        "    facts: {nhse_significant_failure: true, urgency: true}\n"
    )
    code, out, _ = cli(capsys, "run", str(scenario))
    assert code == 0
    assert "unread fact urgency: no rule looked at it in reaching this verdict" in out


def test_psr_route_checks_its_facts(
    capsys: pytest.CaptureFixture[str], loaded_sqlite_url: str, tmp_path: Path
) -> None:
    copy = tmp_path / "case.db"
    shutil.copy(Path(loaded_sqlite_url.removeprefix("sqlite:///")), copy)
    db = ["--database", f"sqlite:///{copy}"]
    code, _, err = cli(
        capsys,
        *["psr", "open", "GH-CN", "--authority", "QHM", "--service", "Community nursing"],
        *["--cpv", "85323000-9", "--value", "12000000", "--decision-maker", "NE1=Ann Lowe"],
        *["--date", "2025-05-01", "--by", "NE1", *db],
    )
    assert code == 0, err
    route = ["psr", "route", "GH-CN", "--date", "2025-05-12", *db]
    code, _, err = cli(capsys, *route, "--facts", '{"existing_providers": true}')
    assert code == 2
    assert "facts.existing_providers: is not a fact" in err
    assert "existing_provider," in err
    code, _, err = cli(capsys, *route, "--facts", '{"existing_lifetime_value": -5}')
    assert code == 2
    assert "facts.existing_lifetime_value" in err
    code, out, err = cli(
        capsys, *route, "--json", "--facts", '{"existing_provider": true, "substantial": false}'
    )
    assert code == 0
    assert json.loads(out)[0]["process"] == "direct_award_a"
    assert "unread fact substantial: the PSR route does not read it" in err
