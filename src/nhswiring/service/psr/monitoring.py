"""The annual monitoring report (PSR reg 26): the authority's own check of its compliance,
case by case, with how each failing will be addressed.

Reg 26 sets no content beyond "the results of that monitoring" and how non-compliance will be
addressed, so the checks are those the case record can answer: the notices each step required
and whether they were submitted within their 30 days (regs 7-11, 13(5), 14(5), 15(5)), the
completeness of the reg 24 record, conflicted people taking steps (reg 21), and awards made
before the standstill ended (reg 12). Each result cites its regulation; a check still in time
on the report date is "pending", not a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nhswiring.domain.procurement import CaseState
from nhswiring.domain.register import Register
from nhswiring.law.psr_2023.standstill_end import standstill_end
from nhswiring.law.working_days import add_days
from nhswiring.service.psr.records import build_record
from nhswiring.service.psr.summary import cases_of, financial_year

PSR = "Health Care Services (Provider Selection Regime) Regulations 2023"
AWARD_NOTICE = {
    "direct_award_a": (2, "reg 7"),
    "direct_award_b": (2, "reg 8"),
    "direct_award_c": (4, "reg 9"),
    "most_suitable_provider": (7, "reg 10"),
    "competitive": (11, "reg 11"),
    "urgent": (13, "reg 14(4)-(5)"),
}


DECISION_STEPS = {"route", "assess", "representation_decision", "award", "modify", "abandon"}


@dataclass(frozen=True, slots=True)
class Finding:
    case: str
    check: str
    result: str  # pass, fail, pending
    detail: str
    remedy: str
    citation: str

    def to_json(self) -> dict[str, str]:
        return {
            "case": self.case,
            "check": self.check,
            "result": self.result,
            "detail": self.detail,
            "remedy": self.remedy,
            "citation": self.citation,
        }


@dataclass
class MonitoringReport:
    authority: str
    year: str
    as_at: date
    findings: list[Finding] = field(default_factory=list)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.result == "fail"]

    def to_json(self) -> dict[str, Any]:
        return {
            "authority": self.authority,
            "year": self.year,
            "as_at": self.as_at.isoformat(),
            "citation": f"{PSR} reg 26",
            "checked": len(self.findings),
            "failures": len(self.failures),
            "findings": [f.to_json() for f in self.findings],
        }


def _notice_check(
    case: CaseState,
    kind: str,
    schedule: int | None,
    due: date,
    as_at: date,
    what: str,
    cite: str,
) -> Finding:
    sent = [n for n in case.notices if n["type"] == kind and n.get("schedule") == schedule]
    name = f"Schedule {schedule} notice" if schedule else "abandonment notice"
    if sent:
        on = date.fromisoformat(sent[-1]["published_on"])
        if on <= due:
            return Finding(case.case_id, name, "pass", f"submitted {on} for {what}", "", cite)
        return Finding(
            case.case_id,
            name,
            "fail",
            f"submitted {on}, after the deadline of {due} for {what}",
            "submit notices within 30 days: diarise the deadline at the decision",
            cite,
        )
    if as_at <= due:
        return Finding(case.case_id, name, "pending", f"due by {due} for {what}", "", cite)
    return Finding(
        case.case_id,
        name,
        "fail",
        f"not submitted; it was due by {due} for {what}",
        "submit the notice now and record why it was late",
        cite,
    )


def check_case(case: CaseState, register: Register, as_at: date) -> list[Finding]:
    out: list[Finding] = []
    award = case.award
    if award and case.process in AWARD_NOTICE:
        schedule, reg = AWARD_NOTICE[case.process]
        awarded = award.awarded_on
        out.append(
            _notice_check(
                case,
                "award",
                schedule,
                add_days(awarded, 30),
                as_at,
                f"the award of {awarded}",
                f"{PSR} {reg}",
            )
        )
        end = standstill_end(case)  # with representations, the reg 12(10) end
        if end is not None and not end.has_ended(awarded):
            out.append(
                Finding(
                    case.case_id,
                    "standstill",
                    "fail",
                    f"contract entered into on {awarded}, before the standstill ended",
                    "refer to the authority's counsel: the award may be challenged",
                    f"{PSR} reg 12(1), (9)-(10)",
                )
            )
    for m in case.modifications:
        if m.notice_required:
            urgent = m.reason == "urgent"
            on = m.on
            out.append(
                _notice_check(
                    case,
                    "urgent_modification" if urgent else "modification",
                    14 if urgent else 12,
                    add_days(on, 30),
                    as_at,
                    f"the modification of {on}",
                    f"{PSR} reg {'14(4)-(5)' if urgent else '13(4)-(5)'}",
                )
            )
    if case.abandoned:
        decided = case.abandoned.on
        start = decided
        if case.abandoned.standstill_ended is not None:
            # Decided in the standstill: due within 30 days of its end (reg 15(5)(a)(ii)).
            start = case.abandoned.standstill_ended
        out.append(
            _notice_check(
                case,
                "abandonment",
                None,
                add_days(start, 30),
                as_at,
                f"the abandonment of {decided}",
                f"{PSR} reg 15(4)-(5)",
            )
        )
    for h in case.history:
        if h["by"] in case.conflicted and h["step"] in DECISION_STEPS:
            out.append(
                Finding(
                    case.case_id,
                    "conflicts",
                    "fail",
                    f"{h['by']}, who has a recorded conflict, took the {h['step']} step on "
                    f"{h['date']}",
                    "review the decision without the conflicted person",
                    f"{PSR} reg 21",
                )
            )
    record = build_record(case, register)
    missing = ", ".join(i["item"] for i in record.missing)
    settled = case.award is not None or case.abandoned is not None
    result = "pass" if not missing else "fail" if settled else "pending"
    out.append(
        Finding(
            case.case_id,
            "record",
            result,
            f"record items missing: {missing}" if missing else "record complete, items (a) to (j)",
            "complete the missing items from the case papers" if result == "fail" else "",
            f"{PSR} reg 24",
        )
    )
    return out


def _active(case: CaseState, period_start: date, period_end: date) -> bool:
    days = [date.fromisoformat(h["date"]) for h in case.history]
    return any(period_start <= d < period_end for d in days)


def monitoring_report(
    register: Register, authority: str, year: str, as_at: date
) -> MonitoringReport:
    period = financial_year(year)
    end = period.end or as_at
    report = MonitoringReport(authority, year, as_at)
    for case in cases_of(register, authority):
        if _active(case, period.start, end):
            report.findings += check_case(case, register, as_at)
    return report
