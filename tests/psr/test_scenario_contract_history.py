"""A scenario's contract history (PSR reg 13(2)(b), (4)(c)): given modifications keep their
dates, and a lawful modify_contract step changes the contract later steps see."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from nhswiring.domain.errors import InvalidInput
from nhswiring.service.scenarios import parse_scenario, run_scenario, starting_state

CONTRACT = {
    "id": "C-AUD",
    "commissioner": "QHM",
    "provider": "RTD",
    "service": "community audiology",
    "lifetime_value": 1100000,
    "start": "2024-04-01",
    "end": "2027-03-31",
}


def _step(day: str, change: int) -> dict[str, object]:
    return {
        "date": day,
        "actor": "QHM",
        "action": "modify_contract",
        "args": {"contract": "C-AUD", "lifetime_value_change": change},
        "facts": {"materially_different": False},
    }


def test_given_modifications_keep_their_dates() -> None:
    scenario = parse_scenario(
        {
            "name": "history",
            "start": "2025-03-03",
            "given": {
                "contracts": [CONTRACT | {"modifications": [{"date": "2024-10-01", "change": 1}]}]
            },
            "steps": [_step("2025-03-03", 1)],
        }
    )
    contract = starting_state(scenario).contract("C-AUD")
    assert contract is not None
    assert contract.modifications == ((date(2024, 10, 1), Decimal(1)),)


def test_a_given_modification_after_the_start_is_bad_input() -> None:
    scenario = parse_scenario(
        {
            "name": "history",
            "start": "2025-03-03",
            "given": {
                "contracts": [CONTRACT | {"modifications": [{"date": "2025-04-01", "change": 1}]}]
            },
            "steps": [_step("2025-04-02", 1)],
        }
    )
    with pytest.raises(InvalidInput, match="after the scenario's start"):
        starting_state(scenario)


def test_an_earlier_step_counts_towards_the_cumulative_change() -> None:
    """£300,000 then £250,000 on £1.1m: the second brings the change to £550,000, at least
    £500,000 and 25%, so it is not permitted (reg 13(2)(b)); alone it would be."""
    result = run_scenario(
        parse_scenario(
            {
                "name": "history",
                "start": "2025-01-06",
                "given": {"contracts": [CONTRACT]},
                "steps": [_step("2025-01-06", 300000), _step("2025-03-03", 250000)],
            }
        )
    )
    first, second = (s.verdict for s in result.steps)
    assert first.outcome.value == "lawful"
    assert second.outcome.value == "unlawful"
    assert "cumulative change of £550,000" in " ".join(r.text for r in second.reasons)
