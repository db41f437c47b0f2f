"""Case scripts replaying the Independent Patient Choice and Procurement Panel's published
reviews (scenarios/psr/panel/): representations that keep a standstill open, information asked
for, referrals to the Panel and its advice, subsequent further decisions, abandonment after the
standstill. Each runs step by step, every step doing what the script says."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.script import load_script, run_script

ROOT = Path(__file__).resolve().parents[2]
REVIEWS = sorted((ROOT / "scenarios" / "psr" / "panel").glob("*.yaml"))


def test_there_are_at_least_four_panel_reviews() -> None:
    assert len(REVIEWS) >= 4


@pytest.mark.parametrize("path", REVIEWS, ids=[p.stem for p in REVIEWS])
def test_panel_review_runs_as_written(path: Path, cases: Cases) -> None:
    outcomes = run_script(cases, load_script(path))
    failures = [
        f"step {o.index} ({o.step}): {'; '.join(o.failures)}" for o in outcomes if o.failures
    ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", REVIEWS, ids=[p.stem for p in REVIEWS])
def test_panel_review_cites_a_published_review(path: Path) -> None:
    assert "Independent Patient Choice and Procurement Panel" in load_script(path).source


def test_the_reviews_use_independent_providers() -> None:
    setups = [load_script(p).setup for p in REVIEWS]
    assert all(s is not None and s.providers for s in setups)
