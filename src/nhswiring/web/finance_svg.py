"""Money drawn as accessible, server-rendered SVG bar charts, with the same numbers in words.

A chart is an image of numbers the page also gives as a table beside it, so each ``<svg>`` is
``role="img"`` labelled by its own ``<title>`` and ``<desc>`` (the description says what the
chart shows, its largest and smallest values and where the table is); a bar whose figure is
missing is drawn as no bar with the words "not known", never as a zero. As in ``svg.py``,
the markup carries no ``style`` attribute, no ``<style>`` element and no script (the page's
Content-Security-Policy is ``'self'``), and the same numbers always give the same bytes.

Amounts are exact: callers label bars with ``templating.pounds`` (every digit, thousands
separated); only the bars' lengths are approximate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from nhswiring.web.svg import BLUE, FONT, GREY, SECONDARY, TEXT, WHITE, truncate

#: A second colour for the figure a duty is measured against (a limit, the sums received):
#: NHS.UK dark pink, which keeps 4.5:1 against white.
AGAINST = "#7c2855"
WIDTH = 960
MARGIN = 16
LABEL_W = 300  # the category labels, right-aligned against the bars
VALUE_W = 200  # room for an exact amount after the longest bar
BAR_H = 18
PITCH = 26
TOP = 16
LABEL_CHARS = 44


def percent(value: object) -> str:
    return f"{value}%"


def short_name(name: str) -> str:
    """An ICB's name without "NHS" and "Integrated Care Board", to fit a chart's label."""
    shorter = re.sub(r"^NHS ", "", name)
    return re.sub(r" Integrated Care Board$", "", shorter)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: Decimal | None  # None: the figure is missing
    text: str  # the value as shown (exact)
    against: bool = False  # the figure measured against (a limit): the second colour


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def describe(what: str, bars: Sequence[Bar], table: str) -> str:
    """One paragraph: how many bars, the largest and smallest, what is missing, the table."""
    known = [b for b in bars if b.value is not None]
    parts = [f"{what}: {len(bars)} bars."]
    if known:
        top = max(known, key=lambda b: b.value or 0)
        low = min(known, key=lambda b: b.value or 0)
        parts.append(f"Largest {top.label}, {top.text}; smallest {low.label}, {low.text}.")
    missing = [b.label for b in bars if b.value is None]
    if missing:
        parts.append(f"Not known for {len(missing)}: {', '.join(missing[:5])}")
        parts[-1] += ", and others." if len(missing) > 5 else "."
    parts.append(f"The same figures are in the table {table}.")
    return " ".join(parts)


def bar_chart(ident: str, title: str, desc: str, bars: Sequence[Bar]) -> str:
    """Horizontal bars from a zero line (negative values to its left), each labelled with
    its category and its exact value; ``ident`` makes the title and description ids unique."""
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", ident)
    values = [float(b.value) for b in bars if b.value is not None]
    high = max([0.0, *values])
    low = min([0.0, *values])
    span = (high - low) or 1.0
    left = MARGIN + LABEL_W + 8
    plot = WIDTH - left - VALUE_W - MARGIN
    zero = left + plot * (-low / span)
    height = TOP * 2 + PITCH * max(len(bars), 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMidYMin meet" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1}" fill="{WHITE}" '
        f'stroke="{GREY}"/>',
    ]
    for i, bar in enumerate(bars):
        y = TOP + i * PITCH
        mid = y + BAR_H / 2 + 4
        out.append(
            f'<text x="{left - 8}" y="{_num(mid)}" text-anchor="end" font-size="12" '
            f'fill="{TEXT}">{escape(truncate(bar.label, LABEL_CHARS))}</text>'
        )
        if bar.value is None:
            out.append(
                f'<text x="{_num(zero + 4)}" y="{_num(mid)}" font-size="12" '
                f'fill="{TEXT}">not known</text>'
            )
            continue
        length = plot * abs(float(bar.value)) / span
        x = zero - length if bar.value < 0 else zero
        colour = AGAINST if bar.against else BLUE
        out.append(
            f'<rect x="{_num(x)}" y="{y}" width="{_num(max(length, 1))}" height="{BAR_H}" '
            f'fill="{colour}"/>'
        )
        text_x = (x + max(length, 1) + 6) if bar.value >= 0 else (zero + 6)
        out.append(
            f'<text x="{_num(text_x)}" y="{_num(mid)}" font-size="12" fill="{TEXT}">'
            f"{escape(bar.text)}</text>"
        )
    out.append(
        f'<line x1="{_num(zero)}" y1="{TOP - 6}" x2="{_num(zero)}" y2="{height - TOP + 6}" '
        f'stroke="{SECONDARY}" stroke-width="1"/>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"
