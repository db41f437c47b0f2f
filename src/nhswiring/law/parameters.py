"""The law's parameters: every commencement date and threshold the rules read, written once,
each beside the provision that sets it (after OpenFisca's parameters with references).

Rule modules import these names (directly or through `nhswiring.law.common`); nothing else
in the code base states these dates or amounts. `PARAMETERS` lists them with their citations
for `docs/law.md` and for anyone asking where a number comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    value: date | Decimal
    means: str
    citation: str
    #: "percent" for a percentage: the literal check then looks for "51%" or "51 per cent",
    #: not every bare 51 (a section number, say)
    unit: str = ""


PARAMETERS: tuple[Parameter, ...] = (
    # --- commencements -------------------------------------------------------------------
    Parameter(
        "HSCA_S79_START",
        date(2012, 7, 1),
        "Foundation trust combinations are treated as enterprises ceasing to be distinct for "
        "Enterprise Act 2002 Part 3, with Monitor advising on relevant customer benefits",
        "HSCA 2012 s.79; SI 2012/1319 (per the note of earlier commencement orders in SI "
        "2012/2657)",
    ),
    Parameter(
        "HSCA_START",
        date(2013, 4, 1),
        "The 2012 Act's commissioning system in force: NHS England (the NHS Commissioning "
        "Board) and CCGs take on commissioning; PCTs and SHAs abolished",
        "HSCA 2012 ss.9-34; SI 2013/160 art 2(2); SI 2013/671",
    ),
    Parameter(
        "CMA_START",
        date(2014, 4, 1),
        "The CMA takes over the OFT's and the Competition Commission's merger functions; the "
        "statutory Phase 1 timetable (Enterprise Act 2002 s.34ZA) begins",
        "Enterprise and Regulatory Reform Act 2013 ss.25-26, Sch 8; SI 2014/416 art 2(1)",
    ),
    Parameter(
        "CARE_ACT_TSA",
        date(2014, 7, 15),
        "Trust special administration as amended by the Care Act 2014 (the administrator may "
        "act beyond the trust in difficulty; quality failures may found an appointment)",
        "Care Act 2014 ss.84, 85 and 120; SI 2014/1714 art 3(2)(a)-(c)",
    ),
    Parameter(
        "CCG_JOINT_COMMITTEES",
        date(2014, 10, 1),
        "CCGs may form joint committees with each other",
        "Legislative Reform (Clinical Commissioning Groups) Order 2014 (SI 2014/2436)",
    ),
    Parameter(
        "PCR_START",
        date(2015, 2, 26),
        "The Public Contracts Regulations 2015 in force (light-touch regime for health "
        "services procured by NHS bodies from 18 April 2016)",
        "Public Contracts Regulations 2015 (SI 2015/102) reg 1",
    ),
    Parameter(
        "LTR_FOR_HEALTH",
        date(2016, 4, 18),
        "NHS England and CCGs come under the PCR 2015 light-touch regime for health services",
        "Public Contracts Regulations 2015 (SI 2015/102) reg 118",
    ),
    Parameter(
        "HCA_START",
        date(2022, 7, 1),
        "ICBs established and CCGs abolished; NHS England's new powers; the 2022 Act's main "
        "commencement",
        "Health and Care Act 2022 (Commencement No. 2 ...) Regulations 2022 (SI 2022/734) reg 2",
    ),
    Parameter(
        "ICB_ORDERS",
        date(2022, 5, 9),
        "NHS England may make ICB establishment orders, so that they could be made before the "
        "ICBs came into being on 1 July 2022",
        "NHS Act 2006 s.14Z25 (HCA 2022 s.19); SI 2022/515",
    ),
    Parameter(
        "NHS_DIGITAL_TRANSFER",
        date(2023, 2, 1),
        "NHS Digital's functions pass to NHS England and NHS Digital is abolished; NHS "
        "England's data functions join those it may not delegate",
        "Health and Social Care Information Centre (Transfer of Functions, Abolition and "
        "Transitional Provisions) Regulations 2023 (SI 2023/98); SI 2022/642 reg 2(c) as "
        "inserted by SI 2023/98",
    ),
    Parameter(
        "PAYMENT_SCHEME",
        date(2023, 4, 1),
        "The NHS Payment Scheme replaces the national tariff; s.13YB directions and NHS trust "
        "licensing in force",
        "Health and Care Act 2022 (Commencement No. 4) Regulations 2023 (SI 2023/371) reg 2",
    ),
    Parameter(
        "HEE_TRANSFER",
        date(2023, 4, 1),
        "Health Education England's functions pass to NHS England and HEE is abolished",
        "Health Education England (Transfer of Functions, Abolition and Transitional "
        "Provisions) Regulations 2023 (SI 2023/368)",
    ),
    Parameter(
        "NHSE_DIRECTS_ICBS",
        date(2023, 4, 1),
        "NHS England may direct ICBs to exercise its functions (NHS Act 2006 s.13YB)",
        "Health and Care Act 2022 s.13; SI 2023/371 reg 2(a)",
    ),
    Parameter(
        "NHS_TRUSTS_LICENSED",
        date(2023, 4, 1),
        "NHS trusts are treated as licensed (their exemption from licensing ends)",
        "HSCA 2012 s.87A (HCA 2022 s.51); SI 2023/371 reg 2(c)",
    ),
    Parameter(
        "S13YB_LIMITS",
        date(2023, 9, 29),
        "Some continuing healthcare and nursing care decisions may not be directed to ICBs "
        "under s.13YB",
        "National Health Service (Disapplication of NHS England's Powers of Direction) "
        "(England) Regulations 2023 (SI 2023/945) regs 1(2), 3",
    ),
    Parameter(
        "PSR_START",
        date(2024, 1, 1),
        "The Provider Selection Regime in force; patient choice requirements and NHS England's "
        "patient-choice powers over ICBs",
        "Health Care Services (Provider Selection Regime) Regulations 2023 (SI 2023/1348) "
        "reg 1; SI 2023/1431 reg 3",
    ),
    Parameter(
        "PATIENT_CHOICE_ENFORCEMENT",
        date(2024, 1, 1),
        "NHS England may investigate and direct ICBs on patient choice requirements",
        "NHS Act 2006 ss.6F-6G, Sch 1ZA (HCA 2022 s.78, Sch 11); SI 2023/1431 reg 3",
    ),
    Parameter(
        "CALL_IN_START",
        date(2024, 1, 31),
        "The Secretary of State's power to call in reconfiguration proposals",
        "NHS Act 2006 Sch 10A (HCA 2022 s.46 and Sch 6); SI 2023/1431 reg 4 (Sch 10A paras "
        "1-4 and 6-7 only; para 5 not commenced)",
    ),
    Parameter(
        "PSR_AMENDED",
        date(2025, 2, 24),
        "The PSR as amended for the Procurement Act 2023's exclusion regime",
        "Procurement Act 2023 (Consequential and Other Amendments) Regulations 2025 "
        "(SI 2025/163) regs 1(2), 28 (transitional: reg 34)",
    ),
    Parameter(
        "ICB_MEMBERSHIP_BAR",
        date(2024, 12, 16),
        "Integrated care boards become health service bodies whose members and employees may "
        "not chair or be non-executive directors of an NHS trust",
        "NHS Trusts (Membership and Procedure) Regulations 1990 (SI 1990/2024) reg 11(1)(e), "
        "(6B), as amended by SI 2024/1205 reg 2",
    ),
    Parameter(
        "PSR_MINISTER_NOTICE",
        date(2026, 3, 24),
        "A relevant authority terminating a contract on a ground of PSR reg 22 must notify the "
        "Minister",
        "PSR (SI 2023/1348) reg 22 as amended by SI 2026/360 reg 4 (reg 1(2): the day after it "
        "was made)",
    ),
    # --- prices: the national tariff and the NHS payment scheme ------------------------------
    Parameter(
        "TARIFF_OBJECTIONS_START",
        date(2013, 9, 1),
        "Objections to a proposed national tariff method count (HSCA 2012 ss.120-123 and Sch 12 "
        "in force for consultation on a tariff Monitor is to publish under s.116)",
        "SI 2013/671 art 2(5)",
    ),
    Parameter(
        "TARIFF_THRESHOLDS_2013",
        date(2013, 9, 5),
        "The first prescribed objection percentages for the national tariff (commissioners, "
        "providers, share of supply) in force: the day after the regulations were made",
        "National Health Service (Licensing and Pricing) Regulations 2013 (SI 2013/2214) regs "
        "1(1), 5",
    ),
    Parameter(
        "FIRST_NATIONAL_TARIFF",
        date(2014, 4, 1),
        "The first national tariff published by Monitor (2014/15) takes effect, ending the "
        "Secretary of State's Payment by Results tariff",
        "HSCA 2012 s.116; SI 2013/2214 reg 5(8) (the Secretary of State's tariff under NHS Act "
        "2006 s.2 until then)",
    ),
    Parameter(
        "TARIFF_THRESHOLDS_2015",
        date(2015, 12, 2),
        "The national tariff objection percentages raised and the share-of-supply test removed "
        "(UNCONFIRMED day: the amending regulations came into force the day after they were made; "
        "the Lords debated the draft on 1 December 2015, so this is the earliest possible day)",
        "National Health Service (Licensing and Pricing) (Amendment) Regulations 2015 reg 1 "
        "(SI number not confirmed), amending SI 2013/2214 regs 5-6",
    ),
    Parameter(
        "TARIFF_COMMISSIONER_THRESHOLD_2013",
        Decimal("51"),
        "National tariff: the proposed method may not be used if this percentage or more of "
        "CCGs objected (a reference to the Competition Commission or CMA otherwise)",
        "HSCA 2012 s.120(2)(a); SI 2013/2214 reg 5(1) as made",
        "percent",
    ),
    Parameter(
        "TARIFF_PROVIDER_THRESHOLD_2013",
        Decimal("51"),
        "National tariff: the same for relevant providers by number",
        "HSCA 2012 s.120(2)(b); SI 2013/2214 reg 5(2) as made",
        "percent",
    ),
    Parameter(
        "TARIFF_SHARE_OF_SUPPLY_THRESHOLD_2013",
        Decimal("51"),
        "National tariff: the same for objecting providers weighted by their share of supply "
        "(measured by tariff income)",
        "HSCA 2012 s.120(2)(c), (6); SI 2013/2214 reg 5(3)-(8) as made",
        "percent",
    ),
    Parameter(
        "TARIFF_THRESHOLD_2015",
        Decimal("66"),
        "National tariff from the 2015 amendment: the percentage of CCGs (ICBs from 1 July "
        "2022) or of relevant providers objecting at which the method may not be used; no "
        "share-of-supply test",
        "SI 2013/2214 reg 5(1)-(2) as amended by the National Health Service (Licensing and "
        "Pricing) (Amendment) Regulations 2015 reg 2(2)",
        "percent",
    ),
    Parameter(
        "PAYMENT_SCHEME_OBJECTION_THRESHOLD",
        Decimal("66"),
        "NHS Payment Scheme: objections from more than this percentage of ICBs or of relevant "
        "providers oblige NHS England to consult their representatives (PARTLY CONFIRMED: the "
        "Minister's statement of the figure, Hansard 9 January 2023)",
        "HSCA 2012 s.114D(1)(b); National Health Service (NHS Payment Scheme - Consultation) "
        "(No. 2) Regulations 2022 (SI number not confirmed)",
        "percent",
    ),
    # --- thresholds ------------------------------------------------------------------------
    Parameter(
        "PSR_CONSIDERABLE_CHANGE",
        Decimal("500000"),
        "A change in a contract's lifetime value from which a change is considerable (reg "
        "6(10)) and a modification needs its notice (reg 13(4)), in pounds",
        "PSR (SI 2023/1348) regs 6(10), 13(2)(b), 13(4)",
    ),
)

_BY_NAME = {p.name: p for p in PARAMETERS}


def _date(name: str) -> date:
    value = _BY_NAME[name].value
    assert isinstance(value, date)
    return value


def _amount(name: str) -> Decimal:
    value = _BY_NAME[name].value
    assert isinstance(value, Decimal)
    return value


HSCA_S79_START = _date("HSCA_S79_START")
HSCA_START = _date("HSCA_START")
CMA_START = _date("CMA_START")
CARE_ACT_TSA = _date("CARE_ACT_TSA")
CCG_JOINT_COMMITTEES = _date("CCG_JOINT_COMMITTEES")
PCR_START = _date("PCR_START")
LTR_FOR_HEALTH = _date("LTR_FOR_HEALTH")
HCA_START = _date("HCA_START")
ICB_ORDERS = _date("ICB_ORDERS")
NHS_DIGITAL_TRANSFER = _date("NHS_DIGITAL_TRANSFER")
HEE_TRANSFER = _date("HEE_TRANSFER")
PAYMENT_SCHEME = _date("PAYMENT_SCHEME")
NHSE_DIRECTS_ICBS = _date("NHSE_DIRECTS_ICBS")
S13YB_LIMITS = _date("S13YB_LIMITS")
NHS_TRUSTS_LICENSED = _date("NHS_TRUSTS_LICENSED")
PSR_START = _date("PSR_START")
PATIENT_CHOICE_ENFORCEMENT = _date("PATIENT_CHOICE_ENFORCEMENT")
CALL_IN_START = _date("CALL_IN_START")
PSR_AMENDED = _date("PSR_AMENDED")
ICB_MEMBERSHIP_BAR = _date("ICB_MEMBERSHIP_BAR")
PSR_MINISTER_NOTICE = _date("PSR_MINISTER_NOTICE")
PSR_CONSIDERABLE_CHANGE = _amount("PSR_CONSIDERABLE_CHANGE")


@dataclass(frozen=True, slots=True)
class Reading:
    """A number the law leaves open and the model has had to choose, with the basis of the
    choice: not the law's figure, the model's reading of it (so it is kept apart from
    `PARAMETERS`, which the law itself sets)."""

    name: str
    value: int
    means: str
    basis: str


READINGS: tuple[Reading, ...] = (
    Reading(
        "TRUST_BREAKEVEN_YEARS",
        3,
        "The run of consecutive financial years, ending with the year tested, over which an "
        "NHS trust's revenue must cover its revenue-account outgoings 'taking one financial "
        "year with another': met when the surpluses and deficits of the run sum to zero or more",
        "NHS Act 2006 Sch 5 para 2(1) sets no period. The Department of Health's reading: a "
        "cumulative deficit must be recovered in the two years after the first year in which "
        "it is reported, so three years, extendable to five by exception (written answer, HC "
        "Deb 16 January 2007, North Bristol NHS Trust; HSJ 2014 on Plymouth Hospitals: 'break "
        "even over a three year period'). PARTLY CONFIRMED (secondary sources, not the "
        "accounting manual)",
    ),
)

_READING = {r.name: r for r in READINGS}
TRUST_BREAKEVEN_YEARS = _READING["TRUST_BREAKEVEN_YEARS"].value
TARIFF_OBJECTIONS_START = _date("TARIFF_OBJECTIONS_START")
TARIFF_THRESHOLDS_2013 = _date("TARIFF_THRESHOLDS_2013")
FIRST_NATIONAL_TARIFF = _date("FIRST_NATIONAL_TARIFF")
TARIFF_THRESHOLDS_2015 = _date("TARIFF_THRESHOLDS_2015")
TARIFF_COMMISSIONER_THRESHOLD_2013 = _amount("TARIFF_COMMISSIONER_THRESHOLD_2013")
TARIFF_PROVIDER_THRESHOLD_2013 = _amount("TARIFF_PROVIDER_THRESHOLD_2013")
TARIFF_SHARE_OF_SUPPLY_THRESHOLD_2013 = _amount("TARIFF_SHARE_OF_SUPPLY_THRESHOLD_2013")
TARIFF_THRESHOLD_2015 = _amount("TARIFF_THRESHOLD_2015")
PAYMENT_SCHEME_OBJECTION_THRESHOLD = _amount("PAYMENT_SCHEME_OBJECTION_THRESHOLD")
