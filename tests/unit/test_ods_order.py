"""Property: imports of real extracts (and of random subsets of their rows) give the same
register on every date whatever their order, and a second import proposes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nhswiring.domain import events as ev
from nhswiring.domain.register import Register
from nhswiring.reference.history import HistoryEntry
from nhswiring.reference.ods import OdsRecord, parse_extract
from nhswiring.reference.ods_reconcile import reconcile, sourced_until

DATA = Path(__file__).resolve().parents[1] / "data" / "ods"
FILES = {
    "2016": (DATA / "2016" / "etr.csv", date(2016, 6, 30)),
    "2022": (DATA / "2022" / "etr.csv", date(2022, 3, 17)),
    "2026": (DATA / "2026" / "etr.csv", date(2026, 4, 8)),
}
RECORDS = {k: parse_extract("etr.csv", p.read_text()) for k, (p, _) in FILES.items()}
DAYS = [date(y, 4, 1) for y in range(2013, 2027)] + [date(2026, 4, 8), date(2026, 6, 1)]


def fold(history: list[HistoryEntry], extra: list[tuple[date, ev.Event]]) -> Register:
    dated = [(e.effective, e.event) for e in history] + extra
    return Register().apply_all(sorted(dated, key=lambda pair: pair[0]))


def run(
    history: list[HistoryEntry], imports: list[tuple[list[OdsRecord], date]]
) -> tuple[Register, list[tuple[date, ev.Event]]]:
    recorded: list[tuple[date, ev.Event]] = []
    register = fold(history, recorded)
    for records, day in imports:
        changes, _ = reconcile("etr", records, register, day, sourced_until())
        recorded += [(c.effective, c.event) for c in changes if c.event is not None]
        register = fold(history, recorded)
    return register, recorded


def snapshot(register: Register, day: date) -> list[tuple[str, str, str, str | None]]:
    return sorted((b.code, b.kind.value, b.name, b.parent) for b in register.bodies(day))


@st.composite
def imports(draw: st.DrawFn) -> list[tuple[list[OdsRecord], date]]:
    keys = draw(st.lists(st.sampled_from(sorted(FILES)), min_size=2, max_size=4))
    out = []
    for key in keys:
        rows = RECORDS[key]
        subset = draw(st.lists(st.sampled_from(rows), unique_by=lambda r: r.code, max_size=30))
        out.append((subset or rows, FILES[key][1]))
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=imports(), order=st.randoms(use_true_random=False))
def test_any_order_gives_the_same_register(
    history: list[HistoryEntry], plan: list[tuple[list[OdsRecord], date]], order: object
) -> None:
    shuffled = list(plan)
    order.shuffle(shuffled)  # type: ignore[attr-defined]
    first, _ = run(history, plan)
    second, _ = run(history, shuffled)
    for day in DAYS:
        assert snapshot(first, day) == snapshot(second, day), day
    _, again = run(history, plan + plan)
    _, once = run(history, plan)
    assert len(again) == len(once), "importing the same extracts again proposes nothing"
