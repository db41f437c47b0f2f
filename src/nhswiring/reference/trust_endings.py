"""How a trust was legally ended where the register's successors do not say it
(``trust_endings.csv``): at the end of a trust special administration, or by acquisition with
some services transferred elsewhere first. The audit reads it to judge the right act."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from nhswiring.domain.time import parse_optional_date
from nhswiring.reference.tables import load_table

ROUTES = frozenset({"special_administration", "acquisition"})


@dataclass(frozen=True, slots=True)
class TrustEnding:
    code: str
    day: date
    route: str
    by: str | None  # the acquiring trust
    sos_decision: date | None  # the Secretary of State satisfied with dissolution (s.65KB)


@cache
def trust_endings() -> dict[str, TrustEnding]:
    """Every row of ``trust_endings.csv`` by trust code."""
    out: dict[str, TrustEnding] = {}
    for n, row in enumerate(load_table("trust_endings.csv").rows, start=1):
        where = f"trust_endings.csv row {n}"
        day = parse_optional_date(row["date"], f"{where} date")
        if day is None or row["route"] not in ROUTES:
            raise ValueError(f"{where}: needs a date and a route in {sorted(ROUTES)}")
        if row["route"] == "acquisition" and not row["by"]:
            raise ValueError(f"{where}: an acquisition names the acquiring trust")
        out[row["code"]] = TrustEnding(
            row["code"],
            day,
            row["route"],
            row["by"] or None,
            parse_optional_date(row["sos_decision"] or None, f"{where} sos_decision"),
        )
    return out
