"""PSR notices: the content each Schedule requires, filled from the case, checked complete,
published (recorded) with its date, medium and OCDS release.

Content comes from the case wherever the case knows it (title, services and CPV codes, value,
provider, decision-makers, declared conflicts and their management, reasons by key criteria);
the rest is given as fields. A notice with an item missing is refused, naming each item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.procurement import PROCESS_NAMES, CaseState, Step
from nhswiring.domain.register import Register
from nhswiring.exports.ocds import build_release
from nhswiring.law.psr_2023.gates import basic_selection_bar
from nhswiring.law.psr_2023.standstill import standstill_for
from nhswiring.law.psr_2023.standstill_end import standstill_end
from nhswiring.law.working_days import add_days
from nhswiring.service.psr.base import StandstillRunning
from nhswiring.service.psr.cases import Cases, StepRefused, StepResult
from nhswiring.service.psr.cpv import schedule_1
from nhswiring.service.psr.labels import body_label, person_label, provider_address

CDP_FROM = date(2025, 2, 24)
PSR = "Health Care Services (Provider Selection Regime) Regulations 2023"

#: For each process, the Schedules of its notices, in order, and what each is.
PROCESS_NOTICES: dict[str, dict[int, str]] = {
    "direct_award_a": {2: "award"},
    "direct_award_b": {2: "award"},
    "direct_award_c": {3: "intention", 4: "award"},
    "most_suitable_provider": {5: "intention_to_follow", 6: "intention", 7: "award"},
    "competitive": {8: "invitation", 9: "unsuccessful_letter", 10: "intention", 11: "award"},
    "urgent": {13: "award"},
}
#: Items that describe the procurement, not a provider or a step, so later notices repeat
#: them; a provider's name, address or reasons never carry over to another notice.
CARRIED = frozenset(
    {
        "award_criteria",
        "intended_dates_and_duration",
        "contract_dates_and_duration",
        "framework_term",
        "framework_users",
        "how_offers_assessed",
    }
)
#: Notices a case gives once: announcing the process, inviting offers, the award, the
#: abandonment. (A notice of intention may be given again only when a decision on
#: representations repeats the step, reg 12(8); a modification notice is one per modification.)
ONCE_PER_CASE = frozenset({"intention_to_follow", "invitation", "award", "abandonment"})
#: Notices before any provider is chosen: the MSP intention to follow (Schedule 5), the
#: notice inviting offers (Schedule 8) and the framework invitation (Schedule 15).
TENDER_STAGE = frozenset({5, 8, 15})
FRAMEWORK_ONLY = (
    "framework_term",
    "framework_users",
    "framework_duration_and_users",
    "framework_duration_users_and_value",
)
AFTER_AWARD = {12: "modification", 14: "urgent_modification"}
OCDS_TAGS = {
    "award": "award",
    "intention": "award",
    "intention_to_follow": "planning",
    "invitation": "tender",
    "unsuccessful_letter": "award",
    "modification": "contractAmendment",
    "urgent_modification": "contractAmendment",
    "abandonment": "tenderCancellation",
}


@cache
def schedules() -> dict[int | None, dict[str, Any]]:
    text = (files("nhswiring.reference") / "data" / "psr" / "schedules.yaml").read_text("utf-8")
    return {n["schedule"]: n for n in yaml.safe_load(text)["notices"]}


def medium(day: date, case: CaseState) -> str:
    """UK e-notification service until 23 February 2025; the central digital platform after,
    except for procedures commenced before 24 February 2025 (SI 2025/163 reg 34)."""
    commenced = case.opened_on or day
    if day < CDP_FROM or commenced < CDP_FROM:
        return "UK e-notification service"
    return "central digital platform"


@dataclass(frozen=True, slots=True)
class NoticeDraft:
    schedule: int | None
    kind: str
    title: str
    items: list[dict[str, str]]
    missing: list[dict[str, str]]


def _auto(
    case: CaseState, register: Register, day: date, provider: str | None, kind: str
) -> dict[str, str]:
    """What the case itself supplies for each item key."""
    cpv = schedule_1()
    values: dict[str, str] = {
        "title_and_reference": f"{case.service} (case {case.case_id})",
        "services_and_cpv": f"{case.service}; CPV "
        + ", ".join(f"{c} {cpv.get(c, '')}".strip() for c in case.cpv_codes),
        "approximate_lifetime_value": f"£{case.estimated_value:,.0f}",
        "decision_makers": "; ".join(person_label(register, p) for p in case.deciders),
        "declared_conflicts": "; ".join(
            f"{person_label(register, c['person'])}: {c['basis']}" for c in case.conflicts
        )
        or "None declared",
        "conflict_management": "; ".join(
            f"{person_label(register, c['person'])}: {c['management']}" for c in case.conflicts
        )
        or "Not applicable: no conflicts declared",
    }
    if provider:
        address = provider_address(case, provider)
        if address:
            values["provider_name_and_address"] = (
                f"{body_label(register, provider, day)}, {address}"
            )
        assessment = case.assessments.get(provider)
        if assessment:
            values["reasons_with_key_criteria"] = "; ".join(
                f"{k.replace('_', ' ')} (weight {v.get('weight')}%): {v['reasons']}"
                for k, v in assessment["key_criteria"].items()
            )
    if not case.facts.get("framework"):
        for key in FRAMEWORK_ONLY:
            values[key] = "Not applicable: not a framework agreement"
        if not case.facts.get("call_off"):
            values["framework_used_indication"] = "No framework agreement was used"
    process_name = PROCESS_NAMES.get(case.process or "", "the chosen process")
    if kind == "intention":
        values["intention_statement"] = (
            f"The authority intends to award a contract following the {process_name}"
        )
    if kind == "intention_to_follow":
        values["intention_statement"] = (
            "The authority intends to follow the Most Suitable Provider Process"
        )
    if case.award:
        a = case.award
        values["award_statement"] = f"A contract has been awarded following the {process_name}"
        values["lifetime_value_or_amounts_payable"] = f"£{float(a.value):,.0f}"
        values["service_dates"] = service_dates(
            a.start.isoformat(), a.end.isoformat() if a.end else None
        )
    if case.process == "urgent" and case.award and kind == "award":
        values["urgency_statement"] = "The authority regarded the award as urgent (reg 14)"
        values["reasons_regulation_14_applied"] = "; ".join(
            f"{r['text']} ({r['citation']})"
            for o in case.route
            if o["process"] == "urgent"
            for r in o["reasons"]
        )
    if case.award_modifications:
        m = case.award_modifications[-1]
        change = f"£{float(m.change):+,.0f}"
        values["modification_effective_date"] = m.effective.isoformat()
        values["modification_description"] = m.description or ""
        values["lifetime_value_change"] = f"{change} (cumulative £{float(m.cumulative):+,.0f})"
        values["term_length_change"] = m.term_change or ""
        values["modification_nature"] = (
            f"{m.description or ''}; lifetime value {change}; {m.term_change or ''}"
        )
        if kind == "urgent_modification":
            values["urgency_statement"] = (
                "The authority regarded the modification as urgent (reg 14)"
            )
            values["reasons_regulation_14_applied"] = m.description or ""
    return values


def service_dates(start: str, end: str | None) -> str:
    """Contract terms are held half-open [start, end); notices give the last day inclusive."""
    if not end:
        return f"from {start}, no end date set"
    last = date.fromisoformat(end) - timedelta(days=1)
    return f"{start} to {last.isoformat()} inclusive"


def draft(
    case: CaseState,
    register: Register,
    day: date,
    schedule: int | None,
    provider: str | None,
    fields: Mapping[str, str],
) -> NoticeDraft:
    spec = schedules().get(schedule)
    if spec is None:
        raise InvalidInput(
            "schedule",
            f"{schedule!r} is not a PSR notice schedule",
            "use 2 to 15, or 'abandonment'",
        )
    kind = _kind(case, schedule)
    # What an earlier notice of the case already said (award criteria, dates) carries
    # forward; what the case itself knows overrides it; what the user gives overrides both.
    carried = {
        i["key"]: i["value"] for n in case.notices for i in n["items"] if i["key"] in CARRIED
    }
    values = carried | _auto(case, register, day, provider, kind) | dict(fields)
    items, missing = [], []
    for item in spec["items"]:
        entry = {"para": str(item["para"]), "key": item["key"], "label": item["label"]}
        if values.get(item["key"]):
            items.append(entry | {"value": values[item["key"]]})
        else:
            missing.append(entry)
    if schedule is None:  # abandonment: reg 15(4)-(5) sets no schedule; say what and when
        items = [
            {
                "para": "-",
                "key": "abandonment",
                "label": "Notice of abandonment",
                "value": fields.get(
                    "abandonment", f"The authority abandoned case {case.case_id} ({case.service})"
                ),
            }
        ]
    return NoticeDraft(schedule, kind, spec["title"], items, missing)


def _kind(case: CaseState, schedule: int | None) -> str:
    if schedule is None:
        return "abandonment"
    if schedule in AFTER_AWARD:
        return AFTER_AWARD[schedule]
    if schedule == 15:
        return "mini_competition_invitation"
    allowed = PROCESS_NOTICES.get(case.process or "", {})
    if schedule not in allowed:
        raise StepRefused(
            "schedule",
            f"Schedule {schedule} is not a notice of the {case.process or 'unchosen'} process",
            f"this case's notices are Schedules {sorted(allowed) or 'none yet'}",
        )
    return allowed[schedule]


def render_text(case: CaseState, d: NoticeDraft, day: date, where: str) -> str:
    heading = f"{d.title} (PSR Schedule {d.schedule})" if d.schedule else d.title
    lines = [heading, f"Submitted for publication on the {where} on {day.isoformat()}", ""]
    lines += [f"{i['para']}. {i['label']}: {i['value']}" for i in d.items]
    return "\n".join(lines)


def parse_schedule(value: int | str | None) -> int | None:
    """A notice's Schedule as people give it: a number from 2 to 15, or 'abandonment' (reg
    15(4) sets no Schedule), the same from the command line, a case script or the API."""
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip().lower()
    if text == "abandonment":
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(
            "schedule", f"{value!r} is not a schedule number", "use 2 to 15, or 'abandonment'"
        ) from None


def publish(
    cases: Cases,
    *,
    case_id: str,
    day: date,
    schedule: int | str | None,
    by: str,
    provider: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> StepResult:
    if (done := cases.replay_of(case_id)) is not None:
        return done
    schedule = parse_schedule(schedule)
    register = cases.register()
    case = cases.state(case_id, register)
    cases.require_person(register, by)
    if schedule in TENDER_STAGE:
        provider = None  # these notices invite providers; they name none as supplier
    else:
        provider = provider or case.selected_provider
        if provider is None and schedule in {2, 3, 4, 6, 7, 10, 11, 13}:
            provider = case.existing_provider
    d = draft(case, register, day, schedule, provider, fields or {})
    _check_timing(case, d, day)
    _check_eligible(case, d, provider)
    if d.missing:
        raise InvalidInput(
            "fields",
            "the notice lacks "
            + "; ".join(f"{m['key']} (para {m['para']}: {m['label']})" for m in d.missing),
            "give each with --field KEY=VALUE",
        )
    where = medium(day, case)
    notice: dict[str, Any] = {
        "type": d.kind,
        "schedule": d.schedule,
        "title": d.title,
        "published_on": day.isoformat(),
        "medium": where,
        "provider": provider,
        "items": d.items,
        "text": render_text(case, d, day, where),
        "ocds_tag": OCDS_TAGS.get(d.kind, "planning"),
    }
    if d.kind == "intention":
        notice["standstill"] = standstill_for(day).to_json()
    if d.kind in {"award", "intention"} and provider:
        a = case.award
        notice["award"] = {
            "status": "active" if a else "pending",
            "value": str(a.value if a else case.estimated_value),
            "date": a.awarded_on.isoformat() if a else None,
            "start": a.start.isoformat() if a else None,
            "end": a.end.isoformat() if a and a.end else None,
            "contract": a.contract if a else None,
        }
        if a:
            due = add_days(a.awarded_on, 30)
            notice["due"] = due.isoformat()
            notice["late"] = day > due
    if d.kind == "abandonment":
        notice["tender_status"] = "cancelled"
    release = build_release(
        case=case, notice=notice, register_name=lambda code: body_label(register, code, day)
    )
    notice["ocds_release"] = release
    n = cases.record_step(
        day, case, Step.NOTICE, by, notice, concerns=[provider] if provider else []
    )
    return StepResult(cases.state(case_id), n)


def _check_eligible(case: CaseState, d: NoticeDraft, provider: str | None) -> None:
    """A notice of intention may not name a provider the authority must not award to."""
    assessment = case.assessments.get(provider or "")
    if d.kind != "intention" or assessment is None:
        return
    if assessment["exclusion"]["excluded"]:
        raise StepRefused(
            "provider",
            f"{provider} is excluded: {assessment['exclusion'].get('reason')}",
            "name an eligible provider (reg 20)",
        )
    basic = assessment["basic_selection"]
    met = bool(basic["met"]) or not basic.get("applies", True)
    if basic_selection_bar(
        provider or "", case.process, met=met, call_off=bool(case.facts.get("call_off"))
    ):
        raise StepRefused(
            "provider",
            f"{provider} does not meet the basic selection criteria",
            "name a provider that meets them (reg 19)",
        )


def _check_timing(case: CaseState, d: NoticeDraft, day: date) -> None:
    if case.opened_on and day < case.opened_on:
        raise StepRefused(
            "date",
            f"{day.isoformat()} is before the case was opened on {case.opened_on.isoformat()}",
            f"date the notice on or after {case.opened_on.isoformat()}",
        )
    given = case.notice(d.kind)
    if d.kind in ONCE_PER_CASE and given is not None:
        raise StepRefused(
            "schedule",
            f"the {d.title} was already published on {given['published_on']}",
            "a case gives this notice once; correct a published notice on the platform itself",
        )
    if d.kind == "modification":
        published = sum(1 for n in case.notices if n["type"] == "modification")
        if case.award_modifications and published >= len(case.award_modifications):
            raise StepRefused(
                "schedule",
                f"each of the {len(case.award_modifications)} modification(s) already has "
                "its notice",
                "publish a modification notice after the next modification (reg 13)",
            )
    if d.kind == "award" and case.award is None:
        raise StepRefused(
            "schedule",
            f"Schedule {d.schedule} is an award notice and no contract has been awarded yet",
            "award the contract first",
        )
    if d.kind in {"modification", "urgent_modification"} and not case.award_modifications:
        raise StepRefused("schedule", "no modification has been made", "modify first")
    if d.kind == "intention" and case.process == "most_suitable_provider":
        first = case.notice("intention_to_follow")
        if first is None:
            raise StepRefused(
                "schedule",
                "the Most Suitable Provider Process starts with the Schedule 5 notice",
                "publish the Schedule 5 notice first (reg 10)",
            )
        earliest = add_days(date.fromisoformat(first["published_on"]), 14)
        if day < earliest:
            raise StepRefused(
                "date",
                f"providers may not be identified until 14 days after "
                f"the Schedule 5 notice, so not before {earliest.isoformat()}",
                "wait (reg 10(3))",
            )
    if d.kind == "intention" and case.notice("intention") is not None:
        _check_repeat(case, day)
    if d.kind == "abandonment" and case.abandoned is None:
        raise StepRefused(
            "schedule",
            "the case has not been abandoned",
            "record the abandonment first (`nhswiring psr abandon`)",
        )


def _check_repeat(case: CaseState, day: date) -> None:
    """A second notice of intention repeats the steps a further decision went back to; only
    after the standstill has ended (reg 15(3))."""
    decision = case.further_decision
    if decision is None or decision.decision != "repeat":
        raise StepRefused(
            "schedule",
            "a notice of intention has already been published",
            "record representations and a decision to repeat the step first",
        )
    end = standstill_end(case)
    if end is not None and not end.has_ended(day):
        raise StandstillRunning(
            "date",
            f"the further decision of {decision.told_on.isoformat()} was to repeat a step, but "
            + end.why_not_ended(day),
            "publish the repeated notice of intention only after the standstill has ended "
            "(reg 15(3))",
            possible_from=end.ended_by,
        )
