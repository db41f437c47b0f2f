"""The NHS (Procurement, Patient Choice and Competition) (No. 2) Regulations 2013 (SI 2013/500).

In force 1 April 2013 to 31 December 2023 for NHS England and CCGs (ICBs from 1 July 2022, by
SI 2022/734 reg 21) buying health care services, whatever the value. They imposed no general
duty to advertise: a contract could go to a single provider without competition where the
services could be provided only by that provider (reg 5); otherwise the duty to procure from the
most capable provider offering best value (reg 3(3)) meant testing the market.
"""

from __future__ import annotations

from nhswiring.domain.time import Interval
from nhswiring.law.common import HSCA_START, PSR_START, K, found, must, names
from nhswiring.law.engine import Finding, rule
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect, Obligation

PERIOD = Interval(HSCA_START, PSR_START)
CITATION = (
    "NHS (Procurement, Patient Choice and Competition) (No. 2) Regulations 2013 (SI 2013/500)"
)
ONLY_CAPABLE = (
    "only_provider_capable",
    "Are the services capable of being provided only by this provider (SI 2013/500 reg 5)?",
)
COMMISSIONERS_2013 = {K.NHS_ENGLAND, K.CCG, K.ICB}


def _applies(p: Proposal) -> bool:
    return p.kind(str(p.arg("commissioner"))) in COMMISSIONERS_2013 and p.actor == p.arg(
        "commissioner"
    )


def _records(p: Proposal) -> tuple[Obligation, ...]:
    return (
        must(
            "Keep a record of how the award met the commissioner's duties", f"{CITATION} reg 3(5)"
        ),
        must(
            "Publish the award (provider, services, value, dates, process) on NHS England's "
            "website",
            f"{CITATION} reg 9",
        ),
        must(
            "Record how any conflicts of interest were managed; do not award where a conflict "
            "affects the award's integrity",
            f"{CITATION} reg 6",
        ),
    )


@rule(
    "ppcc_2013.reg5.single_capable_provider",
    actions={"award_contract"},
    effect=Effect.PERMITS,
    citation=f"{CITATION} reg 5",
    in_force=PERIOD,
    summary="A commissioner may award a new contract to a single provider without advertising "
    "where it is satisfied that only that provider is capable of providing the services.",
)
def single_capable_provider(p: Proposal) -> Finding | None:
    if not _applies(p) or p.arg("process") != "direct":
        return None
    if not p.flag(*ONLY_CAPABLE):
        return None
    return found(
        f"Only {names(p, [str(p.arg('provider'))])} can provide the services, so the "
        "contract may be awarded without competition.",
        *_records(p),
    )


@rule(
    "ppcc_2013.reg3.most_capable_provider",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{CITATION} regs 3(3) and 5 (read with PCR 2015 where the light-touch regime "
    "applies)",
    in_force=PERIOD,
    summary="Where other providers could provide the services, a direct award without testing "
    "the market did not meet the duty to procure from the most capable provider offering best "
    "value; Monitor could declare such an arrangement ineffective (reg 14).",
)
def most_capable_provider(p: Proposal) -> Finding | None:
    if not _applies(p) or p.arg("process") != "direct":
        return None
    if p.flag(*ONLY_CAPABLE):
        return None
    return found(
        "Other providers are capable of providing the services; awarding directly, "
        "without competition, does not show that the contract went to the most "
        "capable provider offering best value."
    )


@rule(
    "ppcc_2013.reg4.competitive_award",
    actions={"award_contract"},
    effect=Effect.PERMITS,
    citation=f"{CITATION} regs 2-4 and 7",
    in_force=PERIOD,
    summary="A commissioner may seek offers competitively, acting transparently, "
    "proportionately and without discrimination, with a contract notice on NHS England's site.",
)
def competitive_award(p: Proposal) -> Finding | None:
    if not _applies(p) or p.arg("process") != "competitive":
        return None
    return found(
        "The commissioner may award after a competitive process.",
        must(
            "Publish a contract notice on NHS England's website when advertising",
            f"{CITATION} reg 4(2)",
        ),
        must(
            "Use transparent, proportionate, non-discriminatory selection criteria",
            f"{CITATION} reg 7",
        ),
        *_records(p),
    )


@rule(
    "ppcc_2013.psr_processes_not_available",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{CITATION}; the Provider Selection Regime (SI 2023/1348) applies only from 1 "
    "January 2024",
    in_force=PERIOD,
    summary="Before 1 January 2024 the Provider Selection Regime's processes did not exist; an "
    "award was competitive or direct under the 2013 Regulations.",
)
def psr_processes_not_available(p: Proposal) -> Finding | None:
    if p.arg("process") in {"competitive", "direct"}:
        return None
    return found(
        f"'{p.arg('process')}' is a Provider Selection Regime process, not available "
        "before 1 January 2024: use 'competitive' or 'direct'."
    )


RULES = (
    single_capable_provider,
    most_capable_provider,
    competitive_award,
    psr_processes_not_available,
)
