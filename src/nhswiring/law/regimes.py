"""Regimes: named, immutable sets of rules.

The two real regimes hold every real rule in force at some point of their periods; a rule's
own in-force interval then does the work, so the law's later commencements (the payment
scheme, the PSR, the call-in power) arrive on their dates. A regime held fixed outside its own
period (the 2012 Act asked about a 2023 decision, say) is read as it stood at the nearest end
of that period. Hypothetical regimes are their baseline amended, as OpenFisca reforms are:
rules removed, rules added; they are never in force, but can be selected for any date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.time import Interval
from nhswiring.law.engine import Rule
from nhswiring.law.parameters import HCA_START as HCA_2022_START
from nhswiring.law.parameters import HSCA_START as HSCA_2012_START
from nhswiring.law.proposals import health_bill_2026, options_2018, proposals_2019, white_paper_2021
from nhswiring.law.regime import HCA_2022, HSCA_2012, IN_FORCE, Regime

__all__ = [
    "HCA_2022",
    "HCA_2022_START",
    "HSCA_2012",
    "HSCA_2012_START",
    "IN_FORCE",
    "Regime",
    "regime",
    "regime_in_force",
    "regimes",
]


def real_rules() -> tuple[Rule, ...]:
    from nhswiring.law import enterprise_act_2002, pcr_2015, ppcc_2013, psr_2023
    from nhswiring.law.hca_2022 import national_bodies as hca_national
    from nhswiring.law.hca_2022 import transfers
    from nhswiring.law.hsca_2012 import national_bodies as hsca_national
    from nhswiring.law.hsca_2012 import national_tariff, payment_scheme
    from nhswiring.law.nhs_act_2006 import (
        approvals,
        boards,
        commissioner_directions,
        commissioners,
        directions,
        duties,
        finance,
        foundation_trusts,
        joint_working,
        outturns,
        providers,
        reconfiguration,
        significant_transactions,
        special_administration,
        special_administration_outcome,
        trust_conditions,
    )
    from nhswiring.law.psr_2023 import termination

    modules = (
        hsca_national,
        boards,
        approvals,
        commissioners,
        joint_working,
        directions,
        commissioner_directions,
        providers,
        trust_conditions,
        enterprise_act_2002,
        foundation_trusts,
        finance,
        outturns,
        transfers,
        hca_national,
        reconfiguration,
        duties,
        ppcc_2013,
        pcr_2015,
        psr_2023,
        special_administration,
        special_administration_outcome,
        significant_transactions,
        termination,
        national_tariff,
        payment_scheme,
    )
    return tuple(r for m in modules for r in m.RULES)


def _in_period(rules: Iterable[Rule], period: Interval) -> tuple[Rule, ...]:
    return tuple(r for r in rules if r.in_force.overlaps(period))


@cache
def regimes() -> dict[str, Regime]:
    everything = real_rules()
    hsca_period = Interval(HSCA_2012_START, HCA_2022_START)
    hca_period = Interval(HCA_2022_START)
    hsca = Regime(
        HSCA_2012,
        "Health and Social Care Act 2012 system",
        "The NHS Act 2006 as amended by the Health and Social Care Act 2012, with the NHS "
        "(Procurement, Patient Choice and Competition) (No. 2) Regulations 2013, the Public "
        "Contracts Regulations 2015 light-touch regime and CMA review of foundation trust "
        "mergers. In force 1 April 2013 to 30 June 2022 (its procurement rules to 31 December "
        "2023).",
        _in_period(everything, hsca_period),
        hsca_period,
        # Held fixed, the 2012 system is read before any 2022 Act provision it models began
        # (ICB establishment orders could be made from 9 May 2022, SI 2022/515).
        held_at=date(2022, 5, 8),
    )
    hca = Regime(
        HCA_2022,
        "Health and Care Act 2022 system",
        "The Health and Care Act 2022 and what it inserted into the 2006 Act, from 1 July 2022, "
        "with the later commencements (NHS Payment Scheme 1 April 2023; procurement and patient "
        "choice 1 January 2024; reconfiguration call-in 31 January 2024), including the Provider "
        "Selection Regime (psr2023) from 1 January 2024 as amended from 24 February 2025.",
        _in_period(everything, hca_period),
        hca_period,
    )
    found = {HSCA_2012: hsca, HCA_2022: hca}
    for module in (options_2018, proposals_2019, white_paper_2021, health_bill_2026):
        made = module.build(found)
        found[made.key] = made
    return found


def regime(key: str) -> Regime:
    known = regimes()
    if key not in known:
        raise InvalidInput(
            "regime", f"{key!r} is not a regime", f"use one of: {IN_FORCE}, {', '.join(known)}"
        )
    return known[key]


def regime_in_force(day: date) -> Regime:
    """The real regime on ``day``."""
    if day < HSCA_2012_START:
        raise InvalidInput(
            "date",
            f"{day.isoformat()} is before 1 April 2013",
            "nhswiring models the law from 1 April 2013 (the 2012 Act's system)",
        )
    return regime(HSCA_2012 if day < HCA_2022_START else HCA_2022)


def regime_key_in_force(day: date) -> str | None:
    """The real regime's key on ``day``; None before the 2012 Act's system began."""
    if day < HSCA_2012_START:
        return None
    return HSCA_2012 if day < HCA_2022_START else HCA_2022
