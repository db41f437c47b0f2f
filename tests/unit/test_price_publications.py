"""The real tariffs and payment schemes (price_publications.csv): each loaded row is one dated
decision of its publisher, read back by the audit and judged lawful on the facts its sources
give; rows that are not publications stay in the table but out of the history."""

from __future__ import annotations

import csv
from datetime import date
from importlib.resources import files

import pytest

from nhswiring.domain import events as ev
from nhswiring.domain.errors import InvalidInput, PricePublicationDataError
from nhswiring.domain.register import Register
from nhswiring.law.facts import check_facts
from nhswiring.law.judge import judge
from nhswiring.reference import price_publications as pp
from nhswiring.reference.history import HistoryEntry
from nhswiring.reference.tables import load_table, parse_table


def test_every_row_is_loaded_or_says_why_not() -> None:
    rows = load_table(pp.TABLE).rows
    # every line has exactly the header's columns (an unquoted comma would add one, silently)
    text = (files("nhswiring.reference") / "data" / pp.TABLE).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    assert {len(r) for r in csv.reader(lines)} == {len(lines[0].split(","))}
    assert {r["loaded"] for r in rows} <= {"yes", "no"}
    loaded = {p.publication_id for p in pp.price_publications()}
    assert loaded == {r["publication_id"] for r in rows if r["loaded"] == "yes"}
    # The 2015/16 proposals were never published: 75% of providers by share of supply objected.
    unpublished = next(r for r in rows if r["publication_id"] == "nt-2015-16")
    assert unpublished["loaded"] == "no"
    assert unpublished["share_of_supply_objection_percent"] == "75"
    assert all(r["confirmed"] for r in rows), "every row says what is confirmed"


def test_publishers_follow_the_law_of_the_date() -> None:
    for p in pp.price_publications():
        if p.action == "publish_national_tariff":
            assert p.day < date(2023, 4, 1), p
            assert p.publisher == ("MONITOR" if p.day < date(2022, 7, 1) else "NHSE"), p
        else:
            assert p.publisher == "NHSE", p


def test_publications_are_in_the_history_as_the_publishers_decisions(
    history: list[HistoryEntry],
) -> None:
    recorded = {
        e.event.decision_id: e
        for e in history
        if isinstance(e.event, ev.DecisionRecorded) and e.event.action in pp.ACTIONS
    }
    assert set(recorded) == {p.publication_id for p in pp.price_publications()}
    first = recorded["nt-2020-21"]
    assert (first.effective, first.actor) == (date(2020, 11, 19), "MONITOR")
    assert isinstance(first.event, ev.DecisionRecorded)
    assert pp.read_details(first.event) == (
        {"edition": "2020/21"},
        {"tariff_consultation_held": True, "tariff_agreed_with_board": True}
        | {"tariff_objections_below_thresholds": True},
    )


def test_every_loaded_publication_is_lawful_on_its_date(register: Register) -> None:
    for p in pp.price_publications():
        verdict = judge(
            day=p.day,
            actor=p.publisher,
            action=p.action,
            args=p.args,
            facts=p.facts,
            state=register,
        )
        assert verdict.outcome.value == "lawful", (p.publication_id, verdict.reasons)


def test_a_decision_of_another_kind_is_not_read_as_a_publication() -> None:
    other = ev.DecisionRecorded("x", "set_capital_limit", "NHSE", ("RTD",), '{"amount":"1"}')
    assert pp.read_details(other) is None
    odd = ev.DecisionRecorded("y", "publish_payment_scheme", "NHSE", (), '{"basis":"s.114A"}')
    assert pp.read_details(odd) is None


HEADER = (
    "# source: a test\n# as_at: 2026-01-01\n"
    "publication_id,action,publisher,edition,amendment,date,date_basis,effective_from,"
    "consultation_opened,consultation_closed,consulted,objections,"
    "commissioner_objection_percent,provider_objection_percent,"
    "share_of_supply_objection_percent,loaded,summary,source_title,source_url,confirmed\n"
)

#: id, action, date basis, objections, source URL
ROW = "{},{},MONITOR,2016/17,no,2016-04-01,{},,,,yes,{},,,,yes,s,t,{},c"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            ROW.format("x1", "publish_tariff", "by", "below", "https://a"),
            "action",
        ),
        (
            ROW.format("x2", "publish_national_tariff", "about", "below", "https://a"),
            "date_basis",
        ),
        (
            ROW.format("x3", "publish_national_tariff", "by", "maybe", "https://a"),
            "objections",
        ),
        (
            ROW.format("x4", "publish_national_tariff", "by", "below", "a page"),
            "source URL",
        ),
    ],
)
def test_a_malformed_row_names_itself(line: str, message: str) -> None:
    row = parse_table("t.csv", HEADER + line + "\n").rows[0]
    with pytest.raises(PricePublicationDataError, match=message):
        pp._publication(row)


@pytest.mark.parametrize("value", [37, "37.5", 0, 100])
def test_a_percentage_fact_takes_zero_to_a_hundred(value: object) -> None:
    assert (
        check_facts({"tariff_provider_objection_percent": value}, ["publish_national_tariff"]) == ()
    )


@pytest.mark.parametrize("value", [101, -1, "many", True])
def test_a_percentage_outside_zero_to_a_hundred_is_bad_input(value: object) -> None:
    with pytest.raises(InvalidInput, match="percentage"):
        check_facts({"payment_scheme_icb_objection_percent": value}, ["publish_payment_scheme"])
