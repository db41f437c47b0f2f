"""Users' finance figures through the real write path, identically on SQLite and PostgreSQL:
exact amounts kept, a retried request recorded once, a bad row leaving the ledger unchanged,
and the duties tested on what was recorded."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.finance import FinancialYear
from nhswiring.ledger.hashing import request_digest
from nhswiring.ledger.store import RequestKey
from nhswiring.service.finance_records import FigureRow, record_figures
from nhswiring.service.finance_views import finance_show
from nhswiring.service.system import System, new_entry
from nhswiring.service.unit_of_work import UnitOfWork

YEAR = "2024/25"
ROWS = [
    FigureRow("QWO", YEAR, "expenditure", "4500000000.25", source="annual accounts"),
    FigureRow("QWO", YEAR, "receipts", "4490000000"),
]


def _icb(engine: Engine) -> System:
    with UnitOfWork(engine, write=True) as uow:
        uow.ledger.append(
            [
                new_entry(
                    date(2022, 7, 1),
                    "NHSE",
                    ev.BodyEstablished("QWO", BodyKind.ICB, "NHS West Yorkshire ICB"),
                )
            ]
        )
        uow.commit()
    return System(engine)


def _request(n: int) -> RequestKey:
    digest = request_digest({"test": n})
    return RequestKey(f"test:{digest}", digest)


def test_figures_are_recorded_exactly_once_and_tested(engine: Engine) -> None:
    system = _icb(engine)
    first = record_figures(system, ROWS, actor="QWO", day=date(2025, 6, 30), request=_request(1))
    again = record_figures(system, ROWS, actor="QWO", day=date(2025, 6, 30), request=_request(1))
    assert len(first) == 2
    assert again.replayed
    assert again.seqs == first.seqs
    view = finance_show(system.register(), "QWO", FinancialYear.parse(YEAR))
    assert [(r["figure"], r["amount"]) for r in view["recorded"]] == [
        ("expenditure", "4500000000.25"),
        ("receipts", "4490000000"),
    ]
    breakeven = next(d for d in view["duties"] if d["title"] == "ICB breakeven")
    assert (breakeven["status"], breakeven["margin"]) == ("breached", "-10000000.25")
    # the published allocation stands beside the recorded figures, untouched
    core = next(s for s in view["streams"] if s["stream"] == "core_services")
    assert core["amount"] == "4381813000"


def test_a_bad_row_leaves_the_ledger_unchanged(engine: Engine) -> None:
    system = _icb(engine)
    with UnitOfWork(engine) as uow:
        before = uow.ledger.head()
    bad = [*ROWS, FigureRow("QWO", YEAR, "receipts", "lots")]
    with pytest.raises(InvalidInput, match="line 4: amount"):
        record_figures(system, bad, actor="QWO", day=date(2025, 6, 30), numbered=True)
    with UnitOfWork(engine) as uow:
        assert uow.ledger.head() == before
