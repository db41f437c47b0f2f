"""What the review of representations in a standstill records (PSR reg 12(4)-(8), reg 23):
the further decisions, the information providers ask for, and referrals to the Independent
Patient Choice and Procurement Panel with its advice. Typed values, folded from the case's
steps by `procurement.fold_case`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The further decisions reg 12(4)(d) and (7) allow: enter into the contract as intended,
#: go back to an earlier step and repeat it, or abandon the procurement.
FURTHER_DECISIONS = ("proceed", "repeat", "abandon")


@dataclass(frozen=True, slots=True)
class Abandonment:
    """The procurement abandoned (reg 15(1)(a)) on ``on``, the record's reg 24(j) date. When
    the decision was a further decision in a standstill (reg 15(2)), ``decided_on`` is the day
    the providers were told and ``standstill_ended`` the standstill's last day: the abandonment
    follows it (reg 15(3)), and the notice is due within 30 days of it (reg 15(5)(a))."""

    on: date
    reason: str
    decided_on: date | None = None
    standstill_ended: date | None = None


@dataclass(frozen=True, slots=True)
class Representation:
    """A provider's written representations in a standstill (reg 12(3)), with the further
    decision in force on them once one is made (reg 12(4)(d), (7))."""

    provider: str
    summary: str
    received_on: date
    decision: str | None = None
    told_on: date | None = None
    may_act_from: date | None = None
    reasons: str | None = None


@dataclass(frozen=True, slots=True)
class FurtherDecision:
    """A further decision on representations (reg 12(4)(d)), or a subsequent further decision
    replacing it (reg 12(7)); communicated to the providers on ``told_on`` (reg 12(6), (8))."""

    decision: str
    reasons: str
    provider: str
    told_on: date
    #: The first day after the five working days that follow ``told_on`` (reg 12(10)(v)).
    may_act_from: date
    subsequent: bool = False


@dataclass(frozen=True, slots=True)
class InformationRequest:
    """A provider's request, in the standstill, for information the authority must record
    under reg 24, which it must give promptly (reg 12(4)(b)) unless a reg 12(5) ground
    applies."""

    provider: str
    request: str
    requested_on: date
    answered_on: date | None = None
    answer: str = ""
    #: The reg 12(5) ground for withholding some or all of it, if any.
    withheld: str = ""


@dataclass(frozen=True, slots=True)
class PanelReferral:
    """A provider's referral to the Independent Patient Choice and Procurement Panel after the
    authority's review, and the Panel's advice (independent expert advice, reg 23): advice
    the authority considers before it makes any subsequent further decision (reg 12(7))."""

    provider: str
    referred_on: date
    reference: str = ""
    accepted: bool = True
    advised_on: date | None = None
    advice: str | None = None
    summary: str = ""
    #: How many further decisions the case had when the advice was recorded: a decision in
    #: its light is one made after it, even on the same day.
    decisions_before: int = 0
