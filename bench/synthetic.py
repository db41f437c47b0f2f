"""A national-scale synthetic history over the real bodies: appointments, delegations and
contracts, ten years of them, every event valid on its date (bodies in force, ids unique,
endings after beginnings), deterministic for a seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import Body, BodyKind
from nhswiring.domain.people import Role
from nhswiring.domain.register import Register

START = date(2015, 4, 1)
YEARS = 10
COMMISSIONERS = (BodyKind.CCG, BodyKind.ICB)
PROVIDERS = (BodyKind.NHS_TRUST, BodyKind.FOUNDATION_TRUST)
BOARDS = (*COMMISSIONERS, *PROVIDERS)
SERVICES = (
    "urgent and emergency care",
    "community nursing",
    "mental health crisis",
    "elective orthopaedics",
    "diagnostic imaging",
    "maternity",
)


@dataclass(frozen=True, slots=True)
class SyntheticEntry:
    effective: date
    actor: str
    event: ev.Event


class _Pools:
    """Bodies in force, by month, so each event picks a body that exists on its date."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self._cache: dict[date, tuple[list[Body], list[Body], list[Body]]] = {}

    def on(self, day: date) -> tuple[list[Body], list[Body], list[Body]]:
        month = day.replace(day=1)
        if month not in self._cache:
            end = (month + timedelta(days=32)).replace(day=1)
            alive = [
                b for b in self.register.bodies(month, BOARDS) if b.end is None or b.end >= end
            ]
            self._cache[month] = (
                [b for b in alive if b.kind in COMMISSIONERS],
                [b for b in alive if b.kind in PROVIDERS],
                alive,
            )
        return self._cache[month]


def generate(register: Register, count: int, seed: int = 7) -> Iterator[SyntheticEntry]:
    rng = random.Random(seed)
    pools = _Pools(register)
    span = YEARS * 365
    days = sorted(rng.randrange(span) for _ in range(count))
    people: list[str] = []
    open_appointments: list[tuple[str, tuple[str, ...]]] = []
    open_delegations: list[tuple[str, str, str]] = []
    for serial, offset in enumerate(days, start=1):
        day = START + timedelta(days=offset)
        commissioners, providers, boards = pools.on(day)
        roll = rng.random()
        if roll < 0.08 or len(people) < 50:
            person = f"P{serial}"
            people.append(person)
            yield SyntheticEntry(day, "REGISTER", ev.PersonRegistered(person, f"Person {serial}"))
        elif roll < 0.40:
            bodies: tuple[str, ...] = (rng.choice(boards).code,)
            if rng.random() < 0.1:  # a joint appointment across commissioner and provider
                bodies = (rng.choice(commissioners).code, rng.choice(providers).code)
            role = rng.choice(list(Role))
            appointment = f"A{serial}"
            open_appointments.append((appointment, bodies))
            yield SyntheticEntry(
                day,
                bodies[0],
                ev.AppointmentMade(
                    appointment,
                    rng.choice(people),
                    role,
                    bodies,
                    voting=role is not Role.ASSOCIATE_NON_EXECUTIVE,
                ),
            )
        elif roll < 0.52 and open_appointments:
            appointment, bodies = open_appointments.pop(rng.randrange(len(open_appointments)))
            yield SyntheticEntry(day, bodies[0], ev.AppointmentEnded(appointment, bodies))
        elif roll < 0.75:
            commissioner, provider = rng.choice(commissioners), rng.choice(providers)
            yield SyntheticEntry(
                day,
                commissioner.code,
                ev.ContractAwarded(
                    f"C{serial}",
                    commissioner.code,
                    provider.code,
                    rng.choice(SERVICES),
                    Decimal(rng.randrange(50_000, 80_000_000)),
                    day,
                    day + timedelta(days=365 * rng.randint(1, 5)),
                ),
            )
        elif roll < 0.92:
            delegator, delegate = rng.choice(commissioners), rng.choice(providers)
            delegation = f"D{serial}"
            open_delegations.append((delegation, delegator.code, delegate.code))
            yield SyntheticEntry(
                day,
                delegator.code,
                ev.DelegationMade(
                    delegation,
                    "commission_secondary_care",
                    delegator.code,
                    delegate.code,
                    "NHS Act 2006 s.65Z5",
                ),
            )
        elif open_delegations:
            ended, by, to = open_delegations.pop(rng.randrange(len(open_delegations)))
            yield SyntheticEntry(day, by, ev.DelegationEnded(ended, by, to))
        else:
            person = f"P{serial}"
            people.append(person)
            yield SyntheticEntry(day, "REGISTER", ev.PersonRegistered(person, f"Person {serial}"))
