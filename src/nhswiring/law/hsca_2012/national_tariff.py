"""The national tariff (HSCA 2012 Part 3 Chapter 4, ss.116-123), judged by the law of its date.

Who publishes the prices NHS commissioners pay changed three times before the NHS payment
scheme replaced the tariff:

* until the first national tariff took effect (2014/15) the prices were the Secretary of
  State's Payment by Results tariff, published under the general powers of NHS Act 2006 s.2
  (the 2013 pricing regulations refer to it for the transition);
* from 1 April 2013 Monitor publishes the national tariff (s.116), after consulting CCGs and
  relevant providers on a notice whose services the NHS Commissioning Board chose and whose
  method it agreed (s.118(7)-(12)); its first tariff was the 2014/15 edition;
* from 1 July 2022 to 31 March 2023 the same provisions are read with NHS England for Monitor
  and ICBs for CCGs, and without the agreement with the Board (SI 2022/734 reg 19);
* from 1 April 2023 Chapter 4 is the NHS payment scheme (HCA 2022 Sch 10, SI 2023/371): no
  national tariff can be published after 31 March 2023.

Consultation is a condition of publication, not a duty that follows it. So is the objection
test of s.120: where the objection percentage of commissioners or of providers (or, until the
2015 amendment, the providers' share of supply) reaches the prescribed percentage, the tariff may
be published only if the method is referred to the Competition Commission (the CMA from 1 April
2014) and the reference is determined. Note the direction of the test: a tariff is blocked when
a percentage *reaches* the threshold (each must be less than it), where the payment scheme's
test is triggered only when one *exceeds* it (s.114D). The percentages are facts; the thresholds
and their dates are in `nhswiring.law.parameters`.
"""

from __future__ import annotations

from decimal import Decimal

from nhswiring.domain.time import Interval
from nhswiring.law.common import CMA_START, HCA_START, HSCA_START, PAYMENT_SCHEME, K, found, names
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import ALL_PERMISSIONS, Finding, rule
from nhswiring.law.facts import FACTS
from nhswiring.law.instruments import (
    HCA_2022,
    HCA_COMMENCEMENT_2,
    HSCA_2012,
    LICENSING_PRICING_2013,
    NHS_ACT_2006,
    SI_2013_671,
    SI_2023_371,
    Source,
    part,
    regulation,
    schedule,
    section,
)
from nhswiring.law.parameters import (
    FIRST_NATIONAL_TARIFF,
    TARIFF_COMMISSIONER_THRESHOLD_2013,
    TARIFF_PROVIDER_THRESHOLD_2013,
    TARIFF_SHARE_OF_SUPPLY_THRESHOLD_2013,
    TARIFF_THRESHOLD_2015,
    TARIFF_THRESHOLDS_2013,
    TARIFF_THRESHOLDS_2015,
)
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

TARIFF = frozenset({"publish_national_tariff"})

CONSULTED = Condition(
    "tariff_consultation_held",
    FACTS["tariff_consultation_held"].question,
    "the proposals were consulted on by notice to commissioners and relevant providers for the "
    "28-day period (HSCA 2012 s.118)",
    "the national tariff may not be published without the consultation on a notice of its "
    "proposals that s.118 requires (HSCA 2012 ss.116, 118)",
)
AGREED_WITH_BOARD = Condition(
    "tariff_agreed_with_board",
    FACTS["tariff_agreed_with_board"].question,
    "the services were those the NHS Commissioning Board chose and the method was agreed with "
    "it (or settled by arbitration) (HSCA 2012 s.118(7)-(12))",
    "Monitor's proposals must price the services the NHS Commissioning Board chose, by a method "
    "agreed with the Board or settled by arbitration (HSCA 2012 s.118(7)-(12))",
)
BELOW_THRESHOLDS = "tariff_objections_below_thresholds"
#: The questions of the facts the objection test reads (named here, not looked up in FACTS by
#: the rule, so that `facts.readers` finds only these).
QUESTIONS = {
    name: FACTS[name].question
    for name in (
        BELOW_THRESHOLDS,
        "tariff_commissioner_objection_percent",
        "tariff_provider_objection_percent",
        "tariff_share_of_supply_objection_percent",
    )
}
REFERENCE_DETERMINED = (
    "tariff_method_reference_determined",
    FACTS["tariff_method_reference_determined"].question,
)


def _s116_publisher(p: Proposal) -> bool:
    """Monitor to 30 June 2022, NHS England from 1 July 2022 (SI 2022/734 reg 19)."""
    wanted = K.MONITOR if p.law_day < HCA_START else K.NHS_ENGLAND
    return p.actor_kind is wanted


def _edition(p: Proposal) -> str:
    return f"the {p.arg('edition')} national tariff"


@rule(
    "nhs_act_2006.s2.sos_payment_by_results_tariff",
    sources=(section(NHS_ACT_2006, "2"), regulation(LICENSING_PRICING_2013, "5")),
    actions=TARIFF,
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.2 (the Secretary of State's Payment by Results tariff, which SI "
    "2013/2214 reg 5(8) treats as the tariff in force until Monitor's first national tariff)",
    in_force=Interval(HSCA_START, FIRST_NATIONAL_TARIFF),
    summary="Until the first national tariff took effect (2014/15), the prices were the Secretary "
    "of State's Payment by Results tariff, published under the general powers of NHS Act 2006 "
    "s.2.",
)
def sos_payment_by_results_tariff(p: Proposal) -> Finding | None:
    if p.actor_kind is not K.SECRETARY_OF_STATE:
        return None
    return found(
        f"{names(p, [p.actor])} may publish {_edition(p)} as the Payment by Results tariff under "
        "the general powers of NHS Act 2006 s.2, which governs prices until Monitor's first "
        "national tariff takes effect."
    )


@rule(
    "hsca_2012.s116.monitor_publishes_national_tariff",
    sources=(section(HSCA_2012, "116"),),
    actions=TARIFF,
    effect=Effect.PERMITS,
    citation="HSCA 2012 s.116 (Monitor publishes the national tariff)",
    in_force=Interval(HSCA_START, HCA_START),
    summary="Monitor publishes the national tariff: the services priced, the method, national "
    "prices, variations and rules; each edition has effect for its stated period.",
)
def monitor_publishes_national_tariff(p: Proposal) -> Finding | None:
    if p.actor_kind is not K.MONITOR:
        return None
    return found(f"{names(p, [p.actor])} may publish {_edition(p)} (HSCA 2012 s.116).")


@rule(
    "hsca_2012.s116.nhse_publishes_national_tariff",
    sources=(section(HSCA_2012, "116"), regulation(HCA_COMMENCEMENT_2, "19")),
    actions=TARIFF,
    effect=Effect.PERMITS,
    citation="HSCA 2012 s.116 read with SI 2022/734 reg 19 (NHS England for Monitor, 1 July "
    "2022 to 31 March 2023)",
    in_force=Interval(HCA_START, PAYMENT_SCHEME),
    summary="From 1 July 2022 until the NHS payment scheme replaced it, the national tariff "
    "provisions are read with NHS England in place of the abolished Monitor.",
)
def nhse_publishes_national_tariff(p: Proposal) -> Finding | None:
    if p.actor_kind is not K.NHS_ENGLAND:
        return None
    return found(
        f"{names(p, [p.actor])} may publish {_edition(p)}: from 1 July 2022 the tariff "
        "provisions are read with NHS England for Monitor (HSCA 2012 s.116; SI 2022/734 reg 19)."
    )


@rule(
    "hsca_2012.s116.tariff_replaced_by_payment_scheme",
    sources=(
        part(HSCA_2012, "3", "4"),
        schedule(HCA_2022, "10", "3"),
        regulation(SI_2023_371, "2"),
    ),
    actions=TARIFF,
    effect=Effect.FORBIDS,
    citation="HSCA 2012 Part 3 Chapter 4 as substituted by HCA 2022 Sch 10 para 3 (SI 2023/371 "
    "reg 2(d))",
    in_force=Interval(PAYMENT_SCHEME),
    summary="From 1 April 2023 Chapter 4 of Part 3 of the 2012 Act is the NHS payment scheme: "
    "there is no national tariff to publish.",
    overrides=(ALL_PERMISSIONS,),
)
def tariff_replaced_by_payment_scheme(p: Proposal) -> Finding | None:
    return Finding(
        f"No national tariff can be published on or after {PAYMENT_SCHEME.isoformat()}: the "
        "Health and Care Act 2022 replaced the tariff provisions with the NHS payment scheme "
        "(HSCA 2012 ss.114A-114F); publish a payment scheme instead."
    )


@precondition(
    "hsca_2012.s118.tariff_consultation",
    sources=(section(HSCA_2012, "118"), regulation(HCA_COMMENCEMENT_2, "19")),
    actions=TARIFF,
    citation="HSCA 2012 s.118 (with ICBs for CCGs from 1 July 2022: SI 2022/734 reg 19)",
    in_force=Interval(HSCA_START, PAYMENT_SCHEME),
    summary="A national tariff may be published only after a consultation notice was sent to "
    "each commissioner and relevant provider and published, with 28 days for responses.",
)
def tariff_consultation(p: Proposal) -> Condition | None:
    return CONSULTED if _s116_publisher(p) else None


@precondition(
    "hsca_2012.s118.agreed_with_board",
    sources=(section(HSCA_2012, "118"),),
    actions=TARIFF,
    citation="HSCA 2012 s.118(7)-(12)",
    in_force=Interval(HSCA_START, HCA_START),
    summary="Until 30 June 2022 Monitor's proposals price the services the NHS Commissioning "
    "Board chose, by a method agreed with the Board (or settled by arbitration).",
)
def agreed_with_board(p: Proposal) -> Condition | None:
    return AGREED_WITH_BOARD if p.actor_kind is K.MONITOR else None


def _tests(p: Proposal) -> list[tuple[str, str, Decimal]]:
    """(fact, what it measures, prescribed percentage) as the regulations stood that day."""
    commissioners = "CCGs" if p.law_day < HCA_START else "ICBs"
    if p.law_day < TARIFF_THRESHOLDS_2015:
        return [
            (
                "tariff_commissioner_objection_percent",
                commissioners,
                TARIFF_COMMISSIONER_THRESHOLD_2013,
            ),
            (
                "tariff_provider_objection_percent",
                "relevant providers",
                TARIFF_PROVIDER_THRESHOLD_2013,
            ),
            (
                "tariff_share_of_supply_objection_percent",
                "relevant providers by share of supply",
                TARIFF_SHARE_OF_SUPPLY_THRESHOLD_2013,
            ),
        ]
    return [
        ("tariff_commissioner_objection_percent", commissioners, TARIFF_THRESHOLD_2015),
        ("tariff_provider_objection_percent", "relevant providers", TARIFF_THRESHOLD_2015),
    ]


def _percent(p: Proposal, fact: str) -> Decimal:
    return Decimal(str(p.fact(fact, QUESTIONS[fact])))


@rule(
    "hsca_2012.s120.objection_thresholds",
    sources=(
        section(HSCA_2012, "120"),
        section(HSCA_2012, "121"),
        regulation(LICENSING_PRICING_2013, "5"),
        Source(SI_2013_671, "article/2"),
    ),
    actions=TARIFF,
    effect=Effect.FORBIDS,
    citation="HSCA 2012 ss.120-121 (in force for a Monitor tariff from 1 September 2013: SI "
    "2013/671 art 2(5)); SI 2013/2214 reg 5 (as made from 5 September 2013; as amended in 2015)",
    in_force=Interval(TARIFF_THRESHOLDS_2013, PAYMENT_SCHEME),
    summary="If the percentage of commissioners or of relevant providers objecting to the "
    "proposed method (or, until the 2015 amendment, the objectors' share of supply) reaches the "
    "prescribed percentage, the tariff may not be published unless the method is referred to the "
    "Competition Commission or CMA and the reference determined.",
    overrides=(ALL_PERMISSIONS,),
)
def objection_thresholds(p: Proposal) -> Finding | None:
    if not _s116_publisher(p):
        return None
    reached = []
    if p.has_fact(BELOW_THRESHOLDS):
        # The publisher's own finding on the consultation's outcome, where the percentages
        # themselves are not given.
        if not p.flag(BELOW_THRESHOLDS, QUESTIONS[BELOW_THRESHOLDS]):
            reached.append("an objection threshold was met (the publisher's finding)")
    else:
        for fact, who, threshold in _tests(p):
            value = _percent(p, fact)
            if value >= threshold:
                reached.append(f"{who} {value}% (prescribed: {threshold}%)")
    if not reached:
        shown = "; ".join(f"{who} under {threshold}%" for _, who, threshold in _tests(p))
        return Finding(
            f"Condition met: every objection percentage was less than the prescribed percentage "
            f"({shown}) (HSCA 2012 s.120(2))",
            effect=Effect.NOTES,
        )
    authority = "Competition Commission" if p.law_day < CMA_START else "CMA"
    if p.flag(*REFERENCE_DETERMINED):
        return Finding(
            f"Condition met: objections reached the prescribed percentage ({'; '.join(reached)}), "
            f"and the method was referred to the {authority} and the reference determined "
            "(HSCA 2012 ss.120(2), 121)",
            effect=Effect.NOTES,
        )
    return Finding(
        f"Condition not met: objections reached the prescribed percentage ({'; '.join(reached)}): "
        f"the tariff may not be published with this method unless it is referred to the "
        f"{authority} and the reference determined (HSCA 2012 s.120(2))",
        effect=Effect.FORBIDS,
    )


RULES = (
    sos_payment_by_results_tariff,
    monitor_publishes_national_tariff,
    nhse_publishes_national_tariff,
    tariff_replaced_by_payment_scheme,
    tariff_consultation,
    agreed_with_board,
    objection_thresholds,
)
