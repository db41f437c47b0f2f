"""The annual summary (PSR reg 25), built from the recorded cases and the contract register.

The nine counts are exactly those of reg 25(2)(a) to (i), in that order and under those terms;
the breakdowns after them (modifications by ground, awards by process and CPV code, value
awarded) are what users ask for and are labelled as extra.

Two readings are ours and are stated in the output. A "new provider" (25(2)(g)) is a provider
awarded a contract in the year that held no contract with the authority in the previous year;
a provider "no longer holding any contracts" (25(2)(h)) held one in the previous year and none
at any time in the year, so each lost provider is counted once. The Regulations fix no
reporting period: the first summary here covers 1 January 2024 (the PSR's commencement) to 31
March 2025, later ones a financial year; that choice follows NHS England's practice and is
recorded as UNCONFIRMED in docs/research/psr.md.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import CaseState, fold_case
from nhswiring.domain.psr_review import Representation
from nhswiring.domain.register import Register
from nhswiring.domain.time import Interval
from nhswiring.law.psr_2023.standstill_end import standstill_end

PSR = "Health Care Services (Provider Selection Regime) Regulations 2023"
DIRECT_AWARDS = {"direct_award_a", "direct_award_b", "direct_award_c"}

#: reg 25(2) paragraph, key, label (our words).
MEASURES = (
    ("a", "direct_awards", "Contracts awarded following Direct Award Process A, B or C"),
    (
        "b",
        "most_suitable_provider",
        "Contracts awarded following the Most Suitable Provider Process",
    ),
    ("c", "competitive", "Contracts awarded following the Competitive Process"),
    ("d", "frameworks", "Framework agreements concluded"),
    ("e", "call_offs", "Contracts awarded based on a framework agreement"),
    ("f", "urgent", "Contracts awarded and modifications made under reg 14 (urgency)"),
    ("g", "new_providers", "New providers awarded a contract"),
    ("h", "lost_providers", "Providers holding a contract last year but none this year"),
    (
        "i",
        "representations",
        "Written representations received in standstill periods that ended in the year",
    ),
)
READINGS = {
    "new_providers": "awarded a contract in the year and held no contract with the authority "
    "at any time in the previous year",
    "lost_providers": "held a contract with the authority in the previous year and none at "
    "any time in the year",
}


#: The last financial year a report may be asked for (beyond it a year is a typo).
LAST_YEAR = 2100


def financial_year(label: str) -> Interval:
    """'2024/25' (the first summary: 1 January 2024 to 31 March 2025) or 'YYYY/YY'."""
    match = re.fullmatch(r"(\d{4})/(\d{2})", label)
    if not match or int(match[2]) != (int(match[1]) + 1) % 100:
        raise InvalidInput(
            "year",
            f"{label!r} is not a financial year",
            "use YYYY/YY, e.g. 2024/25 (the first summary, from 1 January 2024)",
        )
    first = int(match[1])
    if first > LAST_YEAR:
        raise InvalidInput(
            "year",
            f"{label} is too far ahead",
            f"give a year up to {LAST_YEAR}/{(LAST_YEAR + 1) % 100:02d}",
        )
    if first < 2024:
        raise InvalidInput(
            "year", f"{label} is before the PSR", "the first annual summary is 2024/25"
        )
    start = date(2024, 1, 1) if first == 2024 else date(first, 4, 1)
    return Interval(start, date(first + 1, 4, 1))


def previous_year(period: Interval) -> Interval:
    return Interval(period.start.replace(year=period.start.year - 1), period.start)


@dataclass
class AnnualSummary:
    authority: str
    year: str
    period: Interval
    counts: dict[str, int] = field(default_factory=dict)
    representations: list[dict[str, Any]] = field(default_factory=list)
    new_providers: list[str] = field(default_factory=list)
    lost_providers: list[str] = field(default_factory=list)
    modifications_by_ground: dict[str, int] = field(default_factory=dict)
    by_process: dict[str, int] = field(default_factory=dict)
    by_cpv: dict[str, int] = field(default_factory=dict)
    value_awarded: Decimal = Decimal(0)

    def rows(self) -> list[tuple[str, str, str]]:
        """(measure, count, basis) for each reg 25(2) paragraph, in order."""
        return [
            (label, str(self.counts[key]), f"{PSR} reg 25(2)({para})")
            for para, key, label in MEASURES
        ]

    def representation_summary(self) -> str:
        """Reg 25(2)(i): the nature and impact of the representations, in one sentence each."""
        return " ".join(
            f"{r['provider']} ({r['case']}, received {r['received_on']}): {r['summary']}; "
            f"outcome: {r.get('decision') or 'undecided'}"
            + (f" ({r['reasons']})." if r.get("reasons") else ".")
            for r in self.representations
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "authority": self.authority,
            "year": self.year,
            "period": self.period.to_json(),
            "counts": [
                {
                    "paragraph": f"25(2)({para})",
                    "key": key,
                    "label": label,
                    "count": self.counts[key],
                }
                for para, key, label in MEASURES
            ],
            "readings": READINGS,
            "representations": self.representations,
            "representation_summary": self.representation_summary(),
            "extra": {
                "new_providers": self.new_providers,
                "lost_providers": self.lost_providers,
                "modifications_by_ground": self.modifications_by_ground,
                "awards_by_process": self.by_process,
                "awards_by_cpv": self.by_cpv,
                "value_awarded": str(self.value_awarded),
            },
        }


def cases_of(register: Register, authority: str) -> list[CaseState]:
    out = []
    for case_id in register.case_ids():
        case = fold_case(case_id, register.case_steps(case_id))
        if case.authority == authority:
            out.append(case)
    return out


def _kind(case: CaseState) -> str:
    if case.facts.get("framework"):
        return "frameworks"
    if case.facts.get("call_off"):
        return "call_offs"
    if case.process in DIRECT_AWARDS:
        return "direct_awards"
    if case.process in {"most_suitable_provider", "competitive"}:
        return str(case.process)
    return "urgent"


def annual_summary(register: Register, authority: str, year: str) -> AnnualSummary:
    period = financial_year(year)
    before = previous_year(period)
    summary = AnnualSummary(authority, year, period)
    counts: Counter[str] = Counter({key: 0 for _, key, _ in MEASURES})
    by_process: Counter[str] = Counter()
    by_cpv: Counter[str] = Counter()
    grounds: Counter[str] = Counter()
    awarded_to: set[str] = set()
    for case in cases_of(register, authority):
        award = case.award
        if award and period.contains(award.awarded_on):
            counts[_kind(case)] += 1
            by_process[case.process or ""] += 1
            for code in case.cpv_codes:
                by_cpv[code] += 1
            summary.value_awarded += award.value
            awarded_to.add(award.provider)
        for m in case.modifications:
            if period.contains(m.on):
                grounds[m.reason] += 1
                if m.reason in {"urgent", "continuity"}:  # reg 14(2) and (3)
                    counts["urgent"] += 1
        # Reg 25(2)(i): representations in standstill periods that ended in the year; with
        # representations a standstill ends when reg 12(10) says, not on its eighth day.
        end = standstill_end(case)
        if end is not None and end.last_day is not None and period.contains(end.last_day):
            for r in case.current_representations():
                counts["representations"] += 1
                summary.representations.append(_row(r) | {"case": case.case_id})

    def providers(during: Interval) -> set[str]:
        return {
            c.provider
            for c in register.contracts_during(during, authority)
            if c.commissioner == authority
        }

    held_before, held_now = providers(before), providers(period)
    summary.new_providers = sorted(awarded_to - held_before)
    summary.lost_providers = sorted(held_before - held_now)
    counts["new_providers"] = len(summary.new_providers)
    counts["lost_providers"] = len(summary.lost_providers)
    summary.counts = dict(counts)
    summary.by_process = dict(by_process)
    summary.by_cpv = dict(by_cpv)
    summary.modifications_by_ground = dict(grounds)
    return summary


def _row(r: Representation) -> dict[str, Any]:
    """A representation as the summary reports it (reg 25(2)(i)): its dates in ISO form, and
    the decision's details only once there is one."""
    row: dict[str, Any] = {
        "provider": r.provider,
        "summary": r.summary,
        "received_on": r.received_on.isoformat(),
        "decision": r.decision,
    }
    if r.decision is not None:
        row |= {
            "told_on": r.told_on.isoformat() if r.told_on else None,
            "may_act_from": r.may_act_from.isoformat() if r.may_act_from else None,
            "reasons": r.reasons,
        }
    return row
