"""The Health Care Services (Provider Selection Regime) Regulations 2023 (SI 2023/1348),
from 1 January 2024: how a relevant authority must choose a provider (reg 6).

Direct Award A and B are mandatory where their conditions hold; Direct Award C and the Most
Suitable Provider process are allowed where theirs do; the Competitive Process is always open
unless A or B is mandatory, and is the only route for frameworks. The urgent-award rule (reg
14) is an exception to all of these. The process steps, notices and standstill are the PSR
issue's; here each verdict carries the obligations that follow from the chosen process.
"""

from __future__ import annotations

from decimal import Decimal

from nhswiring.domain.time import Interval
from nhswiring.law.common import PSR_START, TRUSTS, K, found, must, names
from nhswiring.law.engine import Finding, rule
from nhswiring.law.parameters import PSR_CONSIDERABLE_CHANGE
from nhswiring.law.proposal import Proposal
from nhswiring.law.psr_2023.lifetime import existing_contract_value, pounds
from nhswiring.law.psr_2023.obligations import (
    award_notice,
    conflicts_check,
    records,
    standstill_obligations,
)
from nhswiring.law.verdict import Effect
from nhswiring.law.working_days import add_days

PERIOD = Interval(PSR_START)
PSR = "Health Care Services (Provider Selection Regime) Regulations 2023 (SI 2023/1348)"
RELEVANT_AUTHORITIES = TRUSTS | {K.ICB, K.NHS_ENGLAND, K.LOCAL_AUTHORITY}

Q = {
    "existing_provider": "Is there an existing provider of these services (reg 2(1))?",
    "only_existing_provider_capable": "Can the services be provided only by the existing "
    "provider(s), because of their nature (reg 6(3), Direct Award A)?",
    "patients_offered_choice": "Is this a service where patients choose their provider "
    "(reg 6(4), Direct Award B)?",
    "providers_unrestricted": "Is the number of providers unrestricted by the authority, "
    "so that every provider meeting the requirements can be offered a contract (reg 6(4))?",
    "all_qualifying_providers_offered": "Will every provider that meets the requirements be "
    "offered a contract (reg 8)?",
    "expression_of_interest_arrangements": "Are there arrangements for providers to express "
    "interest in providing the services (reg 8)?",
    "framework": "Is the authority setting up a framework agreement (regs 6(8), 16-18)?",
    "existing_contract_expiring": "Is the existing contract due to expire and be replaced "
    "(reg 6(5), Direct Award C)?",
    "materially_different": "Would the new arrangements be materially different in character "
    "from the existing contract (reg 6(10))?",
    "change_attributable_to_authority": "Is any change from the existing contract "
    "attributable to a decision of the authority (reg 6(10))?",
    "existing_lifetime_value": "What is the existing contract's estimated lifetime value "
    "(reg 6(10))?",
    "existing_provider_satisfactory": "Is the existing provider satisfying the existing "
    "contract and likely to satisfy the new one, taking the key criteria into account "
    "(reg 9)?",
    "most_suitable_identifiable_without_competition": "Can the authority identify the most "
    "suitable provider without running a competitive process (reg 6(6), Most Suitable "
    "Provider)?",
}


def _f(p: Proposal, name: str) -> bool:
    return p.flag(name, Q[name])


def _is_authority(p: Proposal) -> bool:
    return p.actor == p.arg("commissioner") and p.actor_kind in RELEVANT_AUTHORITIES


def _framework(p: Proposal) -> bool:
    return bool(p.facts.get("framework")) or p.arg("process") == "framework"


def _da_a(p: Proposal) -> bool:
    return _f(p, "existing_provider") and _f(p, "only_existing_provider_capable")


def _da_b(p: Proposal) -> bool:
    return _f(p, "patients_offered_choice") and _f(p, "providers_unrestricted")


def considerable_change(p: Proposal) -> bool:
    """Reg 6(10): materially different in character, or a change the authority decided that
    makes the lifetime value at least £500,000 and at least 25% higher than the existing
    contract's when it was entered into (its later modifications do not count)."""
    if _f(p, "materially_different"):
        return True
    if not _f(p, "change_attributable_to_authority"):
        return False
    existing, _ = existing_contract_value(p)
    increase = Decimal(str(p.arg("lifetime_value"))) - existing
    return increase >= PSR_CONSIDERABLE_CHANGE and (existing == 0 or increase >= existing / 4)


def _value_test(p: Proposal) -> str:
    """The figures the reg 6(10)(b) test used, for the verdict to say."""
    if p.facts.get("materially_different"):
        return "the new arrangements are materially different in character (reg 6(10)(a))"
    if not p.facts.get("change_attributable_to_authority"):
        return "no change is attributable to the authority's decision"
    existing, basis = existing_contract_value(p)
    proposed = Decimal(str(p.arg("lifetime_value")))
    return (
        f"proposed lifetime value {pounds(proposed)} against {pounds(existing)} when the "
        f"existing contract was entered into ({basis}): "
        f"{pounds(proposed - existing, signed=True)}"
    )


@rule(
    "psr_2023.reg6.direct_award_a",
    actions={"award_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} regs 6(3) and 7",
    in_force=PERIOD,
    summary="Direct Award Process A: where there is an existing provider and the services can "
    "only be provided by it, the authority must award to it directly.",
)
def direct_award_a(p: Proposal) -> Finding | None:
    if not _is_authority(p) or p.arg("process") != "direct_award_a" or _framework(p):
        return None
    if not _da_a(p):
        return None
    return found(
        "The services can only be provided by the existing provider: Direct Award A applies.",
        conflicts_check(),
        award_notice(p, "Schedule 2"),
        records(p),
    )


@rule(
    "psr_2023.reg6.direct_award_b",
    actions={"award_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} regs 6(4) and 8",
    in_force=PERIOD,
    summary="Direct Award Process B: for services where patients choose their provider and the "
    "number of providers is not restricted, the authority must offer a contract to every "
    "provider that meets its requirements.",
)
def direct_award_b(p: Proposal) -> Finding | None:
    if not _is_authority(p) or p.arg("process") != "direct_award_b" or not _da_b(p):
        return None
    if not _f(p, "all_qualifying_providers_offered"):
        return None
    if not _f(p, "expression_of_interest_arrangements") or _framework(p):
        return None
    return found(
        "A patient-choice service with unrestricted providers and arrangements for providers "
        "to express interest: Direct Award B applies.",
        conflicts_check(),
        award_notice(p, "Schedule 2"),
        records(p),
    )


@rule(
    "psr_2023.reg6.direct_award_c",
    actions={"award_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} regs 6(5), 6(10) and 9",
    in_force=PERIOD,
    summary="Direct Award Process C: an existing contract expiring, no considerable change, and "
    "a satisfactory incumbent judged against the key criteria.",
)
def direct_award_c(p: Proposal) -> Finding | None:
    if not _is_authority(p) or p.arg("process") != "direct_award_c" or _framework(p):
        return None  # a framework is concluded only by the Competitive Process (reg 16(3))
    if not (_f(p, "existing_provider") and _f(p, "existing_contract_expiring")):
        return None
    if considerable_change(p) or not _f(p, "existing_provider_satisfactory"):
        return None
    return found(
        "The incumbent is satisfactory and the new contract is not considerably "
        f"different ({_value_test(p)}): Direct Award C is open.",
        must(
            "Assess the incumbent against the key criteria and basic selection criteria",
            f"{PSR} regs 5, 9, 19",
        ),
        conflicts_check(),
        *standstill_obligations(p),
        award_notice(p, "Schedule 4", after_standstill=True),
        records(p),
    )


@rule(
    "psr_2023.reg6.most_suitable_provider",
    actions={"award_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} regs 6(6) and 10",
    in_force=PERIOD,
    summary="Most Suitable Provider Process: where the authority can identify the most suitable "
    "provider without competition, taking the key criteria into account.",
)
def most_suitable_provider(p: Proposal) -> Finding | None:
    if not _is_authority(p) or p.arg("process") != "most_suitable_provider":
        return None
    if _framework(p) or not _f(p, "most_suitable_identifiable_without_competition"):
        return None
    return found(
        "The most suitable provider can be identified without competition.",
        must(
            "Publish the notice of intention to follow the process (Schedule 5); do "
            "not identify the provider until 14 days after it",
            f"{PSR} reg 10(3)",
            due=add_days(p.day, 14),
        ),
        conflicts_check(),
        *standstill_obligations(add_days_proposal(p, 14)),
        award_notice(p, "Schedule 7", after_standstill=True),
        records(p),
    )


def add_days_proposal(p: Proposal, days: int) -> Proposal:
    from dataclasses import replace

    return replace(p, day=add_days(p.day, days))


@rule(
    "psr_2023.reg11.competitive",
    actions={"award_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} regs 6(7)-(8) and 11",
    in_force=PERIOD,
    summary="The Competitive Process is open to any authority and is the only route for "
    "frameworks, unless Direct Award A or B is mandatory.",
)
def competitive(p: Proposal) -> Finding | None:
    if not _is_authority(p) or p.arg("process") not in {"competitive", "framework"}:
        return None
    return found(
        "The authority may run the Competitive Process.",
        must(
            "Publish the notice inviting offers; set award criteria taking the key "
            "criteria into account",
            f"{PSR} reg 11(2), Schedule 8",
        ),
        conflicts_check(),
        *standstill_obligations(p),
        award_notice(p, "Schedule 11", after_standstill=True),
        records(p),
    )


@rule(
    "psr_2023.reg6.mandatory_direct_awards",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 6(3)-(4)",
    in_force=PERIOD,
    summary="Where Direct Award A's or B's conditions hold the authority must use that process; "
    "any other process is unlawful (the urgent-award exception apart).",
    overrides=(
        "psr_2023.reg11.competitive",
        "psr_2023.reg6.direct_award_c",
        "psr_2023.reg6.most_suitable_provider",
    ),
)
def mandatory_direct_awards(p: Proposal) -> Finding | None:
    process = p.arg("process")
    if not _is_authority(p) or process in {"urgent", "direct"} or _framework(p):
        return None
    if process in {"direct_award_a", "direct_award_b"}:
        return None  # whether their own conditions hold is the conditions rule's question
    if _f(p, "existing_provider") and _f(p, "only_existing_provider_capable"):
        return found(
            "Only the existing provider can provide the services, so Direct Award A is "
            f"mandatory; '{process}' may not be used."
        )
    if _da_b(p):
        return found(
            "Patients choose their provider and providers are unrestricted, so Direct "
            f"Award B is mandatory; '{process}' may not be used."
        )
    return None


@rule(
    "psr_2023.reg6.conditions_not_met",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} regs 6-10",
    in_force=PERIOD,
    summary="A direct award or the Most Suitable Provider process is unlawful where its "
    "conditions are not met; frameworks must use the Competitive Process.",
)
def conditions_not_met(p: Proposal) -> Finding | None:
    process = p.arg("process")
    if not _is_authority(p):
        return None
    if process == "direct":
        return found(
            "From 1 January 2024 there is no general 'direct' award: use Direct Award "
            "A, B or C, the Most Suitable Provider process or the Competitive Process "
            "(reg 6)."
        )
    if process in {"direct_award_a", "direct_award_b"} and _framework(p):
        return found(
            "A framework agreement must be set up by the Competitive Process "
            "(reg 6(3)(c), 6(4)(e) and 6(8))."
        )
    if process == "direct_award_a" and not _da_a(p):
        return found(
            "Direct Award A needs an existing provider that is the only one capable of "
            "providing the services."
        )
    if process == "direct_award_b" and not (
        _da_b(p)
        and _f(p, "all_qualifying_providers_offered")
        and _f(p, "expression_of_interest_arrangements")
    ):
        return found(
            "Direct Award B needs a patient-choice service, unrestricted providers and "
            "a contract for every qualifying provider."
        )
    if process == "direct_award_c":
        if _framework(p):
            return found("A framework must be set up by the Competitive Process (reg 6(8)).")
        if not (_f(p, "existing_provider") and _f(p, "existing_contract_expiring")):
            return found("Direct Award C needs an existing contract that is expiring.")
        if considerable_change(p):
            return found(
                "The new contract would be considerably different from the existing "
                f"one (reg 6(10); {_value_test(p)}), so Direct Award C is not available."
            )
        if not _f(p, "existing_provider_satisfactory"):
            return found(
                "The existing provider is not satisfactory, so Direct Award C is not available."
            )
    if process == "most_suitable_provider":
        if _framework(p):
            return found("A framework must be set up by the Competitive Process (reg 6(8)).")
        if not _f(p, "most_suitable_identifiable_without_competition"):
            return found("The most suitable provider cannot be identified without competition.")
    return None


@rule(
    "psr_2023.reg1.relevant_authority",
    actions={"award_contract"},
    effect=Effect.FORBIDS,
    citation=f"{PSR} reg 2 and NHS Act 2006 s.12ZB(7) (relevant authorities)",
    in_force=PERIOD,
    summary="Only the relevant authority arranging the services can award under the PSR: an "
    "ICB, NHS England, an NHS trust, an FT, a local authority or a combined authority.",
)
def relevant_authority(p: Proposal) -> Finding | None:
    if _is_authority(p):
        return None
    return found(
        f"{names(p, [p.actor])} is not the relevant authority arranging these services "
        f"(the commissioner named is {p.arg('commissioner')})."
    )


RULES = (
    direct_award_a,
    direct_award_b,
    direct_award_c,
    most_suitable_provider,
    competitive,
    mandatory_direct_awards,
    conditions_not_met,
    relevant_authority,
)
