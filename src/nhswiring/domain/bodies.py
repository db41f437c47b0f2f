"""Bodies of the NHS in England: what kinds exist, and what a body looks like on one date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from nhswiring.domain.errors import InvalidInput


class BodyKind(StrEnum):
    SECRETARY_OF_STATE = "secretary_of_state"
    NHS_ENGLAND = "nhs_england"
    MONITOR = "monitor"
    TDA = "tda"
    CMA = "cma"
    CQC = "cqc"
    NHS_DIGITAL = "nhs_digital"
    HEALTH_EDUCATION_ENGLAND = "health_education_england"
    REGION = "region"
    CCG = "ccg"
    ICB = "icb"
    SUB_ICB_LOCATION = "sub_icb_location"
    ICP = "icp"
    NHS_TRUST = "nhs_trust"
    FOUNDATION_TRUST = "foundation_trust"
    LOCAL_AUTHORITY = "local_authority"
    JOINT_COMMITTEE = "joint_committee"
    INDEPENDENT_PROVIDER = "independent_provider"
    # Units of NHS England: part of NHS England, never bodies in their own right.
    COMMISSIONING_HUB = "commissioning_hub"
    COMMISSIONING_SUPPORT_UNIT = "commissioning_support_unit"
    # Non-statutory partnerships: they hold no functions; their members act for them.
    STP = "stp"  # sustainability and transformation partnership / integrated care system
    PROVIDER_COLLABORATIVE = "provider_collaborative"
    PLACE_PARTNERSHIP = "place_partnership"


class TrustType(StrEnum):
    ACUTE = "acute"
    MENTAL_HEALTH = "mental_health"
    COMMUNITY = "community"
    AMBULANCE = "ambulance"
    SPECIALIST = "specialist"


#: Names users type for a group of kinds. "trust" is how people say "NHS trust or foundation trust".
KIND_GROUPS: dict[str, frozenset[BodyKind]] = {
    "trust": frozenset({BodyKind.NHS_TRUST, BodyKind.FOUNDATION_TRUST}),
    "commissioner": frozenset({BodyKind.CCG, BodyKind.ICB}),
    "national": frozenset(
        {
            BodyKind.SECRETARY_OF_STATE,
            BodyKind.NHS_ENGLAND,
            BodyKind.MONITOR,
            BodyKind.TDA,
            BodyKind.CMA,
            BodyKind.CQC,
            BodyKind.NHS_DIGITAL,
            BodyKind.HEALTH_EDUCATION_ENGLAND,
        }
    ),
    "partnership": frozenset(
        {BodyKind.STP, BodyKind.PROVIDER_COLLABORATIVE, BodyKind.PLACE_PARTNERSHIP}
    ),
    "nhs_england_unit": frozenset(
        {BodyKind.REGION, BodyKind.COMMISSIONING_HUB, BodyKind.COMMISSIONING_SUPPORT_UNIT}
    ),
}

#: Arrangements no statute creates: a "who holds this function" answer never names one, and
#: a verdict never treats one as able to act. They are recorded so that "who works with whom"
#: has an answer, and they are always shown as non-statutory.
NON_STATUTORY = KIND_GROUPS["partnership"]

#: Parts of NHS England with their own ODS codes; what they do, NHS England does.
NHS_ENGLAND_UNITS = frozenset({BodyKind.COMMISSIONING_HUB, BodyKind.COMMISSIONING_SUPPORT_UNIT})

#: Bodies that hold functions for a population defined by area rather than for all England.
AREA_COMMISSIONERS = frozenset(
    {BodyKind.CCG, BodyKind.ICB, BodyKind.LOCAL_AUTHORITY, BodyKind.SUB_ICB_LOCATION}
)


def parse_kind(text: str) -> frozenset[BodyKind]:
    """Turn a user's ``--kind`` into the set of kinds it names, or say what is accepted."""
    key = text.strip().lower().replace("-", "_")
    if key in KIND_GROUPS:
        return KIND_GROUPS[key]
    try:
        return frozenset({BodyKind(key)})
    except ValueError:
        accepted = ", ".join([*KIND_GROUPS, *(k.value for k in BodyKind)])
        raise InvalidInput(
            "kind", f"{text!r} is not a kind of body", f"use one of: {accepted}"
        ) from None


@dataclass(frozen=True, slots=True)
class Body:
    """A body as it stood on one date: the answer to "what was X on D?"."""

    code: str
    kind: BodyKind
    name: str
    start: date
    end: date | None
    parent: str | None = None
    trust_type: TrustType | None = None
    ons_code: str | None = None
    predecessors: tuple[str, ...] = field(default=())
    successors: tuple[str, ...] = field(default=())
    care_trust: bool = False  # a trust designated as a care trust (NHS Act 2006 s.77)

    @property
    def foundation_trust(self) -> bool:
        return self.kind is BodyKind.FOUNDATION_TRUST

    @property
    def is_trust(self) -> bool:
        return self.kind in KIND_GROUPS["trust"]
