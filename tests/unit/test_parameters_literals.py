"""The parameters module is the one place a commencement date or threshold is written: a law
module that restates one could drift from it unnoticed."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import nhswiring.law
from nhswiring.law.parameters import PARAMETERS, Parameter

LAW = Path(nhswiring.law.__file__).parent


def _literals(value: date | Decimal, unit: str = "") -> list[str]:
    if isinstance(value, date):
        return [rf"\bdate\(\s*{value.year},\s*{value.month},\s*{value.day}\s*\)"]
    whole = int(value)
    if unit == "percent":
        # A percentage is restated as "51%" or "51 per cent"; a bare 51 is a section number.
        return [rf"Decimal\(\s*[\"']{whole}[\"']\s*\)", rf"\b{whole}\s*(?:%|per cent)"]
    return [rf"Decimal\(\s*[\"']{whole}[\"']\s*\)", rf"\b{whole:_}\b", rf"\b{whole}\b"]


@pytest.mark.parametrize("parameter", PARAMETERS, ids=[p.name for p in PARAMETERS])
def test_no_law_module_restates_a_parameter(parameter: Parameter) -> None:
    restated = [
        f"{path.relative_to(LAW)}:{number}"
        for path in sorted(LAW.rglob("*.py"))
        if path.name != "parameters.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if not line.lstrip().startswith("#")
        and any(re.search(pattern, line) for pattern in _literals(parameter.value, parameter.unit))
    ]
    assert not restated, f"{parameter.name} is restated at {restated}: import it from parameters"


def test_the_check_finds_a_restated_date() -> None:
    line = "HSCA_S79 = Interval(date(2012, 7, 1), HCA_START)"
    assert any(re.search(p, line) for p in _literals(date(2012, 7, 1)))


def test_the_check_finds_a_restated_percentage_but_not_a_section_number() -> None:
    patterns = _literals(Decimal("51"), "percent")
    assert any(re.search(p, "the threshold is 51% of CCGs") for p in patterns)
    assert any(re.search(p, "51 per cent of providers") for p in patterns)
    assert not any(re.search(p, "HCA 2022 s.51") for p in patterns)


def test_every_parameter_has_a_citation() -> None:
    assert all(p.citation.strip() and p.means.strip() for p in PARAMETERS)
