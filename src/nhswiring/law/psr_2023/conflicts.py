"""Conflicts of interest in provider selection (PSR reg 21).

A decision-maker with a conflict (an actual or potential conflict arising from an interest in
a provider, declared or held through a post) must not take part in the decision; there is no
exception for expertise. For an ICB, a board member who holds a position in a provider (the
partner members nominated by trusts, for example) is not conflicted by that alone, except in a
Competitive Process in which that provider takes part (reg 21(3)-(5)).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.register import Register

PSR_21 = "Health Care Services (Provider Selection Regime) Regulations 2023 reg 21"
BOARD_ROLES = {
    "chair",
    "chief_executive",
    "executive_director",
    "non_executive_director",
    "partner_member",
}
# Associate non-executives sit with the board but are not members under ICB constitutions, so
# reg 21(3) does not shield them: a post they hold in a provider is a conflict like any other.


@dataclass(frozen=True, slots=True)
class Conflict:
    person: str
    provider: str
    basis: str  # what links the person to the provider
    conflicted: bool
    reason: str
    management: str
    citation: str = PSR_21

    def to_json(self) -> dict[str, object]:
        return {
            "person": self.person,
            "provider": self.provider,
            "basis": self.basis,
            "conflicted": self.conflicted,
            "reason": self.reason,
            "management": self.management,
            "citation": self.citation,
        }


def _icb_board_member(register: Register, person: str, authority: str, day: date) -> bool:
    return any(
        a.person == person and authority in a.bodies and a.role.value in BOARD_ROLES
        for a in register.appointments(day, authority)
    )


def find_conflicts(
    register: Register,
    day: date,
    authority: str,
    decision_makers: Iterable[str],
    providers: Iterable[str],
    process: str | None,
    taking_part: Iterable[str] | None = None,
) -> list[Conflict]:
    """Every link between a decision-maker and a provider in the case, and whether it is a
    conflict under reg 21, with how it must be managed."""
    auth = register.body(authority, day)
    icb = auth is not None and auth.kind is BodyKind.ICB
    providers = list(dict.fromkeys(providers))
    bidders = set(providers if taking_part is None else taking_part)
    out: list[Conflict] = []
    for person in dict.fromkeys(decision_makers):
        for provider in providers:
            posts = [a for a in register.appointments(day, provider) if a.person == person]
            interests = [i for i in register.interests(day, person) if i.organisation == provider]
            if not posts and not interests:
                continue
            basis = "; ".join(
                [
                    *(f"{a.role.value} of {provider}" for a in posts),
                    *(f"declared interest: {i.nature}" for i in interests),
                ]
            )
            position_only = bool(posts) and not interests
            if icb and position_only and _icb_board_member(register, person, authority, day):
                if process == "competitive" and provider in bidders:
                    out.append(
                        Conflict(
                            person,
                            provider,
                            basis,
                            True,
                            "an ICB board member holding a position in a provider "
                            "taking part in a Competitive Process is conflicted "
                            "(reg 21(4)-(5))",
                            "must not take part in the decision",
                        )
                    )
                else:
                    out.append(
                        Conflict(
                            person,
                            provider,
                            basis,
                            False,
                            "an ICB board member is not conflicted merely by holding "
                            "a position in a provider (reg 21(3)); record the "
                            "interest",
                            "declared and recorded; may take part",
                        )
                    )
                continue
            out.append(
                Conflict(
                    person,
                    provider,
                    basis,
                    True,
                    "the decision-maker has an interest in a provider being "
                    "considered; there is no exception for expertise",
                    "must not take part in the decision",
                )
            )
    return out
