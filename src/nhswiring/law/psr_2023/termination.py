"""Terminating a contract under the Provider Selection Regime (SI 2023/1348 reg 22).

Every contract a relevant authority awards must let it terminate on the grounds in reg 22(1);
where a contract does not, a power to terminate on those grounds on reasonable notice is an
implied term (reg 22(3)). From 1 January 2024 the grounds were (a) a modification reg 13 does
not permit without a new procurement and (b) a provider that should have been excluded at award
under reg 20(1). The Procurement Act 2023 (Consequential and Other Amendments) Regulations 2025
(SI 2025/163 reg 28(6), in force 24 February 2025) added to (b) exclusion under reg 20A(3) (an
excluded sub-contractor) and added (c) a provider that has since become excluded or excludable
and (d) an excluded or excludable sub-contractor; by reg 34 they do not affect procedures
begun, or contracts awarded, before that day. The Procurement (Amendment) Regulations 2026 (SI
2026/360 reg 4, in force 24 March 2026) added reg 22(4)-(5): an authority must not terminate on
the national-security exclusion grounds unless it has notified a Minister of the Crown, and, on
the discretionary ground, the Minister considers the provider or sub-contractor excludable on it
and the contract should be terminated.
"""

from __future__ import annotations

from nhswiring.domain.time import Interval
from nhswiring.law.common import PSR_AMENDED, found, must, names
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import PROCUREMENT_AMENDMENTS_2025, PSR_2023, regulation
from nhswiring.law.parameters import PSR_MINISTER_NOTICE
from nhswiring.law.proposal import Proposal
from nhswiring.law.psr_2023.processes import PERIOD, PSR, RELEVANT_AUTHORITIES
from nhswiring.law.verdict import Effect

#: The reg 22(1) grounds: (a) and (b) as made; the rest added by SI 2025/163 reg 28(6).
GROUNDS = {
    "unpermitted_modification": ("(a)", "the contract has had a modification reg 13 does not "
                                 "permit without a new procurement"),
    "excluded_at_award": ("(b)", "the provider should have been excluded at award under reg "
                          "20(1)"),
    "excluded_subcontractor_at_award": ("(b)", "the provider should have been excluded at award "
                                        "under reg 20A(3) (an excluded sub-contractor)"),
    "became_excluded": ("(c)", "the provider has, since the award, become an excluded or "
                        "excludable provider"),
    "subcontractor_excluded": ("(d)", "a sub-contractor of the provider is an excluded or "
                               "excludable provider"),
}  # fmt: skip
ADDED_IN_2025 = frozenset({"excluded_subcontractor_at_award", "became_excluded",
                           "subcontractor_excluded"})  # fmt: skip

BEFORE_AMENDMENT = (
    "awarded_before_psr_amendments",
    "Was the contract awarded, or its award procedure begun, before 24 February 2025 (SI "
    "2025/163 reg 34: the grounds it added do not apply to it)?",
)


def _authority(p: Proposal) -> bool:
    contract = p.state.contract(str(p.arg("contract") or ""))
    if contract is not None:
        return p.actor == contract.commissioner
    return p.actor == p.arg("commissioner") and p.actor_kind in RELEVANT_AUTHORITIES


def _ground_available(p: Proposal) -> bool:
    ground = str(p.arg("ground"))
    if ground not in ADDED_IN_2025:
        return True
    return p.law_day >= PSR_AMENDED and not p.flag(*BEFORE_AMENDMENT)


@rule(
    "psr_2023.reg22.termination",
    sources=(regulation(PSR_2023, "22"), regulation(PROCUREMENT_AMENDMENTS_2025, "28")),
    actions={"terminate_contract"},
    effect=Effect.PERMITS,
    citation=f"{PSR} reg 22(1)-(3) (grounds (c)-(d) and the reg 20A(3) words in (b) added by SI "
    "2025/163 reg 28(6) from 24 February 2025, reg 34 transitional)",
    in_force=PERIOD,
    summary="A relevant authority may terminate a contract on a reg 22(1) ground, under the "
    "termination provisions every contract must contain or, where it lacks them, on reasonable "
    "notice as an implied term: (a) an unpermitted modification, (b) a provider that should "
    "have been excluded at award; from 24 February 2025 also a provider excluded or excludable "
    "since the award, or an excluded or excludable sub-contractor (not for procedures begun or "
    "contracts awarded before then).",
)
def termination(p: Proposal) -> Finding | None:
    if not _authority(p) or not _ground_available(p):
        return None
    letter, what = GROUNDS[str(p.arg("ground"))]
    provider = str(p.arg("provider"))
    return found(
        f"{names(p, [p.actor])} may terminate its contract with {names(p, [provider])}: {what} "
        f"(reg 22(1){letter}).",
        must(
            "Terminate under the contract's termination provisions or, where the contract has "
            "none for this ground, on giving the provider reasonable notice (the implied term)",
            f"{PSR} reg 22(2)-(3)",
            on=p.actor,
        ),
    )


NOTIFIED = Condition(
    "minister_notified_of_termination",
    "Has the authority notified a Minister of the Crown of its intention to terminate the "
    "contract (PSR reg 22(4)-(5)(a), from 24 March 2026)?",
    "a Minister of the Crown was notified of the intention to terminate",
    "no Minister of the Crown was notified of the intention to terminate",
)
MINISTER_AGREES = Condition(
    "minister_considers_termination_appropriate",
    "Does the Minister consider the provider or sub-contractor excludable on the national "
    "security ground (Procurement Act 2023 Sch 7 para 14) and that the contract should be "
    "terminated (PSR reg 22(5)(b))?",
    "the Minister considers the supplier excludable on the national-security ground and the "
    "contract should be terminated",
    "the Minister does not consider the supplier excludable on the national-security ground "
    "with the contract to be terminated",
)


@precondition(
    "psr_2023.reg22.national_security_minister",
    actions={"terminate_contract"},
    citation=f"{PSR} reg 22(4)-(5) (inserted by the Procurement (Amendment) Regulations 2026, "
    "SI 2026/360 reg 4, from 24 March 2026)",
    in_force=Interval(PSR_MINISTER_NOTICE),
    summary="From 24 March 2026 an authority may not terminate on the national-security "
    "mandatory exclusion ground unless it has notified a Minister of the Crown, nor on the "
    "discretionary national-security ground unless it has notified a Minister and the Minister "
    "considers the supplier excludable on it and the contract should be terminated.",
    sources=(regulation(PSR_2023, "22"),),
)
def national_security_minister(p: Proposal) -> list[Condition] | None:
    security = p.arg("security_ground")
    if security == "mandatory":
        return [NOTIFIED]
    if security == "discretionary":
        return [NOTIFIED, MINISTER_AGREES]
    return None


RULES = (termination, national_security_minister)
