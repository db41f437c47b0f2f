"""The system at a glance on chosen dates: what `nhswiring demo` prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from nhswiring.domain.commissioning import who_commissions
from nhswiring.domain.register import Register
from nhswiring.law.function_catalogue import function
from nhswiring.service.views import counts_by_kind

#: The dates the reforms turn on: the 2012 Act's system starts; the first big CCG merger
#: wave; the last year of CCGs; ICBs established; and today.
KEY_DATES = (date(2013, 4, 1), date(2017, 4, 1), date(2021, 4, 1), date(2022, 7, 1))

#: Example questions: (function, area code, label of the area).
EXAMPLES = (
    ("commission_secondary_care", "E08000021", "Newcastle upon Tyne"),
    ("commission_primary_medical_services", "E08000021", "Newcastle upon Tyne"),
    ("commission_specialised_services", "E08000021", "Newcastle upon Tyne"),
    ("commission_public_health", "E08000021", "Newcastle upon Tyne"),
    ("commission_secondary_care", "06T", "North East Essex"),
)


@dataclass(frozen=True, slots=True)
class Example:
    function: str
    area: str
    label: str
    answers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Snapshot:
    day: date
    counts: dict[str, int]
    examples: tuple[Example, ...]


def snapshot(register: Register, day: date) -> Snapshot:
    examples = []
    for key, area, label in EXAMPLES:
        if not (register.is_area(area) and register.covering(area, day)):
            continue
        answers = []
        for a in who_commissions(function(key), area, day, register):
            holder = register.body(a.holding.holder, day)
            text = holder.name if holder else a.holding.holder
            if a.chain:
                exercised = register.body(a.exercised_by, day)
                text += f", delegated to {exercised.name if exercised else a.exercised_by}"
            answers.append(text)
        examples.append(Example(key, area, label, tuple(answers)))
    return Snapshot(day, counts_by_kind(register, day), tuple(examples))


def report(register: Register, days: Sequence[date]) -> list[Snapshot]:
    return [snapshot(register, d) for d in days]
