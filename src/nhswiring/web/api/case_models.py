"""The shapes of the private case API: one request body per step, mirroring the arguments of
the service method it calls (``service/psr/``), and the answers' shapes for OpenAPI.

Bodies refuse unknown members, so a misspelt optional field is a 422 naming it rather than
silently ignored. Amounts are pounds, as a string or a number (``"12000000"`` or
``12000000``), at most two decimal places; answers always give them as strings.
"""

from __future__ import annotations

from datetime import date as Day
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from nhswiring.law.actions import ModificationGround

REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,60}$"

Process = Literal[
    "direct_award_a",
    "direct_award_b",
    "direct_award_c",
    "most_suitable_provider",
    "competitive",
    "urgent",
]

Pounds = Annotated[
    Decimal,
    Field(
        ge=0,
        max_digits=15,
        decimal_places=2,
        description='Pounds, as a string or a number, e.g. "12000000".',
        examples=["12000000"],
    ),
]
SignedPounds = Annotated[
    Decimal,
    Field(
        max_digits=15,
        decimal_places=2,
        description="A change in pounds, up or down, as a string or a number.",
        examples=["250000", "-100000"],
    ),
]
Person = Annotated[
    str,
    Field(
        min_length=1,
        max_length=60,
        description="The id of the person taking the step (a decision-maker of the case).",
        examples=["P100"],
    ),
]
Code = Annotated[
    str,
    Field(min_length=1, max_length=20, description="An ODS code.", examples=["RTD"]),
]
StepDate = Annotated[Day, Field(description="The step's date, YYYY-MM-DD.")]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OpenCase(_Body):
    """Open a case for the caller's organisation (the relevant authority)."""

    reference: str = Field(
        pattern=REFERENCE_PATTERN,
        description="The authority's own reference; another organisation may use the same.",
        examples=["GH-CN-2025"],
    )
    service: str = Field(min_length=1, max_length=500, examples=["Community nursing, Gateshead"])
    cpv_codes: list[str] = Field(
        min_length=1, description="CPV codes from PSR Schedule 1.", examples=[["85323000-9"]]
    )
    estimated_value: Pounds
    decision_makers: dict[str, str] = Field(
        description="The decision-makers, id: name (registered as people of the case).",
        examples=[{"P100": "Ann Example", "P101": "Bob Example"}],
    )
    date: StepDate
    by: Person
    existing_contract: str | None = Field(
        default=None, description="The contract in the register this procurement replaces."
    )
    other_existing_contracts: list[str] | None = Field(
        default=None, description="Further contracts it replaces (several consolidated)."
    )
    procurement: str | None = Field(default=None, description="The procurement a lot belongs to.")
    lot: str | None = Field(default=None, description="The lot this case awards.")


class Route(_Body):
    """Choose the process (reg 6); a process that is not open on the facts is refused."""

    date: StepDate
    process: Process
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description="The reg 6 facts, e.g. existing_provider_satisfactory.",
        examples=[{"existing_provider": True, "existing_provider_satisfactory": True}],
    )
    by: Person
    provider: Code | None = Field(default=None, description="The provider in mind, if any.")


class RouteQuestion(_Body):
    """Which processes are mandatory, allowed, ruled out or need facts on these facts."""

    date: StepDate
    facts: dict[str, Any] = Field(default_factory=dict)
    provider: Code | None = None


class KeyCriterion(_Body):
    weight: float = Field(ge=0, le=100, description="The authority's weight, percent.")
    reasons: str = Field(description="The reasons for the assessment (reg 24 records them).")
    score: float | None = None


class Exclusion(_Body):
    status: Literal["none", "excluded", "excludable"] = "none"
    grounds: str = ""
    debarment_list: bool = False
    exclude: bool = Field(default=False, description="Exclude an excludable provider (reg 20).")
    public_interest: str = Field(
        default="", description="Overriding public-interest reasons (reg 20(1A))."
    )


class Assessment(_Body):
    """A provider's assessment: key criteria (reg 5), basic selection (reg 19), exclusion
    (reg 20) and, for the Competitive Process, its award score."""

    date: StepDate
    provider: Code
    key_criteria: dict[str, KeyCriterion] = Field(
        description="All five reg 5 key criteria, with weights summing to 100 and reasons."
    )
    by: Person
    address: str = Field(default="", description="Registered office or principal place.")
    basic_selection_met: bool = True
    basic_selection_notes: str = ""
    exclusion: Exclusion | None = None
    award_score: float | None = None


class ConflictsCheck(_Body):
    """Check the decision-makers against declared interests and posts (reg 21)."""

    date: StepDate
    by: Person


def _schedule(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() == "abandonment":
        return "abandonment"
    number = value
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or not 2 <= number <= 15:
        raise ValueError("a PSR notice schedule is 2 to 15, or 'abandonment'")
    return number


class NoticeRequest(_Body):
    """Publish a notice with the content its Schedule requires, filled from the case."""

    date: StepDate
    schedule: Annotated[
        Annotated[int, Field(ge=2, le=15)] | Literal["abandonment"],
        BeforeValidator(_schedule),
        Field(description="The PSR Schedule (2 to 15), or 'abandonment'.", examples=[3]),
    ]
    by: Person
    provider: Code | None = None
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="Items the case cannot fill itself, by item key.",
        examples=[{"award_criteria": "Not applicable: direct award"}],
    )


class Representation(_Body):
    """Written representations made during the standstill (reg 12)."""

    date: StepDate
    provider: Code
    summary: str = Field(min_length=1)
    by: Person


class Decision(_Body):
    """The decision on representations; the day the provider is told (reg 12)."""

    date: StepDate
    provider: Code
    decision: Literal["proceed", "repeat", "abandon"]
    reasons: str = Field(min_length=1)
    by: Person


class InformationRequest(_Body):
    """A provider's request for information the authority records under reg 24 (reg
    12(4)(b)); the standstill waits for the reply."""

    date: StepDate
    provider: Code
    request: str = Field(min_length=1)
    by: Person


class InformationGiven(_Body):
    """The reply; ``withheld`` names the reg 12(5) ground for anything kept back."""

    date: StepDate
    provider: Code
    answer: str = Field(min_length=1)
    withheld: Literal["", "commercial_interests", "fair_competition", "public_interest"] = ""
    by: Person


class PanelReferral(_Body):
    """A referral to the Independent Patient Choice and Procurement Panel after the further
    decision; the standstill waits for its advice unless the Panel declined it."""

    date: StepDate
    provider: Code
    reference: str = ""
    accepted: bool = True
    by: Person


class PanelAdvice(_Body):
    """The Panel's advice (reg 23); the authority then decides again (reg 12(7))."""

    date: StepDate
    provider: Code
    advice: Literal["proceed", "repeat", "abandon"]
    summary: str = Field(min_length=1)
    by: Person


class Award(_Body):
    """Enter into the contract (refused in the standstill, with the day it ends)."""

    date: StepDate
    provider: Code
    value: Pounds
    start: Day
    end: Day | None = Field(default=None, description="Exclusive: the first day after it.")
    by: Person
    contract_id: str | None = Field(default=None, pattern=REFERENCE_PATTERN)
    address: str = ""


class Modification(_Body):
    """Modify the awarded contract (reg 13; reg 14 for urgent and continuity changes)."""

    date: StepDate
    change: SignedPounds
    reason: ModificationGround
    by: Person
    cumulative: SignedPounds | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    description: str = ""
    term_change: str = ""
    takes_effect: Day | None = None
    new_end: Day | None = None


class Abandonment(_Body):
    """Abandon the procurement (reg 15); the abandonment notice follows."""

    date: StepDate
    reason: str = Field(min_length=1)
    by: Person


# --- answers -------------------------------------------------------------------------------


class CaseOut(BaseModel):
    """A case as it stands: the fold of its steps. ``version`` is the number of steps (the
    ETag is ``"v{version}"``)."""

    case_id: str
    authority: str
    service: str
    cpv_codes: list[str]
    estimated_value: str
    existing_contract: str | None
    existing_provider: str | None
    decision_makers: list[str]
    opened_on: str | None
    facts: dict[str, Any]
    process: str | None
    route: list[dict[str, Any]]
    providers: list[str]
    candidate: str | None
    assessments: dict[str, dict[str, Any]]
    conflicts: list[dict[str, Any]]
    conflict_checks: list[dict[str, Any]]
    notices: list[dict[str, Any]]
    standstill: dict[str, str] | None
    representations: list[dict[str, Any]]
    award: dict[str, Any] | None
    modifications: list[dict[str, Any]]
    abandoned: dict[str, Any] | None
    further_decisions: list[dict[str, Any]] = []
    information_requests: list[dict[str, Any]] = []
    panel_referrals: list[dict[str, Any]] = []
    other_existing_contracts: list[str] = []
    lot: str | None = None
    procurement: str | None = None
    mixed_procurement: dict[str, str] | None = None
    history: list[dict[str, Any]]
    status: Literal["open", "routed", "standstill", "awarded", "abandoned"]
    version: int


class StepOut(BaseModel):
    """What a step did: the case after it, and how many ledger entries it wrote."""

    case: CaseOut
    recorded: int
    verdict: dict[str, Any] | None = None
    route: list[dict[str, Any]] | None = None
    conflicts: list[dict[str, Any]] | None = None


class RouteAnalysis(BaseModel):
    """Each process's status (mandatory, allowed, ruled_out, needs_facts) with its reasons."""

    route: list[dict[str, Any]]


class CaseListItem(BaseModel):
    reference: str
    service: str
    status: str
    process: str | None
    opened_on: str | None
    version: int
    href: str


class CaseList(BaseModel):
    organisation: str
    cases: list[CaseListItem]


class NoticeOut(BaseModel):
    """A published notice and its OCDS 1.1 release package."""

    number: int
    notice: dict[str, Any]
    ocds: dict[str, Any]


class Report(BaseModel):
    """The reg 24 record, the reg 25 summary or the reg 26 monitoring report, as the service
    builds it."""

    model_config = ConfigDict(extra="allow")
