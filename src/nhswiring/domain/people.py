"""People, the posts they hold on boards and committees, and the interests they declare.

A joint appointment is one appointment to several bodies at once (a shared chief executive,
say): it is the case the conflict-of-interest rules care about, so it is modelled as such
rather than as several unrelated appointments.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nhswiring.domain.time import Interval


class Role(StrEnum):
    CHAIR = "chair"
    CHIEF_EXECUTIVE = "chief_executive"
    EXECUTIVE_DIRECTOR = "executive_director"
    NON_EXECUTIVE_DIRECTOR = "non_executive_director"
    ASSOCIATE_NON_EXECUTIVE = "associate_non_executive"
    PARTNER_MEMBER = "partner_member"
    COMMITTEE_MEMBER = "committee_member"


#: Roles that carry no vote on the board unless the appointment says otherwise.
NON_VOTING_ROLES = frozenset({Role.ASSOCIATE_NON_EXECUTIVE})


@dataclass(frozen=True, slots=True)
class Person:
    person_id: str
    name: str


@dataclass(frozen=True, slots=True)
class Appointment:
    appointment_id: str
    person: str
    role: Role
    bodies: tuple[str, ...]
    valid: Interval
    voting: bool = True

    @property
    def is_joint(self) -> bool:
        return len(self.bodies) > 1


@dataclass(frozen=True, slots=True)
class Interest:
    """A declared interest: the person has a stake in ``organisation`` of the stated nature."""

    interest_id: str
    person: str
    organisation: str
    nature: str
    valid: Interval
