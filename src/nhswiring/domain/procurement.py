"""A provider selection case as it stands: the fold of its recorded steps.

Every step of a case is a ledger entry (a `case.step` event) attributed to a named person;
this module turns the sequence back into the case's current state. It is pure: the steps'
details arrive as JSON text and leave as plain values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from nhswiring.domain.events import CaseStep
from nhswiring.domain.psr_records import Award, Modification, RecordedStandstill
from nhswiring.domain.psr_review import (
    FURTHER_DECISIONS as FURTHER_DECISIONS,
)
from nhswiring.domain.psr_review import (
    Abandonment,
    FurtherDecision,
    InformationRequest,
    PanelReferral,
    Representation,
)

#: The processes by the names reg 2(1) defines (and reg 14's urgent award), as notices and
#: records write them.
PROCESS_NAMES = {
    "direct_award_a": "Direct Award Process A",
    "direct_award_b": "Direct Award Process B",
    "direct_award_c": "Direct Award Process C",
    "most_suitable_provider": "Most Suitable Provider Process",
    "competitive": "Competitive Process",
    "urgent": "Urgent award (regulation 14)",
}


class Step(StrEnum):
    OPEN = "open"
    ROUTE = "route"
    ASSESS = "assess"
    CONFLICT = "conflict"
    CONFLICTS_CHECKED = "conflicts_checked"
    NOTICE = "notice"
    REPRESENTATION = "representation"
    REPRESENTATION_DECISION = "representation_decision"
    AWARD = "award"
    MODIFY = "modify"
    ABANDON = "abandon"
    INFORMATION_REQUEST = "information_request"
    INFORMATION_GIVEN = "information_given"
    PANEL_REFERRAL = "panel_referral"
    PANEL_ADVICE = "panel_advice"


class Status(StrEnum):
    OPEN = "open"
    ROUTED = "routed"
    STANDSTILL = "standstill"
    AWARDED = "awarded"
    ABANDONED = "abandoned"


#: The key criteria of PSR reg 5, in the regulation's order.
KEY_CRITERIA = (
    "quality_and_innovation",
    "value",
    "integration_collaboration_and_service_sustainability",
    "improving_access_reducing_health_inequalities_and_facilitating_choice",
    "social_value",
)


@dataclass
class CaseState:
    case_id: str
    authority: str = ""
    service: str = ""
    cpv_codes: list[str] = field(default_factory=list)
    estimated_value: Decimal = Decimal(0)
    existing_contract: str | None = None
    existing_provider: str | None = None
    decision_makers: list[str] = field(default_factory=list)
    opened_on: date | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    process: str | None = None
    route: list[dict[str, Any]] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
    candidate: str | None = None  # the provider named when the process was chosen
    assessments: dict[str, dict[str, Any]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    #: Each check of the decision-makers against the register of interests (reg 21): when,
    #: by whom, and how many links it found (a check that finds none is recorded too).
    conflict_checks: list[dict[str, Any]] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)
    standstill: RecordedStandstill | None = None
    representations: list[Representation] = field(default_factory=list)
    award: Award | None = None
    modifications: list[Modification] = field(default_factory=list)
    abandoned: Abandonment | None = None
    further_decisions: list[FurtherDecision] = field(default_factory=list)
    information_requests: list[InformationRequest] = field(default_factory=list)
    panel_referrals: list[PanelReferral] = field(default_factory=list)
    #: Existing contracts the proposed contract replaces, beyond ``existing_contract`` (an
    #: award may consolidate several, as in the Panel's review CR00016-25).
    other_existing_contracts: list[str] = field(default_factory=list)
    #: The lot this case awards, and the procurement the lots belong to.
    lot: str | None = None
    procurement: str | None = None
    #: The values of a mixed procurement's parts (reg 3), when it is one.
    mixed_procurement: dict[str, str] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        """The case as plain values, each record in the JSON form its step recorded: what the
        case's JSON outputs (the API, ``nhswiring psr --json``) show."""
        data = asdict(self)
        data["standstill"] = self.standstill.to_json() if self.standstill else None
        data["award"] = self.award.to_json() if self.award else None
        data["modifications"] = [m.to_json() for m in self.modifications]
        return data

    @property
    def version(self) -> int:
        """The case stream's version: one ledger entry per step recorded."""
        return len(self.history)

    @property
    def status(self) -> Status:
        if self.abandoned:
            return Status.ABANDONED
        if self.award:
            return Status.AWARDED
        if self.standstill:
            return Status.STANDSTILL
        if self.process:
            return Status.ROUTED
        return Status.OPEN

    def notice(self, notice_type: str) -> dict[str, Any] | None:
        found = [n for n in self.notices if n["type"] == notice_type]
        return found[-1] if found else None

    @property
    def selected_provider(self) -> str | None:
        """The provider the authority has chosen: the awarded one, else the one eligible
        assessed provider, else (competitive) the best-scored eligible one; None when the case
        does not say, so a notice must name it."""
        if self.award:
            return self.award.provider
        eligible = [
            a
            for a in self.assessments.values()
            if a["basic_selection"]["met"] and not a["exclusion"]["excluded"]
        ]
        if len(eligible) == 1:
            return str(eligible[0]["provider"])
        if not self.assessments and self.candidate:
            return self.candidate
        scored = [a for a in eligible if a.get("award_score") is not None]
        if scored and len(scored) == len(eligible):
            best = max(scored, key=lambda a: float(a["award_score"]))
            ties = [a for a in scored if float(a["award_score"]) == float(best["award_score"])]
            return str(best["provider"]) if len(ties) == 1 else None
        return None

    @property
    def conflicted(self) -> frozenset[str]:
        """People with a recorded conflict in this case: they must recuse (reg 21(2)(b))."""
        return frozenset(c["person"] for c in self.conflicts if c["conflicted"])

    @property
    def deciders(self) -> list[str]:
        """The decision-makers left once the conflicted have recused."""
        return [p for p in self.decision_makers if p not in self.conflicted]

    @property
    def award_modifications(self) -> list[Modification]:
        """Modifications of the contract this case awarded (a reg 14(3) continuity change to
        the existing contract is recorded in the case too, but is not one of them)."""
        if not self.award:
            return []
        contract = self.award.contract
        return [m for m in self.modifications if (m.contract or contract) == contract]

    def providers_in_case(self) -> list[str]:
        """Every provider the case has considered: the incumbent, the one named when the
        process was chosen, and each one assessed."""
        named = [self.existing_provider, self.candidate, *self.providers]
        return list(dict.fromkeys(p for p in named if p))

    def open_representations(self) -> list[Representation]:
        return [r for r in self.representations if r.decision is None]

    @property
    def standstill_begins(self) -> date | None:
        return self.standstill.begins if self.standstill else None

    def current_representations(self) -> list[Representation]:
        """Representations made in the current standstill (a repeated notice of intention
        starts a new one)."""
        begins = self.standstill_begins
        if begins is None:
            return []
        return [r for r in self.representations if r.received_on >= begins]

    def current_further_decisions(self) -> list[FurtherDecision]:
        begins = self.standstill_begins
        if begins is None:
            return []
        return [d for d in self.further_decisions if d.told_on >= begins]

    @property
    def further_decision(self) -> FurtherDecision | None:
        """The further decision in force: the last one made (reg 12(7): each replaces the
        one before)."""
        current = self.current_further_decisions()
        return current[-1] if current else None

    def current_information_requests(self) -> list[InformationRequest]:
        begins = self.standstill_begins
        if begins is None:
            return []
        return [i for i in self.information_requests if i.requested_on >= begins]

    def current_panel_referrals(self) -> list[PanelReferral]:
        begins = self.standstill_begins
        if begins is None:
            return []
        return [p for p in self.panel_referrals if p.referred_on >= begins]

    @property
    def existing_contracts(self) -> list[str]:
        first = [self.existing_contract] if self.existing_contract else []
        return [*first, *self.other_existing_contracts]


def fold_case(case_id: str, steps: Iterable[tuple[date, CaseStep]]) -> CaseState:
    state = CaseState(case_id)
    for day, step in steps:
        details: dict[str, Any] = json.loads(step.details)
        kind = Step(step.step)
        state.history.append(
            {"date": day.isoformat(), "step": kind.value, "by": step.by, "details": details}
        )
        _APPLY[kind](state, day, details)
    return state


def _open(s: CaseState, day: date, d: dict[str, Any]) -> None:
    s.authority = d["authority"]
    s.service = d["service"]
    s.cpv_codes = list(d["cpv_codes"])
    s.estimated_value = Decimal(str(d["estimated_value"]))
    s.existing_contract = d.get("existing_contract")
    s.existing_provider = d.get("existing_provider")
    s.other_existing_contracts = list(d.get("other_existing_contracts") or [])
    s.lot = d.get("lot")
    s.procurement = d.get("procurement")
    s.mixed_procurement = d.get("mixed_procurement")
    s.decision_makers = list(d["decision_makers"])
    s.opened_on = day


def _route(s: CaseState, day: date, d: dict[str, Any]) -> None:
    s.facts = dict(d["facts"])
    s.process = d["process"]
    s.candidate = d.get("provider")
    s.route = list(d["route"])


def _assess(s: CaseState, day: date, d: dict[str, Any]) -> None:
    provider = d["provider"]
    if provider not in s.providers:
        s.providers.append(provider)
    s.assessments[provider] = d


def _conflict(s: CaseState, day: date, d: dict[str, Any]) -> None:
    s.conflicts.append(d | {"recorded_on": day.isoformat()})


def _conflicts_checked(s: CaseState, day: date, d: dict[str, Any]) -> None:
    s.conflict_checks.append(d | {"on": day.isoformat()})


def _notice(s: CaseState, day: date, d: dict[str, Any]) -> None:
    s.notices.append(d)
    if d.get("standstill"):
        s.standstill = RecordedStandstill.from_json(d["standstill"])


def _representation(s: CaseState, day: date, d: dict[str, Any]) -> None:
    s.representations.append(Representation(d["provider"], d["summary"], day))


def _representation_decision(s: CaseState, day: date, d: dict[str, Any]) -> None:
    """A further decision answers the representations in the current standstill; a decision
    to abandon or repeat is not yet the abandonment or the repetition (reg 15(3)), so the case
    stays in its standstill."""
    decision = FurtherDecision(
        decision=d["decision"],
        reasons=d.get("reasons") or "",
        provider=d["provider"],
        told_on=date.fromisoformat(d["told_on"]),
        may_act_from=date.fromisoformat(d["may_act_from"]),
        subsequent=bool(d.get("subsequent")),
    )
    s.further_decisions.append(decision)
    current = s.current_representations()
    for i, r in enumerate(s.representations):
        if r in current and (r.decision is None or decision.subsequent):
            s.representations[i] = replace(
                r,
                decision=decision.decision,
                told_on=decision.told_on,
                may_act_from=decision.may_act_from,
                reasons=decision.reasons,
            )


def _information_request(s: CaseState, day: date, d: dict[str, Any]) -> None:
    s.information_requests.append(InformationRequest(d["provider"], d["request"], day))


def _information_given(s: CaseState, day: date, d: dict[str, Any]) -> None:
    for i, r in enumerate(s.information_requests):
        if r.provider == d["provider"] and r.answered_on is None:
            s.information_requests[i] = replace(
                r, answered_on=day, answer=d.get("answer") or "", withheld=d.get("withheld") or ""
            )


def _panel_referral(s: CaseState, day: date, d: dict[str, Any]) -> None:
    s.panel_referrals.append(
        PanelReferral(d["provider"], day, d.get("reference") or "", bool(d.get("accepted", True)))
    )


def _panel_advice(s: CaseState, day: date, d: dict[str, Any]) -> None:
    for i, p in enumerate(s.panel_referrals):
        if p.provider == d["provider"] and p.advised_on is None and p.accepted:
            s.panel_referrals[i] = replace(
                p,
                advised_on=day,
                advice=d["advice"],
                summary=d.get("summary") or "",
                decisions_before=len(s.further_decisions),
            )


def _award(s: CaseState, day: date, d: dict[str, Any]) -> None:
    s.award = Award.from_json(d, day)


def _modify(s: CaseState, day: date, d: dict[str, Any]) -> None:
    s.modifications.append(Modification.from_json(d, day))


def _abandon(s: CaseState, day: date, d: dict[str, Any]) -> None:
    decided, ended = d.get("decided_on"), d.get("standstill_ended")
    s.abandoned = Abandonment(
        on=day,
        reason=d["reason"],
        decided_on=date.fromisoformat(decided) if decided else None,
        standstill_ended=date.fromisoformat(ended) if ended else None,
    )


_APPLY = {
    Step.OPEN: _open,
    Step.ROUTE: _route,
    Step.ASSESS: _assess,
    Step.CONFLICT: _conflict,
    Step.CONFLICTS_CHECKED: _conflicts_checked,
    Step.NOTICE: _notice,
    Step.REPRESENTATION: _representation,
    Step.REPRESENTATION_DECISION: _representation_decision,
    Step.AWARD: _award,
    Step.MODIFY: _modify,
    Step.ABANDON: _abandon,
    Step.INFORMATION_REQUEST: _information_request,
    Step.INFORMATION_GIVEN: _information_given,
    Step.PANEL_REFERRAL: _panel_referral,
    Step.PANEL_ADVICE: _panel_advice,
}
