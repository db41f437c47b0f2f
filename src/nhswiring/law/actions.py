"""The actions nhswiring can judge, and the arguments each takes.

Arguments are validated before any rule runs: a malformed action is bad input (one line,
naming the argument and what is accepted), not a legal question.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.finance import Item
from nhswiring.domain.limits import MONEY_MAX, TEXT_MAX
from nhswiring.domain.people import Role

Codes = list[str]


class _Args(BaseModel):
    # Bounded text (domain/limits.py): an argument is a code, a name or a short text.
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, str_max_length=TEXT_MAX
    )


class MergeArgs(_Args):
    bodies: Codes = Field(min_length=2)
    into: str
    name: str | None = None
    kind: str | None = None


class EstablishArgs(_Args):
    code: str
    kind: str
    name: str
    parent: str | None = None
    area: Codes = []
    members: Codes = []


class DissolveArgs(_Args):
    body: str
    successors: Codes = []


class VaryAreaArgs(_Args):
    body: str
    add: Codes = []
    remove: Codes = []


class DelegateArgs(_Args):
    function: str
    from_: str = Field(alias="from")
    to: str
    until: date | None = None


class JointCommitteeArgs(_Args):
    code: str
    name: str
    members: Codes = Field(min_length=2)
    functions: Codes = []


class AppointArgs(_Args):
    person: str
    role: Role
    bodies: Codes = Field(min_length=1)
    name: str | None = None
    voting: bool | None = None


class TransferFunctionsArgs(_Args):
    functions: Codes = Field(min_length=1)
    from_: str = Field(alias="from")
    to: str


DirectionSubject = Literal[
    "merge",
    "collaborate",
    "capital",
    "board_appointment",
    "clinical_decision",
    "general",
    "resources",
    "financial_objectives",
    # issue 11: the Secretary of State's directions to NHS England (ss.13ZC-13ZF)
    "employment",  # appointing or employing a person (s.13ZD(1))
    "drug_or_treatment",  # a drug, medicine, treatment or diagnostic technique (s.13ZD(3))
    # issue 11: NHS England's specific directions to ICBs
    "exercise_functions",  # exercise NHS England's functions (s.13YB, from 1 April 2023)
    "joint_forward_plan",  # date for giving the joint forward plan (s.14Z52(5))
    "capital_plan",  # capital resource use plan: period, date, what counts (s.14Z56)
    "annual_report",  # form, content and date of the annual report (s.14Z58(5)-(6))
    "information",  # information to be provided (s.14Z60; s.13ZF for NHS England)
    "patient_choice",  # measures against failures of patient choice (s.6F(2)(a))
    "patient_choice_remedy",  # remedy a failure found by investigation (s.6F(2)(b))
    "failure",  # a failing commissioner (s.14Z61(2)-(4); s.14Z21 for CCGs)
    "failure_transfer",  # perform a failing ICB's functions for it (s.14Z61(5)(b), (8)(b))
]


class DirectArgs(_Args):
    """A direction. ``subject`` says what it is about; ``clinical_decision`` is a decision
    about the services to be provided to a particular individual (s.13ZD(2))."""

    to: str
    subject: DirectionSubject
    text: str | None = None


Process = Literal[
    "direct_award_a",
    "direct_award_b",
    "direct_award_c",
    "most_suitable_provider",
    "competitive",
    "urgent",
    "direct",
    "framework",
]


class AwardContractArgs(_Args):
    commissioner: str
    provider: str
    service: str
    lifetime_value: Decimal = Field(ge=0, le=MONEY_MAX)
    start: date
    end: date | None = None
    process: Process
    contract: str | None = None
    #: The contract the award replaces (Direct Award C, reg 6(5)): its lifetime value when
    #: entered into is read from the state for the considerable change test (reg 6(10)).
    existing_contract: str | None = None
    #: The people who took part in the decision (persons' ids) and those of them who recused
    #: themselves; with the other providers taking part, for the conflicts test (reg 21).
    decision_makers: Codes = []
    recused: Codes = []
    providers_taking_part: Codes = []
    #: The day the notice of intention was published (regs 9(3), 10(7), 11(9)): the contract
    #: may not be entered into before the standstill that follows ends (reg 12(1)).
    intention_published: date | None = None

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: date | None, info: Any) -> date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end <= start:
            raise ValueError("end must be after start")
        return end


ModificationGround = Literal[
    "authority_decision",
    "clearly_provided_for",
    "change_of_provider",
    "external_factors",
    "urgent",
    "continuity",
    "other",
]


class ModifyContractArgs(_Args):
    """``reason`` names one ground; ``grounds`` may name several (PSR reg 13(1): a modification
    is permitted if one of the grounds it rests on holds). Given both, ``reason`` is taken as
    the first ground; given only ``grounds``, ``reason`` is its first. PSR reg 13 and PCR 2015
    reg 72 both read every ground stated (``psr_2023.lifetime.claimed_grounds``)."""

    contract: str
    lifetime_value_change: Decimal = Field(ge=-MONEY_MAX, le=MONEY_MAX)
    reason: ModificationGround = "authority_decision"
    grounds: list[ModificationGround] = []

    @model_validator(mode="after")
    def _one_list_of_grounds(self) -> ModifyContractArgs:
        if not self.grounds:
            return self
        listed = list(self.grounds)
        if "reason" in self.model_fields_set and self.reason not in listed:
            listed.insert(0, self.reason)
        listed = list(dict.fromkeys(listed))
        object.__setattr__(self, "grounds", listed)
        object.__setattr__(self, "reason", listed[0])
        return self


class SetCapitalLimitArgs(_Args):
    trust: str
    year: str = Field(pattern=r"^\d{4}/\d{2}$")
    amount: Decimal = Field(ge=0, le=MONEY_MAX)


class CallInArgs(_Args):
    proposal: str
    body: str


class SetAllocationsArgs(_Args):
    to: Codes = Field(min_length=1)
    year: str = Field(pattern=r"^\d{4}/\d{2}$")


class SetFinancialObjectivesArgs(_Args):
    """Financial objectives: for an ICB and its partner trusts jointly (``system`` and
    ``partners``, s.223L), or for NHS trusts (``nhs_trusts``, or ``all_nhs_trusts``: NHS Act
    2006 Sch 5 para 2(2)-(4)). A ``system`` that is one NHS trust, with no partners, is read as
    objectives for that trust."""

    system: str | None = None  # an ICB, or (before ICBs) a CCG or trust
    partners: Codes = []
    nhs_trusts: Codes = []
    all_nhs_trusts: bool = False
    year: str = Field(pattern=r"^\d{4}/\d{2}$")

    @model_validator(mode="after")
    def _someone(self) -> SetFinancialObjectivesArgs:
        if self.system is None and not self.nhs_trusts and not self.all_nhs_trusts:
            raise ValueError("name a system, nhs_trusts, or all_nhs_trusts: true")
        return self


Amount = Annotated[Decimal, Field(ge=0, le=MONEY_MAX)]
YEAR_PATTERN = r"^\d{4}/\d{2}$"


def _financial_year(year: str) -> str:
    first, second = int(year[:4]), int(year[5:7])
    if second != (first + 1) % 100:
        raise ValueError(f"{year!r} is not a financial year: use YYYY/YY, e.g. 2024/25")
    return year


class SetResourceLimitsArgs(_Args):
    """Revenue and capital resource limits for a year: for an ICB and its partner trusts
    jointly (``system`` and ``partners``, NHS Act 2006 s.223M, from 1 July 2022), or for a CCG
    alone (``system``, s.223I, to 30 June 2022). Amounts in pounds; at least one."""

    system: str
    partners: Codes = []
    year: str = Field(pattern=YEAR_PATTERN)
    revenue: Amount | None = None
    capital: Amount | None = None

    _year = field_validator("year")(_financial_year)

    @model_validator(mode="after")
    def _a_limit(self) -> SetResourceLimitsArgs:
        if self.revenue is None and self.capital is None:
            raise ValueError("give a revenue limit, a capital limit, or both (pounds)")
        return self


class ReportOutturnArgs(_Args):
    """A body's outturn for a financial year, tested against the financial duties of that
    year: ``figures`` and ``limits`` map items of `nhswiring.domain.finance.Item` to pounds;
    ``history`` gives an NHS trust's earlier years ({"2022/23": {item: pounds}}) for its
    breakeven one year with another. A figure not given is unknown, never zero."""

    body: str
    year: str = Field(pattern=YEAR_PATTERN)
    figures: dict[str, Amount] = {}
    limits: dict[str, Amount] = {}
    history: dict[str, dict[str, Amount]] = {}

    _year = field_validator("year")(_financial_year)

    @field_validator("figures", "limits")
    @classmethod
    def _items(cls, given: dict[str, Decimal]) -> dict[str, Decimal]:
        return _known_items(given)

    @field_validator("history")
    @classmethod
    def _years(cls, given: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
        for year, figures in given.items():
            if not re.fullmatch(r"\d{4}/\d{2}", year):
                raise ValueError(f"{year!r} is not a financial year: use YYYY/YY, e.g. 2023/24")
            _financial_year(year)
            _known_items(figures)
        return given


def _known_items(given: dict[str, Decimal]) -> dict[str, Decimal]:
    known = {i.value for i in Item}
    for name in given:
        if name not in known:
            raise ValueError(
                f"{name!r} is not a finance item: use one of {', '.join(sorted(known))}"
            )
    return given


class AuthoriseFoundationTrustArgs(_Args):
    """An NHS trust authorised as an NHS foundation trust (NHS Act 2006 ss.33-35)."""

    trust: str


class TakeDecisionArgs(_Args):
    """A body's decision in the exercise of its functions (for the duties that bind all
    decisions, such as the triple aim)."""

    decision: str


# --- issue 11: powers ---


class AppointSpecialAdministratorArgs(_Args):
    """An order authorising a trust special administrator (NHS Act 2006 ss.65B, 65D)."""

    trust: str


class DecideSpecialAdministrationArgs(_Args):
    """A decision on a trust special administrator's final report (ss.65K-65KD); ``affects``
    names other trusts the action reaches (s.65O(2)-(3), from 15 July 2014)."""

    trust: str
    decision: Literal["dissolve", "other"]
    affects: Codes = []


class DissolveAfterSpecialAdministrationArgs(_Args):
    """The order dissolving a foundation trust at the end of its special administration
    (s.65LA); ``successors`` are the bodies its services passed to."""

    trust: str
    successors: Codes = []


class SeparateFoundationTrustArgs(_Args):
    """A foundation trust's separation into two or more new foundation trusts (s.56B)."""

    trust: str
    into: Codes = Field(min_length=2)


class EnterTransactionArgs(_Args):
    """A foundation trust entering into a transaction (a contract, agreement or arrangement);
    whether its constitution makes it significant is a fact (NHS Act 2006 s.51A)."""

    trust: str
    description: str = ""


#: An edition of a tariff or payment scheme: its first financial year and the last year's
#: two digits ("2014/15", "2017/19", "2023/25").
EDITION = r"^\d{4}/\d{2}$"


class PublishNationalTariffArgs(_Args):
    """A national tariff (HSCA 2012 s.116), or before it the Secretary of State's Payment by
    Results tariff; ``edition`` names its period, ``effective_from`` the day it takes effect."""

    edition: str = Field(pattern=EDITION)
    effective_from: date | None = None


class PublishPaymentSchemeArgs(_Args):
    """An NHS payment scheme (HSCA 2012 s.114A); ``amendment`` is an in-period amendment of the
    edition named (s.114E) rather than a new edition."""

    edition: str = Field(pattern=EDITION)
    effective_from: date | None = None
    amendment: bool = False


class TerminateContractArgs(_Args):
    """A relevant authority terminating a contract on a PSR reg 22(1) ground."""

    commissioner: str
    provider: str
    ground: Literal[
        "unpermitted_modification",
        "excluded_at_award",
        "excluded_subcontractor_at_award",
        "became_excluded",
        "subcontractor_excluded",
    ]
    security_ground: Literal["mandatory", "discretionary"] | None = None
    contract: str | None = None

    @field_validator("security_ground")
    @classmethod
    def _an_exclusion_ground(cls, security: str | None, info: Any) -> str | None:
        if security is not None and info.data.get("ground") == "unpermitted_modification":
            raise ValueError(
                "a national-security ground is an exclusion ground: give it with an exclusion "
                "ground, not unpermitted_modification"
            )
        return security


ACTIONS: dict[str, type[_Args]] = {
    "merge": MergeArgs,
    "establish": EstablishArgs,
    "dissolve": DissolveArgs,
    "vary_area": VaryAreaArgs,
    "delegate": DelegateArgs,
    "joint_committee": JointCommitteeArgs,
    "appoint": AppointArgs,
    "transfer_functions": TransferFunctionsArgs,
    "direct": DirectArgs,
    "award_contract": AwardContractArgs,
    "modify_contract": ModifyContractArgs,
    "set_capital_limit": SetCapitalLimitArgs,
    "call_in": CallInArgs,
    "set_allocations": SetAllocationsArgs,
    "set_financial_objectives": SetFinancialObjectivesArgs,
    "take_decision": TakeDecisionArgs,
    "authorise_foundation_trust": AuthoriseFoundationTrustArgs,
    "appoint_special_administrator": AppointSpecialAdministratorArgs,
    "decide_special_administration": DecideSpecialAdministrationArgs,
    "dissolve_after_special_administration": DissolveAfterSpecialAdministrationArgs,
    "separate_foundation_trust": SeparateFoundationTrustArgs,
    "terminate_contract": TerminateContractArgs,
    "enter_transaction": EnterTransactionArgs,
    "set_resource_limits": SetResourceLimitsArgs,
    "report_outturn": ReportOutturnArgs,
    "publish_national_tariff": PublishNationalTariffArgs,
    "publish_payment_scheme": PublishPaymentSchemeArgs,
}


def parse_args(action: str, args: dict[str, Any]) -> dict[str, Any]:
    """Validate an action's arguments; return them as plain values keyed as documented."""
    model = ACTIONS.get(action)
    if model is None:
        raise InvalidInput(
            "action",
            f"{action!r} is not an action nhswiring judges",
            f"use one of: {', '.join(ACTIONS)}",
        )
    try:
        parsed = model.model_validate(args)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "args"
        raise InvalidInput(
            f"args.{where}",
            first["msg"],
            f"{action} takes: {', '.join(_names(model))}",
        ) from None
    return parsed.model_dump(by_alias=True)


def _names(model: type[_Args]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]
