"""One standstill calculation for the whole code base (PSR reg 12).

Reg 12(12) names "the first Monday in May" as a public holiday in its own right, besides the
bank holidays in England. In 2020 the early May bank holiday moved to Friday 8 May (VE Day), yet
Monday 4 May was still the first Monday in May: for a notice published on Friday 24 April 2020
the standstill begins on Saturday 25 April and its eighth working day is Thursday 7 May (27, 28,
29, 30 April, 1, 5, 6, 7 May), not Wednesday 6 May as England's bank-holiday calendar alone
would give. Every place that states a standstill date must agree with `standstill_for`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from nhswiring.domain.procurement import CaseState
from nhswiring.domain.psr_records import RecordedStandstill
from nhswiring.domain.register import Register
from nhswiring.law.proposal import Proposal
from nhswiring.law.psr_2023.gates import intention_standstill_bar
from nhswiring.law.psr_2023.obligations import standstill_obligations
from nhswiring.law.psr_2023.standstill import standstill_for
from nhswiring.law.psr_2023.standstill_end import standstill_end
from nhswiring.law.working_days import add_working_days

SRC = Path(__file__).resolve().parents[2] / "src" / "nhswiring"


def test_a_notice_published_on_24_april_2020_gives_a_standstill_to_7_may() -> None:
    s = standstill_for(date(2020, 4, 24))
    assert s.begins == date(2020, 4, 25)
    assert s.last_day == date(2020, 5, 7)


def test_the_general_calendar_alone_would_have_given_6_may() -> None:
    # The defect this replaces: the award verdict counted England's bank holidays only.
    assert add_working_days(date(2020, 4, 25), 8) == date(2020, 5, 6)


def _verdict_due(published: date) -> date:
    p = Proposal(published, "QHM", "award_contract", {}, {}, Register())
    ends = [o.due for o in standstill_obligations(p) if o.due is not None]
    assert len(ends) == 1
    return ends[0]


def _bar_lifts(published: date) -> date:
    """The first day the award verdict's reg 12(1) bar no longer stands."""
    last = standstill_for(published).last_day
    assert intention_standstill_bar("competitive", published, last) is not None
    return last


def _case_bar_lifts(published: date) -> date:
    """As a case reads its standstill: recorded by the notice step (`Standstill.to_json`),
    its end read by `standstill_end` (no representations: reg 12(9))."""
    case = CaseState(
        "C", standstill=RecordedStandstill.from_json(standstill_for(published).to_json())
    )
    end = standstill_end(case)
    assert end is not None
    assert end.last_day is not None
    assert not end.has_ended(end.last_day)
    assert end.has_ended(date.fromordinal(end.last_day.toordinal() + 1))
    return end.last_day


def test_every_caller_agrees_on_24_april_2020() -> None:
    published = date(2020, 4, 24)
    assert {_verdict_due(published), _bar_lifts(published), _case_bar_lifts(published)} == {
        date(2020, 5, 7)
    }


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 11, 30)))
def test_every_caller_agrees(published: date) -> None:
    expected = standstill_for(published).last_day
    assert _verdict_due(published) == expected
    assert _bar_lifts(published) == expected
    assert _case_bar_lifts(published) == expected


def test_no_other_psr_module_counts_working_days() -> None:
    """Only standstill.py counts PSR working days; the rest of the PSR code asks it."""
    counting = re.compile(r"\badd_working_days\b|\bis_working_day\b")
    offenders = [
        str(path.relative_to(SRC))
        for folder in (SRC / "law" / "psr_2023", SRC / "service" / "psr")
        for path in folder.rglob("*.py")
        if path.name != "standstill.py" and counting.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
