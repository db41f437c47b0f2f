"""The CPV codes of PSR Schedule 1: the services the regime covers."""

from __future__ import annotations

from functools import cache

from nhswiring.domain.errors import InvalidInput
from nhswiring.reference.tables import load_table


@cache
def schedule_1() -> dict[str, str]:
    return {r["code"]: r["description"] for r in load_table("psr/cpv_schedule1.csv").rows}


def check_cpv(codes: list[str]) -> list[str]:
    if not codes:
        raise InvalidInput(
            "cpv",
            "no CPV code given",
            "give at least one code from PSR Schedule 1, e.g. 85121000-3",
        )
    known = schedule_1()
    for code in codes:
        if code not in known:
            near = [c for c in known if c.split("-")[0] == code.split("-")[0]]
            hint = (
                f"did you mean {near[0]}?"
                if near
                else "the regime covers only the health "
                "care services listed in Schedule 1 (codes 85xxxxxx and a few others)"
            )
            raise InvalidInput(
                "cpv",
                f"{code!r} is not a CPV code in PSR Schedule 1",
                f"{hint} (`nhswiring psr cpv` lists them)",
            )
    return codes
