"""The catalogue of statutory functions: each with the provisions that confer it, on whom, when.

Citations are to the NHS Act 2006 as amended unless another instrument is named. Intervals are
half-open: the 2012 Act's commissioning system ran from 1 April 2013 to 30 June 2022 inclusive,
so its conferrals end on 2022-07-01, the day the 2022 Act's replacements begin. The research
behind each entry (which version of the legislation was read) is in
docs/research/function-catalogue.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.errors import CitationNotUnderstood, InvalidInput
from nhswiring.domain.functions import Conferral, Scope, StatutoryFunction
from nhswiring.domain.time import Interval
from nhswiring.law.instruments import (
    ENTERPRISE_ACT_2002,
    NHS_ACT_2006,
    Source,
    parse_citation,
    part,
    section,
)
from nhswiring.law.parameters import (
    CALL_IN_START,
    CMA_START,
    FIRST_NATIONAL_TARIFF,
    HEE_TRANSFER,
    NHS_DIGITAL_TRANSFER,
)
from nhswiring.law.parameters import HCA_START as HCA_2022_START
from nhswiring.law.parameters import HSCA_START as HSCA_2012_START
from nhswiring.law.parameters import PAYMENT_SCHEME as PAYMENT_SCHEME_START

BEFORE_2022 = Interval(HSCA_2012_START, HCA_2022_START)
FROM_2022 = Interval(HCA_2022_START)
THROUGHOUT = Interval(HSCA_2012_START)

K = BodyKind
ENGLAND = Scope.ENGLAND
OWN_AREA = Scope.OWN_AREA


def _f(key: str, title: str, summary: str, *conferrals: Conferral) -> StatutoryFunction:
    return StatutoryFunction(key, title, summary, conferrals)


#: Each conferral's citation as structured sources (the domain's Conferral carries the text):
#: given where the parser cannot read the citation reliably, otherwise read from the citation
#: when first asked for (reading them all at import cost every command-line read its time).
_SOURCES: Final[dict[Conferral, tuple[Source, ...]]] = {}
_CATALOGUED: Final[set[Conferral]] = set()


def _c(
    holder: BodyKind | str,
    scope: Scope,
    valid: Interval,
    citation: str,
    *sources: Source,
) -> Conferral:
    """A conferral; its sources are read from ``citation`` unless given (where the parser
    cannot read the citation reliably)."""
    conferral = Conferral(holder, scope, valid, citation)
    _CATALOGUED.add(conferral)
    if sources:
        _SOURCES[conferral] = tuple(sources)
    return conferral


def conferral_sources(conferral: Conferral) -> tuple[Source, ...]:
    """The provisions that make ``conferral`` (for one outside the catalogue, what its
    citation can be read to say; none if it cannot be read). A catalogue citation that
    cannot be read raises :class:`CitationNotUnderstood`: the catalogue must be readable."""
    known = _SOURCES.get(conferral)
    if known is not None:
        return known
    if conferral in _CATALOGUED:
        found = _SOURCES[conferral] = parse_citation(conferral.citation)
        return found
    try:
        return parse_citation(conferral.citation)
    except CitationNotUnderstood:
        return ()


FUNCTIONS: tuple[StatutoryFunction, ...] = (
    _f(
        "commission_secondary_care",
        "Commission hospital, community and mental health services",
        "Arrange hospital and other services to meet the reasonable requirements of the people "
        "the commissioner is responsible for.",
        _c(K.CCG, OWN_AREA, BEFORE_2022, "NHS Act 2006 s.3 (amended by HSCA 2012 s.13)"),
        _c(K.ICB, OWN_AREA, FROM_2022, "NHS Act 2006 ss.3-3A (substituted by HCA 2022 s.21)"),
    ),
    _f(
        "commission_primary_medical_services",
        "Commission primary medical (GP) services",
        "Secure primary medical services throughout England; exercised locally by delegation to "
        "CCGs (from 2015) and ICBs (from 1 July 2022).",
        _c("NHSE", ENGLAND, THROUGHOUT, "NHS Act 2006 s.83(1) (as amended by HSCA 2012)"),
    ),
    _f(
        "commission_pharmacy_optometry_dental",
        "Commission pharmaceutical, ophthalmic and dental services",
        "Arrange primary dental, general ophthalmic and pharmaceutical services; exercised by "
        "ICBs under delegation from 2023.",
        _c(
            "NHSE",
            ENGLAND,
            THROUGHOUT,
            "NHS Act 2006 ss.99(1), 115(1) and 126(1) (as amended by HSCA 2012)",
        ),
    ),
    _f(
        "commission_specialised_services",
        "Commission specialised services",
        "Arrange the services the Secretary of State prescribes for NHS England to commission "
        "(specialised and highly specialised services).",
        _c(
            "NHSE",
            ENGLAND,
            THROUGHOUT,
            "NHS Act 2006 s.3B; NHS (Standing Rules) Regulations 2012 (SI 2012/2996) reg 11, Sch 4",
        ),
    ),
    _f(
        "commission_public_health",
        "Commission public health services",
        "Take the steps it considers appropriate to improve the health of the people in its "
        "area (upper-tier local authorities).",
        _c(
            K.LOCAL_AUTHORITY,
            OWN_AREA,
            THROUGHOUT,
            "NHS Act 2006 s.2B (inserted by HSCA 2012 s.12)",
        ),
    ),
    _f(
        "oversee_providers",
        "Oversee NHS trusts and foundation trusts",
        "Regulate and support NHS providers: Monitor for foundation trusts and the NHS Trust "
        "Development Authority for NHS trusts until 2022, NHS England since.",
        _c("MONITOR", ENGLAND, BEFORE_2022, "HSCA 2012 Part 3; NHS Act 2006 Part 2 Chapter 5"),
        _c(
            "TDA",
            ENGLAND,
            BEFORE_2022,
            "NHS Act 2006 ss.7-8: directions to the TDA (established by SI 2012/901)",
        ),
        _c(
            "NHSE",
            ENGLAND,
            FROM_2022,
            "NHS Act 2006 ss.27A-27B (inserted by HCA 2022 ss.54-55); HCA 2022 s.33 and Sch 5",
        ),
    ),
    _f(
        "set_allocations",
        "Allot funds to commissioners",
        "The Secretary of State allots NHS England its funding; NHS England allots each "
        "commissioner's funding for the financial year.",
        _c("SOS", ENGLAND, THROUGHOUT, "NHS Act 2006 s.223B (inserted by HSCA 2012 s.24)"),
        _c("NHSE", ENGLAND, BEFORE_2022, "NHS Act 2006 s.223G (inserted by HSCA 2012 s.27)"),
        _c("NHSE", ENGLAND, FROM_2022, "NHS Act 2006 s.223G (as amended to name ICBs)"),
    ),
    _f(
        "set_financial_objectives",
        "Set financial objectives",
        "Set financial objectives for an ICB and its partner trusts jointly (from 2022) and for "
        "NHS trusts (the Secretary of State, with the Treasury's consent, until 30 June 2022; "
        "NHS England since).",
        _c("SOS", ENGLAND, BEFORE_2022, "NHS Act 2006 Sch 5 para 2(2)-(3) (as first enacted)"),
        _c("NHSE", ENGLAND, FROM_2022, "NHS Act 2006 ss.223L-223N (inserted by HCA 2022 s.29)"),
        _c("NHSE", ENGLAND, FROM_2022, "NHS Act 2006 Sch 5 para 2(2)-(4) (HCA 2022 s.60)"),
    ),
    _f(
        "set_resource_limits",
        "Set resource limits",
        "Direct a CCG's own capital and revenue resource limits (to 30 June 2022), then an ICB "
        "and its partner trusts' joint limits for each financial year.",
        _c("NHSE", ENGLAND, BEFORE_2022, "NHS Act 2006 s.223I (inserted by HSCA 2012 s.27)"),
        _c("NHSE", ENGLAND, FROM_2022, "NHS Act 2006 s.223M (inserted by HCA 2022 s.29)"),
    ),
    _f(
        "review_mergers",
        "Review mergers under the Enterprise Act 2002",
        "Review mergers of foundation trusts (until 30 June 2022) and, since, only mergers in "
        "which a non-NHS enterprise is involved.",
        _c(
            "OFT",
            ENGLAND,
            Interval(HSCA_2012_START, CMA_START),
            "HSCA 2012 s.79; Enterprise Act 2002 Part 3",
        ),
        _c(
            "CMA",
            ENGLAND,
            Interval(CMA_START, HCA_2022_START),
            "HSCA 2012 s.79; Enterprise Act 2002 Part 3",
        ),
        _c(
            "CMA",
            ENGLAND,
            FROM_2022,
            "Enterprise Act 2002 Part 3 as limited by NHS Act 2006 s.72A (HCA 2022 s.83)",
            part(ENTERPRISE_ACT_2002, "3"),
            section(NHS_ACT_2006, "72A"),
        ),
    ),
    _f(
        "approve_foundation_trust_transactions",
        "Grant foundation trust mergers, acquisitions and separations",
        "Decide applications by foundation trusts to merge, acquire or separate.",
        _c("MONITOR", ENGLAND, BEFORE_2022, "NHS Act 2006 ss.56, 56A, 56B"),
        _c("NHSE", ENGLAND, FROM_2022, "NHS Act 2006 ss.56, 56A, 56B (amended by HCA 2022 s.65)"),
    ),
    _f(
        "direct_nhs_england",
        "Direct NHS England",
        "Direct NHS England about the exercise of any of its functions, in the public interest "
        "and with published directions.",
        _c("SOS", ENGLAND, FROM_2022, "NHS Act 2006 s.13ZC (inserted by HCA 2022 s.45)"),
    ),
    _f(
        "intervene_in_nhs_england_failure",
        "Direct NHS England where it is failing",
        "Before 1 July 2022 the Secretary of State could direct NHS England only where it was "
        "failing, or at significant risk of failing, to discharge a function.",
        _c("SOS", ENGLAND, BEFORE_2022, "NHS Act 2006 s.13Z2 (inserted by HSCA 2012 s.23)"),
    ),
    _f(
        "set_nhs_england_mandate",
        "Set NHS England's mandate",
        "Publish the objectives and requirements NHS England must seek to achieve.",
        _c("SOS", ENGLAND, THROUGHOUT, "NHS Act 2006 s.13A (inserted by HSCA 2012 s.23)"),
    ),
    _f(
        "direct_nhs_trusts",
        "Direct NHS trusts",
        "Direct an NHS trust about the exercise of its functions.",
        _c("SOS", ENGLAND, THROUGHOUT, "NHS Act 2006 s.8"),
        _c(
            "TDA",
            ENGLAND,
            BEFORE_2022,
            "NHS Act 2006 ss.7-8 (the TDA exercised the Secretary of State's functions "
            "by direction)",
        ),
        _c("NHSE", ENGLAND, FROM_2022, "NHS Act 2006 s.27B (inserted by HCA 2022 s.55)"),
    ),
    _f(
        "establish_commissioners",
        "Establish, merge and dissolve local commissioners",
        "Establish CCGs on application (2013-2022) and ICBs by order (from 2022).",
        _c("NHSE", ENGLAND, BEFORE_2022, "NHS Act 2006 ss.14B-14H (inserted by HSCA 2012 s.25)"),
        _c("NHSE", ENGLAND, FROM_2022, "NHS Act 2006 s.14Z25 (inserted by HCA 2022 s.19)"),
    ),
    _f(
        "set_ft_capital_limits",
        "Limit a foundation trust's capital expenditure",
        "Make an order limiting a named foundation trust's capital expenditure for a year.",
        _c("NHSE", ENGLAND, FROM_2022, "NHS Act 2006 s.42B (inserted by HCA 2022 s.62)"),
    ),
    _f(
        "call_in_reconfigurations",
        "Call in a reconfiguration of NHS services",
        "Take over a commissioner's decision on a proposed reconfiguration.",
        _c(
            "SOS",
            ENGLAND,
            Interval(CALL_IN_START),
            "NHS Act 2006 Sch 10A para 3 (inserted by HCA 2022 s.46 and Sch 6)",
        ),
    ),
    _f(
        "transfer_functions_between_bodies",
        "Transfer functions between arm's-length bodies",
        "Move functions between NHS England and other arm's-length bodies by regulations.",
        _c("SOS", ENGLAND, FROM_2022, "HCA 2022 ss.103-104"),
    ),
    _f(
        "register_providers",
        "Register and inspect providers of regulated activities",
        "Registration, inspection and enforcement for health and adult social care providers.",
        _c("CQC", ENGLAND, THROUGHOUT, "Health and Social Care Act 2008 Part 1 Chapter 2"),
    ),
    _f(
        "set_payment_scheme",
        "Set the prices commissioners pay providers",
        "The Secretary of State's Payment by Results tariff for 2013/14, the national tariff "
        "(Monitor with NHS England) until 2023, then NHS England's payment scheme.",
        _c(
            "SOS",
            ENGLAND,
            Interval(HSCA_2012_START, FIRST_NATIONAL_TARIFF),
            "NHS Act 2006 s.2 (the Payment by Results tariff, until the first national tariff)",
        ),
        _c("MONITOR", ENGLAND, BEFORE_2022, "HSCA 2012 s.116 (national tariff)"),
        _c(
            "NHSE",
            ENGLAND,
            Interval(HCA_2022_START, PAYMENT_SCHEME_START),
            "HSCA 2012 ss.116-121 (Monitor read as NHS England: SI 2022/734 reg 19)",
        ),
        _c(
            "NHSE",
            ENGLAND,
            Interval(PAYMENT_SCHEME_START),
            "HSCA 2012 s.114A (Part 3 Chapter 4 substituted by HCA 2022 Sch 10; SI 2023/371)",
        ),
    ),
    _f(
        "prepare_integrated_care_strategy",
        "Prepare the integrated care strategy",
        "Each integrated care partnership prepares a strategy for its ICB's area.",
        _c(
            K.ICP,
            OWN_AREA,
            FROM_2022,
            "Local Government and Public Involvement in Health Act 2007 s.116ZB (HCA 2022 s.26)",
        ),
    ),
    _f(
        "manage_health_information",
        "Collect, analyse and publish health and care information",
        "The information functions of the Health and Social Care Information Centre (NHS "
        "Digital), transferred to NHS England on 1 February 2023.",
        _c(
            "NHSD",
            ENGLAND,
            Interval(HSCA_2012_START, NHS_DIGITAL_TRANSFER),
            "HSCA 2012 Part 9 Chapter 2",
        ),
        _c(
            "NHSE",
            ENGLAND,
            Interval(NHS_DIGITAL_TRANSFER),
            "HSCA 2012 Part 9 Chapter 2 (functions transferred by SI 2023/98)",
        ),
    ),
    _f(
        "plan_education_and_training",
        "Plan and deliver education and training of the health workforce",
        "Health Education England's functions, transferred to NHS England on 1 April 2023.",
        _c(
            "HEE",
            ENGLAND,
            Interval(HSCA_2012_START, HEE_TRANSFER),
            "Care Act 2014 Part 3 Chapter 1",
        ),
        _c(
            "NHSE",
            ENGLAND,
            Interval(HEE_TRANSFER),
            "Care Act 2014 Part 3 Chapter 1 (functions transferred by SI 2023/368)",
        ),
    ),
)

CATALOGUE: Mapping[str, StatutoryFunction] = {f.key: f for f in FUNCTIONS}


def function(key: str) -> StatutoryFunction:
    try:
        return CATALOGUE[key]
    except KeyError:
        raise InvalidInput(
            "function", f"{key!r} is not in the catalogue", f"use one of: {', '.join(CATALOGUE)}"
        ) from None
