"""A case is its authority's organisation's: two organisations may use one reference, another
organisation's case answers 404 exactly as a case that does not exist (reads and writes, the
record, its notices, the organisation's reports), and no case entry reaches the public."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from nhswiring.ledger.store import PUBLIC
from tests.api.case_fixtures import CaseApi, running_api

SECRET = "QHM-ONLY-2025"
ABSENT = "NO-SUCH-CASE"
SHARED = "GH-SHARED"


@pytest.fixture(scope="module")
def api(loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseApi]:
    with running_api(loaded_sqlite_url, tmp_path_factory.mktemp("case-tenancy")) as running:
        running.to_intention(SECRET)
        yield running


STEP_BODIES: dict[str, dict[str, Any]] = {
    "route": {"date": "2025-05-10", "process": "direct_award_c", "facts": {}, "by": "P100"},
    "route-analysis": {"date": "2025-05-10", "facts": {}},
    "assessments": {"date": "2025-05-20", "provider": "RTD", "key_criteria": {}, "by": "P100"},
    "conflicts": {"date": "2025-05-21", "by": "P100"},
    "notices": {"date": "2025-06-02", "schedule": 3, "by": "P100"},
    "representations": {"date": "2025-06-04", "provider": "RTD", "summary": "x", "by": "P100"},
    "decisions": {
        "date": "2025-06-10",
        "provider": "RTD",
        "decision": "proceed",
        "reasons": "x",
        "by": "P100",
    },
    "award": {
        "date": "2025-06-16",
        "provider": "RTD",
        "value": "12000000",
        "start": "2025-07-01",
        "by": "P100",
    },
    "modifications": {
        "date": "2025-08-01",
        "change": "100000",
        "reason": "authority_decision",
        "by": "P100",
    },
    "abandonment": {"date": "2025-06-20", "reason": "x", "by": "P100"},
}
READS = ("", "/record", "/record?format=pdf", "/notices/1")


def same_as_absent(api: CaseApi, response: Any, absent: Any) -> None:
    """404, and the same answer, word for word, as for a reference nobody has used."""
    assert response.status_code == 404, response.text
    assert absent.status_code == 404, absent.text
    assert json.loads(response.text.replace(SECRET, ABSENT)) == absent.json()
    ignore = {"content-security-policy", "x-ledger-head", "content-length"}
    headers = {k: v for k, v in response.headers.items() if k not in ignore}
    assert headers == {k: v for k, v in absent.headers.items() if k not in ignore}


def test_two_organisations_may_open_the_same_reference(api: CaseApi) -> None:
    qhm = api.open(SHARED, who="qhm")
    qop = api.open(SHARED, who="qop", service="Community nursing, Leeds")
    assert (qhm.status_code, qop.status_code) == (201, 201), (qhm.text, qop.text)
    assert api.get(f"/cases/{SHARED}", who="qhm").json()["service"] == (
        "Community nursing, Gateshead"
    )
    theirs = api.get(f"/cases/{SHARED}", who="qop").json()
    assert theirs["service"] == "Community nursing, Leeds"
    assert theirs["authority"] == "QOP"
    assert api.system.case_authorities(SHARED) == ["QHM", "QOP"]


def test_another_organisation_reads_404_as_if_no_case_existed(api: CaseApi) -> None:
    assert api.get(f"/cases/{SECRET}", who="qhm").status_code == 200
    for path in READS:
        same_as_absent(
            api,
            api.get(f"/cases/{SECRET}{path}", who="qop"),
            api.get(f"/cases/{ABSENT}{path}", who="qop"),
        )
    listed = api.get("/cases", who="qop").json()
    assert SECRET not in {c["reference"] for c in listed["cases"]}


def test_another_organisation_writes_404_and_nothing_is_written(api: CaseApi) -> None:
    head = api.system.head()
    version = api.get(f"/cases/{SECRET}").json()["version"]
    for step, body in STEP_BODIES.items():
        same_as_absent(
            api,
            api.post(f"/cases/{SECRET}/{step}", body, who="qop"),
            api.post(f"/cases/{ABSENT}/{step}", body, who="qop"),
        )
        with_if_match = api.post(f"/cases/{SECRET}/{step}", body, who="qop", **{"If-Match": "*"})
        assert with_if_match.status_code == 404
    assert api.system.head() == head
    assert api.get(f"/cases/{SECRET}").json()["version"] == version


def test_another_organisations_reports_are_404(api: CaseApi) -> None:
    for report in ("summary", "monitoring"):
        own = api.get(f"/organisations/QOP/{report}?year=2025/26", who="qop")
        assert own.status_code == 200, own.text
        for code in ("QHM", "qhm", "ZZZ"):
            response = api.get(f"/organisations/{code}/{report}?year=2025/26", who="qop")
            assert response.status_code == 404
            assert [e["parameter"] for e in response.json()["errors"]] == ["code"]
    assert api.get("/organisations/QHM/summary?year=2025/26", who="qhm").status_code == 200


def test_no_case_entry_reaches_the_public(api: CaseApi) -> None:
    system = api.system
    feed = system.changes(after=0, limit=1_000_000, audience=PUBLIC)
    assert feed
    assert not [e for e in feed if e.action_type == "case.step" or e.visibility]
    assert "case.step" not in [e.action_type for e in system.history("RTD")]
    assert "case.step" not in [e.action_type for e in system.history("QHM")]
    assert not system.register().case_ids()
    assert system.register().person("P100") is None
