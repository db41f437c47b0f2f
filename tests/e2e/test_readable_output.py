"""Human output shows dates and lists as words, never Python dictionaries or lists."""

from __future__ import annotations

import re
from datetime import date

from typer.testing import CliRunner

from nhswiring.domain.time import Interval
from nhswiring.entrypoints import render
from nhswiring.entrypoints.cli import app

REPR = re.compile(r"\{'|\['|': |None\b")


def test_explain_prints_the_period_in_force_as_dates() -> None:
    ended = CliRunner().invoke(app, ["explain", "hsca_2012.s61.no_shared_top_leadership"])
    assert ended.exit_code == 0, ended.output
    assert "in force from 2013-04-01 to 2022-06-30;" in ended.output
    current = CliRunner().invoke(app, ["explain", "nhs_act_2006.s65Z5.delegation"])
    assert "in force from 2022-07-01;" in current.output
    assert not REPR.search(ended.output + current.output)


def test_history_details_have_no_python_reprs(loaded_sqlite_url: str) -> None:
    result = CliRunner().invoke(app, ["history", "QHM", "--database", loaded_sqlite_url])
    assert result.exit_code == 0, result.output
    assert "successors=QHM" in result.output
    assert not REPR.search(result.output)


def test_text_and_in_force() -> None:
    assert render.text(["RTD", "RR7"]) == "RTD, RR7"
    assert render.text({"code": "E08000021", "whole": True, "note": None}) == (
        "code=E08000021; whole=True"
    )
    assert render.text([{"code": "A"}, {"code": "B"}]) == "(code=A, code=B)"
    assert render.in_force(Interval(date(2013, 4, 1), date(2022, 7, 1))) == (
        "from 2013-04-01 to 2022-06-30"
    )
    assert render.in_force(Interval(date(2022, 7, 1))) == "from 2022-07-01"
