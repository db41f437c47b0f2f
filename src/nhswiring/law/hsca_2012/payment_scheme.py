"""The NHS payment scheme (HSCA 2012 ss.114A-114F, substituted by HCA 2022 Sch 10 para 3), judged
by the law of its date.

From 1 April 2023 (SI 2023/371) NHS England publishes the NHS payment scheme in place of the
national tariff. Its consultation and objection provisions were brought into force earlier, from
1 July 2022 (SI 2022/734 reg 2(b)), so that the first scheme (2023/25) could be consulted on while
the tariff still governed prices; no scheme had effect before 1 April 2023. A scheme published
before that day to take effect on it is read as the anticipatory exercise of the power the
Interpretation Act 1978 s.13 allows (the model's reading: the real 2023/25 scheme's own day of
publication was not confirmed).

Publication is conditional, and the conditions are read here as conditions precedent, since the
Act sets them "before publishing":

* an impact assessment, or published reasons why none is needed (s.114C(1));
* consultation of each ICB and each relevant provider on a published notice, for 28 days
  (s.114C(2)-(6));
* where the objection percentage of ICBs or of relevant providers *exceeds* the prescribed
  percentage (s.114D; the figure is in `nhswiring.law.parameters`), NHS England must consult
  the objectors' representatives, and may then amend the proposals or publish them unamended
  only after publishing and sending a notice of its reasons. Unlike the tariff there is no
  reference to the CMA and no share-of-supply test, and reaching the percentage is not enough:
  it must be exceeded.

An amendment in the scheme's period that is not so significant as to need a new edition is
s.114E's own route, with its own 28-day consultation of the ICBs and providers affected; s.114D
does not apply to it.
"""

from __future__ import annotations

from decimal import Decimal

from nhswiring.domain.time import Interval
from nhswiring.law.common import HCA_START, HSCA_START, PAYMENT_SCHEME, K, found, must, names
from nhswiring.law.conditions import Condition, precondition
from nhswiring.law.engine import ALL_PERMISSIONS, Finding, rule
from nhswiring.law.facts import FACTS
from nhswiring.law.instruments import (
    HCA_2022,
    HCA_COMMENCEMENT_2,
    HSCA_2012,
    INTERPRETATION_ACT_1978,
    SI_2023_371,
    regulation,
    schedule,
    section,
)
from nhswiring.law.parameters import PAYMENT_SCHEME_OBJECTION_THRESHOLD
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

SCHEME = frozenset({"publish_payment_scheme"})
IN_FORCE = Interval(PAYMENT_SCHEME)


def _question(fact: str) -> str:
    return FACTS[fact].question


IMPACT = Condition(
    "payment_scheme_impact_assessed",
    _question("payment_scheme_impact_assessed"),
    "the likely impact was assessed, or reasons for not assessing it published (s.114C(1))",
    "NHS England must assess the proposed scheme's likely impact, or publish its reasons for "
    "concluding no assessment is needed, before publishing it (HSCA 2012 s.114C(1))",
)
CONSULTED = Condition(
    "payment_scheme_consultation_held",
    _question("payment_scheme_consultation_held"),
    "each ICB and relevant provider was consulted on a published notice for 28 days "
    "(s.114C(2)-(6))",
    "NHS England must consult each ICB and each relevant provider on a published notice, for 28 "
    "days, before publishing the scheme (HSCA 2012 s.114C(2)-(5))",
)
REPRESENTATIVES = Condition(
    "objectors_representatives_consulted",
    _question("objectors_representatives_consulted"),
    "the objectors' representatives were consulted (s.114D(3))",
    "objections exceeded the prescribed percentage, so NHS England must consult persons "
    "representative of the objectors before publishing (HSCA 2012 s.114D(3))",
)
REASONS = Condition(
    "objection_reasons_notice_published",
    _question("objection_reasons_notice_published"),
    "a notice of the decision not to amend, with reasons, was published and sent (s.114D(5))",
    "NHS England may publish the scheme unamended after objections only once it has published a "
    "notice of that decision with its reasons and sent it to those consulted and the objectors "
    "(HSCA 2012 s.114D(5))",
)
WITHIN = "payment_scheme_objections_within_threshold"
#: The questions of the facts the objection test reads (named here, not looked up in FACTS by
#: the rule, so that `facts.readers` finds only these).
QUESTIONS = {
    name: _question(name)
    for name in (
        WITHIN,
        "payment_scheme_icb_objection_percent",
        "payment_scheme_provider_objection_percent",
    )
}
AMENDED = (
    "payment_scheme_amended_after_objections",
    _question("payment_scheme_amended_after_objections"),
)
NOT_SIGNIFICANT = Condition(
    "payment_scheme_amendment_not_significant",
    _question("payment_scheme_amendment_not_significant"),
    "NHS England considers the amendments not so significant as to need a new edition (s.114E(1))",
    "amendments so significant as to require a new edition cannot be made under s.114E: publish "
    "a new edition, consulted on under s.114C (HSCA 2012 s.114E(1)-(2))",
)
AMENDMENT_CONSULTED = Condition(
    "payment_scheme_amendment_consultation_held",
    _question("payment_scheme_amendment_consultation_held"),
    "the ICBs and providers affected were consulted on a published notice for 28 days "
    "(s.114E(4)-(7))",
    "NHS England must consult the ICBs and relevant providers affected on a published notice of "
    "the proposed amendments, for 28 days, before amending the scheme (HSCA 2012 s.114E(4)-(7))",
)

_S114A = (
    "HSCA 2012 s.114A (substituted by HCA 2022 Sch 10 para 3; in force 1 April 2023: SI 2023/371 "
    "reg 2(d))"
)
_SOURCES = (section(HSCA_2012, "114A"), schedule(HCA_2022, "10", "3"), regulation(SI_2023_371, "2"))


def _by_nhse(p: Proposal) -> bool:
    return p.actor_kind is K.NHS_ENGLAND


def _amendment(p: Proposal) -> bool:
    return bool(p.arg("amendment", False))


def _edition(p: Proposal) -> str:
    return f"the {p.arg('edition')} NHS payment scheme"


@rule(
    "hsca_2012.s114A.nhse_publishes_payment_scheme",
    sources=_SOURCES,
    actions=SCHEME,
    effect=Effect.PERMITS,
    citation=_S114A,
    in_force=IN_FORCE,
    summary="From 1 April 2023 NHS England publishes the NHS payment scheme: rules for the price "
    "commissioners pay for NHS services (and some public health services), with which "
    "commissioners and providers must comply.",
)
def nhse_publishes_payment_scheme(p: Proposal) -> Finding | None:
    if not _by_nhse(p) or _amendment(p):
        return None
    return found(
        f"{names(p, [p.actor])} may publish {_edition(p)} (HSCA 2012 s.114A); it has effect for "
        "the period it specifies or until a new edition takes effect (s.114A(10))."
    )


@rule(
    "hsca_2012.s114E.nhse_amends_payment_scheme",
    sources=(
        section(HSCA_2012, "114E"),
        schedule(HCA_2022, "10", "3"),
        regulation(SI_2023_371, "2"),
    ),
    actions=SCHEME,
    effect=Effect.PERMITS,
    citation="HSCA 2012 s.114E (substituted by HCA 2022 Sch 10 para 3; SI 2023/371 reg 2(d))",
    in_force=IN_FORCE,
    summary="NHS England may amend the payment scheme during its period where the amendments "
    "are not so significant as to need a new edition, and must then publish it as amended.",
)
def nhse_amends_payment_scheme(p: Proposal) -> Finding | None:
    if not _by_nhse(p) or not _amendment(p):
        return None
    return found(
        f"{names(p, [p.actor])} may amend {_edition(p)} during its period (HSCA 2012 s.114E(1)).",
        must("Publish the NHS payment scheme as amended", "HSCA 2012 s.114E(3)", on=p.actor),
    )


@rule(
    "hsca_2012.s114A.payment_scheme_not_yet_in_force",
    sources=_SOURCES,
    actions=SCHEME,
    effect=Effect.FORBIDS,
    citation=_S114A,
    in_force=Interval(HSCA_START, PAYMENT_SCHEME),
    summary="Before 1 April 2023 there was no NHS payment scheme to publish: prices were set by "
    "the national tariff (only the scheme's consultation provisions were in force from 1 July "
    "2022), save a scheme published in advance to take effect on that day.",
    overrides=(ALL_PERMISSIONS,),
)
def payment_scheme_not_yet_in_force(p: Proposal) -> Finding | None:
    return Finding(
        f"No NHS payment scheme could have effect before {PAYMENT_SCHEME.isoformat()}: the "
        "scheme's provisions were not yet in force (only its consultation and objection "
        "provisions, from 1 July 2022: SI 2022/734 reg 2(b)); prices were set by the national "
        "tariff (HSCA 2012 s.116). Only a scheme published in advance to take effect from that "
        "day could be published (Interpretation Act 1978 s.13)."
    )


@rule(
    "hsca_2012.s114A.payment_scheme_in_advance",
    sources=(section(INTERPRETATION_ACT_1978, "13"), section(HSCA_2012, "114A")),
    actions=SCHEME,
    effect=Effect.PERMITS,
    citation="Interpretation Act 1978 s.13 (a power in an Act not yet in force may be exercised in "
    "advance so far as expedient to give it full effect when it comes into force); HSCA 2012 "
    "s.114A",
    in_force=Interval(HCA_START, PAYMENT_SCHEME),
    summary="Between 1 July 2022 and 31 March 2023 NHS England may publish the first payment "
    "scheme in advance, to take effect when s.114A comes into force on 1 April 2023 (the model's "
    "reading of the Interpretation Act 1978 s.13).",
    overrides=("hsca_2012.s114A.payment_scheme_not_yet_in_force",),
)
def payment_scheme_in_advance(p: Proposal) -> Finding | None:
    starts = p.arg("effective_from")
    if not _by_nhse(p) or _amendment(p) or starts is None or starts < PAYMENT_SCHEME:
        return None
    return found(
        f"{names(p, [p.actor])} may publish {_edition(p)} in advance, to take effect from "
        f"{starts.isoformat()}, when s.114A is in force (Interpretation Act 1978 s.13)."
    )


@precondition(
    "hsca_2012.s114C.consultation",
    sources=(section(HSCA_2012, "114C"), regulation(HCA_COMMENCEMENT_2, "2")),
    actions=SCHEME,
    citation="HSCA 2012 s.114C (in force for consultation from 1 July 2022: SI 2022/734 reg 2(b))",
    in_force=Interval(HCA_START),
    summary="Before publishing a payment scheme NHS England must assess its impact (or publish "
    "why not) and consult each ICB and relevant provider for 28 days on a published notice.",
)
def consultation(p: Proposal) -> list[Condition] | None:
    if not _by_nhse(p) or _amendment(p):
        return None
    return [IMPACT, CONSULTED]


@precondition(
    "hsca_2012.s114E.amendment_consultation",
    sources=(section(HSCA_2012, "114E"),),
    actions=SCHEME,
    citation="HSCA 2012 s.114E(1)-(7)",
    in_force=IN_FORCE,
    summary="An in-period amendment must not be so significant as to need a new edition, and the "
    "ICBs and providers affected must be consulted for 28 days on a published notice first.",
)
def amendment_consultation(p: Proposal) -> list[Condition] | None:
    if not _by_nhse(p) or not _amendment(p):
        return None
    return [NOT_SIGNIFICANT, AMENDMENT_CONSULTED]


def _percent(p: Proposal, fact: str) -> Decimal:
    return Decimal(str(p.fact(fact, QUESTIONS[fact])))


@rule(
    "hsca_2012.s114D.objections",
    sources=(section(HSCA_2012, "114D"), regulation(HCA_COMMENCEMENT_2, "2")),
    actions=SCHEME,
    effect=Effect.FORBIDS,
    citation="HSCA 2012 s.114D (in force from 1 July 2022: SI 2022/734 reg 2(b)); the prescribed "
    "percentage set by the National Health Service (NHS Payment Scheme - Consultation) (No. 2) "
    "Regulations 2022",
    in_force=Interval(HCA_START),
    summary="If the percentage of ICBs or of relevant providers objecting exceeds the prescribed "
    "percentage, NHS England must consult the objectors' representatives, and may publish the "
    "scheme unamended only after publishing its reasons; there is no CMA reference.",
    overrides=(ALL_PERMISSIONS,),
)
def objections(p: Proposal) -> Finding | None:
    if not _by_nhse(p) or _amendment(p):
        return None
    threshold = PAYMENT_SCHEME_OBJECTION_THRESHOLD
    if p.has_fact(WITHIN):
        # NHS England's own finding on the consultation's outcome, where the percentages
        # themselves are not given.
        exceeded = [] if p.flag(WITHIN, QUESTIONS[WITHIN]) else ["NHS England's finding"]
    else:
        exceeded = [
            f"{who} {value}%"
            for fact, who in (
                ("payment_scheme_icb_objection_percent", "ICBs"),
                ("payment_scheme_provider_objection_percent", "relevant providers"),
            )
            if (value := _percent(p, fact)) > threshold
        ]
    if not exceeded:
        return Finding(
            f"Condition met: no objection percentage exceeded the prescribed {threshold}%, so "
            "s.114D does not apply (HSCA 2012 s.114D(1))",
            effect=Effect.NOTES,
        )
    why = f"objections exceeded the prescribed {threshold}% ({'; '.join(exceeded)})"
    # First the representatives (s.114D(3)); then, for a scheme left unamended, the reasons.
    conditions = [REPRESENTATIVES]
    if not p.flag(REPRESENTATIVES.fact, REPRESENTATIVES.question):
        return Finding(f"Condition not met: {why}; {REPRESENTATIVES.failed}", effect=Effect.FORBIDS)
    if p.flag(*AMENDED):
        route = "the proposals were amended after consulting the objectors' representatives"
    else:
        if not p.flag(REASONS.fact, REASONS.question):
            return Finding(f"Condition not met: {why}; {REASONS.failed}", effect=Effect.FORBIDS)
        conditions.append(REASONS)
        route = "the scheme is published unamended after the reasons notice"
    return Finding(
        f"Condition met: {why}; {'; '.join(c.met for c in conditions)}; {route} (s.114D(4)-(5))",
        effect=Effect.NOTES,
    )


RULES = (
    nhse_publishes_payment_scheme,
    nhse_amends_payment_scheme,
    payment_scheme_not_yet_in_force,
    payment_scheme_in_advance,
    consultation,
    amendment_consultation,
    objections,
)
