"""A whole provider selection case on the PostgreSQL backend: the multi-user server runs the
same steps, refusals and transactions as the embedded SQLite default."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.script import load_script, run_script
from nhswiring.service.system import System
from tests.conftest import _fresh_postgres

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
def test_direct_award_c_case_on_postgresql(postgres_schema_url: str) -> None:
    _fresh_postgres(postgres_schema_url).dispose()
    system = System.connect(postgres_schema_url)
    system.initialise()
    try:
        script = load_script(ROOT / "scenarios" / "psr" / "03-da-c-community-contract.yaml")
        cases = Cases(system, script.authority)
        outcomes = run_script(cases, script)
        assert [o.failures for o in outcomes if o.failures] == []
        assert [o.outcome for o in outcomes].count("refused") == 2
        contract = cases.register().contract("GH-CN-2025-C1")
        assert contract is not None
        assert contract.provider == "RR7"
        assert system.verify().ok
    finally:
        system.engine.dispose()
