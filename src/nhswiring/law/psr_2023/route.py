"""Choosing the process (PSR reg 6): which processes are mandatory, allowed or ruled out on
the facts, each with the regulation that says so.

This asks the rules themselves: each candidate process is judged as a proposed award with the
case's facts, so the analysis can never disagree with the verdict on the award.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from nhswiring.domain.register import Register
from nhswiring.law.judge import judge
from nhswiring.law.verdict import Effect, Outcome, Verdict

PROCESSES = (
    "direct_award_a",
    "direct_award_b",
    "direct_award_c",
    "most_suitable_provider",
    "competitive",
    "urgent",
)


@dataclass(frozen=True, slots=True)
class ProcessOption:
    process: str
    status: str  # mandatory, allowed, ruled_out, needs_facts
    verdict: Verdict

    def to_json(self) -> dict[str, Any]:
        return {
            "process": self.process,
            "status": self.status,
            "reasons": [
                {"rule": r.rule, "text": r.text, "citation": r.citation}
                for r in self.verdict.deciding()
                if r.effect in {Effect.PERMITS, Effect.FORBIDS}
            ],
            "requires": [
                {"text": o.text, "citation": o.citation} for o in self.verdict.obligations
            ],
            "missing_facts": [m.to_json() for m in self.verdict.missing_facts],
        }


def analyse_route(
    *,
    register: Register,
    day: date,
    authority: str,
    provider: str,
    service: str,
    value: Decimal,
    facts: Mapping[str, Any],
    regime_key: str = "in-force",
) -> list[ProcessOption]:
    options = []
    for process in PROCESSES:
        verdict = judge(
            day=day,
            actor=authority,
            action="award_contract",
            args={
                "commissioner": authority,
                "provider": provider,
                "service": service,
                "lifetime_value": str(value),
                "start": day.isoformat(),
                "process": process,
            },
            facts=facts,
            state=register,
            regime_key=regime_key,
        )
        options.append(ProcessOption(process, _status(verdict), verdict))
    mandatory = [
        o
        for o in options
        if o.process in {"direct_award_a", "direct_award_b"} and o.status == "allowed"
    ]
    if mandatory:
        options = [
            ProcessOption(o.process, "mandatory", o.verdict) if o in mandatory else o
            for o in options
        ]
    return options


def _status(v: Verdict) -> str:
    return {
        Outcome.LAWFUL: "allowed",
        Outcome.UNLAWFUL: "ruled_out",
        Outcome.UNDETERMINED: "needs_facts",
    }[v.outcome]
