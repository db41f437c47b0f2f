"""The facts a user may give the law: one declaration of each fact's name, type, range and
question, and of which actions' rules read it.

Rules ask for facts by name (`Proposal.fact`, `flag`, `has_fact`); a fact the user misspells
would otherwise be silently ignored and the verdict would come out "undetermined" or, worse,
decided on a default. So facts given to `check`, in scenario files and to `psr route` are
checked here: an unknown name is bad input with the nearest known names, a value of the wrong
type is bad input naming the type, and a known fact that no rule of the action reads is
reported back (never dropped in silence).

Which actions read a fact is not written by hand: `readers` derives it from the rules
themselves, by following each rule's check function (and the law's helper functions and
constants it uses) to the fact names it mentions. A test checks that every fact any rule
asks for is declared here.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from typing import Any

from nhswiring.domain.errors import InvalidInput
from nhswiring.law.engine import Rule

#: Where the vocabulary is written out for people (generated from this module).
DOC = "docs/law.md (Facts)"


class FactType(StrEnum):
    BOOL = "bool"
    MONEY = "money"  # pounds, zero or more: a JSON number or a string such as "11000000"
    CHANGE = "change"  # pounds, up or down: "250000" or "-100000"
    PERCENT = "percent"  # a percentage from 0 to 100: 37 or "37.5"

    @property
    def noun(self) -> str:
        return {
            "bool": "true or false",
            "money": "an amount",
            "change": "an amount",
            "percent": "a percentage",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    type: FactType
    question: str
    #: Read outside the rules, by the provider selection case itself (reg 25 summary, notices).
    case_use: str = ""

    @property
    def accepted(self) -> str:
        return {
            FactType.BOOL: "true or false",
            FactType.MONEY: "an amount in pounds, zero or more (e.g. 11000000)",
            FactType.CHANGE: "an amount in pounds, up or down (e.g. 250000 or -100000)",
            FactType.PERCENT: "a percentage from 0 to 100 (e.g. 37 or 37.5)",
        }[self.type]


def _bool(name: str, question: str, case_use: str = "") -> Fact:
    return Fact(name, FactType.BOOL, question, case_use)


def _percent(name: str, question: str) -> Fact:
    return Fact(name, FactType.PERCENT, question)


_DECLARED = (
    # --- NHS Act 2006: commissioners, providers, boards, directions, reconfiguration --------
    _bool(
        "application_made",
        "Have the bodies concerned applied for this (CCGs to NHS England under NHS Act 2006 "
        "ss.14B-14H; a trust to its regulator for a merger, acquisition or dissolution)?",
    ),
    _bool(
        "needed_for_coverage",
        "Is the variation needed to keep CCGs' areas covering England without overlap (NHS Act "
        "2006 s.14F(3)(b))?",
    ),
    _bool(
        "no_liabilities",
        "Is the regulator satisfied that the foundation trust has no liabilities (NHS Act 2006 "
        "s.57A(3)(a), until 30 June 2022)?",
    ),
    _bool(
        "nominated_by_trusts",
        "Is the person the ICB's ordinary member nominated by the area's NHS trusts and FTs "
        "(NHS Act 2006 Sch 1B para 8(2)(a))?",
    ),
    _bool(
        "undermines_independence",
        "Could the person's involvement with the private healthcare sector (or otherwise) "
        "reasonably be regarded as undermining the independence of the health service (NHS "
        "Act 2006 Sch 1B para 4)?",
    ),
    _bool(
        "failure_to_discharge_functions",
        "Is the body failing, or at significant risk of failing, to discharge any of its "
        "functions properly?",
    ),
    _bool(
        "nhse_significant_failure",
        "Does the Secretary of State consider that NHS England is failing, or has failed, to "
        "discharge a function, or to discharge it properly, and that the failure is significant "
        "(NHS Act 2006 s.13Z2 before 1 July 2022; a risk of failure is not enough)?",
    ),
    _bool("emergency", "Is there an emergency within NHS Act 2006 s.253?"),
    _bool(
        "licence_breach",
        "Has the foundation trust breached a condition of its provider licence (HSCA 2012 "
        "ss.105-106)?",
    ),
    _bool(
        "local_authority_referral",
        "Has a local authority referred the proposal to the Secretary of State under reg 23 "
        "of the Health Scrutiny Regulations 2013?",
    ),
    # --- awards before 2024 (SI 2013/500, PCR 2015) and the 2019 proposals ------------------
    _bool(
        "only_provider_capable",
        "Are the services capable of being provided only by this provider (SI 2013/500 reg 5; "
        "PCR 2015 reg 32)?",
    ),
    _bool(
        "substantial",
        "Would the modification be substantial (PCR 2015 reg 72(8)): changing the contract's "
        "economic balance, extending its scope considerably, or admitting other bidders had it "
        "been in the original procurement?",
    ),
    _bool(
        "best_value_without_competition",
        "Is the commissioner satisfied that awarding without competition secures best value "
        "(the 2019 proposals' 'best value' test)?",
    ),
    # --- the Provider Selection Regime: choosing the process (reg 6) -----------------------
    _bool("existing_provider", "Is there an existing provider of these services (reg 2(1))?"),
    _bool(
        "only_existing_provider_capable",
        "Can the services be provided only by the existing provider(s), because of their "
        "nature (reg 6(3), Direct Award A)?",
    ),
    _bool(
        "patients_offered_choice",
        "Is this a service where patients choose their provider (reg 6(4), Direct Award B)?",
    ),
    _bool(
        "providers_unrestricted",
        "Is the number of providers unrestricted by the authority, so that every provider "
        "meeting the requirements can be offered a contract (reg 6(4))?",
    ),
    _bool(
        "all_qualifying_providers_offered",
        "Will every provider that meets the requirements be offered a contract (reg 8)?",
    ),
    _bool(
        "expression_of_interest_arrangements",
        "Are there arrangements for providers to express interest in providing the services "
        "(reg 8)?",
    ),
    _bool(
        "framework",
        "Is the authority setting up a framework agreement (regs 6(8), 16-18)?",
        "the reg 24 record and reg 25 summary count framework agreements",
    ),
    _bool(
        "call_off",
        "Is this contract a call-off under a framework agreement (reg 18)?",
        "the reg 25 summary counts call-offs; no basic selection or intention notice",
    ),
    _bool(
        "existing_contract_expiring",
        "Is the existing contract due to expire and be replaced (reg 6(5), Direct Award C)?",
    ),
    _bool(
        "materially_different",
        "Would the new arrangements (or the modification) make the contract materially "
        "different in character (regs 6(10), 13)?",
    ),
    _bool(
        "change_attributable_to_authority",
        "Is any change from the existing contract attributable to a decision of the authority "
        "(reg 6(10))?",
    ),
    Fact(
        "existing_lifetime_value",
        FactType.MONEY,
        "What was the existing contract's estimated lifetime value when it was entered into "
        "(regs 6(10), 13(2)(b); PCR 2015 reg 72)? Asked only where the contract's record is "
        "not known.",
    ),
    _bool(
        "existing_provider_satisfactory",
        "Is the existing provider satisfying the existing contract and likely to satisfy the "
        "new one, taking the key criteria into account (reg 9)?",
    ),
    _bool(
        "most_suitable_identifiable_without_competition",
        "Can the authority identify the most suitable provider without running a competitive "
        "process (reg 6(6), Most Suitable Provider)?",
    ),
    # --- urgency (reg 14) --------------------------------------------------------------------
    _bool("urgency", "Must the award or modification be made urgently (reg 14(2)(a))?"),
    _bool(
        "urgency_not_foreseeable_or_attributable",
        "Was the reason for the urgency neither foreseeable by nor attributable to the "
        "authority (reg 14(2)(b))?",
    ),
    _bool(
        "delay_risks_safety",
        "Would delaying to follow regs 6 to 13 be likely to pose a risk to patient or public "
        "safety (reg 14(2)(c))?",
    ),
    _bool(
        "standstill_begun",
        "Has a standstill begun under reg 12(2) for the new award (reg 14(3)(a))?",
    ),
    _bool(
        "expert_advice_sought",
        "Has the authority sought independent expert advice under reg 23 in that standstill "
        "(reg 14(3)(b))?",
    ),
    _bool(
        "existing_contract_expires_in_standstill",
        "Is the existing contract for these services likely to expire before the standstill "
        "ends (reg 14(3)(c))?",
    ),
    _bool(
        "continuity_needed",
        "Is modifying the existing contract necessary or expedient for continuity until the "
        "new contract takes effect (reg 14(3)(d))?",
    ),
    _bool(
        "regs_6_to_13_impossible_in_time",
        "Is it impossible to satisfy regs 6 to 13 before the existing contract expires (reg "
        "14(3)(e))?",
    ),
    # --- modifications (reg 13) ----------------------------------------------------------------
    Fact(
        "cumulative_change",
        FactType.CHANGE,
        "What is the cumulative change in lifetime value since the contract was entered into, "
        "including this modification (reg 13(2)(b), (4)(c))? Asked only where the contract's "
        "record is not known: a known contract's record is used instead.",
    ),
    _bool(
        "modification_attributable_to_authority",
        "Is the modification attributable to a decision of the authority (reg 13(4)(b)): an "
        "option it chose to exercise, say, rather than a change forced on it?",
    ),
    # --- the gates of every award (regs 12, 19, 20) -----------------------------------------
    _bool(
        "representations_received",
        "Did any provider make written representations within the standstill (reg 12(3))? If "
        "so the standstill ends only as reg 12(10) says, not after eight working days.",
    ),
    _bool(
        "basic_selection_met",
        "Does the provider meet the basic selection criteria (reg 19, Schedule 16)?",
    ),
    _bool(
        "provider_excluded",
        "Is the provider an excluded provider (reg 20(1); from 24 February 2025 within "
        "Procurement Act 2023 ss.57-58)?",
    ),
    _bool(
        "overriding_public_interest",
        "Does the authority consider there are overriding reasons relating to the public "
        "interest, including public health, to award to the excluded provider on an exceptional "
        "basis (reg 20(1A), from 24 February 2025)?",
    ),
    _bool(
        "awarded_by_direct_award_a_or_b",
        "Was the contract awarded by Direct Award Process A or B (no value limit on its "
        "modifications, reg 13(2))?",
    ),
    _bool(
        "provided_for_in_contract",
        "Is the modification clearly and unambiguously provided for in the contract documents "
        "(reg 13(1)(a))?",
    ),
    _bool(
        "succession_meeting_basic_selection",
        "Is the modification solely a change of provider by succession after corporate "
        "changes, with the successor meeting the basic selection criteria (reg 13(1)(b))?",
    ),
    _bool(
        "external_factors_beyond_control",
        "Is the modification a response to external factors beyond the control of the "
        "authority and the provider, such as patient volumes or a price formula in the "
        "contract (reg 13(1)(c))?",
    ),
    # --- issue 11: powers ---
    _bool(
        "cqc_required_tsa_order",
        "Has the Care Quality Commission, satisfied of a serious failure of quality, required "
        "the order appointing a trust special administrator (NHS Act 2006 s.65B(2)(a), "
        "s.65D(1A))?",
    ),
    _bool(
        "ft_unable_to_pay_debts",
        "Is the regulator satisfied that the foundation trust is, or is likely to become, "
        "unable to pay its debts (NHS Act 2006 s.65D(1)(a))?",
    ),
    _bool(
        "serious_quality_failure",
        "Is the regulator satisfied of a serious failure by the foundation trust to provide "
        "services of sufficient quality (NHS Act 2006 s.65D(1)(b), from 15 July 2014)?",
    ),
    _bool(
        "in_health_service_interests",
        "Does the appointer consider the order appropriate in the interests of the health "
        "service (NHS Act 2006 s.65B(2))?",
    ),
    _bool(
        "sos_approved_tsa_order",
        "Has the Secretary of State approved the making of the order appointing a trust special "
        "administrator (NHS Act 2006 ss.65B(2)(b), 65D(2A), from 1 July 2022)?",
    ),
    _bool(
        "tsa_consultation_done",
        "Did the appointer consult as the Act requires before making the order (NHS Act 2006 "
        "s.65B, s.65D(4))?",
    ),
    _bool(
        "tsa_final_report_received",
        "Has the trust special administrator given the final report (NHS Act 2006 s.65I)?",
    ),
    _bool(
        "sos_decided_tsa_dissolution",
        "Has the Secretary of State been satisfied with a final report recommending the trust's "
        "dissolution, or decided that it be dissolved (NHS Act 2006 ss.65KB(1), 65KD(1), "
        "65KD(9))?",
    ),
    _bool(
        "sos_supported_application",
        "Was the NHS trust's application for foundation trust authorisation supported by the "
        "Secretary of State (NHS Act 2006 s.33(1), before 1 July 2022)?",
    ),
    _bool(
        "sos_approved_authorisation",
        "Has the Secretary of State approved the foundation trust authorisation (NHS Act 2006 "
        "s.35(1), from 1 July 2022)?",
    ),
    _bool(
        "ft_governors_majority_approved",
        "Did more than half of the members of the foundation trust's council of governors "
        "approve the application (of each applicant foundation trust, for a merger or "
        "acquisition) (NHS Act 2006 ss.56(1A), 56A(2), 56B(2), 57A(2))?",
    ),
    _bool(
        "significant_under_constitution",
        "Does the transaction meet a description of a significant transaction in the "
        "foundation trust's constitution (NHS Act 2006 s.51A(2))?",
    ),
    _bool(
        "ft_governors_voting_majority_approved",
        "Did more than half of the members of the foundation trust's council of governors "
        "voting approve entering into the transaction (NHS Act 2006 s.51A(1))?",
    ),
    _bool(
        "separation_steps_taken",
        "Is the regulator satisfied the steps necessary to prepare for the separation were "
        "taken (NHS Act 2006 s.56B(4))?",
    ),
    _bool(
        "sos_approved_separation",
        "Has the Secretary of State approved the grant of the separation (NHS Act 2006 s.56B(4), "
        "from 1 July 2022)?",
    ),
    # --- issue 11: conditions precedent ------------------------------------------------------
    _bool(
        "nhs_trust_order_consultation_completed",
        "Was the consultation prescribed for the NHS trust order completed before it is made "
        "(NHS Act 2006 s.25(3))?",
    ),
    _bool(
        "nhs_trust_dissolution_consultation_completed",
        "Was the consultation prescribed for dissolving the NHS trust completed before the order "
        "(NHS Act 2006 Sch 4 para 28(3))?",
    ),
    _bool(
        "nhs_trust_dissolution_ground",
        "Is the order dissolving the NHS trust made on its application, or in the interests of "
        "the health service (NHS Act 2006 Sch 4 para 28(2))?",
    ),
    _bool(
        "nhs_trust_dissolution_urgent",
        "Does the order dissolving the NHS trust need to be made as a matter of urgency (or follow "
        "a trust special administrator's final report), so that the prescribed consultation is "
        "not required (NHS Act 2006 Sch 4 para 28(3))?",
    ),
    _bool(
        "sos_approved_dissolution_order",
        "Has the Secretary of State approved NHS England's order dissolving the NHS trust (NHS "
        "Act 2006 Sch 4 para 28(1A), from 1 July 2022)?",
    ),
    _bool(
        "transaction_steps_taken",
        "Is the regulator satisfied that the steps necessary to prepare for the merger or "
        "acquisition have been taken (NHS Act 2006 ss.56(4), 56A(4))?",
    ),
    _bool(
        "sos_approved_transaction",
        "Has the Secretary of State approved the grant of the merger or acquisition application "
        "(NHS Act 2006 ss.56(4)(b), 56A(4)(b), from 1 July 2022)?",
    ),
    _bool(
        "sos_supported_transaction",
        "Does the Secretary of State support the merger or acquisition application to which an "
        "NHS trust is a party (NHS Act 2006 s.56(2)(a), s.56A(3)(a), until 30 June 2022)?",
    ),
    _bool(
        "dissolution_steps_taken",
        "Is the regulator satisfied that the steps necessary to prepare for the foundation "
        "trust's dissolution have been taken (NHS Act 2006 s.57A(3)(b))?",
    ),
    _bool(
        "appointment_approved",
        "Has the person whose approval or consent the Act requires approved the appointment "
        "(NHS Act 2006 Sch A1 para 3; Sch 1B paras 5, 7, 8; Sch 7 para 17(4))?",
    ),
    _bool(
        "chief_executive_is_icb_employee",
        "Is the person to be appointed an ICB's chief executive an employee of the ICB (NHS Act "
        "2006 Sch 1B para 7(2))?",
    ),
    _bool(
        "affected_icbs_consulted",
        "Has NHS England consulted each ICB it considers likely to be affected before varying or "
        "revoking the establishment order (NHS Act 2006 s.14Z25(7))?",
    ),
    _bool(
        "ft_consulted_on_capital_limit",
        "Has NHS England consulted the foundation trust before making the capital expenditure "
        "limit order (NHS Act 2006 s.42B(3))?",
    ),
    _bool(
        "treasury_consented_to_trust_objectives",
        "Has the Treasury consented to the financial objectives the Secretary of State sets for "
        "NHS trusts (NHS Act 2006 Sch 5 para 2(2) as it stood to 30 June 2022)?",
    ),
    _bool(
        "ccg_application_satisfies_s14C",
        "Is NHS England satisfied of the matters in NHS Act 2006 s.14C(2) (constitution, members, "
        "area, accountable officer, arrangements for functions and governing body)?",
    ),
    _bool(
        "ccgs_consulted_on_variation",
        "Has NHS England consulted the CCGs that might be affected before varying a CCG's "
        "constitution of its own motion (NHS Act 2006 s.14F(4))?",
    ),
    _bool(
        "ft_authorisation_matters_satisfied",
        "Is the regulator satisfied of the matters in NHS Act 2006 s.35(2) and of the "
        "applicant's consultation (s.35(5)-(6)) before authorising a foundation trust?",
    ),
    _bool(
        "transfer_improves_public_functions",
        "Does the Secretary of State consider the transfer regulations improve the exercise of "
        "public functions (Health and Care Act 2022 s.103(2))?",
    ),
    _bool(
        "transfer_consultation_done",
        "Did the Secretary of State consult on a draft of the transfer regulations, and obtain "
        "any devolved consent required, before making them (Health and Care Act 2022 s.108)?",
    ),
    _bool(
        "draft_regulations_approved",
        "Was a draft of the regulations approved by a resolution of each House of Parliament "
        "(Health and Care Act 2022 s.183(4)(c))?",
    ),
    _bool(
        "nhse_not_made_redundant",
        "Does the transfer of NHS England's functions leave it not redundant (Health and Care "
        "Act 2022 s.103(3))?",
    ),
    _bool(
        "body_redundant_after_transfer",
        "Does the Secretary of State consider the body redundant after the transfer of its "
        "functions (Health and Care Act 2022 s.103(4)(c))?",
    ),
    _bool(
        "awarded_before_psr_amendments",
        "Was the contract awarded, or its award procedure begun, before 24 February 2025 (SI "
        "2025/163 reg 34)?",
    ),
    _bool(
        "minister_notified_of_termination",
        "Has the authority notified a Minister of the Crown of its intention to terminate the "
        "contract (PSR reg 22(4)-(5), from 24 March 2026)?",
    ),
    _bool(
        "minister_considers_termination_appropriate",
        "Does the Minister consider the supplier excludable on the national-security ground and "
        "that the contract should be terminated (PSR reg 22(5)(b))?",
    ),
    # --- issue 11: competition ---
    _bool(
        "merger_notice_before_2014_04_01",
        "Was the merger already before the OFT (a merger notice or satisfactory submission "
        "received) before 1 April 2014 (SI 2014/416 Schedule para 6)?",
    ),
    _bool(
        "interim_measure_bars_merger",
        "Is an interim undertaking or order in force (Enterprise Act 2002 ss.80-81) that stops "
        "the parties completing the merger while the reference is not finally determined?",
    ),
    # --- issue 11: directions ----------------------------------------------------------------
    _bool(
        "about_particular_individual",
        "Is the decision about the services to be provided to a particular individual for or in "
        "connection with the prevention, diagnosis or treatment of illness (outside the triple "
        "aim: NHS Act 2006 ss.13NA(2)(a), 14Z43(2)(a), 26A(2)(a), 63A(2)(a))?",
    ),
    _bool(
        "nice_recommended",
        "Has NICE made a recommendation, or issued guidance, on the clinical and cost "
        "effectiveness of the drug, medicine, treatment or diagnostic technique the direction is "
        "about (NHS Act 2006 s.13ZD(3))?",
    ),
    _bool(
        "consistent_with_nice",
        "Is the direction consistent with NICE's recommendation or guidance on the drug, "
        "treatment or diagnostic technique (NHS Act 2006 s.13ZD(3))?",
    ),
    _bool(
        "chc_decision_functions",
        "Does the direction cover NHS England's functions, for the armed forces or prisoner "
        "cohorts, of deciding primary health need for NHS Continuing Healthcare, deciding a need "
        "for nursing care under Standing Rules reg 28, or reviewing decisions under Standing "
        "Rules reg 23 (SI 2023/945 reg 3)?",
    ),
    _bool(
        "icb_consulted",
        "Has NHS England consulted the ICB (or the ICB whose chief executive) it proposes to "
        "direct to perform the failing ICB's functions (NHS Act 2006 s.14Z62(1))?",
    ),
    _bool(
        "choice_investigation_carried_out",
        "Has NHS England carried out an investigation under NHS Act 2006 s.6F(1) into the ICB's "
        "failure to comply with patient choice requirements?",
    ),
    _bool(
        "choice_undertaking_accepted",
        "Has NHS England accepted an undertaking from the ICB under NHS Act 2006 s.6F(3) on the "
        "matters the direction concerns?",
    ),
    _bool(
        "choice_undertaking_breached",
        "Has the ICB failed to comply with the undertaking NHS England accepted from it under "
        "NHS Act 2006 s.6F(3)?",
    ),
    # --- issue 12: prices (the national tariff, HSCA 2012 ss.116-121; the NHS payment scheme,
    # ss.114A-114E) ---------------------------------------------------------------------------
    _bool(
        "tariff_consultation_held",
        "Before publishing the national tariff, did the publisher send its consultation notice "
        "(services, method, prices, local modification method) to each CCG (ICB from 1 July "
        "2022) and each relevant provider, publish it, and allow 28 days from the day after "
        "publication for responses (HSCA 2012 s.118)?",
    ),
    _bool(
        "tariff_agreed_with_board",
        "Were the services to be priced those the NHS Commissioning Board considered should be "
        "specified (agreed with Monitor), and the method agreed with the Board, or settled by "
        "arbitration where they could not agree (HSCA 2012 s.118(7)-(12), to 30 June 2022)?",
    ),
    _percent(
        "tariff_commissioner_objection_percent",
        "What percentage of CCGs (ICBs from 1 July 2022) objected to the proposed method for "
        "determining national prices within the consultation period (HSCA 2012 s.120(2)(a), "
        "(3))?",
    ),
    _percent(
        "tariff_provider_objection_percent",
        "What percentage of relevant providers, by number, objected to the proposed method "
        "(HSCA 2012 s.120(2)(b), (3))?",
    ),
    _percent(
        "tariff_share_of_supply_objection_percent",
        "What share of supply (by tariff income) did the objecting relevant providers have, as a "
        "percentage (HSCA 2012 s.120(2)(c); SI 2013/2214 reg 5(3)-(8), to the 2015 amendment)?",
    ),
    _bool(
        "tariff_objections_below_thresholds",
        "Did the publisher find (as its statement of the consultation's outcome records) that "
        "every objection percentage was below the prescribed percentage, so that no objection "
        "threshold was met (HSCA 2012 s.120(2))? Give this or the percentages themselves.",
    ),
    _bool(
        "tariff_method_reference_determined",
        "Was the method referred to the Competition Commission (the CMA from 1 April 2014) and "
        "the reference determined, with any changes the determination required made (HSCA 2012 "
        "ss.120(2), 121-122)?",
    ),
    _bool(
        "payment_scheme_impact_assessed",
        "Before publishing, did NHS England assess the likely impact of the proposed payment "
        "scheme, or publish its reasons for concluding that no assessment was needed (HSCA 2012 "
        "s.114C(1))?",
    ),
    _bool(
        "payment_scheme_consultation_held",
        "Did NHS England consult each ICB and each relevant provider by a published notice "
        "describing the proposed scheme, allowing 28 days from the day after publication, and "
        "consult again after significant amendments where it would be unfair not to (HSCA 2012 "
        "s.114C(2)-(6))?",
    ),
    _percent(
        "payment_scheme_icb_objection_percent",
        "What percentage of ICBs objected to the proposed payment scheme within the consultation "
        "period (HSCA 2012 s.114D(1)-(2))?",
    ),
    _percent(
        "payment_scheme_provider_objection_percent",
        "What percentage of relevant providers objected to the proposed payment scheme within "
        "the consultation period (HSCA 2012 s.114D(1)-(2))?",
    ),
    _bool(
        "payment_scheme_objections_within_threshold",
        "Did NHS England find that neither the ICBs' nor the relevant providers' objection "
        "percentage exceeded the prescribed percentage (HSCA 2012 s.114D(1)(b))? Give this or "
        "the percentages themselves.",
    ),
    _bool(
        "objectors_representatives_consulted",
        "Did NHS England consult persons representative of the objecting ICBs or relevant "
        "providers (HSCA 2012 s.114D(3))?",
    ),
    _bool(
        "payment_scheme_amended_after_objections",
        "After consulting the objectors' representatives, did NHS England amend the proposed "
        "scheme (consulting again under s.114C if the amendments were significant and it would "
        "be unfair not to) (HSCA 2012 s.114D(4))?",
    ),
    _bool(
        "objection_reasons_notice_published",
        "Before publishing the scheme unamended, did NHS England publish a notice of that "
        "decision with its reasons and send it to those consulted and to the objectors (HSCA "
        "2012 s.114D(5))?",
    ),
    _bool(
        "payment_scheme_amendment_not_significant",
        "Is NHS England of the opinion, having regard to the matters in HSCA 2012 s.114E(2), "
        "that the amendments are not so significant as to require a new edition of the payment "
        "scheme (s.114E(1))?",
    ),
    _bool(
        "payment_scheme_amendment_consultation_held",
        "Did NHS England publish a notice of the proposed amendments, send it to the ICBs and "
        "relevant providers affected, and allow 28 days from the day after publication (HSCA "
        "2012 s.114E(4)-(7))?",
    ),
)

FACTS: dict[str, Fact] = {f.name: f for f in _DECLARED}


def _strings(value: Any, seen: set[int]) -> set[str]:
    """Every string a value holds or, for a function of the law, mentions: its constants,
    its nested functions, and the law's functions and constants it refers to by name."""
    if id(value) in seen:
        return set()
    seen.add(id(value))
    if isinstance(value, str):
        return {value}
    if isinstance(value, Mapping):
        return {s for k, v in value.items() for s in _strings(k, seen) | _strings(v, seen)}
    if isinstance(value, tuple | list | frozenset | set):
        return {s for v in value for s in _strings(v, seen)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (getattr(value, f.name) for f in dataclasses.fields(value))
        return {s for v in fields for s in _strings(v, seen)}
    if isinstance(value, types.FunctionType) and value.__module__.startswith("nhswiring.law"):
        found = _code_strings(value.__code__, value.__globals__, seen)
        for cell in value.__closure__ or ():
            found |= _strings(cell.cell_contents, seen)
        return found
    return set()


def _code_strings(code: types.CodeType, names: Mapping[str, Any], seen: set[int]) -> set[str]:
    found: set[str] = set()
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= _code_strings(const, names, seen)
        else:
            found |= _strings(const, seen)
    for name in code.co_names:
        if name in names:
            found |= _strings(names[name], seen)
    return found


@cache
def reading_rules() -> dict[str, tuple[Rule, ...]]:
    """For each declared fact, the rules (of any regime) whose check mentions it."""
    from nhswiring.law.regimes import regimes

    out: dict[str, list[Rule]] = {name: [] for name in FACTS}
    rules = {r.id: r for regime in regimes().values() for r in regime.rules}
    for rule_id in sorted(rules):
        for name in _strings(rules[rule_id].check, set()) & FACTS.keys():
            out[name].append(rules[rule_id])
    return {name: tuple(found) for name, found in out.items()}


@cache
def readers() -> dict[str, frozenset[str]]:
    """For each declared fact, the actions some rule of which reads it."""
    return {
        name: frozenset(a for r in found for a in r.actions)
        for name, found in reading_rules().items()
    }


def psr_route_facts() -> tuple[Fact, ...]:
    """The facts `psr route` reads: those of the PSR's award rules, and the case's own."""
    return tuple(
        f
        for f in _DECLARED
        if f.case_use
        or any(
            r.id.startswith("psr_2023.") and "award_contract" in r.actions
            for r in reading_rules()[f.name]
        )
    )


def _check_type(fact: Fact, value: Any, where: str) -> None:
    if value is None:
        return  # null: not given (the verdict asks for it if a rule needs it)
    if fact.type is FactType.BOOL:
        ok = isinstance(value, bool)
    else:
        try:
            amount = Decimal(str(value)) if not isinstance(value, bool) else None
        except (InvalidOperation, ValueError):
            amount = None
        ok = amount is not None and amount.is_finite()
        ok = ok and (fact.type is FactType.CHANGE or (amount is not None and amount >= 0))
        ok = ok and (fact.type is not FactType.PERCENT or (amount is not None and amount <= 100))
    if not ok:
        raise InvalidInput(where, f"is {value!r}, not {fact.type.noun}", f"give {fact.accepted}")


def check_facts(
    facts: Mapping[str, Any], actions: Iterable[str], *, field: str = "facts", case: bool = False
) -> tuple[str, ...]:
    """Validate ``facts`` given for ``actions``; return the known facts none of their rules
    reads (nor, with ``case``, a provider selection case), for the caller to report.

    Raises InvalidInput for a name that is not a fact (with the nearest names) or a value of
    the wrong type."""
    if not isinstance(facts, Mapping):
        raise InvalidInput(field, "is not a mapping of fact names to values", f"see {DOC}")
    wanted = set(actions)
    read = readers()
    unread = []
    for name, value in facts.items():
        fact = FACTS.get(str(name))
        if fact is None:
            close = difflib.get_close_matches(str(name), FACTS, n=3, cutoff=0.6)
            hint = f"the closest are {', '.join(close)}; " if close else ""
            raise InvalidInput(
                f"{field}.{name}",
                "is not a fact the law reads",
                f"{hint}every fact is listed in {DOC}",
            )
        _check_type(fact, value, f"{field}.{name}")
        if not (read[fact.name] & wanted) and not (case and fact.case_use):
            unread.append(fact.name)
    return tuple(unread)


def check_route_facts(facts: Mapping[str, Any], *, field: str = "facts") -> tuple[str, ...]:
    """Validate the facts given to `psr route`; return those it does not read (a fact of an
    older regime, or of a modification)."""
    check_facts(facts, [], field=field)
    route = {f.name for f in psr_route_facts()}
    return tuple(name for name in facts if name not in route)
