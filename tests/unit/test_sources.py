"""Structured sources: the instrument vocabulary, point-in-time URLs, the citation parser, and
the guarantees that every rule and conferral has sources that agree with its citation text."""

from __future__ import annotations

import re
from datetime import date

import pytest

from nhswiring.domain.errors import CitationNotUnderstood
from nhswiring.domain.register import Register
from nhswiring.domain.time import Interval
from nhswiring.law.citations import citation_links, citation_sources
from nhswiring.law.engine import NO_POWER_RULE, Finding, Rule, evaluate, rule
from nhswiring.law.function_catalogue import FUNCTIONS, conferral_sources
from nhswiring.law.instruments import (
    HCA_2022,
    HEALTH_BILL_2026,
    INSTRUMENTS,
    NHS_ACT_2006,
    PSR_2023,
    TDA_ORDER_2012,
    Kind,
    Source,
    expand,
    legislation_links,
    parse_citation,
    part,
    regulation,
    schedule,
    section,
    whole,
)
from nhswiring.law.judge import judge
from nhswiring.law.proposal import Proposal
from nhswiring.law.regimes import regimes
from nhswiring.law.verdict import Effect

DAY = date(2023, 1, 1)
BASE = "https://www.legislation.gov.uk"


def all_rules() -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    for reg in regimes().values():
        for r in reg.rules:
            out.setdefault(r.id, r)
    return out


# -- URL forms -----------------------------------------------------------------------------


def test_an_act_section_links_to_the_section_as_it_stood_on_the_day() -> None:
    s = section(NHS_ACT_2006, "65Z5")
    assert s.provision == "section/65Z5"
    assert s.url(DAY) == f"{BASE}/ukpga/2006/41/section/65Z5/2023-01-01"
    assert s.label == "NHS Act 2006 s.65Z5"


def test_an_si_regulation_links_to_the_regulation() -> None:
    s = regulation(PSR_2023, "12")
    assert s.url(date(2024, 3, 5)) == f"{BASE}/uksi/2023/1348/regulation/12/2024-03-05"
    assert s.label == "SI 2023/1348 reg 12"


def test_a_schedule_paragraph_links_to_the_paragraph() -> None:
    s = schedule(NHS_ACT_2006, "10A", "3")
    assert s.provision == "schedule/10A/paragraph/3"
    assert s.url(date(2024, 6, 1)) == f"{BASE}/ukpga/2006/41/schedule/10A/paragraph/3/2024-06-01"
    assert s.label == "NHS Act 2006 Sch 10A para 3"


def test_parts_chapters_and_whole_instruments() -> None:
    assert (
        part(NHS_ACT_2006, "2", "5").url(DAY) == f"{BASE}/ukpga/2006/41/part/2/chapter/5/2023-01-01"
    )
    assert whole(TDA_ORDER_2012).url(DAY) == f"{BASE}/uksi/2012/901/2023-01-01"
    assert whole(TDA_ORDER_2012).label == "SI 2012/901"


def test_a_document_has_no_legislation_url() -> None:
    s = Source(HEALTH_BILL_2026, "clause/1")
    assert s.url(DAY) is None
    assert s.to_json(DAY)["url"] is None


def test_a_provision_must_be_a_legislation_path() -> None:
    with pytest.raises(ValueError, match="is not a legislation"):
        Source(NHS_ACT_2006, "s.65Z5")
    with pytest.raises(ValueError, match="unknown level"):
        Source(NHS_ACT_2006, "clauses/1")


def test_instruments_are_written_once_with_their_paths() -> None:
    paths = {
        "nhs_act_2006": "ukpga/2006/41",
        "hsca_2012": "ukpga/2012/7",
        "hca_2022": "ukpga/2022/31",
        "enterprise_act_2002": "ukpga/2002/40",
        "psr_2023": "uksi/2023/1348",
        "pcr_2015": "uksi/2015/102",
        "ppcc_2013": "uksi/2013/500",
        "standing_rules_2012": "uksi/2012/2996",
    }
    for key, path in paths.items():
        assert INSTRUMENTS[key].path == path
    every_path = [i.path for i in INSTRUMENTS.values() if i.path]
    assert len(every_path) == len(set(every_path))
    assert all(i.path is None for i in INSTRUMENTS.values() if i.kind is Kind.DOCUMENT)


def test_every_si_the_law_cites_is_in_the_vocabulary() -> None:
    from pathlib import Path

    import nhswiring.law

    root = Path(nhswiring.law.__file__).parent
    named = {
        m
        for p in root.rglob("*.py")
        for m in re.findall(r"SI (\d{4}/\d+)", p.read_text(encoding="utf-8"))
    }
    known = {i.path.removeprefix("uksi/") for i in INSTRUMENTS.values() if i.path}
    assert named <= known, sorted(named - known)


# -- the parser ----------------------------------------------------------------------------


def provisions(citation: str) -> list[str]:
    return [s.label for s in parse_citation(citation)]


def test_parser_reads_operative_references_not_amendment_history() -> None:
    assert provisions("NHS Act 2006 s.65Z5 (inserted by HCA 2022 s.71)") == ["NHS Act 2006 s.65Z5"]
    assert provisions("NHS Act 2006 s.13ZD(1)-(2) (inserted by HCA 2022 s.45)") == [
        "NHS Act 2006 s.13ZD"
    ]


def test_parser_expands_ranges_and_lists_and_switches_instrument() -> None:
    assert provisions("Health and Care Act 2022 ss.102-103, 105-108") == [
        f"HCA 2022 s.{n}" for n in ("102", "103", "105", "106", "107", "108")
    ]
    assert provisions(
        "Health Care Services (Provider Selection Regime) Regulations 2023 (SI 2023/1348) "
        "reg 2 and NHS Act 2006 s.12ZB(7) (relevant authorities)"
    ) == ["SI 2023/1348 reg 2", "NHS Act 2006 s.12ZB"]
    assert provisions("NHS Act 2006 Sch 10A paras 1-2, 6") == [
        "NHS Act 2006 Sch 10A para 1",
        "NHS Act 2006 Sch 10A para 2",
        "NHS Act 2006 Sch 10A para 6",
    ]
    assert expand("3-3A") == ["3", "3A"]
    assert expand("14B-14D") == ["14B", "14C", "14D"]


def test_parser_refuses_what_it_cannot_read_reliably() -> None:
    for text in (
        "NHS Act 2006 Part 2 Chapter 5 as it stood to 30 June 2022",
        "Enterprise Act 2002 Part 3 as limited by NHS Act 2006 s.72A",
        "NHS Act 2006 ss.14Z25-14Z64",  # the members of the range are not knowable from its ends
        "s.3 of something",
        "PCR 2015 s.3",  # regulations have regulations, not sections
    ):
        with pytest.raises(CitationNotUnderstood):
            parse_citation(text)


def test_a_rule_whose_citation_cannot_be_read_must_state_its_sources() -> None:
    def check(p: Proposal) -> Finding | None:
        return None

    with pytest.raises(CitationNotUnderstood):
        rule(
            "toy.unreadable",
            actions={"act"},
            effect=Effect.PERMITS,
            citation="the law as it stood",
            in_force=Interval(DAY),
            summary="toy",
        )(check)
    made = rule(
        "toy.explicit",
        actions={"act"},
        effect=Effect.PERMITS,
        citation="the law as it stood (NHS Act 2006 s.2)",
        in_force=Interval(DAY),
        summary="toy",
        sources=[section(NHS_ACT_2006, "2")],
    )(check)
    assert made.sources == (section(NHS_ACT_2006, "2"),)


# -- every rule and conferral --------------------------------------------------------------


def _in_a_cited_range(number: str, citation: str) -> bool:
    """``number`` falls inside a range the citation writes, e.g. 14C in "ss.14B-14D"."""
    for first, last in re.findall(r"(\d+[A-Z]*\d*[A-Z]*)-(\d+[A-Z]*\d*[A-Z]*)", citation):
        try:
            if number in expand(f"{first}-{last}"):
                return True
        except ValueError:
            continue
    return False


def _agrees(source: Source, citation: str) -> list[str]:
    problems = []
    if not any(name in citation for name in source.instrument.names()):
        problems.append(f"{source.instrument.key} is not named in the citation")
    for number in source.numbers():
        written = re.search(rf"(?<![\w/]){re.escape(number)}(?![\w/])", citation)
        if not written and not _in_a_cited_range(number, citation):
            problems.append(f"{source.provision}: {number} does not appear in the citation")
    return problems


def test_every_rule_has_sources_that_agree_with_its_citation() -> None:
    problems = []
    for r in all_rules().values():
        if not r.sources:
            problems.append(f"{r.id}: no sources")
        for s in r.sources:
            problems += [f"{r.id}: {p}" for p in _agrees(s, r.citation)]
    assert not problems, "\n".join(problems)


def test_every_conferral_has_sources_that_agree_with_its_citation() -> None:
    problems = []
    for f in FUNCTIONS:
        for c in f.conferrals:
            found = conferral_sources(c)
            if not found:
                problems.append(f"{f.key} ({c.holder}): no sources")
            for s in found:
                problems += [f"{f.key}: {p}" for p in _agrees(s, c.citation)]
    assert not problems, "\n".join(problems)


def test_hypothetical_rules_cite_documents_and_real_rules_cite_legislation() -> None:
    for r in all_rules().values():
        documents = [s for s in r.sources if s.instrument.kind is Kind.DOCUMENT]
        if r.citation.startswith("PROPOSAL"):
            assert documents, r.id
            assert len(documents) == len(r.sources), r.id
        else:
            assert not documents, r.id


def test_the_drift_check_catches_a_wrong_provision() -> None:
    assert _agrees(section(NHS_ACT_2006, "65Z6"), "NHS Act 2006 s.65Z5")
    assert _agrees(section(HCA_2022, "65Z5"), "NHS Act 2006 s.65Z5")
    assert not _agrees(section(NHS_ACT_2006, "14C"), "NHS Act 2006 ss.14B-14D")


# -- verdicts and links --------------------------------------------------------------------


def test_verdict_json_carries_sources_at_the_law_day() -> None:
    toy = Rule(
        "toy.permit",
        frozenset({"act"}),
        Effect.PERMITS,
        "NHS Act 2006 s.2",
        Interval(date(2013, 4, 1)),
        "toy",
        lambda p: Finding("permitted"),
        (),
        (section(NHS_ACT_2006, "2"),),
    )
    p = Proposal(date(2024, 6, 1), "X", "act", {}, {}, Register())
    v = evaluate(p, [toy], regime="toy", law_day=date(2022, 5, 8))
    data = v.to_json()
    assert data["date"] == "2024-06-01"
    assert data["reasons"][0]["sources"] == [
        {
            "instrument": "nhs_act_2006",
            "title": "National Health Service Act 2006",
            "provision": "section/2",
            "url": f"{BASE}/ukpga/2006/41/section/2/2022-05-08",
        }
    ]
    nothing = evaluate(p, [], regime="toy").to_json()
    assert nothing["reasons"][0]["rule"] == NO_POWER_RULE
    assert nothing["reasons"][0]["sources"] == []


def test_a_judged_verdict_links_each_reason_to_the_day_judged(register: Register) -> None:
    day = date(2023, 6, 1)
    v = judge(
        day=day,
        actor="SOS",
        action="direct",
        args={"to": "NHSE", "subject": "general"},
        facts={"nhse_significant_failure": False},
        state=register,
        regime_key="hca2022",
    )
    reasons = v.to_json()["reasons"]
    assert reasons
    for reason in reasons:
        assert reason["sources"], reason["rule"]
        for s in reason["sources"]:
            assert s["url"].endswith("/2023-06-01")
    urls = [s["url"] for r in reasons for s in r["sources"]]
    assert f"{BASE}/ukpga/2006/41/section/13ZC/2023-06-01" in urls


def test_a_regime_held_fixed_links_to_the_day_its_law_is_read_on(register: Register) -> None:
    v = judge(
        day=date(2023, 6, 1),
        actor="SOS",
        action="direct",
        args={"to": "NHSE", "subject": "general"},
        facts={"failure_to_discharge_functions": True},
        state=register,
        regime_key="hsca2012",
    )
    urls = [s["url"] for r in v.to_json()["reasons"] for s in r["sources"]]
    assert urls
    assert all(u.endswith("/2022-05-08") for u in urls)


def test_links_for_rendering_citations() -> None:
    links = legislation_links([section(NHS_ACT_2006, "65Z5"), Source(HEALTH_BILL_2026)], DAY)
    assert [(link.label, link.url) for link in links] == [
        ("NHS Act 2006 s.65Z5", f"{BASE}/ukpga/2006/41/section/65Z5/2023-01-01"),
        ("Health Bill 2026-27", None),
    ]
    # Text alone (a holding, an obligation, a stored verdict): a rule's explicit sources win.
    r = all_rules()["nhs_act_2006.take_decision"]
    assert citation_sources(r.citation) == r.sources
    assert [link.url for link in citation_links("NHS Act 2006 Sch 10A para 3(1)", DAY)] == [
        f"{BASE}/ukpga/2006/41/schedule/10A/paragraph/3/2023-01-01"
    ]
    assert citation_links("the verdict of step 2 of this scenario", DAY) == ()
