"""The audit over the whole real register: nothing unlawful, every undetermined change names the
fact it lacks, every change has an instrument, and the JSON has the documented shape."""

from __future__ import annotations

from collections import Counter

import pytest

from nhswiring.reference.change_instruments import load_instruments
from nhswiring.reference.history import HistoryEntry
from nhswiring.service.audit import AuditRow, audit, from_history, totals

KEYS = {"date", "actor", "action", "subjects", "instrument", "verdict"}


@pytest.fixture(scope="module")
def rows(history: list[HistoryEntry]) -> list[AuditRow]:
    return audit(from_history(history), load_instruments())


def test_no_change_in_the_register_is_unlawful(rows: list[AuditRow]) -> None:
    unlawful = [(r.day, r.actor, r.action, r.subjects) for r in rows if r.outcome == "unlawful"]
    assert unlawful == []


def test_every_undetermined_change_names_its_missing_fact(rows: list[AuditRow]) -> None:
    # Since issue 11 every change the register holds is judged (the last two, Mid Staffordshire's
    # and North West Boroughs' endings, by trust_endings.csv); any undetermined one must ask.
    undetermined = [r for r in rows if r.outcome == "undetermined"]
    for r in undetermined:
        assert r.verdict["missing_facts"], r
        assert all(m["name"] and m["question"] for m in r.verdict["missing_facts"])


def test_the_changes_the_reform_made_are_judged_lawful(rows: list[AuditRow]) -> None:
    judged = Counter(r.action for r in rows if r.outcome == "lawful")
    for action in (
        "merger",
        "acquisition",
        "establishment",
        "abolition by Act",
        "foundation trust authorisation",
        "delegation",
        "area variation",
    ):
        assert judged[action] > 0, action
    by_subject = {(r.day.isoformat(), r.subjects[0], r.action): r for r in rows}
    assert by_subject[("2014-04-01", "OFT", "abolition by Act")].outcome == "lawful"
    assert by_subject[("2022-07-01", "MONITOR", "abolition by Act")].outcome == "lawful"
    mid_staffs = by_subject[("2017-11-01", "RJD", "dissolution after special administration")]
    assert mid_staffs.outcome == "lawful"
    assert by_subject[("2021-06-01", "RTV", "acquisition")].outcome == "lawful"
    icbs = [r for r in rows if r.action == "establishment" and r.verdict["action"] == "establish"]
    assert sum(1 for r in icbs if r.day.isoformat() == "2022-07-01" and r.actor == "NHSE") == 42


def test_what_is_not_a_legal_act_is_noted_with_a_reason(rows: list[AuditRow]) -> None:
    noted = [r for r in rows if r.outcome == "noted"]
    assert noted
    assert all(r.verdict["reasons"][0]["text"].startswith("Not a legal act") for r in noted)


def test_instruments_are_national_or_class_defaults_never_invented(rows: list[AuditRow]) -> None:
    judged = [r for r in rows if r.outcome != "noted"]
    missing = [r for r in judged if r.instrument.title.startswith("no instrument")]
    assert missing == []
    references = {r.instrument.reference for r in judged}
    assert "SI 2022/734" in references
    assert "unknown" in references


def test_json_shape(rows: list[AuditRow]) -> None:
    for r in rows[:: max(1, len(rows) // 200)]:
        data = r.to_json()
        assert set(data) == KEYS
        assert set(data["instrument"]) == {"title", "reference", "url"}
        assert data["verdict"]["schema"] == "nhswiring.verdict/1"
        assert data["verdict"]["outcome"] in {"lawful", "undetermined", "unlawful", "noted"}
        assert isinstance(data["subjects"], list)
        assert data["subjects"]


def test_totals_count_every_row(rows: list[AuditRow]) -> None:
    counted = totals(rows)
    assert sum(counted.values()) == len(rows)
    assert counted["unlawful"] == 0
