"""One body's contracts and children come from indexes, and say what a scan would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.register import Register
from nhswiring.domain.time import Interval

D = date


def _awarded(cid: str, commissioner: str, provider: str, start: date) -> ev.ContractAwarded:
    return ev.ContractAwarded(
        cid, commissioner, provider, "maternity", Decimal(1000), start, D(start.year + 2, 1, 1)
    )


def _register() -> Register:
    return Register().apply_all(
        [
            (D(2014, 1, 1), _awarded("C1", "QHM", "RR8", D(2014, 1, 1))),
            (D(2014, 6, 1), _awarded("C2", "QHM", "RTD", D(2014, 6, 1))),
            (D(2015, 1, 1), _awarded("C3", "RR8", "RR8", D(2015, 1, 1))),  # both parties
            (D(2015, 2, 1), ev.ContractModified("C1", "QHM", "RR8", Decimal(50), D(2020, 1, 1))),
            (D(2015, 3, 1), _awarded("C2", "00L", "RTD", D(2015, 3, 1))),  # id re-awarded
        ]
    )


def test_a_partys_contracts_are_those_a_scan_finds_in_award_order() -> None:
    r = _register()
    for day in (D(2014, 3, 1), D(2015, 6, 1), D(2018, 1, 1)):
        for party in ("QHM", "RR8", "RTD", "00L", "NONE"):
            scan = [c for c in r.contracts(day) if party in (c.commissioner, c.provider)]
            assert r.contracts(day, party) == scan, (day, party)
    assert [c.contract_id for c in r.contracts(D(2015, 6, 1), "RR8")] == ["C1", "C3"]
    assert [c.contract_id for c in r.contracts(D(2015, 6, 1), "QHM")] == ["C1"]  # C2 moved


def test_contracts_during_a_period_use_the_same_index() -> None:
    r = _register()
    period = Interval(D(2016, 1, 1), D(2017, 1, 1))
    assert [c.contract_id for c in r.contracts_during(period, "RR8")] == ["C1", "C3"]


def test_children_are_the_bodies_whose_parent_is_the_code_on_the_day() -> None:
    r = Register().apply_all(
        [
            (D(2013, 4, 1), ev.BodyEstablished("Y63", BodyKind.REGION, "North East")),
            (D(2013, 4, 1), ev.BodyEstablished("Y62", BodyKind.REGION, "North West")),
            (D(2013, 4, 1), ev.BodyEstablished("00L", BodyKind.CCG, "A CCG", parent="Y63")),
            (D(2016, 1, 1), ev.BodyReparented("00L", "Y62")),
        ]
    )
    assert [b.code for b in r.children("Y63", D(2015, 1, 1))] == ["00L"]
    assert r.children("Y63", D(2016, 1, 1)) == []
    assert [b.code for b in r.children("Y62", D(2016, 1, 1))] == ["00L"]
