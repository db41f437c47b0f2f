"""`nhswiring demo`: the first thing a new user sees after `make run`."""

from __future__ import annotations

from datetime import date

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
    verified = system.verify()
    render.console.print(
        f"\nLedger: {verified.checked:,} entries, hash chain "
        f"{'verified' if verified.ok else 'BROKEN: ' + str(verified.reason)}. "
        "Try `nhswiring show QHM`, `nhswiring list --kind icb --as-at 2022-07-01`, "
        "`nhswiring history 00C`."
    )
