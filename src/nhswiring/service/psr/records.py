"""The decision record (PSR reg 24): every item, (a) to (j), built from the case's steps.

The Independent Patient Choice and Procurement Panel's reviews show poor records are the
commonest failing. Here the record is a by-product of running the case: each item is filled
from recorded steps, and an item the case cannot fill is listed as missing, not left blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nhswiring.domain.procurement import PROCESS_NAMES, CaseState
from nhswiring.domain.register import Register
from nhswiring.service.psr.labels import body_label, person_label, provider_address

REG_24 = "Health Care Services (Provider Selection Regime) Regulations 2023 reg 24"
ITEMS = (
    ("a", "awarded_provider_name", "Name of every provider awarded a contract"),
    ("b", "framework_provider_name", "Name of every provider party to a framework agreement"),
    (
        "c",
        "provider_address",
        "Registered office or principal place of business of each provider in (a) or (b)",
    ),
    (
        "d",
        "decision_process_and_decision_makers",
        "The decision-making process followed, including who made the decisions",
    ),
    (
        "e",
        "dac_msp_criteria_application",
        "For Direct Award C or Most Suitable Provider: how the "
        "key criteria were taken into account and the basic selection criteria assessed",
    ),
    (
        "f",
        "competitive_criteria_application",
        "For the Competitive Process: how the key "
        "criteria were taken into account, the basic selection criteria assessed and the award "
        "criteria evaluated",
    ),
    ("g", "decision_reasons", "Reasons for decisions made under the Regulations"),
    ("h", "declared_conflicts", "Declared conflicts or potential conflicts of interest"),
    ("i", "conflict_management", "How conflicts or potential conflicts were managed"),
    ("j", "abandonment_date", "Where the procurement was abandoned, the date"),
)


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    case: CaseState
    items: list[dict[str, str]]

    @property
    def missing(self) -> list[dict[str, str]]:
        return [i for i in self.items if not i["value"]]

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case.case_id,
            "authority": self.case.authority,
            "service": self.case.service,
            "process": self.case.process,
            "status": self.case.status.value,
            "citation": REG_24,
            "complete": not self.missing,
            "items": self.items,
            "steps": self.case.history,
        }


def _criteria(case: CaseState) -> str:
    parts = []
    for provider, a in case.assessments.items():
        kc = "; ".join(
            f"{k.replace('_', ' ')} ({v.get('weight')}%"
            + (f", score {v['score']}" if v.get("score") is not None else "")
            + f"): {v['reasons']}"
            for k, v in a["key_criteria"].items()
        )
        basic = "met" if a["basic_selection"]["met"] else "NOT met"
        excl = (
            f"; excluded: {a['exclusion']['grounds']}"
            if a["exclusion"]["excluded"]
            else "; not excluded"
        )
        score = (
            f"; award criteria score {a['award_score']}" if a.get("award_score") is not None else ""
        )
        parts.append(
            f"{provider}: key criteria: {kc}; basic selection criteria {basic}"
            f"{(': ' + a['basic_selection']['notes']) if a['basic_selection']['notes'] else ''}"
            f"{excl}{score}"
        )
    return " | ".join(parts)


def build_record(case: CaseState, register: Register) -> DecisionRecord:
    process = case.process or ""
    framework = bool(case.facts.get("framework"))
    award = case.award
    named = [award.provider] if award else []
    if framework:
        named += [p for p in case.providers if p not in named]
    addresses = [f"{body_label(register, p)}: {provider_address(case, p)}" for p in named]
    if any(not provider_address(case, p) for p in named):
        addresses = []  # an item that is only partly known is reported missing
    decided_by = "; ".join(
        f"{h['date']} {h['step'].replace('_', ' ')} by {person_label(register, h['by'])}"
        for h in case.history
    )
    reasons = []
    for option in case.route:
        if option["process"] == process:
            reasons += [f"{r['text']} ({r['citation']})" for r in option["reasons"]]
    reasons += [
        f"representations from {r.provider}: {r.decision} ({r.reasons})"
        for r in case.representations
        if r.decision
    ]
    if case.abandoned:
        reasons.append(f"abandoned: {case.abandoned.reason}")
    values = {
        "awarded_provider_name": body_label(register, award.provider)
        if award
        else "Not applicable: no contract awarded",
        "framework_provider_name": "; ".join(body_label(register, p) for p in case.providers)
        if framework
        else "Not applicable: no framework agreement",
        "provider_address": "; ".join(addresses)
        if addresses
        else ("Not applicable: no contract awarded" if not award else ""),
        "decision_process_and_decision_makers": f"{PROCESS_NAMES.get(process, 'none chosen')}; "
        "decision-makers: "
        + "; ".join(person_label(register, p) for p in case.decision_makers)
        + f". Steps: {decided_by}",
        "dac_msp_criteria_application": _criteria(case)
        if process in {"direct_award_c", "most_suitable_provider"}
        else "Not applicable to this process",
        "competitive_criteria_application": _criteria(case)
        if process == "competitive"
        else "Not applicable to this process",
        "decision_reasons": "; ".join(reasons),
        "declared_conflicts": "; ".join(
            f"{person_label(register, c['person'])}: {c['basis']} "
            f"({'conflicted' if c['conflicted'] else 'not conflicted'}"
            f": {c['reason']})"
            for c in case.conflicts
        )
        or "None declared",
        "conflict_management": "; ".join(
            f"{person_label(register, c['person'])}: {c['management']}" for c in case.conflicts
        )
        or "Not applicable: no conflicts declared",
        "abandonment_date": case.abandoned.on.isoformat() if case.abandoned else "Not abandoned",
    }
    items = [
        {"item": f"24({letter})", "key": key, "label": label, "value": values[key]}
        for letter, key, label in ITEMS
    ]
    return DecisionRecord(case, items)
