"""Where a provider selection case stands: each step of the process done, next, or not yet
possible (and from when), read from the folded case and the checks the steps already make.

A pure read model for people running a case: it decides nothing the steps do not. What may
not happen yet is what `ContractSteps.award_blockers` and the recorded standstill and reg
12(10) dates say; the notices a process needs are those `notices.PROCESS_NOTICES` lists; the
facts the route asks for are those the route analysis reports missing. A step taken through
the forms is still judged by the service when it is taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from nhswiring.domain.procurement import PROCESS_NAMES, CaseState, Status
from nhswiring.domain.register import Register
from nhswiring.law.psr_2023.route import ProcessOption
from nhswiring.law.psr_2023.standstill_end import StandstillEnd, standstill_end
from nhswiring.law.working_days import add_days
from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.notices import PROCESS_NOTICES
from nhswiring.service.psr.records import build_record

#: Processes whose award follows a notice of intention and a standstill (reg 12).
WITH_STANDSTILL = frozenset(
    p for p, notices in PROCESS_NOTICES.items() if "intention" in notices.values()
)
#: Processes whose award needs the provider assessed against the key and basic selection
#: criteria first (the processes `award_blockers` checks).
ASSESSED = frozenset({"direct_award_c", "most_suitable_provider", "competitive"})

COMPLETED = "completed"
NEXT = "next"
IN_PROGRESS = "in_progress"
OPTIONAL = "optional"
CANNOT_START = "cannot_start"
NOT_NEEDED = "not_needed"


@dataclass(frozen=True, slots=True)
class Task:
    """One step of the process as it stands: ``action`` names the step form that takes it."""

    key: str
    title: str
    status: str
    detail: str = ""
    from_day: date | None = None
    action: str | None = None


@dataclass(frozen=True, slots=True)
class StandstillDates:
    published: date
    begins: date
    last_day: date

    @property
    def award_from(self) -> date:
        """The first day the contract may be entered into: the day after the last day."""
        return self.last_day + timedelta(days=1)

    def running(self, day: date) -> bool:
        return self.published <= day <= self.last_day


@dataclass
class CaseProgress:
    case: CaseState
    as_at: date
    tasks: list[Task] = field(default_factory=list)
    standstill: StandstillDates | None = None
    #: When the standstill ends: with representations, the reg 12(10) end, not its 8th day.
    standstill_end: StandstillEnd | None = None
    #: The provider the award would go to, as far as the case says.
    provider: str | None = None
    #: Other steps open now: represent, decide, review (information, the Panel), modify,
    #: abandon, notice.
    actions: list[str] = field(default_factory=list)
    #: The Schedule the next notice of the process would be, if any.
    next_schedule: int | None = None

    @property
    def next_task(self) -> Task | None:
        return next((t for t in self.tasks if t.status in {NEXT, IN_PROGRESS}), None)


def standstill_dates(case: CaseState) -> StandstillDates | None:
    s = case.standstill
    if not s:
        return None
    return StandstillDates(s.notice_published, s.begins, s.last_day)


def notice_schedule(process: str | None, kind: str) -> int | None:
    """The Schedule of the process's notice of this kind (``intention``, ``award``)."""
    return next((n for n, k in PROCESS_NOTICES.get(process or "", {}).items() if k == kind), None)


def next_notice_schedule(case: CaseState) -> int | None:
    """The first of the process's notices not yet published (the award notice only after the
    award)."""
    published = {n.get("schedule") for n in case.notices}
    for schedule, kind in PROCESS_NOTICES.get(case.process or "", {}).items():
        if schedule in published or (kind == "award" and case.award is None):
            continue
        return schedule
    return None


def case_progress(cases: Cases, case: CaseState, register: Register, as_at: date) -> CaseProgress:
    process = case.process
    standstill = standstill_dates(case)
    provider = case.selected_provider or case.candidate or case.existing_provider
    progress = CaseProgress(
        case, as_at, standstill=standstill, standstill_end=standstill_end(case), provider=provider
    )
    progress.next_schedule = next_notice_schedule(case)
    tasks = progress.tasks
    closed = case.abandoned is not None
    closed_why = f"the case was abandoned on {case.abandoned.on}" if case.abandoned else ""

    opened = f"opened on {_words(case.opened_on)}" if case.opened_on else ""
    tasks.append(Task("open", "Open the case", COMPLETED, opened))

    if process:
        tasks.append(Task("route", "Choose the process", COMPLETED, PROCESS_NAMES[process]))
    elif closed:
        tasks.append(Task("route", "Choose the process", NOT_NEEDED, closed_why))
    else:
        tasks.append(Task("route", "Choose the process", NEXT, "reg 6", action="route"))

    assess_title = "Assess the provider (key criteria, basic selection, exclusion)"
    if case.assessments:
        tasks.append(
            Task("assess", assess_title, COMPLETED, ", ".join(case.assessments), action="assess")
        )
    elif closed:
        tasks.append(Task("assess", assess_title, NOT_NEEDED, closed_why))
    elif process is None:
        tasks.append(Task("assess", assess_title, CANNOT_START, "choose the process first (reg 6)"))
    elif process in ASSESSED:
        tasks.append(Task("assess", assess_title, NEXT, "regs 5, 19 and 20", action="assess"))
    else:
        tasks.append(
            Task(
                "assess",
                assess_title,
                OPTIONAL,
                f"the {PROCESS_NAMES[process]} does not require it",
                action="assess",
            )
        )

    conflicts_title = "Check decision-makers for conflicts of interest"
    if case.conflicts or case.conflict_checks or case.award:
        n = len(case.conflicts)
        last = case.conflict_checks[-1] if case.conflict_checks else None
        if n:
            detail = f"{n} link(s) recorded"
        elif last:
            detail = f"checked on {_words(last['on'])}: none found"
        else:
            detail = "checked at the award: none found"
        tasks.append(Task("conflicts", conflicts_title, COMPLETED, detail, action="conflicts"))
    elif closed:
        tasks.append(Task("conflicts", conflicts_title, NOT_NEEDED, closed_why))
    else:
        tasks.append(
            Task(
                "conflicts",
                conflicts_title,
                NEXT,
                "none recorded yet; the check is made again when the contract is awarded (reg 21)",
                action="conflicts",
            )
        )

    intention_title = "Publish the notice of intention (the standstill)"
    intention = case.notice("intention")
    schedule = notice_schedule(process, "intention")
    if intention and standstill:
        tasks.append(
            Task(
                "intention",
                intention_title,
                COMPLETED,
                f"Schedule {intention.get('schedule')}, published "
                f"{_words(intention['published_on'])}",
            )
        )
    elif process is None and not closed:
        tasks.append(
            Task("intention", intention_title, CANNOT_START, "choose the process first (reg 6)")
        )
    elif closed or process not in WITH_STANDSTILL:
        why = closed_why or f"the {PROCESS_NAMES[process or '']} has no standstill"
        tasks.append(Task("intention", intention_title, NOT_NEEDED, why))
    else:
        first = notice_schedule(process, "intention_to_follow")
        detail = f"Schedule {schedule} (reg 12)"
        if first is not None and case.notice("intention_to_follow") is None:
            detail = f"Schedule {first} first, then Schedule {schedule} (reg 10)"
        tasks.append(Task("intention", intention_title, NEXT, detail, action="notice"))

    reps_title = "Representations during the standstill"
    undecided = case.open_representations()
    if undecided:
        tasks.append(
            Task(
                "representations",
                reps_title,
                IN_PROGRESS,
                "decide on the representations from "
                + ", ".join(r.provider for r in undecided)
                + " (reg 12(5)-(9))",
                action="decide",
            )
        )
    elif (end := standstill_end(case)) and end.with_representations and not end.has_ended(as_at):
        tasks.append(
            Task(
                "representations",
                reps_title,
                IN_PROGRESS,
                end.why_not_ended(as_at),
                from_day=end.ended_by,
                action="decide",
            )
        )
    elif standstill and as_at < standstill.begins:
        tasks.append(
            Task(
                "representations",
                reps_title,
                CANNOT_START,
                "the standstill has not begun",
                from_day=standstill.begins,
            )
        )
    elif standstill and standstill.running(as_at):
        tasks.append(
            Task(
                "representations",
                reps_title,
                IN_PROGRESS,
                f"open until midnight at the end of {_words(standstill.last_day)} (reg 12(3))",
                action="represent",
            )
        )
    elif standstill:
        n = len(case.representations)
        tasks.append(
            Task(
                "representations",
                reps_title,
                COMPLETED,
                f"{n} received and decided" if n else "none received",
            )
        )
    elif closed or (process is not None and process not in WITH_STANDSTILL):
        why = closed_why or f"the {PROCESS_NAMES[process or '']} has no standstill"
        tasks.append(Task("representations", reps_title, NOT_NEEDED, why))
    else:
        tasks.append(
            Task(
                "representations",
                reps_title,
                CANNOT_START,
                "representations are made in the standstill that follows the notice of "
                "intention (reg 12)",
            )
        )

    award_title = "Award the contract"
    if case.award:
        a = case.award
        tasks.append(
            Task(
                "award",
                award_title,
                COMPLETED,
                f"contract {a.contract} awarded to {a.provider} on {_words(a.awarded_on)}",
            )
        )
    elif closed:
        tasks.append(Task("award", award_title, NOT_NEEDED, closed_why))
    else:
        named = provider or "the provider"
        blockers = cases.award_blockers(case, as_at, named)
        from_day = cases.award_possible_from(case, as_at)
        if blockers and from_day:
            # What still stands when the standstill and the reg 12(10) wait are over.
            blockers = cases.award_blockers(case, from_day, named)
        if blockers or from_day:
            tasks.append(
                Task(
                    "award",
                    award_title,
                    CANNOT_START,
                    "; ".join(blockers),
                    from_day=from_day,
                    action="award",
                )
            )
        else:
            tasks.append(Task("award", award_title, NEXT, provider or "", action="award"))

    tasks.append(_closing_notice(case, process, as_at))

    record = build_record(case, register)
    missing = ", ".join(i["item"] for i in record.missing)
    tasks.append(
        Task(
            "record",
            "Complete the decision record",
            IN_PROGRESS if missing else COMPLETED,
            f"missing: {missing} (reg 24)" if missing else "items (a) to (j) complete (reg 24)",
            action="record",
        )
    )

    progress.actions = _actions(case, as_at, standstill)
    return progress


def _closing_notice(case: CaseState, process: str | None, as_at: date) -> Task:
    """The notice that closes the case: the award (confirmation) notice, or the abandonment
    notice; each due within 30 days (regs 7-11, 15(5))."""
    if case.abandoned:
        title = "Publish the abandonment notice"
        if case.notice("abandonment"):
            return Task("closing_notice", title, COMPLETED, "published")
        return Task("closing_notice", title, NEXT, "reg 15(4)-(5)", action="notice")
    schedule = notice_schedule(process, "award")
    title = "Publish the contract award notice" + (f" (Schedule {schedule})" if schedule else "")
    sent = case.notice("award")
    if sent:
        published = _words(sent["published_on"])
        return Task("closing_notice", title, COMPLETED, f"published {published}")
    if case.award is None:
        return Task("closing_notice", title, CANNOT_START, "award the contract first")
    due = add_days(case.award.awarded_on, 30)
    late = " (now late)" if as_at > due else ""
    return Task(
        "closing_notice",
        title,
        NEXT,
        f"due by {_words(due)}, 30 days after the award{late}",
        action="notice",
    )


def _words(day: date | str) -> str:
    """A date as people read it: 2 June 2025."""
    d = day if isinstance(day, date) else date.fromisoformat(day)
    return f"{d.day} {d:%B %Y}"


def _actions(case: CaseState, as_at: date, standstill: StandstillDates | None) -> list[str]:
    out = []
    if standstill and standstill.begins <= as_at <= standstill.last_day:
        out.append("represent")
    end = standstill_end(case)
    review = bool(end and end.with_representations and not end.has_ended(as_at))
    if case.open_representations() or (review and case.award is None):
        out.append("decide")
    if review and case.award is None:
        out.append("review")
    if case.award:
        out.append("modify")
    elif case.abandoned is None:
        out.append("abandon")
    out.append("notice")
    return out


# --- the route analysis: which facts it asks for ---------------------------------------------


@dataclass(frozen=True, slots=True)
class RouteQuestions:
    options: tuple[ProcessOption, ...]
    #: (fact name, question) for every fact the analysis has asked for, in the order asked;
    #: the question is None for a fact given that the analysis never asked about.
    questions: list[tuple[str, str | None]]
    missing: frozenset[str]


def route_questions(
    cases: Cases,
    *,
    case_id: str,
    day: date,
    facts: Mapping[str, Any],
    provider: str | None = None,
) -> RouteQuestions:
    """The route analysis on ``facts``, and every question it asks on the way there.

    The analysis names only the facts still missing, so the questions for the facts already
    answered are found by asking again with the answers given so far, in the order they were
    asked, until no answered fact is left unasked."""
    asked: dict[str, str] = {}
    known: dict[str, Any] = {}
    options: Sequence[ProcessOption] = ()
    for _ in range(len(facts) + 2):
        options = cases.analyse(case_id=case_id, day=day, facts=known, provider=provider)
        for option in options:
            for m in option.verdict.missing_facts:
                asked.setdefault(m.name, m.question)
        reached = {k: v for k, v in facts.items() if k in asked and v is not None}
        if reached == known:
            break
        known = reached
    missing: set[str] = set()
    options = cases.analyse(case_id=case_id, day=day, facts=dict(facts), provider=provider)
    for option in options:
        for m in option.verdict.missing_facts:
            asked.setdefault(m.name, m.question)
            missing.add(m.name)
    questions: list[tuple[str, str | None]] = list(asked.items())
    questions += [(k, None) for k in facts if k not in asked]
    return RouteQuestions(tuple(options), questions, frozenset(missing))


# --- the timeline -------------------------------------------------------------------------------


def step_summary(step: Mapping[str, Any]) -> str:
    """One line on what a recorded step did, from its details."""
    d: Mapping[str, Any] = step["details"]
    kind = step["step"]
    if kind == "open":
        value = float(d["estimated_value"])
        return f"Opened: {d['service']}, estimated lifetime value £{value:,.0f}"
    if kind == "route":
        return f"Process chosen: {PROCESS_NAMES.get(d['process'], d['process'])}"
    if kind == "assess":
        basic = "met" if d["basic_selection"]["met"] else "not met"
        excluded = "excluded" if d["exclusion"]["excluded"] else "not excluded"
        return f"Assessed {d['provider']}: basic selection criteria {basic}; {excluded}"
    if kind == "conflict":
        state = "conflicted" if d["conflicted"] else "not conflicted"
        return f"Conflict check: {d['person']} and {d['provider']}: {d['basis']} ({state})"
    if kind == "conflicts_checked":
        return (
            f"Decision-makers checked for conflicts of interest (reg 21): "
            f"{d['links_found']} link(s) found"
        )
    if kind == "notice":
        schedule = f" (Schedule {d['schedule']})" if d.get("schedule") else ""
        return f"{d['title']}{schedule} submitted to the {d['medium']}"
    if kind == "representation":
        return f"Representations from {d['provider']}: {d['summary']}"
    if kind == "representation_decision":
        which = "Subsequent further decision" if d.get("subsequent") else "Further decision"
        return f"{which} on {d['provider']}'s representations: {d['decision']}"
    if kind == "award":
        return (
            f"Contract {d['contract']} awarded to {d['provider']}, "
            f"lifetime value £{float(d['value']):,.0f}"
        )
    if kind == "modify":
        return f"Contract modified ({d['reason'].replace('_', ' ')}): {d['description']}"
    if kind == "abandon":
        return f"Abandoned: {d['reason']}"
    if kind == "information_request":
        return f"{d['provider']} asked for information: {d['request']}"
    if kind == "information_given":
        withheld = (
            f" (withheld in part: {d['withheld'].replace('_', ' ')})" if d["withheld"] else ""
        )
        return f"Information given to {d['provider']}: {d['answer']}{withheld}"
    if kind == "panel_referral":
        ref = f" ({d['reference']})" if d.get("reference") else ""
        declined = "" if d.get("accepted", True) else ", declined by the Panel"
        return f"{d['provider']} referred the case to the Panel{ref}{declined}"
    if kind == "panel_advice":
        return f"The Panel's advice on {d['provider']}'s referral: {d['advice']} ({d['summary']})"
    return str(kind)


def is_settled(case: CaseState) -> bool:
    return case.status in {Status.AWARDED, Status.ABANDONED}
