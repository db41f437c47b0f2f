"""Finance reads (issue 12): ``finance compare`` (every ICB in a year, with growth and duties),
``finance show`` (one ICB's year) and the price publications judged, beside the practical
limit measured in the same run: one pass over the published figures in memory adding up each
ICB's headline figures (the least a view of every ICB costs), and the cold read of the table.

    .venv/bin/python -m bench.finance [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from importlib.resources import files
from typing import Any

from nhswiring.domain.finance import FinancialYear
from nhswiring.reference.allocations import published_allocations
from nhswiring.service.finance_prices import prices_json
from nhswiring.service.finance_views import finance_compare, finance_show
from nhswiring.service.scenarios import shipped_register


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return round(statistics.median(samples) * 1000, 2)


def raw_table_sum() -> int:
    """The floor: parse allocations.csv and sum each ICB-year's recurrent figures."""
    text = (files("nhswiring.reference") / "data" / "allocations.csv").read_text("utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in csv.DictReader(io.StringIO(body)):
        if row["measure"] in {"recurrent", "allowance"}:
            totals[(row["icb"], row["year"])] += Decimal(row["amount_gbp_thousands"])
    return len(totals)


def one_pass() -> int:
    """The warm floor: one pass over the published figures in memory, adding each ICB's
    headline figures for the year (what any view of every ICB must at least do)."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for a in published_allocations():
        if a.year.first == YEAR_FIRST and a.headline:
            totals[a.body] += a.amount
    return len(totals)


YEAR_FIRST = 2025


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args(argv).repeat
    register = shipped_register()
    year = FinancialYear.parse("2025/26")
    figures = {
        "finance compare 2025/26 (42 ICBs), ms": median_ms(
            lambda: finance_compare(register, year, "core_services", True), repeat
        ),
        "finance show QWO 2025/26, ms": median_ms(
            lambda: finance_show(register, "QWO", year), repeat
        ),
        "finance prices (10 publications judged), ms": median_ms(
            lambda: prices_json(register), repeat
        ),
        "practical limit: one pass over the figures in memory, ms": median_ms(one_pass, repeat),
        "cold: csv read of allocations.csv and sum, ms": median_ms(raw_table_sum, repeat),
    }
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
