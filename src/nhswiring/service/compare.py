"""The same scenario under two regimes, side by side: what differs and which rules made it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nhswiring.law.verdict import Verdict
from nhswiring.service.scenarios import RunResult, Scenario, run_scenario


@dataclass(frozen=True, slots=True)
class StepComparison:
    index: int
    a: Verdict
    b: Verdict

    @property
    def outcome_differs(self) -> bool:
        return self.a.outcome != self.b.outcome

    @property
    def obligations_differ(self) -> bool:
        return _obligations(self.a) != _obligations(self.b)

    @property
    def differs(self) -> bool:
        return self.outcome_differs or self.obligations_differ

    def deciding_rules(self) -> tuple[list[str], list[str]]:
        """Rules that decided in one regime and not the other (the difference's reasons)."""
        a = {r.rule for r in self.a.deciding()}
        b = {r.rule for r in self.b.deciding()}
        return sorted(a - b), sorted(b - a)

    def requirements(self) -> tuple[list[str], list[str]]:
        """What the law requires to follow the step in one regime and not the other (the
        steps a procurement lead must take: advertise then, publish a notice now)."""
        a, b = _obligations(self.a), _obligations(self.b)
        return (
            [f"{text} ({cite})" for text, cite in sorted(a - b)],
            [f"{text} ({cite})" for text, cite in sorted(b - a)],
        )

    def to_json(self) -> dict[str, Any]:
        only_a, only_b = self.deciding_rules()
        needs_a, needs_b = self.requirements()
        return {
            "index": self.index,
            "date": self.a.day.isoformat(),
            "actor": self.a.actor,
            "action": self.a.action,
            "differs": self.differs,
            "outcome_differs": self.outcome_differs,
            "obligations_differ": self.obligations_differ,
            "a": {
                "regime": self.a.regime,
                "outcome": self.a.outcome.value,
                "rules": only_a,
                "requires": needs_a,
                "verdict": self.a.to_json(),
            },
            "b": {
                "regime": self.b.regime,
                "outcome": self.b.outcome.value,
                "rules": only_b,
                "requires": needs_b,
                "verdict": self.b.to_json(),
            },
        }


def _obligations(v: Verdict) -> frozenset[tuple[str, str]]:
    return frozenset((o.text, o.citation) for o in v.obligations)


@dataclass(frozen=True, slots=True)
class Comparison:
    scenario: Scenario
    a: RunResult
    b: RunResult
    steps: tuple[StepComparison, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "nhswiring.compare/1",
            "scenario": self.scenario.name,
            "regime_a": self.a.regime,
            "regime_b": self.b.regime,
            "differences": sum(s.differs for s in self.steps),
            "steps": [s.to_json() for s in self.steps],
        }


def compare(scenario: Scenario, regime_a: str, regime_b: str) -> Comparison:
    a, b = run_scenario(scenario, regime_a), run_scenario(scenario, regime_b)
    steps = tuple(
        StepComparison(x.index, x.verdict, y.verdict) for x, y in zip(a.steps, b.steps, strict=True)
    )
    return Comparison(scenario, a, b, steps)
