"""NHS England's regional map over time.

Tables give each body's region in today's seven-region terms (ODS records only the current
region). Before April 2019 there were fewer, larger regions; this map walks the regions'
succession backwards to find which region a place was in on any date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from nhswiring.domain.time import Interval
from nhswiring.reference.rows import BodyRow


class RegionMap:
    def __init__(self, regions: Sequence[BodyRow]) -> None:
        self._regions = list(regions)
        self._descendants: dict[str, set[str]] = {}
        for r in self._regions:
            self._descendants[r.code] = self._walk(r.code)

    def _walk(self, code: str) -> set[str]:
        seen = {code}
        frontier = [code]
        by_code = {r.code: r for r in self._regions}
        while frontier:
            row = by_code.get(frontier.pop())
            for s in row.successors if row else ():
                if s not in seen:
                    seen.add(s)
                    frontier.append(s)
        return seen

    def region_on(self, modern: str, day: date) -> str | None:
        """The region in force on ``day`` that ``modern`` descends from (or is)."""
        for r in self._regions:
            if Interval(r.start, r.end).contains(day) and modern in self._descendants[r.code]:
                return r.code
        return None

    def change_days(self) -> list[date]:
        return sorted({r.start for r in self._regions} | {r.end for r in self._regions if r.end})

    def timeline(self, modern: str, valid: Interval) -> list[tuple[date, str]]:
        """(from date, region) for each change of region within ``valid``."""
        out: list[tuple[date, str]] = []
        days = [valid.start, *(d for d in self.change_days() if valid.contains(d))]
        for day in days:
            region = self.region_on(modern, day)
            if region and (not out or out[-1][1] != region):
                out.append((day, region))
        return out
