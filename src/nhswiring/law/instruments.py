"""The instruments the rules cite, each written once, and structured sources pointing into them.

A rule's ``citation`` is the text a reader sees ("NHS Act 2006 s.65Z5 (inserted by HCA 2022
s.71)"). Its ``sources`` say the same thing in a form a program can follow: which instrument
(an Act or statutory instrument on legislation.gov.uk, or a document such as a white paper) and
which provision, written as legislation.gov.uk writes it ("section/65Z5", "regulation/12",
"schedule/1B/paragraph/4", "part/3/chapter/4"). A source's ``url(on)`` is the point-in-time
address of that provision as it stood on a day: the law as it stood on the day judged.

`parse_citation` derives sources from citation text. It is strict on purpose: it reads only
the operative references (amendment history in brackets, commencement notes and prose after a
colon are not sources) and raises `CitationNotUnderstood` on anything it cannot read, so a rule
whose citation it cannot read must state its sources explicitly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from nhswiring.domain.errors import CitationNotUnderstood

LEGISLATION = "https://www.legislation.gov.uk"


class Kind(StrEnum):
    ACT = "act"  # provisions: section, schedule (paragraph), part (chapter)
    REGULATIONS = "regulations"  # regulation, schedule (paragraph), part
    ORDER = "order"  # article, schedule (paragraph), part
    DOCUMENT = "document"  # a policy paper or bill: no legislation.gov.uk address


@dataclass(frozen=True, slots=True)
class Instrument:
    """An Act, statutory instrument or document, written once.

    ``path`` is the legislation.gov.uk type/year/number ("ukpga/2006/41"), None for documents;
    ``cite`` is the short form used in labels; ``aliases`` are the ways citations name it.
    """

    key: str
    title: str = field(repr=False)
    kind: Kind = field(repr=False)
    cite: str = field(repr=False)
    path: str | None = field(default=None, repr=False)
    aliases: tuple[str, ...] = field(default=(), repr=False)
    #: a document's publication address, where a citation names one
    url: str | None = field(default=None, repr=False)

    @property
    def legislation(self) -> bool:
        return self.path is not None

    @property
    def home(self) -> str | None:
        """The instrument's own page (its latest revised text), or a document's address."""
        return f"{LEGISLATION}/{self.path}" if self.path else self.url

    def names(self) -> tuple[str, ...]:
        """Every way a citation may name this instrument (title, short form, aliases)."""
        return tuple(dict.fromkeys((self.title, self.cite, *self.aliases)))


def _act(key: str, title: str, cite: str, path: str, *aliases: str) -> Instrument:
    return Instrument(key, title, Kind.ACT, cite, path, aliases)


def _si(
    key: str, title: str, number: str, *aliases: str, kind: Kind = Kind.REGULATIONS
) -> Instrument:
    year, no = number.split("/")
    return Instrument(
        key, title, kind, f"SI {number}", f"uksi/{year}/{no}", (f"SI {number}", *aliases)
    )


def _doc(key: str, title: str, cite: str, *aliases: str) -> Instrument:
    return Instrument(key, title, Kind.DOCUMENT, cite, None, aliases)


NHS_ACT_2006 = _act(
    "nhs_act_2006", "National Health Service Act 2006", "NHS Act 2006", "ukpga/2006/41"
)
HSCA_2012 = _act("hsca_2012", "Health and Social Care Act 2012", "HSCA 2012", "ukpga/2012/7")
HCA_2022 = _act("hca_2022", "Health and Care Act 2022", "HCA 2022", "ukpga/2022/31")
ENTERPRISE_ACT_2002 = _act(
    "enterprise_act_2002", "Enterprise Act 2002", "Enterprise Act 2002", "ukpga/2002/40"
)
HSCA_2008 = _act("hsca_2008", "Health and Social Care Act 2008", "HSCA 2008", "ukpga/2008/14")
CARE_ACT_2014 = _act("care_act_2014", "Care Act 2014", "Care Act 2014", "ukpga/2014/23")
ERRA_2013 = _act(
    "erra_2013",
    "Enterprise and Regulatory Reform Act 2013",
    "ERRA 2013",
    "ukpga/2013/24",
)
LGPIHA_2007 = _act(
    "lgpiha_2007",
    "Local Government and Public Involvement in Health Act 2007",
    "LGPIHA 2007",
    "ukpga/2007/28",
)

PSR_2023 = _si(
    "psr_2023",
    "Health Care Services (Provider Selection Regime) Regulations 2023",
    "2023/1348",
    "PSR 2023",
)
PCR_2015 = _si("pcr_2015", "Public Contracts Regulations 2015", "2015/102", "PCR 2015")
PPCC_2013 = _si(
    "ppcc_2013",
    "National Health Service (Procurement, Patient Choice and Competition) (No. 2) "
    "Regulations 2013",
    "2013/500",
    "NHS (Procurement, Patient Choice and Competition) (No. 2) Regulations 2013",
    "PPCC Regulations 2013",
)
STANDING_RULES_2012 = _si(
    "standing_rules_2012",
    "National Health Service Commissioning Board and Clinical Commissioning Groups "
    "(Responsibilities and Standing Rules) Regulations 2012",
    "2012/2996",
    "NHS (Standing Rules) Regulations 2012",
    "Standing Rules Regulations 2012",
)
CCG_REGULATIONS_2012 = _si(
    "ccg_regulations_2012",
    "National Health Service (Clinical Commissioning Groups) Regulations 2012",
    "2012/1631",
    "NHS (Clinical Commissioning Groups) Regulations 2012",
)
TDA_ORDER_2012 = _si(
    "tda_order_2012",
    "NHS Trust Development Authority (Establishment and Constitution) Order 2012",
    "2012/901",
    kind=Kind.ORDER,
)
CCG_LRO_2014 = _si(
    "ccg_lro_2014",
    "Legislative Reform (Clinical Commissioning Groups) Order 2014",
    "2014/2436",
    kind=Kind.ORDER,
)
HEALTH_SCRUTINY_2013 = _si(
    "health_scrutiny_2013",
    "Local Authority (Public Health, Health and Wellbeing Boards and Health Scrutiny) "
    "Regulations 2013",
    "2013/218",
    "Health Scrutiny Regulations 2013",
)
JOINT_WORKING_2022 = _si(
    "joint_working_2022",
    "National Health Service (Joint Working and Delegation Arrangements) (England) "
    "Regulations 2022",
    "2022/642",
    "NHS (Joint Working and Delegation Arrangements) (England) Regulations 2022",
)
TRUST_MEMBERSHIP_1990 = _si(
    "trust_membership_1990",
    "National Health Service Trusts (Membership and Procedure) Regulations 1990",
    "1990/2024",
    "NHS Trusts (Membership and Procedure) Regulations 1990",
)
TRUST_CONSULTATION_2010 = _si(
    "trust_consultation_2010",
    "National Health Service Trusts (Consultation on Establishment and Dissolution) "
    "Regulations 2010",
    "2010/743",
)
HCA_COMMENCEMENT_1 = _si(
    "hca_commencement_1",
    "Health and Care Act 2022 (Commencement No. 1) Regulations 2022",
    "2022/515",
)
HCA_COMMENCEMENT_2 = _si(
    "hca_commencement_2",
    "Health and Care Act 2022 (Commencement No. 2 and Transitional and Saving Provision) "
    "Regulations 2022",
    "2022/734",
)
HCA_CONSEQUENTIAL_2022 = _si(
    "hca_consequential_2022",
    "Health and Care Act 2022 (Consequential and Related Amendments and Transitional "
    "Provisions) Regulations 2022",
    "2022/634",
)
HSCIC_TRANSFER_2023 = _si(
    "hscic_transfer_2023",
    "Health and Social Care Information Centre (Transfer of Functions, Abolition and "
    "Transitional Provisions) Regulations 2023",
    "2023/98",
)
HEE_TRANSFER_2023 = _si(
    "hee_transfer_2023",
    "Health Education England (Transfer of Functions, Abolition and Transitional "
    "Provisions) Regulations 2023",
    "2023/368",
)
# Titles not read in this project's research are described, not guessed.
SI_2014_416 = _si(
    "si_2014_416",
    "SI 2014/416 (Enterprise and Regulatory Reform Act 2013 commencement)",
    "2014/416",
    kind=Kind.ORDER,
)
SI_2013_160 = _si(
    "si_2013_160",
    "Health and Social Care Act 2012 (Commencement No. 4, Transitional, Savings and "
    "Transitory Provisions) Order 2013",
    "2013/160",
    kind=Kind.ORDER,
)
SI_2013_671 = _si(
    "si_2013_671",
    "Health and Social Care Act 2012 (Commencement No. 5, Transitional, Savings and "
    "Transitory Provisions) Order 2013",
    "2013/671",
    kind=Kind.ORDER,
)
SI_2023_371 = _si("si_2023_371", "SI 2023/371 (Health and Care Act 2022 commencement)", "2023/371")
SI_2023_1431 = _si(
    "si_2023_1431", "SI 2023/1431 (Health and Care Act 2022 commencement)", "2023/1431"
)
SI_2023_945 = _si(
    "si_2023_945",
    "National Health Service (Disapplication of NHS England's Powers of Direction) (England) "
    "Regulations 2023",
    "2023/945",
)
SI_2024_1205 = _si(
    "si_2024_1205",
    "SI 2024/1205 (amending the NHS Trusts (Membership and Procedure) Regulations 1990)",
    "2024/1205",
)
SI_2021_1221 = _si("si_2021_1221", "SI 2021/1221 (public procurement thresholds)", "2021/1221")
PROCUREMENT_AMENDMENTS_2025 = _si(
    "procurement_amendments_2025",
    "Procurement Act 2023 (Consequential and Other Amendments) Regulations 2025",
    "2025/163",
)
# --- issue 11: powers ---
HSCA_COMMENCEMENT_3 = _si(
    "hsca_commencement_3",
    "Health and Social Care Act 2012 (Commencement No.3, Transitional, Savings and Transitory "
    "Provisions and Amendment) Order 2012",
    "2012/2657",
    kind=Kind.ORDER,
)
HSCA_COMMENCEMENT_2 = _si(
    "hsca_commencement_2",
    "Health and Social Care Act 2012 (Commencement No. 2 and Transitional, Savings and "
    "Transitory Provisions) Order 2012",
    "2012/1319",
    kind=Kind.ORDER,
)
CARE_ACT_COMMENCEMENT_1 = _si(
    "care_act_commencement_1",
    "Care Act 2014 (Commencement No.1) Order 2014",
    "2014/1714",
    kind=Kind.ORDER,
)
# --- issue 12: prices ---
INTERPRETATION_ACT_1978 = _act(
    "interpretation_act_1978", "Interpretation Act 1978", "Interpretation Act 1978", "ukpga/1978/30"
)
LICENSING_PRICING_2013 = _si(
    "licensing_pricing_2013",
    "National Health Service (Licensing and Pricing) Regulations 2013",
    "2013/2214",
    "NHS (Licensing and Pricing) Regulations 2013",
)
HCA_CONSEQUENTIAL_2023 = _si(
    "hca_consequential_2023",
    "Health and Care Act 2022 (Consequential and Related Amendments) Regulations 2023",
    "2023/306",
)
PROCUREMENT_AMENDMENT_2026 = _si(
    "procurement_amendment_2026",
    "Procurement (Amendment) Regulations 2026",
    "2026/360",
)

OPTIONS_2018 = _doc(
    "nhsi_options_2018",
    "Options for NHS Improvement's powers reported in December 2018 (HSJ)",
    "NHS Improvement options (December 2018)",
    "options for NHS Improvement's powers reported in December 2018",
)
LTP_LEGISLATION_2019 = _doc(
    "ltp_legislation_2019",
    "Implementing the NHS Long Term Plan: proposals for possible changes to legislation "
    "(NHS England and NHS Improvement, 28 February 2019)",
    "Long Term Plan legislative proposals (February 2019)",
    "Implementing the NHS Long Term Plan: proposals for possible changes to legislation",
)
NHS_BILL_RECOMMENDATIONS_2019 = _doc(
    "nhs_bill_recommendations_2019",
    "The NHS's recommendations to Government and Parliament for an NHS Bill (NHS England and "
    "NHS Improvement, 26 September 2019)",
    "NHS Bill recommendations (September 2019)",
    "The NHS's recommendations to Government and Parliament for an NHS Bill",
)
WHITE_PAPER_2021 = _doc(
    "white_paper_2021",
    "Integration and innovation: working together to improve health and social care for all "
    "(DHSC, CP 381, 11 February 2021)",
    "White paper CP 381 (February 2021)",
    "Integration and innovation: working together to improve health and social care for all",
)
HEALTH_BILL_2026 = _doc(
    "health_bill_2026",
    "Health Bill 2026-27 (as introduced in the House of Commons, 14 May 2026)",
    "Health Bill 2026-27",
)

INSTRUMENTS: dict[str, Instrument] = {
    i.key: i
    for i in (
        NHS_ACT_2006,
        HSCA_2012,
        HCA_2022,
        ENTERPRISE_ACT_2002,
        HSCA_2008,
        CARE_ACT_2014,
        ERRA_2013,
        LGPIHA_2007,
        PSR_2023,
        PCR_2015,
        PPCC_2013,
        STANDING_RULES_2012,
        CCG_REGULATIONS_2012,
        TDA_ORDER_2012,
        CCG_LRO_2014,
        HEALTH_SCRUTINY_2013,
        JOINT_WORKING_2022,
        TRUST_MEMBERSHIP_1990,
        TRUST_CONSULTATION_2010,
        HCA_COMMENCEMENT_1,
        HCA_COMMENCEMENT_2,
        HCA_CONSEQUENTIAL_2022,
        HSCIC_TRANSFER_2023,
        HEE_TRANSFER_2023,
        SI_2013_160,
        SI_2013_671,
        SI_2014_416,
        SI_2023_371,
        SI_2023_1431,
        SI_2023_945,
        SI_2024_1205,
        SI_2021_1221,
        PROCUREMENT_AMENDMENTS_2025,
        HSCA_COMMENCEMENT_3,
        HSCA_COMMENCEMENT_2,
        CARE_ACT_COMMENCEMENT_1,
        PROCUREMENT_AMENDMENT_2026,
        LICENSING_PRICING_2013,
        HCA_CONSEQUENTIAL_2023,
        INTERPRETATION_ACT_1978,
        OPTIONS_2018,
        LTP_LEGISLATION_2019,
        NHS_BILL_RECOMMENDATIONS_2019,
        WHITE_PAPER_2021,
        HEALTH_BILL_2026,
    )
}


def instrument(key: str) -> Instrument:
    return INSTRUMENTS[key]


# -- sources -------------------------------------------------------------------------------

#: legislation.gov.uk's words for the levels of a provision path, and how labels write them.
_LEVELS = {
    "section": "s.",
    "regulation": "reg ",
    "article": "art ",
    "schedule": "Sch ",
    "paragraph": "para ",
    "part": "Part ",
    "chapter": "Chapter ",
    "clause": "clause ",
}
_PATH = re.compile(r"^[a-z]+/[A-Za-z0-9]+(?:/[a-z]+/[A-Za-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Source:
    """One provision of one instrument; ``provision`` None means the instrument as a whole."""

    instrument: Instrument
    provision: str | None = None

    def __post_init__(self) -> None:
        if self.provision is not None:
            if not _PATH.match(self.provision):
                raise ValueError(f"provision {self.provision!r} is not a legislation.gov.uk path")
            for level in self.provision.split("/")[::2]:
                if level not in _LEVELS:
                    raise ValueError(f"provision {self.provision!r}: unknown level {level!r}")

    def numbers(self) -> tuple[str, ...]:
        """The numbers in the provision path: ("10A", "3") for schedule/10A/paragraph/3."""
        return tuple(self.provision.split("/")[1::2]) if self.provision else ()

    @property
    def label(self) -> str:
        """A short human reference: "NHS Act 2006 s.65Z5", "SI 2023/1348 reg 6"."""
        if self.provision is None:
            return self.instrument.cite
        parts = self.provision.split("/")
        words = [f"{_LEVELS[parts[i]]}{parts[i + 1]}" for i in range(0, len(parts), 2)]
        return f"{self.instrument.cite} {' '.join(words)}"

    def url(self, on: date) -> str | None:
        """The provision on legislation.gov.uk as it stood on ``on``; None for a document."""
        if self.instrument.path is None:
            return self.instrument.url
        where = (
            f"{self.instrument.path}/{self.provision}" if self.provision else self.instrument.path
        )
        return f"{LEGISLATION}/{where}/{on.isoformat()}"

    def to_json(self, on: date | None) -> dict[str, Any]:
        return {
            "instrument": self.instrument.key,
            "title": self.instrument.title,
            "provision": self.provision,
            "url": self.url(on) if on is not None else None,
        }


def section(i: Instrument, number: str) -> Source:
    return Source(i, f"section/{number}")


def regulation(i: Instrument, number: str) -> Source:
    return Source(i, f"regulation/{number}")


def schedule(i: Instrument, number: str, paragraph: str | None = None) -> Source:
    tail = f"/paragraph/{paragraph}" if paragraph else ""
    return Source(i, f"schedule/{number}{tail}")


def part(i: Instrument, number: str, chapter: str | None = None) -> Source:
    return Source(i, f"part/{number}" + (f"/chapter/{chapter}" if chapter else ""))


def whole(i: Instrument) -> Source:
    return Source(i)


@dataclass(frozen=True, slots=True)
class Link:
    """A source ready to render: its label and the address as it stood on the day."""

    label: str
    url: str | None
    source: Source


def legislation_links(sources: Iterable[Source], on: date) -> tuple[Link, ...]:
    """Each source as a link to legislation.gov.uk as it stood on ``on`` (the day judged);
    documents have no legislation address (``url`` None, or their publication address)."""
    return tuple(Link(s.label, s.url(on), s) for s in sources)


def sources_json(sources: Iterable[Source], on: date | None) -> list[dict[str, Any]]:
    return [s.to_json(on) for s in sources]


# -- parsing citation text -----------------------------------------------------------------


_ALIASES: list[tuple[str, Instrument]] = sorted(
    ((name, i) for i in INSTRUMENTS.values() for name in i.names()),
    key=lambda pair: -len(pair[0]),
)


@functools.cache
def _alias_re() -> re.Pattern[str]:
    """Any name of any instrument, as a word: compiled on first use (a few milliseconds
    that a command-line read of the register, which parses no citation, need not pay)."""
    return re.compile("|".join(rf"(?<![\w/]){re.escape(name)}(?![\w/])" for name, _ in _ALIASES))


_BY_NAME = dict(_ALIASES)

_NUM = r"\d+[A-Z]*\d*[A-Z]*"
_ITEM = rf"{_NUM}(?:-{_NUM})?"
_NLIST = rf"{_ITEM}(?:\s*(?:,\s*and|,|and)\s*{_ITEM})*"
_TOKENS = re.compile(
    rf"""
    \s*(?:
        (?P<inst>\[\[(?P<key>\w+)\]\])
      | ss?\.\s?(?P<sections>{_NLIST})
      | regs?\.?\s(?P<regs>{_NLIST})
      | arts?\.?\s(?P<arts>{_NLIST})
      | Sch\s(?P<sch>[A-Z]?\d+[A-Z]*)(?:\s+paras?\s(?P<paras>{_NLIST}))?
      | Part\s(?P<part>[A-Z]?\d+[A-Z]*)(?:\s+Chapter\s(?P<chapter>[A-Z]?\d+[A-Z]*))?
      | (?P<sep>,\s*and\b|,|and\b)
    )\s*""",
    re.VERBOSE,
)
#: Bracketed subsection references and chains of them: (1), (2A)-(2C), (1)(a), (c), (5) and (8).
_SUBSECTIONS = re.compile(r"(?:\(\w{1,4}\))+(?:\s*(?:,|and|-)\s*(?:\(\w{1,4}\))+)*")
_REFERENCE = re.compile(r"\bss?\.\s?\d|\bregs?\.?\s\d|\bSch\s|\bPart\s\w|\bparas?\s\d|\[\[")
_SPLIT = re.compile(r"^(\d+)([A-Z]*)$")


def _strip_brackets(text: str) -> str:
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _split_top(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def expand(item: str) -> list[str]:
    """A provision number or range: "14B-14D" -> 14B, 14C, 14D; "3-3A" -> 3, 3A; "74-76" ->
    74, 75, 76. Ranges whose members cannot be known from their ends (14Z25-14Z64, 223GB-223N)
    raise ValueError."""
    if "-" not in item:
        return [item]
    first, last = item.split("-")
    a, b = _SPLIT.match(first), _SPLIT.match(last)
    if a is None or b is None:
        raise ValueError(f"range {item!r}")
    if not a[2] and not b[2]:
        lo, hi = int(a[1]), int(b[1])
        if lo < hi <= lo + 12:
            return [str(n) for n in range(lo, hi + 1)]
    elif a[1] == b[1] and len(a[2]) <= 1 and len(b[2]) == 1:
        start = ord(a[2]) if a[2] else ord("A") - 1
        if start < ord(b[2]):
            return [first] + [f"{a[1]}{chr(c)}" for c in range(start + 1, ord(b[2]) + 1)]
    raise ValueError(f"range {item!r}")


def _numbers(nlist: str) -> list[str]:
    items = re.split(r"\s*(?:,\s*and|,|and)\s*", nlist.strip())
    return [n for item in items for n in expand(item)]


def _document_sources(citation: str) -> tuple[Source, ...]:
    found = [_BY_NAME[m.group(0)] for m in _alias_re().finditer(citation)]
    documents = [i for i in dict.fromkeys(found) if i.kind is Kind.DOCUMENT]
    if len(documents) != 1:
        raise CitationNotUnderstood(citation, "a proposal must name exactly one document")
    clause = re.search(r"\bclause (\d+)\b", citation)
    return (Source(documents[0], f"clause/{clause[1]}" if clause else None),)


def parse_citation(citation: str) -> tuple[Source, ...]:
    """The sources a citation names, in order; raises `CitationNotUnderstood` unless every
    part of it is read (prose parts with no reference in them are passed over)."""
    if citation.startswith("PROPOSAL"):
        return _document_sources(citation)
    marked = _alias_re().sub(lambda m: f"[[{_BY_NAME[m.group(0)].key}]]", citation)
    sources: list[Source] = []
    current: Instrument | None = None
    for raw in _split_top(marked, ";"):
        segment = _SUBSECTIONS.sub("", raw)
        segment = _strip_brackets(segment).split(":", 1)[0]
        segment = re.sub(r"\s+", " ", segment).strip()
        if not _REFERENCE.search(segment):
            continue  # prose: "Monitor until 30 June 2022", "in force 1 July 2022"
        pos, named = 0, False
        pending: Instrument | None = None  # named, no provision yet: the whole instrument
        while pos < len(segment):
            m = _TOKENS.match(segment, pos)
            if m is None or m.end() == pos:
                raise CitationNotUnderstood(citation, f"cannot read {segment[pos:]!r}")
            pos = m.end()
            if m["sep"]:
                continue
            if m["inst"]:
                if pending is not None:
                    sources.append(whole(pending))
                current = pending = INSTRUMENTS[m["key"]]
                named = True
                continue
            if current is None:
                raise CitationNotUnderstood(citation, "a provision before any instrument")
            pending = None
            try:
                sources.extend(_provisions(current, m))
            except ValueError as e:
                raise CitationNotUnderstood(citation, str(e)) from None
        if pending is not None:
            sources.append(whole(pending))
        if not named and current is None:
            raise CitationNotUnderstood(citation, "no instrument named")
    if not sources:
        raise CitationNotUnderstood(citation, "no provision or instrument found")
    return tuple(dict.fromkeys(sources))


def _provisions(i: Instrument, m: re.Match[str]) -> list[Source]:
    act = i.kind is Kind.ACT
    if m["sections"]:
        if not act:
            raise ValueError(f"sections of {i.cite}, which is not an Act")
        return [section(i, n) for n in _numbers(m["sections"])]
    if m["regs"]:
        if i.kind is not Kind.REGULATIONS:
            raise ValueError(f"regulations of {i.cite}")
        return [regulation(i, n) for n in _numbers(m["regs"])]
    if m["arts"]:
        if i.kind is not Kind.ORDER:
            raise ValueError(f"articles of {i.cite}")
        return [Source(i, f"article/{n}") for n in _numbers(m["arts"])]
    if m["sch"]:
        if m["paras"]:
            return [schedule(i, m["sch"], n) for n in _numbers(m["paras"])]
        return [schedule(i, m["sch"])]
    return [part(i, m["part"], m["chapter"])]
