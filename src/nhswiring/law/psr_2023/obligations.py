"""The obligations that follow a PSR award (regs 7-12, 21, 24), shared by the process rules:
the record, the conflicts check, the award notice and the standstill (its date from
`standstill_for`, the one standstill calculation)."""

from __future__ import annotations

from nhswiring.law.common import must
from nhswiring.law.proposal import Proposal
from nhswiring.law.psr_2023.standstill import standstill_for
from nhswiring.law.verdict import Obligation
from nhswiring.law.working_days import add_days

PSR = "Health Care Services (Provider Selection Regime) Regulations 2023 (SI 2023/1348)"


def records(p: Proposal) -> Obligation:
    return must(
        "Keep a record of the decision (reg 24): the decision-makers, the process, "
        "the key and basic selection criteria applied, reasons, declared conflicts and "
        "how each was managed",
        f"{PSR} reg 24",
    )


def conflicts_check() -> Obligation:
    return must(
        "Check decision-makers' declared interests; any conflicted person must not take part",
        f"{PSR} reg 21",
    )


def award_notice(p: Proposal, schedule: str, *, after_standstill: bool = False) -> Obligation:
    """Within 30 days of the award: for a direct award A or B the decision is the award; after
    a standstill the contract can be awarded only once it ends, so the date is then open."""
    return must(
        f"Submit the notice of the award for publication ({schedule}) within 30 days of the award"
        + (" (which may be made only after the standstill ends)" if after_standstill else ""),
        f"{PSR} regs 7-11",
        due=None if after_standstill else add_days(p.day, 30),
    )


def standstill_obligations(p: Proposal) -> tuple[Obligation, ...]:
    """The standstill a notice of intention published on the proposal's day would start,
    counted by the one calculation for the whole code base (reg 12, `standstill_for`)."""
    ends = standstill_for(p.day).last_day
    return (
        must(
            "Publish the notice of intention to award (the standstill begins the day after "
            "publication)",
            f"{PSR} reg 12",
        ),
        must(
            f"Do not enter into the contract before the standstill ends (midnight at the end "
            f"of {ends.isoformat()}, if the notice is published on {p.day.isoformat()}); "
            "consider any representations made by then",
            f"{PSR} reg 12(3)-(4), (9), (12)",
            due=ends,
        ),
    )
