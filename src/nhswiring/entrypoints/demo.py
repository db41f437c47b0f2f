"""`nhswiring demo`: the first thing a new user sees after `make run`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from nhswiring.entrypoints import render
from nhswiring.entrypoints.progress import loading_bar
from nhswiring.service.report import KEY_DATES, report
from nhswiring.service.system import System

KINDS_SHOWN = (
    "region",
    "ccg",
    "icb",
    "sub_icb_location",
    "icp",
    "nhs_trust",
    "foundation_trust",
    "local_authority",
)


def run_demo(system: System, today: date | None = None) -> None:
    if system.is_loaded():
        loaded = system.initialise()
    else:
        with loading_bar() as progress:
            loaded = system.initialise(progress)
    where = system.engine.url.render_as_string()
    if loaded.loaded:
        render.console.print(
            f"Recorded the real register: {loaded.entries:,} ledger entries in "
            f"{loaded.seconds:.1f} s into {where}"
        )
    else:
        render.console.print(f"Using the register already in {where}")
    days = [*KEY_DATES, today or date.today()]
    snapshots = report(system.register(), days)
    render.table(
        "Bodies in force",
        ["kind", *(d.isoformat() for d in days)],
        [[k, *(s.counts.get(k, 0) for s in snapshots)] for k in KINDS_SHOWN],
    )
    for s in snapshots:
        render.console.print(f"\n[bold]Who commissions what on {s.day.isoformat()}[/]")
        for e in s.examples:
            answer = "; ".join(e.answers) or "nobody (see `nhswiring who-commissions`)"
            render.console.print(f"  {e.function} for {e.label} ({e.area}): {answer}")
    _money()
    verified = system.verify()
    render.console.print(
        f"\nLedger: {verified.checked:,} entries, hash chain "
        f"{'verified' if verified.ok else 'BROKEN: ' + str(verified.reason)}. "
        "Try `nhswiring show QHM`, `nhswiring list --kind icb --as-at 2022-07-01`, "
        "`nhswiring history 00C`, `nhswiring finance show QWO --year 2025/26`."
    )


POUND = Decimal(1)


def _money() -> None:
    """NHS England's published allocations in the package, each stream's 42 ICBs added up
    against NHS England's own England total (docs/finance.md)."""
    from nhswiring.domain.finance import STREAM_NAMES, Stream, pounds_text
    from nhswiring.service.finance import allocation_totals

    rows = sorted(
        allocation_totals(), key=lambda r: (r["year"], list(Stream).index(Stream(r["stream"])))
    )
    render.table(
        "\nNHS England's allocations to ICBs in the package (headline measure per stream; shown "
        "to the pound, exact in `nhswiring finance`; the difference is the rounding of NHS "
        "England's total row)",
        [
            "year",
            "stream",
            "ICBs",
            "sum of ICBs",
            "kept by NHS England",
            "England total",
            "difference",
        ],
        [
            [
                r["year"],
                STREAM_NAMES[Stream(r["stream"])],
                r["icbs"],
                pounds_text(Decimal(r["sum_of_icbs"]).quantize(POUND)),
                pounds_text(Decimal(r["nhse_retained"]).quantize(POUND)),
                pounds_text(Decimal(r["england_total"]).quantize(POUND)),
                pounds_text(Decimal(r["difference"]).quantize(POUND)),
            ]
            for r in rows
        ],
    )
