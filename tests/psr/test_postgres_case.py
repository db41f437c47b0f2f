"""A whole provider selection case on the PostgreSQL backend: the multi-user server runs the
same steps, refusals and transactions as the embedded SQLite default."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.script import load_script, run_script
from nhswiring.service.system import System
from tests.conftest import _fresh_postgres
from tests.psr.conftest import assess, open_case, route
from tests.psr.test_case_integrity import _race

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def loaded_postgres(postgres_schema_url: str) -> Iterator[System]:
    _fresh_postgres(postgres_schema_url).dispose()
    system = System.connect(postgres_schema_url)
    system.initialise()
    yield system
    system.engine.dispose()


@pytest.mark.postgres
def test_eight_writers_of_one_step_on_postgresql(loaded_postgres: System) -> None:
    """Of eight writers publishing the same notice at once, one is recorded; the others are
    refused (the case moved on under them, or the notice is already there)."""
    cases = Cases(loaded_postgres, "QHM")
    open_case(cases)
    route(cases)
    assess(cases)
    won, refusals = _race(loaded_postgres.engine.url.render_as_string(False), "CN1", 8)
    assert (won, len(refusals)) == (1, 7)
    assert [n["type"] for n in cases.state("CN1").notices] == ["intention"]
    assert loaded_postgres.verify().ok


@pytest.mark.postgres
def test_direct_award_c_case_on_postgresql(loaded_postgres: System) -> None:
    system = loaded_postgres
    script = load_script(ROOT / "scenarios" / "psr" / "03-da-c-community-contract.yaml")
    cases = Cases(system, script.authority)
    outcomes = run_script(cases, script)
    assert [o.failures for o in outcomes if o.failures] == []
    assert [o.outcome for o in outcomes].count("refused") == 2
    contract = cases.register().contract("GH-CN-2025-C1")
    assert contract is not None
    assert contract.provider == "RR7"
    assert system.verify().ok
