"""From citation text to links, for callers that hold only the text.

A verdict read back from the ledger, a holding (`domain.functions.Holding`) or an obligation
carries its citation as text. `citation_sources` finds the structured sources for that text:
those stated on the rule or conferral that carries exactly this citation when there is one
(explicit sources win over the parser), otherwise whatever `parse_citation` can read, otherwise
none. `citation_links` turns them into links to legislation.gov.uk as it stood on a day.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from nhswiring.domain.errors import CitationNotUnderstood
from nhswiring.law.instruments import Link, Source, legislation_links, parse_citation


@cache
def _known() -> dict[str, tuple[Source, ...]]:
    from nhswiring.law.function_catalogue import FUNCTIONS, conferral_sources
    from nhswiring.law.regimes import regimes

    known: dict[str, tuple[Source, ...]] = {}
    for reg in regimes().values():
        for r in reg.rules:
            known.setdefault(r.citation, r.sources)
    for f in FUNCTIONS:
        for c in f.conferrals:
            known.setdefault(c.citation, conferral_sources(c))
    return known


def citation_sources(citation: str) -> tuple[Source, ...]:
    """The sources of a citation: a rule's or conferral's own, else parsed, else none."""
    known = _known().get(citation)
    if known is not None:
        return known
    try:
        return parse_citation(citation)
    except CitationNotUnderstood:
        return ()


def citation_links(citation: str, on: date) -> tuple[Link, ...]:
    """Links for the provisions a citation names, as they stood on ``on`` (the day judged)."""
    return legislation_links(citation_sources(citation), on)
