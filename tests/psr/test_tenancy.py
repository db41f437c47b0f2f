"""A case belongs to its authority's organisation: its entries are private to it, named in its
own streams, invisible to the public and to other organisations, and still in the one chain."""

from __future__ import annotations

import pytest

from nhswiring.ledger.hashing import entry_hash
from nhswiring.ledger.store import PUBLIC, Audience
from nhswiring.service.psr.cases import Cases
from tests.e2e.test_law_cli import cli
from tests.psr.conftest import DA_C_FACTS, assess, d, open_case


def _two_authorities_same_reference(cases: Cases) -> Cases:
    open_case(cases, case_id="GH-CN-2025")
    cases.route(
        case_id="GH-CN-2025",
        day=d("2025-05-10"),
        process="direct_award_c",
        facts=DA_C_FACTS,
        by="P100",
        provider="RTD",
    )
    assess(cases, case_id="GH-CN-2025", provider="RTD")
    other = Cases(cases.system, "QOP")
    open_case(other, case_id="GH-CN-2025", authority="QOP", service="Community nursing, Leeds")
    return other


def test_two_authorities_may_use_the_same_case_reference(cases: Cases) -> None:
    other = _two_authorities_same_reference(cases)
    assert cases.state("GH-CN-2025").service == "Community nursing, Gateshead"
    assert other.state("GH-CN-2025").service == "Community nursing, Leeds"
    assert cases.state("GH-CN-2025").assessments
    assert not other.state("GH-CN-2025").assessments
    assert cases.system.case_authorities("GH-CN-2025") == ["QHM", "QOP"]


def test_case_entries_never_appear_in_public_reads(cases: Cases) -> None:
    _two_authorities_same_reference(cases)
    system = cases.system
    public = [e.action_type for e in system.history("RTD")]
    assert "case.step" not in public
    own = [e for e in system.history("RTD", Audience.of("QHM")) if e.action_type == "case.step"]
    assert len(own) == 1  # RTD assessed
    assert own[0].stream == "org:QHM:case:GH-CN-2025"
    assert own[0].visibility == "QHM"
    assert not [e for e in system.history("QHM", Audience.of("QOP")) if e.visibility == "QHM"]
    feed = system.changes(after=0, limit=100_000, audience=PUBLIC)
    assert feed
    assert all(e.visibility is None for e in feed)
    assert not system.register().case_ids()
    assert system.register().person("P100") is None
    assert system.register(audience=Audience.of("QHM")).person("P100") is not None


def test_private_entries_stay_in_the_one_verified_chain(cases: Cases) -> None:
    _two_authorities_same_reference(cases)
    report = cases.system.verify()
    assert report.ok, report.reason
    everything = cases.system.changes(after=0, limit=100_000, audience=Audience(everything=True))
    private = [e for e in everything if e.visibility]
    assert {e.visibility for e in private} == {"QHM", "QOP"}


def test_the_visibility_mark_is_covered_by_the_hash() -> None:
    def digest(visibility: str | None) -> str:
        return entry_hash(
            seq=1,
            stream="org:QHM:case:X",
            version=1,
            effective_date=d("2025-05-01"),
            recorded_at="2025-05-01T00:00:00.000000+00:00",
            actor="QHM",
            action_type="case.step",
            payload="{}",
            verdict=None,
            regime="hca2022",
            prev_hash="0" * 64,
            visibility=visibility,
        )

    assert len({digest(None), digest("QHM"), digest("QOP")}) == 3


def test_the_cli_history_is_public_unless_an_organisation_is_named(
    cases: Cases, capsys: pytest.CaptureFixture[str]
) -> None:
    _two_authorities_same_reference(cases)
    url = str(cases.system.engine.url)
    code, out, _ = cli(capsys, "history", "RTD", "--json", "--database", url)
    assert code == 0
    assert "case.step" not in out
    code, out, _ = cli(
        capsys, "history", "RTD", "--json", "--organisation", "QHM", "--database", url
    )
    assert "case.step" in out
    code, _, err = cli(capsys, "psr", "show", "GH-CN-2025", "--database", url)
    assert code == 2
    assert "exists for QHM, QOP" in err
    code, out, err = cli(
        capsys, "psr", "show", "GH-CN-2025", "--authority", "QOP", "--json", "--database", url
    )
    assert code == 0, err
    assert "Leeds" in out
