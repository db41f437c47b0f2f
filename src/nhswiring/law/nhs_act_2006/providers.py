"""NHS trusts and foundation trusts: creating, dissolving and combining them.

NHS trusts are made and dissolved by order (s.25, Sch 4 para 28), a power that survived the
2012 Act (whose s.179, never commenced, would have abolished NHS trusts) and was confirmed by
the 2022 Act (s.48), which is how new "integrated care trusts" can be made. Foundation trusts
merge or acquire on their own application with their governors' backing (ss.56, 56A), granted
by Monitor until 2022 and by NHS England, with the Secretary of State's approval, since.
"""

from __future__ import annotations

from nhswiring.domain.bodies import BodyKind
from nhswiring.law.common import ALWAYS, FROM_HCA, TRUSTS, K, found, must, names
from nhswiring.law.engine import Finding, rule
from nhswiring.law.instruments import NHS_ACT_2006, schedule, section
from nhswiring.law.proposal import Proposal
from nhswiring.law.verdict import Effect

APPLIED = (
    "application_made",
    "Have the trusts concerned made the application the Act requires (NHS Act 2006 ss.56, "
    "56A, 56B)?",
)


def _new_kind(p: Proposal) -> str:
    return str(p.arg("kind") or "")


def _merging_trusts(p: Proposal) -> list[str]:
    return [b for b in p.codes("bodies") if p.kind(b) in TRUSTS]


def _all_nhs(p: Proposal) -> bool:
    return all(p.kind(b) in TRUSTS for b in p.codes("bodies"))


@rule(
    "nhs_act_2006.s25.establish_nhs_trust",
    actions={"establish"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.25 and Sch 4 para 1 (HSCA 2012 s.179, which would have abolished "
    "NHS trusts, was never commenced and was omitted by HCA 2022 s.48)",
    in_force=ALWAYS,
    summary="The Secretary of State may establish an NHS trust by order, after the consultation "
    "the regulations require; others (an ICB, NHS England) may propose one.",
)
def establish_nhs_trust(p: Proposal) -> Finding | None:
    if _new_kind(p) != BodyKind.NHS_TRUST.value:
        return None
    if p.actor == "SOS":
        note = (
            ""
            if p.law_day >= FROM_HCA.start
            else (
                " (the 2012 Act's policy was for every NHS "
                "trust to become a foundation trust, but its "
                "s.179 was never commenced)"
            )
        )
        return found(f"The Secretary of State may establish the NHS trust by order{note}.")
    if p.actor_kind in {K.ICB, K.NHS_ENGLAND, K.CCG, K.TDA}:
        return found(
            f"{names(p, [p.actor])} may propose the new NHS trust.",
            must(
                "The Secretary of State must decide whether to make the establishment order, "
                "which needs the prescribed consultation first",
                "NHS Act 2006 s.25(1), (3)",
                on="SOS",
            ),
        )
    return None


@rule(
    "nhs_act_2006.sch4p28.dissolve_nhs_trust",
    actions={"dissolve"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 Sch 4 para 28 (Secretary of State's order; from 1 July 2022 also NHS "
    "England with the Secretary of State's approval, para 28(1A), HCA 2022 s.58)",
    in_force=ALWAYS,
    summary="An NHS trust is dissolved by order of the Secretary of State (and, from 1 July "
    "2022, of NHS England with the Secretary of State's approval), after prescribed "
    "consultation unless urgent.",
)
def dissolve_nhs_trust(p: Proposal) -> Finding | None:
    if p.kind(str(p.arg("body"))) is not K.NHS_TRUST:
        return None
    if p.actor == "SOS":
        return found("The Secretary of State may dissolve the NHS trust by order.")
    if p.actor == "NHSE" and p.law_day >= FROM_HCA.start:
        return found("NHS England may dissolve the NHS trust by order.")
    return None


@rule(
    "nhs_act_2006.nhs_trust_merger",
    sources=(
        section(NHS_ACT_2006, "25"),
        schedule(NHS_ACT_2006, "4", "28"),
        section(NHS_ACT_2006, "27C"),
        section(NHS_ACT_2006, "69A"),
    ),
    actions={"merge"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.25 and Sch 4 para 28 (orders); from 1 July 2022 s.27C and s.69A "
    "(NHS England's restructuring recommendations and transfer schemes, HCA 2022 ss.56, 69)",
    in_force=ALWAYS,
    summary="NHS trusts are merged by orders dissolving them and establishing or enlarging "
    "another (Secretary of State; from 2022 NHS England may recommend and make transfer "
    "schemes, with the Secretary of State's approval for dissolutions).",
)
def nhs_trust_merger(p: Proposal) -> Finding | None:
    bodies = p.codes("bodies")
    if not bodies or any(p.kind(b) is not K.NHS_TRUST for b in bodies):
        return None
    if p.actor == "SOS" or (p.actor == "NHSE" and p.law_day >= FROM_HCA.start):
        extra = []
        if p.actor == "NHSE" and p.arg("into") not in bodies:
            extra.append(
                must(
                    "The Secretary of State must establish the new NHS trust by order, after "
                    "the prescribed consultation",
                    "NHS Act 2006 s.25(1), (3)",
                    on="SOS",
                )
            )
        return found(f"{names(p, bodies)} may be merged by order.", *extra)
    if p.actor in bodies or p.actor in {"TDA", "NHSE"}:
        return found(
            "The trusts (or their regulator) may propose the merger.",
            must(
                "The Secretary of State (from 2022, NHS England with the Secretary of "
                "State's approval) must make the orders",
                "NHS Act 2006 Sch 4 para 28",
                on="SOS",
            ),
        )
    return None


@rule(
    "nhs_act_2006.s56.foundation_trust_transaction",
    sources=(section(NHS_ACT_2006, "56"), section(NHS_ACT_2006, "56A")),
    actions={"merge"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.56 (merger) and s.56A (acquisition), as amended by HSCA 2012 "
    "ss.168-169 and, from 1 July 2022, HCA 2022 s.65",
    in_force=ALWAYS,
    summary="Foundation trusts (and an NHS trust with them) may apply to merge, or one may "
    "acquire another, and the regulator (Monitor, from 1 July 2022 NHS England) grants the "
    "application; the governors' approval, the Secretary of State's support or approval and "
    "the preparatory steps are conditions (nhs_act_2006.s56.application_conditions, "
    "nhs_act_2006.s56.grant_conditions).",
)
def foundation_trust_transaction(p: Proposal) -> Finding | None:
    trusts = _merging_trusts(p)
    if not trusts or K.FOUNDATION_TRUST not in p.kinds(trusts) or len(trusts) < 2:
        return None
    if len(trusts) != len(p.codes("bodies")):
        return None
    acquisition = p.arg("into") in trusts
    section = "s.56A (acquisition)" if acquisition else "s.56 (merger)"
    regulator = "MONITOR" if p.law_day < FROM_HCA.start else "NHSE"
    by = "Monitor" if regulator == "MONITOR" else "NHS England"
    if p.actor in trusts:
        return found(
            f"{names(p, trusts)} may apply for the {section.split()[1][1:-1]} under "
            f"{section.split()[0]} (its conditions: nhs_act_2006.s56.application_conditions).",
            must(
                f"{by} must decide the application",
                f"NHS Act 2006 {section}",
                on=regulator,
            ),
        )
    if p.actor == regulator and p.flag(*APPLIED):
        if acquisition:
            return found(f"{by} grants the application for the acquisition.")
        return found(
            f"{by} grants the application for the merger.",
            must(
                "Specify the property and liabilities to pass to the new foundation trust and "
                "make the order dissolving the trusts",
                "NHS Act 2006 s.57(1)-(2)",
                on=regulator,
            ),
        )
    return None


@rule(
    "nhs_act_2006.s43.ft_acquires_business",
    actions={"merge"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 ss.43 and 46-47 (foundation trusts' powers, incl. to acquire and "
    "carry on other business)",
    in_force=ALWAYS,
    summary="A foundation trust may acquire an independent provider's business under its "
    "general powers (subject to merger control).",
)
def ft_acquires_business(p: Proposal) -> Finding | None:
    into = p.arg("into")
    bodies = p.codes("bodies")
    if p.kind(into) is not K.FOUNDATION_TRUST or p.actor != into:
        return None
    others = [b for b in bodies if b != into]
    if not others or any(p.kind(b) is not K.INDEPENDENT_PROVIDER for b in others):
        return None
    return found(f"{names(p, [into])} may acquire {names(p, others)}'s business.")


@rule(
    "nhs_act_2006.s57A.dissolve_foundation_trust",
    actions={"dissolve"},
    effect=Effect.PERMITS,
    citation="NHS Act 2006 s.57A (dissolution of an FT on its application; as amended by HCA "
    "2022, which removed the no-liabilities condition and transfers liabilities and staff)",
    in_force=ALWAYS,
    summary="A foundation trust may apply to be dissolved; the regulator (Monitor, then NHS "
    "England) grants it if satisfied; before 1 July 2022 only if the trust had no liabilities.",
)
def dissolve_foundation_trust(p: Proposal) -> Finding | None:
    trust = str(p.arg("body"))
    if p.kind(trust) is not K.FOUNDATION_TRUST:
        return None
    regulator = "MONITOR" if p.law_day < FROM_HCA.start else "NHSE"
    if p.actor == trust:
        return found(
            "The foundation trust may apply to be dissolved.",
            must(f"{regulator} must decide the application", "NHS Act 2006 s.57A", on=regulator),
        )
    if p.actor == regulator and p.flag(*APPLIED):
        return found(f"{regulator} dissolves the foundation trust on its application.")
    return None


RULES = (
    establish_nhs_trust,
    dissolve_foundation_trust,
    dissolve_nhs_trust,
    nhs_trust_merger,
    foundation_trust_transaction,
    ft_acquires_business,
)
