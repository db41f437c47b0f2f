"""The finance charts (web/finance_svg.py) and the exact money filter: bars from a zero line
with negatives to its left, a missing figure drawn as "not known" rather than a zero bar,
the same bytes for the same numbers, and pounds shown with every decimal place."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from nhswiring.web.finance_svg import Bar, bar_chart, describe, short_name
from nhswiring.web.templating import pounds

BARS = [
    Bar("Growth up", Decimal("12.5"), "12.5%"),
    Bar("Growth down", Decimal("-2.5"), "-2.5%"),
    Bar("Merged", None, "not known"),
]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("4381813000", "£4,381,813,000"),
        ("266303864.53586305", "£266,303,864.53586305"),
        ("-10000000", "-£10,000,000"),
        ("0", "£0"),
        ("50", "£50"),
        ("not money", "not money"),
    ],
)
def test_pounds_are_exact_with_thousands_separators(value: str, shown: str) -> None:
    assert pounds(value) == shown


def test_a_chart_is_an_image_with_its_title_and_description() -> None:
    desc = describe("Core growth", BARS, "below")
    svg = bar_chart("growth 2025/26", "Core growth, 2025/26", desc, BARS)
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg
    assert 'aria-labelledby="growth-2025-26-title growth-2025-26-desc"' in svg
    assert '<title id="growth-2025-26-title">Core growth, 2025/26</title>' in svg
    assert "Largest Growth up, 12.5%; smallest Growth down, -2.5%." in desc
    assert "Not known for 1: Merged." in desc
    assert "table below" in desc
    assert " style=" not in svg
    assert svg == bar_chart("growth 2025/26", "Core growth, 2025/26", desc, BARS)


def test_negative_bars_lie_left_of_the_zero_line_and_missing_ones_are_not_drawn() -> None:
    svg = bar_chart("g", "t", "d", BARS)
    zero = float(re.findall(r'<line x1="([\d.]+)"', svg)[0])
    bars = [
        (float(x), float(w))
        for x, w in re.findall(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="18"', svg)
    ]
    assert len(bars) == 2  # the missing figure has no bar
    (up_x, up_w), (down_x, down_w) = bars
    assert up_x == pytest.approx(zero)
    assert down_x + down_w == pytest.approx(zero, abs=0.1)
    assert up_w == pytest.approx(5 * down_w, rel=0.01)
    assert ">not known</text>" in svg


def test_icb_names_are_shortened_for_labels() -> None:
    assert short_name("NHS West Yorkshire Integrated Care Board") == "West Yorkshire"
