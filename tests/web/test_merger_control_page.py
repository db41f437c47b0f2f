"""A trust's page lists the merger-control decisions naming it, with their sources."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.test_pages_public import assert_well_formed, text_of


def test_the_dorset_trusts_page_shows_the_undertakings_in_force(client: TestClient) -> None:
    response = client.get("/bodies/RD3", params={"as_at": "2019-06-03"})
    assert response.status_code == 200
    assert_well_formed(response)
    text = text_of(response)
    assert "Merger control" in text
    assert "s.94(2) (duty to comply) (in force)" in text
    assert "hoganlovells.com" in response.text


def test_after_the_release_nothing_is_in_force(client: TestClient) -> None:
    text = text_of(client.get("/bodies/RD3", params={"as_at": "2020-09-30"}))
    assert "undertakings released" in text
    assert "(in force)" not in text
