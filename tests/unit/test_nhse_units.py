"""Commissioning hubs are units of NHS England: in the register from the ODS extract, never
CCGs, holding no function of their own, in no answer to "who commissions"."""

from __future__ import annotations

from datetime import date

import pytest

from nhswiring.domain.bodies import NHS_ENGLAND_UNITS, BodyKind
from nhswiring.domain.commissioning import holdings
from nhswiring.domain.register import Register
from nhswiring.law.function_catalogue import FUNCTIONS
from nhswiring.reference.nhse_units import load_units
from nhswiring.reference.tables import parse_table

APRILS = [date(y, 4, 1) for y in range(2013, 2027)]


def test_the_35_hubs_of_the_extract_are_units_of_nhs_england(register: Register) -> None:
    units = [u for u in load_units() if u.kind is BodyKind.COMMISSIONING_HUB]
    assert len(units) == 35
    for unit in units:
        body = register.body(unit.code, unit.valid.start)
        assert body is not None
        assert body.kind is BodyKind.COMMISSIONING_HUB
        assert body.parent == "NHSE"
    # ODS: 13Q National Commissioning Hub 1 opened 1 April 2013 and is still open;
    # 13N Wessex closed on 31 March 2020.
    assert register.body("13Q", date(2026, 4, 1)) is not None
    assert register.body("13N", date(2020, 3, 31)) is not None
    assert register.body("13N", date(2020, 4, 1)) is None


@pytest.mark.parametrize("day", APRILS)
def test_hubs_are_never_counted_as_ccgs(register: Register, day: date) -> None:
    hubs = {u.code for u in load_units()}
    assert not hubs & {b.code for b in register.bodies(day, [BodyKind.CCG])}


def test_the_sourced_csus_are_units_of_nhs_england_from_their_merger(
    register: Register,
) -> None:
    csus = [u for u in load_units() if u.kind is BodyKind.COMMISSIONING_SUPPORT_UNIT]
    assert sorted(u.code for u in csus) == ["0DE", "0DF"]
    for unit in csus:
        assert register.body(unit.code, date(2015, 3, 31)) is None  # formed 1 April 2015
        body = register.body(unit.code, date(2015, 4, 1))
        assert body is not None
        assert body.kind is BodyKind.COMMISSIONING_SUPPORT_UNIT
        assert body.parent == "NHSE"
        assert not register.children(unit.code, date(2020, 4, 1))
    nhse = {b.code for b in register.children("NHSE", date(2020, 4, 1))}
    assert {"0DE", "0DF"} <= nhse


@pytest.mark.parametrize("day", APRILS)
def test_csus_are_never_ccgs_and_never_commission(register: Register, day: date) -> None:
    csus = {b.code for b in register.bodies(day, [BodyKind.COMMISSIONING_SUPPORT_UNIT])}
    assert not csus & {b.code for b in register.bodies(day, [BodyKind.CCG])}
    for fn in FUNCTIONS:
        assert not {h.holder for h in holdings(fn, day, register)} & csus, fn.key


@pytest.mark.parametrize("day", APRILS)
def test_no_unit_of_nhs_england_holds_a_function(register: Register, day: date) -> None:
    for fn in FUNCTIONS:
        for holding in holdings(fn, day, register):
            body = register.body(holding.holder, day)
            assert body is None or body.kind not in NHS_ENGLAND_UNITS, (fn.key, holding)


def test_a_table_row_of_another_kind_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "# source: x\n# as_at: 2025-01-01\n"
        "code,kind,name,parent,start,end\n00L,ccg,X,NHSE,2013-04-01,\n"
    )
    monkeypatch.setattr(
        "nhswiring.reference.nhse_units.load_table", lambda name: parse_table(name, text)
    )
    with pytest.raises(ValueError, match="not a unit"):
        load_units()
