"""The review of representations through the case API: a request for information, the reply,
a referral to the Panel and its advice, each a step that keeps the standstill open until it is
answered (reg 12(4)(b), 12(10), reg 23)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.case_fixtures import CaseApi, running_api


@pytest.fixture(scope="module")
def api(loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseApi]:
    with running_api(loaded_sqlite_url, tmp_path_factory.mktemp("review-api")) as running:
        yield running


def _step(api: CaseApi, ref: str, path: str, **body: object) -> dict[str, object]:
    response = api.post(f"/cases/{ref}/{path}", body | {"by": "P100"})
    assert response.status_code == 201, response.text
    case: dict[str, object] = response.json()["case"]
    return case


def test_the_panel_review_runs_through_the_api(api: CaseApi) -> None:
    api.to_intention("REV-1")
    _step(api, "REV-1", "representations", date="2025-06-10", provider="RR7", summary="s")
    _step(api, "REV-1", "information-requests", date="2025-06-11", provider="RR7", request="q")
    _step(api, "REV-1", "information", date="2025-06-12", provider="RR7", answer="a")
    _step(api, "REV-1", "decisions", date="2025-06-16", provider="RR7", decision="proceed",
          reasons="r")  # fmt: skip
    _step(api, "REV-1", "panel-referrals", date="2025-06-18", provider="RR7", reference="CR1")
    case = _step(api, "REV-1", "panel-advice", date="2025-07-01", provider="RR7",
                 advice="proceed", summary="s")  # fmt: skip
    assert case["panel_referrals"] == [
        {
            "provider": "RR7",
            "referred_on": "2025-06-18",
            "reference": "CR1",
            "accepted": True,
            "advised_on": "2025-07-01",
            "advice": "proceed",
            "summary": "s",
            "decisions_before": 1,
        }
    ]


def test_the_award_waits_for_a_decision_after_the_panel_s_advice(api: CaseApi) -> None:
    api.to_intention("REV-2")
    _step(api, "REV-2", "representations", date="2025-06-10", provider="RR7", summary="s")
    _step(api, "REV-2", "decisions", date="2025-06-16", provider="RR7", decision="proceed",
          reasons="r")  # fmt: skip
    _step(api, "REV-2", "panel-referrals", date="2025-06-18", provider="RR7")
    _step(api, "REV-2", "panel-advice", date="2025-07-01", provider="RR7", advice="proceed",
          summary="s")  # fmt: skip
    refused = api.post("/cases/REV-2/award", api.award_body("2025-07-02"))
    assert "subsequent further decision" in refused.json()["detail"]


def test_a_withholding_ground_outside_reg_12_5_is_422(api: CaseApi) -> None:
    api.to_intention("REV-3")
    _step(api, "REV-3", "representations", date="2025-06-10", provider="RR7", summary="s")
    _step(api, "REV-3", "information-requests", date="2025-06-11", provider="RR7", request="q")
    bad = api.post(
        "/cases/REV-3/information",
        {"date": "2025-06-12", "provider": "RR7", "answer": "a", "withheld": "busy", "by": "P100"},
    )
    assert bad.status_code == 422
