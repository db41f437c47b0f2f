"""The worked examples in scenarios/psr/ run step by step, each step doing what its script
says; and a script whose expectation is wrong is reported, not passed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhswiring.entrypoints.cli import app
from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.script import CaseScript, load_script, run_script

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "scenarios" / "psr").glob("*.yaml"))


def test_there_is_a_worked_example_for_every_process() -> None:
    processes = set()
    for path in SCRIPTS:
        for step in load_script(path).steps:
            if step.step == "route" and step.expect == "ok":
                processes.add(step.args["process"])
    assert processes == {
        "direct_award_a",
        "direct_award_b",
        "direct_award_c",
        "most_suitable_provider",
        "competitive",
        "urgent",
    }


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_worked_example_runs_as_written(path: Path, cases: Cases) -> None:
    outcomes = run_script(cases, load_script(path))
    failures = [
        f"step {o.index} ({o.step}): {'; '.join(o.failures)}" for o in outcomes if o.failures
    ]
    assert not failures, "\n".join(failures)
    assert cases.system.verify().ok


def test_a_wrong_expectation_is_reported(cases: Cases) -> None:
    script = load_script(SCRIPTS[0]).model_copy(deep=True)
    award = next(s for s in script.steps if s.step == "award")
    award.expect = "refused"
    outcomes = run_script(cases, CaseScript.model_validate(script.model_dump()))
    assert any("expected refused, was ok" in f for o in outcomes for f in o.failures)


def test_psr_run_exits_non_zero_when_a_step_misbehaves(tmp_path: Path) -> None:
    text = (
        (SCRIPTS[0])
        .read_text(encoding="utf-8")
        .replace("expect_state: {status: awarded}", "expect_state: {status: abandoned}")
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["psr", "run", str(broken)])
    assert result.exit_code == 1
    assert "did not do what the script expects" in result.output


def test_an_unknown_step_argument_is_named(cases: Cases) -> None:
    script = load_script(SCRIPTS[0]).model_copy(deep=True)
    award = next(s for s in script.steps if s.step == "award")
    award.args["price"] = 1
    outcomes = run_script(cases, script)
    refused = next(o for o in outcomes if o.step == "award")
    assert refused.outcome == "refused"
    assert "unknown argument(s) price" in refused.message
