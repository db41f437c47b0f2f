"""The API's documented shapes: the JSON the service layer produces (``service/views.py``,
``to_json`` methods), described for OpenAPI. Routes return that JSON as it is; these
models are its schema, checked against real answers by the tests (schemathesis).

Dates are ISO ``YYYY-MM-DD``; intervals are half-open: ``start`` is the first day, ``end``
the first day no longer in force (exclusive), null while open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from nhswiring.domain.bodies import KIND_GROUPS, BodyKind
from nhswiring.law.actions import ACTIONS
from nhswiring.law.regimes import IN_FORCE, regimes
from nhswiring.web.api.support import DATE_PATTERN, HALF_OPEN

START = "The first day in force."
END = "End is exclusive: the first day the body was no longer in force (null while it still is)."
END_OF = "End is exclusive: the first day it no longer held (null while it still does)."
HEAD = "The sequence number of the newest ledger entry this answer reflects."

KIND_NAMES: tuple[str, ...] = (*KIND_GROUPS, *(k.value for k in BodyKind))
REGIME_NAMES: tuple[str, ...] = (IN_FORCE, *regimes())


class _Out(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class Headed(_Out):
    ledger_head: int = Field(ge=0, description=HEAD)


# --- bodies --------------------------------------------------------------------------------


class BodySummary(_Out):
    """A body as it stood on the date asked (one life of its code)."""

    model_config = ConfigDict(json_schema_extra={"description": HALF_OPEN})

    code: str
    name: str
    kind: BodyKind
    parent: str | None
    start: dt.date = Field(description=START)
    end: dt.date | None = Field(description=END)
    foundation_trust: bool | None = Field(None, description="Trusts only.")
    trust_type: str | None = Field(None, description="Trusts only.")
    care_trust: bool | None = Field(
        None, description="Trusts only: designated a care trust (NHS Act 2006 s.77)."
    )
    ons_code: str | None = None
    statutory: bool | None = Field(
        None,
        description="False for a non-statutory partnership (STP/ICS, provider collaborative, "
        "place partnership): it holds no functions; its members act. Absent otherwise.",
    )


class BodyPage(Headed):
    as_at: dt.date
    kind: str | None
    q: str | None
    count: int = Field(ge=0, description="How many items this page holds.")
    items: list[BodySummary]
    next: str | None = Field(description="The next page (the same query, on), or null.")


class Held(_Out):
    function: str
    scope: Literal["england", "own_area"]
    citation: str


class DelegationOut(_Out):
    id: str
    function: str
    from_: str = Field(alias="from")
    to: str
    start: dt.date = Field(description=START)
    end: dt.date | None = Field(description=END_OF)
    basis: str


class AreaPart(_Out):
    code: str
    whole: bool
    since: dt.date


class Appointment(_Out):
    id: str
    person: str
    role: str
    bodies: list[str]
    voting: bool


class Contract(_Out):
    id: str
    commissioner: str
    provider: str
    service: str
    lifetime_value: str = Field(description="Decimal pounds, as on the date asked.")
    value_when_entered_into: str
    start: dt.date = Field(description=START)
    end: dt.date | None = Field(description=END_OF)


class MergerSource(_Out):
    title: str
    url: str


class MergerDecision(_Out):
    date: dt.date
    dated: str = Field(
        description="'on': the decision's own day; 'by': the day by which it had been taken "
        "(only the month or a window is known)."
    )
    decision: str
    authority: str = Field(description="OFT, CC (Competition Commission) or CMA.")
    outcome: str
    phase: int = Field(description="1 or 2; 0 for a consent or release after the review.")
    parties: list[str]
    case_reference: str | None
    binding: str | None = Field(description="The provision that makes the decision binding.")
    binds_on_date: bool
    releases: str | None
    summary: str
    source: MergerSource


class Member(_Out):
    code: str
    since: dt.date = Field(description=START)
    until: dt.date | None = Field(description=END_OF)


class BodyDetail(Headed, BodySummary):
    as_at: dt.date
    predecessors: list[str]
    successors: list[str]
    children: list[str]
    functions: list[Held]
    delegations_out: list[DelegationOut]
    delegations_in: list[DelegationOut]
    area: list[AreaPart]
    appointments: list[Appointment]
    contracts: list[Contract]
    members: list[Member] = Field(
        default_factory=list, description="A non-statutory partnership's members on the date."
    )
    partnerships: list[str] = Field(
        default_factory=list, description="The non-statutory partnerships it is a member of."
    )
    merger_control: list[MergerDecision] = Field(
        default_factory=list,
        description="Merger-control decisions naming the body as a party, to the date.",
    )


class LedgerEntryOut(_Out):
    seq: int
    stream: str
    version: int
    effective_date: dt.date
    recorded_at: str = Field(json_schema_extra={"format": "date-time"})
    actor: str
    action_type: str
    payload: dict[str, Any]
    verdict: dict[str, Any] | None
    regime: str | None
    prev_hash: str
    hash: str
    visibility: None = Field(description="Always null: the public record only.")


class History(Headed):
    code: str
    entries: list[LedgerEntryOut]


class Node(_Out):
    id: str
    code: str | None
    name: str
    kind: str
    kind_label: str
    role: str
    in_force: bool
    start: dt.date | None = Field(description=START)
    end: dt.date | None = Field(description=END)
    count: int | None = None
    members: list[str] | None = None


class Edge(_Out):
    from_: str = Field(alias="from")
    to: str
    relation: str
    label: str
    function: str | None = None
    function_title: str | None = None
    basis: str | None = None
    start: dt.date | None = None
    end: dt.date | None = Field(None, description=END_OF)
    delegations: list[str] | None = None


class Graph(Headed):
    code: str
    as_at: dt.date
    focus: str
    nodes: list[Node]
    edges: list[Edge]


# --- who commissions -----------------------------------------------------------------------


class HolderOut(_Out):
    code: str
    name: str | None
    citation: str


class Named(_Out):
    code: str
    name: str | None


class ChainLink(DelegationOut):
    to_name: str | None


class Answer(_Out):
    function: str
    area: str
    as_at: dt.date
    holder: HolderOut
    exercised_by: Named
    chain: list[ChainLink]


class WhoCommissions(Headed):
    function: str
    area: str
    as_at: dt.date
    answers: list[Answer] = Field(description="Empty when no body holds it for that area.")


# --- the catalogue and the law -------------------------------------------------------------


class ConferralOut(_Out):
    holder: str = Field(description="A body's code, or a kind of body (each for its area).")
    scope: Literal["england", "own_area"]
    start: dt.date = Field(description=START)
    end: dt.date | None = Field(description=END_OF)
    citation: str


class FunctionOut(_Out):
    key: str
    title: str
    summary: str
    conferrals: list[ConferralOut]


class Functions(Headed):
    functions: list[FunctionOut]


class Period(_Out):
    start: dt.date = Field(description=START)
    end: dt.date | None = Field(description=END_OF)


class RegimeOut(_Out):
    key: str
    title: str
    description: str
    real: bool = Field(description="False for a hypothetical regime (never in force).")
    period: Period | None
    baseline: str | None
    published: dt.date | None
    amendments: list[str]
    rules: int = Field(ge=0, description="How many rules it holds.")


class Regimes(Headed):
    regimes: list[RegimeOut]


Effect = Literal["permits", "forbids", "requires", "notes"]


class RuleOut(_Out):
    rule: str
    effect: Effect
    actions: list[str]
    citation: str
    summary: str
    in_force: Period
    overrides: list[str]


class RegimeRules(Headed):
    regime: str
    date: dt.date
    law_day: dt.date = Field(description="The day the regime's rules are read on.")
    rules: list[RuleOut]


class RuleDetail(Headed, RuleOut):
    regimes: list[str]


# --- the ledger ----------------------------------------------------------------------------


class Changes(Headed):
    after: int
    limit: int
    items: list[LedgerEntryOut]
    next: str | None = Field(description="The next page, or null when this one is not full.")


class SubjectIndexCheck(_Out):
    """The subject index (what body pages and histories read) rebuilt from the chain and
    compared with the rows the database holds."""

    ok: bool
    entries: int
    rows: int
    missing: int = Field(description="Rows the chain implies that the index lacks.")
    extra: int = Field(description="Rows the index holds that no entry implies.")
    undecodable: int
    first_seq: int | None = Field(description="The first entry where the index is wrong.")
    first_code: str | None
    reason: str | None


class Verification(Headed):
    ok: bool = Field(description="True only if the chain and the subject index both verify.")
    checked: int
    first_broken: int | None
    reason: str | None
    head_hash: str
    subject_index: SubjectIndexCheck


class Checkpoint(Headed):
    """A signed ledger head: keep it where this server's administrators cannot rewrite it,
    and check the ledger against it later with `nhswiring verify --checkpoint FILE`."""

    format: Literal["nhswiring-checkpoint/1"]
    seq: int = Field(description="The ledger position signed: the newest entry's number.")
    head_hash: str = Field(description="That entry's hash.")
    entries: int
    time: str = Field(json_schema_extra={"format": "date-time"})
    database: str = Field(description="The database dialect (sqlite or postgresql).")
    key_fingerprint: str = Field(description="sha256: and the hex SHA-256 of the public key.")
    public_key: str = Field(description="The raw Ed25519 public key, base64.")
    signature: str = Field(
        description="Ed25519, base64, over the canonical JSON (sorted keys, no spaces) of "
        "every other field of the checkpoint except ledger_head."
    )


# --- judgements and scenarios --------------------------------------------------------------


class ReasonOut(_Out):
    rule: str
    text: str
    citation: str
    effect: Effect
    overridden: bool
    overridden_by: str | None


class ObligationOut(_Out):
    text: str
    due: dt.date | None
    citation: str
    on: str | None


class MissingFactOut(_Out):
    name: str
    question: str


class VerdictOut(_Out):
    schema_: Literal["nhswiring.verdict/1"] = Field(alias="schema")
    outcome: Literal["lawful", "unlawful", "undetermined"]
    action: str
    actor: str
    date: dt.date
    regime: str
    reasons: list[ReasonOut]
    obligations: list[ObligationOut]
    missing_facts: list[MissingFactOut]
    unread_facts: list[str] | None = Field(
        default=None,
        description="Facts given that no rule looked at in reaching this verdict (another "
        "action's fact, or one only another date, regime or power reads), so they changed "
        "nothing (present only when there are some).",
    )


class Judgement(Headed, VerdictOut):
    pass


class RunStep(_Out):
    index: int
    date: dt.date
    actor: str
    action: str
    regime: str
    expect: Literal["lawful", "unlawful", "undetermined"] | None
    met: bool | None
    verdict: VerdictOut


class Run(Headed):
    schema_: Literal["nhswiring.run/1"] = Field(alias="schema")
    scenario: str
    regime: str
    steps: list[RunStep]


class Side(_Out):
    regime: str
    outcome: Literal["lawful", "unlawful", "undetermined"]
    rules: list[str] = Field(description="Rules that decided here and not in the other run.")
    requires: list[str] = Field(description="Obligations here and not in the other run.")
    verdict: VerdictOut


class ComparedStep(_Out):
    index: int
    date: dt.date
    actor: str
    action: str
    differs: bool
    outcome_differs: bool
    obligations_differ: bool
    a: Side
    b: Side


class Comparison(Headed):
    schema_: Literal["nhswiring.compare/1"] = Field(alias="schema")
    scenario: str
    regime_a: str
    regime_b: str
    differences: int
    steps: list[ComparedStep]


class JudgementRequest(BaseModel):
    """One proposed action, judged under the law on its date."""

    model_config = ConfigDict(extra="forbid")

    date: str = Field(
        pattern=DATE_PATTERN,
        description="The action's date, YYYY-MM-DD (from 2013-04-01).",
        json_schema_extra={"format": "date"},
    )
    actor: str = Field(description="The code of the body that decides or applies (e.g. SOS).")
    action: str = Field(
        description="What it proposes to do.", json_schema_extra={"enum": list(ACTIONS)}
    )
    args: dict[str, Any] = Field(
        description="The action's arguments (see docs/scenarios.md), e.g. "
        '{"to": "NHSE", "subject": "general"} for `direct`.'
    )
    facts: dict[str, Any] | None = Field(
        None, description="Facts the law turns on; a verdict lists those it lacks."
    )
    regime: str = Field(
        IN_FORCE,
        description="`in-force` (the law on the date) or a regime key held fixed.",
        json_schema_extra={"enum": list(REGIME_NAMES)},
    )
