"""The legal gates of a PSR award (regs 12, 19, 20, 21), as pure functions.

Each answers one question of law about entering into a contract on a day and returns why not
(a `Bar`, with its provision) or None. The award verdict (`award_gates.py`) and the provider
selection case (`service/psr/contract.py`) both call these, so a case and a verdict cannot
disagree about when a standstill ends or who may not decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from nhswiring.law.psr_2023.conflicts import PSR_21, Conflict
from nhswiring.law.psr_2023.exclusions import REG_19, ExclusionVerdict, basic_selection_applies
from nhswiring.law.psr_2023.standstill import Standstill, standstill_for

PSR = "Health Care Services (Provider Selection Regime) Regulations 2023"
REG_12 = f"{PSR} reg 12(1), (9), (12)"

#: The processes whose contract follows a notice of intention and a standstill (reg 12(1)).
WITH_STANDSTILL = frozenset({"direct_award_c", "most_suitable_provider", "competitive"})


@dataclass(frozen=True, slots=True)
class Bar:
    """Why the contract may not be entered into, and the provision that says so."""

    reason: str
    citation: str


def standstill_bar(standstill: Standstill, day: date) -> Bar | None:
    """Reg 12(1): the contract may not be entered into before the standstill ends (midnight at
    the end of its last day, reg 12(9))."""
    if day > standstill.last_day:
        return None
    last, first = standstill.last_day, standstill.last_day + timedelta(days=1)
    return Bar(
        f"the standstill runs until midnight at the end of {last:%A} {last.isoformat()} "
        f"({standstill.ends_at.isoformat(timespec='minutes')}) (reg 12); the contract may be "
        f"entered into from {first:%A} {first.isoformat()}",
        REG_12,
    )


def intention_standstill_bar(process: str | None, published: date, day: date) -> Bar | None:
    """The standstill bar for a notice of intention published on ``published``."""
    if process not in WITH_STANDSTILL:
        return None
    return standstill_bar(standstill_for(published), day)


def basic_selection_bar(
    provider: str, process: str | None, *, met: bool, call_off: bool = False
) -> Bar | None:
    """Reg 19(1)-(2): no award to a provider that does not meet the basic selection criteria,
    except by Direct Award A or B or a call-off from a framework."""
    if met or not basic_selection_applies(process, call_off):
        return None
    return Bar(f"{provider} does not meet the basic selection criteria (reg 19)", REG_19)


def exclusion_bar(provider: str, judged: ExclusionVerdict) -> Bar | None:
    """Reg 20: no award to a provider the exclusion verdict says may not be awarded."""
    if judged.may_award is not False:
        return None
    return Bar(f"{provider}: {judged.reason or 'excluded'} ({judged.citation})", judged.citation)


def conflict_bars(
    conflicts: Iterable[Conflict], decision_makers: Iterable[str], recused: Iterable[str] = ()
) -> list[Bar]:
    """Reg 21(2)(b), (4): each conflicted person who took part in the decision without
    recusing."""
    out_of_it = set(recused)
    taking_part = [p for p in dict.fromkeys(decision_makers) if p not in out_of_it]
    return [
        Bar(
            f"{c.person} took part in the decision with a conflict of interest ({c.basis}; "
            f"{c.reason}) and did not recuse (reg 21)",
            PSR_21,
        )
        for c in conflicts
        if c.conflicted and c.person in taking_part
    ]


def no_decision_maker_bar(decision_makers: Iterable[str], conflicted: Iterable[str]) -> Bar | None:
    """Reg 21(2)(b): once the conflicted recuse, someone must be left to decide."""
    out = set(conflicted)
    if any(p not in out for p in decision_makers):
        return None
    return Bar("every decision-maker is conflicted (reg 21): name another", PSR_21)
