"""A provider selection case needs the real register (the authority, the providers) and a
ledger it can write to: each test gets its own copy of the loaded SQLite database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nhswiring.domain import events as ev
from nhswiring.domain.people import Role
from nhswiring.domain.time import parse_date
from nhswiring.service.psr.cases import Cases
from nhswiring.service.system import System, new_entry

KEY_CRITERIA: dict[str, dict[str, Any]] = {
    "quality_and_innovation": {"weight": 30, "reasons": "CQC rated good; falls prevention"},
    "value": {"weight": 20, "reasons": "within the allocation"},
    "integration_collaboration_and_service_sustainability": {
        "weight": 20,
        "reasons": "works with the primary care networks",
    },
    "improving_access_reducing_health_inequalities_and_facilitating_choice": {
        "weight": 20,
        "reasons": "outreach in the most deprived wards",
    },
    "social_value": {"weight": 10, "reasons": "local recruitment"},
}
DA_C_FACTS: dict[str, Any] = {
    "existing_provider": True,
    "only_existing_provider_capable": False,
    "patients_offered_choice": False,
    "existing_contract_expiring": True,
    "materially_different": False,
    "change_attributable_to_authority": True,
    "existing_lifetime_value": 11_000_000,
    "existing_provider_satisfactory": True,
    "urgency": False,
}
COMPETITIVE_FACTS: dict[str, Any] = {
    "existing_provider": False,
    "only_existing_provider_capable": False,
    "patients_offered_choice": False,
    "existing_contract_expiring": False,
    "most_suitable_identifiable_without_competition": False,
    "urgency": False,
}


@pytest.fixture
def cases(loaded_sqlite_url: str, tmp_path: Path) -> Iterator[Cases]:
    source = Path(loaded_sqlite_url.removeprefix("sqlite:///"))
    copy = tmp_path / "case.db"
    shutil.copy(source, copy)
    system = System.connect(f"sqlite:///{copy}")
    yield Cases(system, "QHM")
    system.engine.dispose()


def d(text: str) -> Any:
    return parse_date(text)


def open_case(cases: Cases, case_id: str = "CN1", day: str = "2025-05-01", **kw: Any) -> None:
    cases.open(
        case_id=case_id,
        day=d(day),
        authority=kw.pop("authority", "QHM"),
        service=kw.pop("service", "Community nursing, Gateshead"),
        cpv_codes=kw.pop("cpv_codes", ["85323000-9"]),
        estimated_value=kw.pop("value", 12_000_000),
        decision_makers=kw.pop("decision_makers", {"P100": "Ann Example", "P101": "Bob Example"}),
        by="P100",
        **kw,
    )


def assess(cases: Cases, provider: str = "RTD", day: str = "2025-05-20", **kw: Any) -> None:
    cases.assess(
        case_id=kw.pop("case_id", "CN1"),
        day=d(day),
        provider=provider,
        by="P100",
        key_criteria=KEY_CRITERIA,
        basic_selection_met=kw.pop("basic_selection_met", True),
        address=kw.pop("address", "Freeman Road, Newcastle upon Tyne"),
        **kw,
    )


def route(
    cases: Cases,
    process: str = "direct_award_c",
    facts: dict[str, Any] | None = None,
    day: str = "2025-05-10",
    provider: str | None = "RTD",
) -> Any:
    return cases.route(
        case_id="CN1",
        day=d(day),
        process=process,
        facts=DA_C_FACTS if facts is None else facts,
        by="P100",
        provider=provider,
    )


def award(cases: Cases, day: str, by: str = "P100", **kw: Any) -> Any:
    """Award CN1 to RTD for £12m from 1 July 2025, open-ended unless ``end`` is given."""
    return cases.award(
        case_id="CN1",
        day=d(day),
        provider=kw.pop("provider", "RTD"),
        value=kw.pop("value", 12_000_000),
        start=d(kw.pop("start", "2025-07-01")),
        end=d(kw["end"]) if kw.get("end") else None,
        by=by,
    )


def da_c_to_intention(cases: Cases, notice_day: str = "2025-06-02") -> None:
    """Open, route to Direct Award C, assess the incumbent and publish the Schedule 3 notice."""
    from nhswiring.service.psr.notices import publish

    open_case(cases)
    route(cases)
    assess(cases)
    publish(cases, case_id="CN1", day=d(notice_day), schedule=3, by="P100")


def record_events(cases: Cases, day: str, *events: ev.Event) -> None:
    cases.system.record([new_entry(d(day), "QHM", e) for e in events])


def board_post(appointment: str, person: str, role: Role, *bodies: str) -> ev.AppointmentMade:
    return ev.AppointmentMade(appointment, person, role, tuple(bodies))
