"""Each PSR notice is a document of the OCDS section it is about, with the documentType and
noticeType of exports/schema/SOURCES.md §3: built directly for every kind of notice, and as
published by every worked example in scenarios/psr/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from nhswiring.domain.procurement import CaseState
from nhswiring.domain.psr_records import Award, Modification
from nhswiring.exports.ocds import InvalidRelease, build_release
from nhswiring.service.psr.cases import Cases
from nhswiring.service.psr.script import load_script, run_script
from nhswiring.service.system import System

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "scenarios" / "psr").glob("*.yaml"))

#: Schedule (None: abandonment) -> the notice's kind, section and documentType.
PLACES: dict[int | None, tuple[str, str, str]] = {
    2: ("award", "awards", "awardNotice"),
    3: ("intention", "awards", "awardNotice"),
    4: ("award", "awards", "awardNotice"),
    5: ("intention_to_follow", "tender", "tenderNotice"),
    6: ("intention", "awards", "awardNotice"),
    7: ("award", "awards", "awardNotice"),
    8: ("invitation", "tender", "tenderNotice"),
    9: ("unsuccessful_letter", "awards", "evaluationReports"),
    10: ("intention", "awards", "awardNotice"),
    11: ("award", "awards", "awardNotice"),
    12: ("modification", "contracts", "contractNotice"),
    13: ("award", "awards", "awardNotice"),
    14: ("urgent_modification", "contracts", "contractNotice"),
    15: ("mini_competition_invitation", "tender", "biddingDocuments"),
    None: ("abandonment", "tender", "tenderCancellationNotice"),
}
AWARDED = Award(
    provider="RTD",
    contract="CN1-C1",
    value=Decimal("12000000"),
    start=date(2025, 7, 1),
    end=date(2028, 7, 1),
    decision_makers=(),
    awarded_on=date(2025, 6, 16),
)
MODIFIED = Modification(
    change=Decimal("100000"),
    reason="authority_decision",
    cumulative=Decimal("100000"),
    notice_required=True,
    on=date(2025, 8, 28),
    description="Extra clinics",
    term_change="no change to the term",
    takes_effect=date(2025, 9, 1),
)


def _case(**kw: Any) -> CaseState:
    kw.setdefault("candidate", "RTD")  # the selected provider, when nobody is assessed
    return CaseState(
        "CN1",
        authority="QHM",
        service="Community nursing",
        cpv_codes=["85323000-9"],
        estimated_value=Decimal(12_000_000),
        process="competitive",
        **kw,
    )


def _notice(schedule: int | None, provider: str | None = "RTD", **kw: Any) -> dict[str, Any]:
    kind = PLACES[schedule][0]
    notice: dict[str, Any] = {
        "type": kind,
        "schedule": schedule,
        "title": f"Notice {schedule}",
        "published_on": "2025-09-05",
        "medium": "central digital platform",
        "provider": provider,
        "items": [],
        "text": f"The text of notice {schedule}",
        "ocds_tag": "award",
    }
    if kind in {"award", "intention"} and provider:
        notice["award"] = {
            "status": "active" if kind == "award" else "pending",
            "value": "12000000",
            "date": "2025-06-16" if kind == "award" else None,
            "start": "2025-07-01",
            "end": "2028-07-01",
            "contract": "CN1-C1" if kind == "award" else None,
        }
    return notice | kw


def _build(case: CaseState, notice: dict[str, Any]) -> dict[str, Any]:
    return build_release(case=case, notice=notice, register_name=lambda code: f"Body {code}")


def _documents(release: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every notice document in a release, by the section whose documents carry it."""
    found: dict[str, list[dict[str, Any]]] = {
        "planning": release.get("planning", {}).get("documents", []),
        "tender": release.get("tender", {}).get("documents", []),
    }
    for section in ("awards", "contracts"):
        found[section] = [d for x in release.get(section, []) for d in x.get("documents", [])]
    return {section: docs for section, docs in found.items() if docs}


def _assert_placed(release: dict[str, Any], schedule: int | None, section: str) -> None:
    assert "documents" not in release  # no release-level documents in OCDS 1.1
    documents = _documents(release)
    assert list(documents) == [section], documents
    [document] = documents[section]
    assert document["documentType"] == PLACES[schedule][2]
    assert document["noticeType"] == (f"PSR-Sch{schedule}" if schedule else "PSR-reg15")


@pytest.mark.parametrize("schedule", list(PLACES), ids=[f"sch{s or '-reg15'}" for s in PLACES])
def test_each_kind_of_notice_is_a_document_of_its_section(schedule: int | None) -> None:
    case = _case(award=AWARDED, modifications=[MODIFIED])
    release = _build(case, _notice(schedule))
    _assert_placed(release, schedule, PLACES[schedule][1])
    assert release["tender"]["status"] == "active"


def test_an_award_notice_hangs_on_a_pending_award_until_signed() -> None:
    standstill = {"begins": "2025-06-03", "last_day": "2025-06-13"}
    release = _build(_case(), _notice(3, standstill=standstill))
    [award] = release["awards"]
    assert award["status"] == "pending"
    assert award["suppliers"] == [{"id": "RTD", "name": "Body RTD"}]
    assert award["standstillPeriod"]["endDate"] == "2025-06-13T23:59:59+01:00"
    assert "contracts" not in release


def test_the_schedule_9_letter_names_its_addressee_as_a_tenderer_not_a_supplier() -> None:
    release = _build(_case(), _notice(9, provider="RM3"))
    [award] = release["awards"]
    assert award["status"] == "pending"
    assert award["suppliers"] == [{"id": "RTD", "name": "Body RTD"}]  # the selected provider
    roles = {p["id"]: p["roles"] for p in release["parties"]}
    assert roles == {"QHM": ["buyer", "procuringEntity"], "RTD": ["supplier"], "RM3": ["tenderer"]}


def test_an_award_notice_without_a_provider_falls_back_to_the_tender() -> None:
    release = _build(_case(candidate=None), _notice(10, provider=None))
    _assert_placed(release, 10, "tender")
    assert "awards" not in release


def test_abandonment_cancels_the_tender() -> None:
    release = _build(_case(), _notice(None, provider=None, tender_status="cancelled"))
    assert release["tender"]["status"] == "cancelled"
    assert release["tender"]["documents"][0]["documentType"] == "tenderCancellationNotice"


def test_a_modification_notice_amends_the_contract() -> None:
    later = replace(
        MODIFIED,
        change=Decimal("50000"),
        cumulative=Decimal("150000"),
        on=date(2025, 9, 2),
        reason="urgent",
        description="Winter surge",
    )
    case = _case(award=AWARDED, modifications=[MODIFIED, later])
    items = [{"para": "4", "key": "modification_description", "label": "", "value": "Surge."}]
    [contract] = _build(case, _notice(14, items=items))["contracts"]
    assert contract["id"] == "CN1-C1"
    assert contract["awardID"] == "CN1-award"
    assert contract["value"] == {"amount": 12_150_000.0, "currency": "GBP"}
    assert contract["period"]["endDate"] == "2028-06-30T23:59:59+01:00"
    first, second = contract["amendments"]
    assert first == {
        "id": "CN1-C1-M1",
        "date": "2025-08-28T00:00:00+01:00",
        "rationale": "Attributable to a decision of the relevant authority (PSR reg. 13(1)(d))",
        "description": "Extra clinics. Lifetime value change: £+100,000 (cumulative £+100,000). "
        "Term: no change to the term. Takes effect: 2025-09-01.",
    }
    assert second["id"] == "CN1-C1-M2"
    assert second["rationale"] == "Urgent modification (PSR reg. 14)"
    assert second["description"].startswith("Surge. Lifetime value change: £+50,000")


def test_a_modification_notice_without_a_modified_contract_is_refused() -> None:
    with pytest.raises(InvalidRelease, match="awarded, modified contract"):
        _build(_case(award=AWARDED), _notice(12))


def test_a_notice_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(InvalidRelease, match="'letter'"):
        _build(_case(), _notice(4, type="letter"))


@pytest.fixture
def cases(loaded_sqlite_url: str, tmp_path: Path) -> Iterator[Cases]:
    source = Path(loaded_sqlite_url.removeprefix("sqlite:///"))
    shutil.copy(source, tmp_path / "case.db")
    system = System.connect(f"sqlite:///{tmp_path / 'case.db'}")
    yield Cases(system, "QHM")
    system.engine.dispose()


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_every_published_notice_is_placed_by_its_schedule(path: Path, cases: Cases) -> None:
    script = load_script(path)
    assert not [o for o in run_script(cases, script) if o.failures]
    for notice in Cases(cases.system, script.authority).state(script.case).notices:
        schedule = notice["schedule"]
        assert notice["type"] == PLACES[schedule][0]
        release = notice["ocds_release"]
        _assert_placed(release, schedule, PLACES[schedule][1])
        if PLACES[schedule][1] == "awards":
            suppliers = release["awards"][0]["suppliers"]
            assert {p["id"] for p in release["parties"] if "supplier" in p["roles"]} == {
                s["id"] for s in suppliers
            }


def test_the_worked_examples_publish_every_schedule_of_a_process() -> None:
    published = {
        step.args["schedule"]
        for path in SCRIPTS
        for step in load_script(path).steps
        if step.step == "notice" and step.expect == "ok"
    }
    assert published >= {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14}
