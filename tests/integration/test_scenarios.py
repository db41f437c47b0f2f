"""Every shipped scenario, under every regime it covers: each `expect` must hold, and the
verdicts must match the recorded golden explanations (re-record with --update-golden and
review the diff)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nhswiring.service.scenarios import load_scenario, run_scenario

ROOT = Path(__file__).resolve().parents[2]
# scenarios/psr (and its panel/ folder) holds case scripts (`nhswiring psr run`), tested in
# tests/psr.
SCENARIOS = sorted(
    p
    for p in (ROOT / "scenarios").rglob("*.yaml")
    if "psr" not in p.relative_to(ROOT / "scenarios").parts
)
GOLDEN = ROOT / "tests" / "golden"

RUNS = [
    (path, regime)
    for path in SCENARIOS
    for regime in (load_scenario(path).regimes or [load_scenario(path).regime])
]


@pytest.mark.parametrize(("path", "regime"), RUNS, ids=[f"{p.stem}-{r}" for p, r in RUNS])
def test_scenario_expectations_hold(
    path: Path, regime: str, request: pytest.FixtureRequest
) -> None:
    result = run_scenario(load_scenario(path), regime)
    failures = [
        f"step {s.index} ({s.step.actor} {s.step.action}): got {s.verdict.outcome.value}, "
        f"expected {s.expected}; reasons: "
        + "; ".join(f"{r.rule} {r.effect.value}" for r in s.verdict.reasons)
        for s in result.failures
    ]
    assert not failures, "\n".join(failures)
    assert all(s.expected is not None for s in result.steps), "every step states its expectation"
    golden = GOLDEN / f"{path.stem}.{regime}.json"
    produced = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    if request.config.getoption("--update-golden"):
        golden.write_text(produced, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run pytest --update-golden"
    assert golden.read_text(encoding="utf-8") == produced, (
        f"{golden.name} differs from this run's verdicts: review, then re-record with "
        "pytest --update-golden"
    )


def test_every_claim_scenario_covers_the_2012_and_2022_law() -> None:
    for path in (ROOT / "scenarios" / "claims").glob("*.yaml"):
        scenario = load_scenario(path)
        assert {"hsca2012", "hca2022"} <= set(scenario.regimes), path.name
        assert len(scenario.regimes) >= 3, f"{path.name} needs its proposal regime too"
        assert scenario.sources, path.name
