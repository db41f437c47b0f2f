"""Shared vocabulary for rule modules: periods of the law, kinds of body, small helpers.

The commencement dates themselves, each with its citation, are in `nhswiring.law.parameters`
(re-exported here for the rule modules)."""

from __future__ import annotations

from datetime import date

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.time import Interval
from nhswiring.law.engine import Finding
from nhswiring.law.parameters import (
    CALL_IN_START,
    CCG_JOINT_COMMITTEES,
    CMA_START,
    HCA_START,
    HSCA_START,
    NHSE_DIRECTS_ICBS,
    PATIENT_CHOICE_ENFORCEMENT,
    PAYMENT_SCHEME,
    PSR_AMENDED,
    PSR_START,
    S13YB_LIMITS,
)
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Obligation

# The commencement dates are re-exported for the rule modules.
__all__ = [
    "ALWAYS",
    "BEFORE_HCA",
    "CALL_IN_START",
    "CCG_JOINT_COMMITTEES",
    "CMA_START",
    "COMMISSIONERS",
    "FROM_HCA",
    "HCA_START",
    "HSCA_START",
    "HYPOTHETICAL",
    "LOCAL_GOVERNMENT",
    "NHSE_DIRECTS_ICBS",
    "NHS_PROVIDERS",
    "PATIENT_CHOICE_ENFORCEMENT",
    "PAYMENT_SCHEME",
    "PSR_AMENDED",
    "PSR_START",
    "REGULATORS_2012",
    "RELEVANT_BODIES",
    "S13YB_LIMITS",
    "TRUSTS",
    "K",
    "all_of",
    "any_of",
    "found",
    "ft_regulator",
    "must",
    "names",
]

K = BodyKind


BEFORE_HCA = Interval(HSCA_START, HCA_START)
FROM_HCA = Interval(HCA_START)
ALWAYS = Interval(HSCA_START)
#: For hypothetical regimes: their rules apply whenever the regime is selected.
HYPOTHETICAL = Interval(date(2000, 1, 1))

TRUSTS = frozenset({K.NHS_TRUST, K.FOUNDATION_TRUST})
COMMISSIONERS = frozenset({K.CCG, K.ICB})
NHS_PROVIDERS = TRUSTS
REGULATORS_2012 = frozenset({K.MONITOR, K.TDA})
#: "Relevant bodies" for joint working and delegation from 1 July 2022 (NHS Act s.65Z5(2)).
RELEVANT_BODIES = frozenset({K.NHS_ENGLAND, K.ICB, K.NHS_TRUST, K.FOUNDATION_TRUST})
LOCAL_GOVERNMENT = frozenset({K.LOCAL_AUTHORITY})


def ft_regulator(p: Proposal) -> str:
    """Who regulates foundation trusts on the law day: Monitor until 30 June 2022, NHS England
    from 1 July 2022 (HCA 2022 s.33 abolished Monitor)."""
    return "MONITOR" if p.law_day < HCA_START else "NHSE"


def must(text: str, citation: str, due: date | None = None, on: str | None = None) -> Obligation:
    return Obligation(text, citation, due, on)


def found(text: str, *obligations: Obligation) -> Finding:
    return Finding(text, tuple(obligations))


def names(p: Proposal, codes: tuple[str, ...] | list[str]) -> str:
    out = []
    for code in codes:
        body = p.body(code)
        out.append(f"{body.name} ({code})" if body else code)
    return ", ".join(out)


def all_of(p: Proposal, codes: tuple[str, ...] | list[str], kinds: frozenset[BodyKind]) -> bool:
    return bool(codes) and all(p.kind(c) in kinds for c in codes)


def any_of(p: Proposal, codes: tuple[str, ...] | list[str], kinds: frozenset[BodyKind]) -> bool:
    return any(p.kind(c) in kinds for c in codes)
