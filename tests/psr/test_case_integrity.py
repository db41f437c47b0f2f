"""A case accepts only what the law allows, once (issue 9 §1).

Refused here whatever the step: a second award (a change after award is a modification,
judged by reg 13), a step dated before the case was opened, a second notice of a kind a
case gives once, anything after abandonment but its notice. And writes are exact under
contention and retries: of eight writers taking the same step at once exactly one is
recorded, and a command re-run after it committed is recognised, not recorded twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest

from nhswiring.domain.errors import InvalidInput, LedgerConflict, RequestReused
from nhswiring.domain.procurement import Step
from nhswiring.ledger.store import RequestKey
from nhswiring.service.psr.base import step_event
from nhswiring.service.psr.cases import Cases, StepRefused
from nhswiring.service.psr.notices import publish
from nhswiring.service.system import System
from tests.psr.conftest import assess, award, d, da_c_to_intention, open_case, route


def _after_standstill(cases: Cases) -> None:
    da_c_to_intention(cases)  # notice 2 June 2025; the standstill ends at midnight 12 June


def test_a_second_award_is_refused_and_the_contract_keeps_its_value(cases: Cases) -> None:
    _after_standstill(cases)
    award(cases, "2025-06-16")
    head = cases.system.head()
    with pytest.raises(StepRefused, match="already awarded contract CN1-C1") as refused:
        award(cases, "2025-06-20", value=99_000_000)
    assert "modification" in refused.value.accepted
    assert "reg 13" in refused.value.accepted
    assert cases.system.head() == head
    contract = cases.register().contract("CN1-C1")
    assert contract is not None
    assert contract.lifetime_value == Decimal(12_000_000)


@pytest.mark.parametrize("step", ["route", "assess", "notice", "conflicts"])
def test_no_step_may_be_dated_before_the_case_was_opened(cases: Cases, step: str) -> None:
    open_case(cases, day="2025-05-01")
    if step != "route":
        route(cases)
    head = cases.system.head()
    early = d("2025-04-30")
    take: dict[str, Callable[[], object]] = {
        "route": lambda: route(cases, day="2025-04-30"),
        "assess": lambda: assess(cases, day="2025-04-30"),
        "notice": lambda: publish(cases, case_id="CN1", day=early, schedule=3, by="P100"),
        "conflicts": lambda: cases.conflicts(case_id="CN1", day=early, by="P100"),
    }
    with pytest.raises(StepRefused, match="before the case was opened on 2025-05-01"):
        take[step]()
    assert cases.system.head() == head


def test_a_notice_a_case_gives_once_is_refused_the_second_time(cases: Cases) -> None:
    _after_standstill(cases)
    award(cases, "2025-06-16")
    publish(cases, case_id="CN1", day=d("2025-06-18"), schedule=4, by="P100")
    head = cases.system.head()
    with pytest.raises(StepRefused, match="already published on 2025-06-18"):
        publish(cases, case_id="CN1", day=d("2025-06-19"), schedule=4, by="P100")
    assert cases.system.head() == head


def test_after_abandonment_only_its_notice_may_follow(cases: Cases) -> None:
    open_case(cases)
    route(cases)
    cases.abandon(case_id="CN1", day=d("2025-05-12"), reason="service redesigned", by="P100")
    with pytest.raises(StepRefused, match="abandoned on 2025-05-12"):
        assess(cases, day="2025-05-20")
    publish(cases, case_id="CN1", day=d("2025-05-13"), schedule=None, by="P100")
    assert cases.state("CN1").notice("abandonment") is not None


def test_a_writer_that_read_the_case_before_another_wrote_is_refused(cases: Cases) -> None:
    """The case stream's version, read with the case, is what the write expects."""
    open_case(cases)
    stale = cases.state("CN1")
    route(cases)  # another writer moves the case on
    head = cases.system.head()
    event = step_event(stale, Step.CONFLICTS_CHECKED, "P100", {"links_found": 0})
    with pytest.raises(LedgerConflict, match="someone else recorded first"):
        cases.write(
            d("2025-05-11"), stale, Step.CONFLICTS_CHECKED, cases.entries(d("2025-05-11"), [event])
        )
    assert cases.system.head() == head


def test_a_retried_award_is_recognised_not_recorded_twice(cases: Cases) -> None:
    _after_standstill(cases)
    request = RequestKey("cli:award-CN1", "digest-1")
    retried = Cases(cases.system, "QHM", request)
    first = retried.award(
        case_id="CN1", day=d("2025-06-16"), provider="RTD", value=12_000_000,
        start=d("2025-07-01"), end=None, by="P100",
    )  # fmt: skip
    head = cases.system.head()
    again = Cases(cases.system, "QHM", request).award(
        case_id="CN1", day=d("2025-06-16"), provider="RTD", value=12_000_000,
        start=d("2025-07-01"), end=None, by="P100",
    )  # fmt: skip
    assert not first.replayed
    assert again.replayed
    assert again.recorded == first.recorded
    assert again.first_seq is not None
    assert cases.system.head() == head
    assert [s["step"] for s in cases.state("CN1").history].count("award") == 1
    reused = Cases(cases.system, "QHM", RequestKey("cli:award-CN1", "another request"))
    with pytest.raises(RequestReused, match="already recorded a different request"):
        reused.abandon(case_id="CN1", day=d("2025-06-20"), reason="x", by="P100")


def _race(system_url: str, case_id: str, writers: int) -> tuple[int, list[str]]:
    """``writers`` threads, each with its own engine (as separate processes would have),
    publish the same notice of intention at the same moment."""
    barrier = threading.Barrier(writers)
    wins: list[int] = []
    refusals: list[str] = []
    lock = threading.Lock()

    def write() -> None:
        system = System.connect(system_url)
        cases = Cases(system, "QHM")
        try:
            barrier.wait()
            publish(cases, case_id=case_id, day=d("2025-06-02"), schedule=3, by="P100")
            with lock:
                wins.append(1)
        except (InvalidInput, LedgerConflict) as exc:
            with lock:
                refusals.append(str(exc))
        finally:
            system.engine.dispose()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(wins), refusals


def test_eight_writers_of_one_step_leave_one_step_and_seven_refusals(cases: Cases) -> None:
    open_case(cases)
    route(cases)
    assess(cases)
    url = cases.system.engine.url.render_as_string()
    won, refusals = _race(url, "CN1", 8)
    assert won == 1
    assert len(refusals) == 7
    assert all("already been published" in r or "recorded first" in r for r in refusals)
    state = Cases(System.connect(url), "QHM").state("CN1")
    assert [n["type"] for n in state.notices] == ["intention"]
    assert cases.system.verify().ok


def test_route_facts_are_checked_whoever_gives_them(cases: Cases) -> None:
    """Not only the command line: a case script or the API giving a misspelt fact, or one of
    the wrong type, is refused by the service, naming the fact."""
    open_case(cases)
    head = cases.system.head()
    with pytest.raises(InvalidInput, match="closest are existing_provider"):
        route(cases, facts={"existing_provdier": True})
    with pytest.raises(InvalidInput, match="urgency"):
        route(cases, facts={"urgency": "maybe"})
    assert cases.system.head() == head
