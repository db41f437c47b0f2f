"""The worked examples in scenarios/psr/ run step by step, each step doing what its script
says; and a script whose expectation is wrong is reported, not passed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhswiring.domain.errors import InvalidInput
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


def test_an_unknown_step_argument_is_named_before_anything_is_written(cases: Cases) -> None:
    script = load_script(SCRIPTS[0]).model_copy(deep=True)
    award = next(s for s in script.steps if s.step == "award")
    award.args["price"] = 1
    before = cases.system.head()
    with pytest.raises(InvalidInput, match=r"args: unknown argument\(s\) price"):
        run_script(cases, script)
    assert cases.system.head() == before


def _counted(cases: Cases) -> tuple[int, int]:
    from nhswiring.service.unit_of_work import UnitOfWork

    with UnitOfWork(cases.system.engine) as uow:
        return uow.ledger.head()[0], uow.ledger.count()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda s: setattr(s, "authority", "ZZZ"), "authority", "not a relevant authority"),
        (lambda s: setattr(s.steps[1], "by", "NOBODY"), "steps.1.by", "not a registered person"),
        (lambda s: s.steps[2].args.pop("provider"), "steps.2.args", "missing argument(s) provider"),
        (lambda s: s.steps[0].args.update(estimated_value="-5"), "estimated_value", "negative"),
        (
            lambda s: s.steps[0].args.update(estimated_value="NaN"),
            "estimated_value",
            "not an amount",
        ),
        (lambda s: setattr(s.steps[3], "date", None), "steps.3.date", "has no date"),
        (
            lambda s: setattr(s.setup.contracts[0], "provider", "ZZ9"),
            "setup.contracts.0.provider",
            "not in the register",
        ),
    ],
)
def test_a_script_that_fails_its_check_writes_nothing(
    cases: Cases, change: Callable[[CaseScript], object], field: str, words: str
) -> None:
    script = load_script(ROOT / "scenarios" / "psr" / "03-da-c-community-contract.yaml")
    script = script.model_copy(deep=True)
    change(script)
    before = _counted(cases)
    with pytest.raises(InvalidInput) as refused:
        run_script(cases, script, live=True)
    assert field in refused.value.field
    assert words in refused.value.problem
    assert _counted(cases) == before


def test_a_live_run_stops_at_the_first_step_refused_unexpectedly(
    cases: Cases, tmp_path: Path
) -> None:
    """A rehearsal runs every step and reports each; a live run stops where the case is not
    where the script thought (here an award inside the standstill), taking nothing after."""
    import shutil

    from nhswiring.service.system import System

    script = load_script(ROOT / "scenarios" / "psr" / "03-da-c-community-contract.yaml")
    script = script.model_copy(deep=True)
    at = next(i for i, s in enumerate(script.steps) if s.step == "award" and s.expect == "ok")
    script.steps[at].date = script.steps[at - 1].date
    copy = tmp_path / "rehearsal.db"
    shutil.copy(str(cases.system.engine.url.database), copy)
    rehearsal = run_script(Cases(System.connect(f"sqlite:///{copy}"), "QHM"), script)
    live = run_script(cases, script, live=True)
    assert len(rehearsal) == len(script.steps)
    assert len(live) == at + 1
    assert live[-1].outcome == "refused"


def test_psr_run_on_a_database_refuses_a_bad_script_in_one_line(
    tmp_path: Path, loaded_sqlite_url: str
) -> None:
    import shutil

    db = tmp_path / "live.db"
    shutil.copy(loaded_sqlite_url.removeprefix("sqlite:///"), db)
    text = (ROOT / "scenarios" / "psr" / "03-da-c-community-contract.yaml").read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("authority: QHM", "authority: ZZZ", 1))
    result = CliRunner().invoke(app, ["psr", "run", str(bad), "--database", f"sqlite:///{db}"])
    assert result.exit_code != 0
    assert isinstance(result.exception, InvalidInput)
    assert "authority" in str(result.exception)
    from nhswiring.service.system import System

    system = System.connect(f"sqlite:///{db}")
    assert system.case_authorities("GH-CN-2025") == []
    assert [e for e in system.changes(0, 10**7) if e.actor == "ZZZ"] == []
