"""A regime: a named, immutable set of rules with its period (real) or its baseline and the
amendments it makes (hypothetical, after OpenFisca's reforms).

The model knows nothing of which regimes exist: `nhswiring.law.regimes` is the registry that
builds them (the real ones from the rule modules, the hypothetical ones from
`nhswiring.law.proposals`). The proposal modules import this model, never the registry, so
the registry and the proposals are not in an import cycle.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.time import Interval
from nhswiring.law.engine import Rule
from nhswiring.law.parameters import PSR_AMENDED

HSCA_2012 = "hsca2012"
HCA_2022 = "hca2022"
IN_FORCE = "in-force"

#: The 2022 Act read as a whole (held fixed before its period): every commencement made,
#: including the PSR as amended from 24 February 2025.
HCA_2022_COMPLETE = PSR_AMENDED


@dataclass(frozen=True)
class Regime:
    key: str
    title: str
    description: str
    rules: tuple[Rule, ...]
    period: Interval | None = None  # None: hypothetical, never in force
    baseline: str | None = None
    published: date | None = None
    amendments: tuple[str, ...] = ()  # plain-English list of what the regime changes
    #: the day the regime is read on when held fixed after its period (default: its last day)
    held_at: date | None = None
    #: the baseline itself, for a hypothetical regime (read on its baseline's days)
    base: Regime | None = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def real(self) -> bool:
        return self.period is not None

    def law_day(self, day: date) -> date:
        """The date on which this regime's rules are read for a decision dated ``day``."""
        if self.period is None:
            assert self.base is not None, f"hypothetical regime {self.key} has no baseline"
            return self.base.law_day(day)
        if self.period.contains(day):
            return day
        if day < self.period.start:
            return HCA_2022_COMPLETE if self.key == HCA_2022 else self.period.start
        assert self.period.end is not None
        return self.held_at or self.period.end - timedelta(days=1)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise InvalidInput(
            "rule",
            f"{rule_id!r} is not a rule of {self.key}",
            "run `nhswiring law --regime " + self.key + "` to list its rules",
        )

    def amended(
        self,
        key: str,
        title: str,
        description: str,
        *,
        published: date,
        remove: Iterable[str] = (),
        add: Iterable[Rule] = (),
        adopt: Iterable[Rule] = (),
        amendments: Iterable[str] = (),
    ) -> Regime:
        """A hypothetical regime: this one with rules removed, new rules added, and rules of
        another regime adopted (made to apply whenever the hypothetical regime is chosen)."""
        gone = set(remove)
        unknown = gone - {r.id for r in self.rules}
        if unknown:
            raise ValueError(f"{key} removes rules {sorted(unknown)} that {self.key} lacks")
        adopted = tuple(dataclasses.replace(r, in_force=Interval(date(2000, 1, 1))) for r in adopt)
        replaced = gone | {r.id for r in adopted}  # an adopted rule replaces the baseline's
        rules = tuple(r for r in self.rules if r.id not in replaced) + adopted + tuple(add)
        ids = [r.id for r in rules]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"{key} has duplicate rules: {sorted(duplicates)}")
        return Regime(
            key, title, description, rules, None, self.key, published, tuple(amendments), base=self
        )
