"""The instrument files name, for each change of the register, the instrument that made it.

``nhswiring audit`` prints these rows beside the changes it judges, so a row that points at a
change the register does not hold (wrong code, wrong date, wrong kind of change) would put a
real statutory instrument against the wrong event. These tests tie every row back to the
register CSVs it annotates and check the file's own form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from importlib.resources import files

import pytest

from nhswiring.reference.tables import Table, load_table, parse_table, split_codes

COLUMNS = ["date", "code", "change", "title", "reference", "url"]
CHANGES = {"established", "dissolved", "authorised", "merged", "acquired", "renamed", "separated"}
#: Each instrument file annotates the changes of its register tables (care trusts are trusts
#: kept in a table of their own, care_trusts.csv).
FILES = {
    "trust_instruments.csv": ("trusts.csv", "care_trusts.csv"),
    "ccg_instruments.csv": ("ccgs.csv",),
    "icb_instruments.csv": ("icbs.csv",),
}

Row = Mapping[str, str]


def _header(text: str) -> list[str]:
    """The column names: the first line that is neither a comment nor blank."""
    line = next(ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    return line.split(",")


def _held(row: Row, bodies: Sequence[Row]) -> bool:
    """Whether the register table holds the change this row names, on this date."""
    day, code, change = row["date"], row["code"], row["change"]
    by_code = {b["code"]: b for b in bodies}
    body = by_code.get(code)
    if change == "acquired":
        # keyed by the acquiring trust: some trust ends that day naming it as successor
        return body is not None and any(
            b["end"] == day and code in split_codes(b.get("successors", "")) for b in bodies
        )
    if body is None:
        return False
    if change in {"established", "merged"}:
        return body["start"] == day
    if change == "dissolved":
        return body["end"] == day
    if change == "authorised":
        return body.get("foundation_from", "") == day
    # renamed / separated are not dated in the register tables: the body must be open that day
    return body["start"] <= day and (not body["end"] or day < body["end"])


def problems(name: str, text: str, bodies: Sequence[Row]) -> list[str]:
    """Every defect of one instrument file, one line each (empty when the file is sound)."""
    table = parse_table(name, text)
    found: list[str] = []
    if not table.sources:
        found.append(f"{name}: no '# source:' line")
    if table.as_at is None:
        found.append(f"{name}: no '# as_at:' line")
    if _header(text) != COLUMNS:
        found.append(f"{name}: columns must be exactly {','.join(COLUMNS)}")
    seen: set[tuple[str, str, str]] = set()
    for i, row in enumerate(table.rows, start=1):
        where = f"{name} row {i} ({row.get('code')} {row.get('date')})"
        try:
            ok_date = date.fromisoformat(row["date"]).isoformat() == row["date"]
        except ValueError:
            ok_date = False
        if not ok_date:
            found.append(f"{where}: date is not an ISO date")
        if row["change"] not in CHANGES:
            found.append(f"{where}: change {row['change']!r} is not one of {sorted(CHANGES)}")
        elif ok_date and not _held(row, bodies):
            found.append(f"{where}: the register holds no such {row['change']} change")
        if not row["url"].startswith("https://"):
            found.append(f"{where}: url must be https")
        if not row["title"] or not row["reference"]:
            found.append(f"{where}: title and reference are required")
        key = (row["date"], row["code"], row["change"])
        if key in seen:
            found.append(f"{where}: duplicate (date, code, change)")
        seen.add(key)
    return found


def _text(name: str) -> str:
    return (files("nhswiring.reference") / "data" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(FILES))
def test_instrument_file_is_sound_and_matches_the_register(name: str) -> None:
    tables: list[Table] = [load_table(t) for t in FILES[name]]
    rows = [row for table in tables for row in table.rows]
    assert problems(name, _text(name), rows) == []
    assert parse_table(name, _text(name)).rows, f"{name} is empty"


def test_every_instrument_file_in_the_package_is_checked() -> None:
    shipped = {
        p.name
        for p in (files("nhswiring.reference") / "data").iterdir()
        if p.name.endswith("_instruments.csv")
    }
    # change_instruments.csv speaks for kinds of change and ranges of days, not for one
    # body's change: tests/unit/test_audit_changes.py checks it.
    assert shipped - {"change_instruments.csv"} == set(FILES), (
        "a new *_instruments.csv needs an entry in FILES"
    )


# A small register table and instrument file, to show that each check can fail.
BODIES: list[Row] = [
    {"code": "AAA", "start": "2014-10-01", "end": "", "successors": "", "foundation_from": ""},
    {"code": "BBB", "start": "1991-04-01", "end": "2014-10-01", "successors": "AAA"},
    {"code": "CCC", "start": "1991-04-01", "end": "", "foundation_from": "2015-02-01"},
]
GOOD = (
    "# source: a test\n# as_at: 2026-01-01\n"
    "date,code,change,title,reference,url\n"
    "2014-10-01,AAA,established,An Order,SI 2014/1,https://example.org/a\n"
    "2014-10-01,BBB,dissolved,An Order,SI 2014/1,https://example.org/a\n"
    "2014-10-01,AAA,acquired,A grant,a decision,https://example.org/b\n"
    "2015-02-01,CCC,authorised,An authorisation,a decision,https://example.org/c\n"
)


def test_a_sound_file_has_no_problems() -> None:
    assert problems("x.csv", GOOD, BODIES) == []


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("2014-10-02,AAA,established,T,R,https://e.org", "holds no such established"),
        ("2014-10-01,ZZZ,dissolved,T,R,https://e.org", "holds no such dissolved"),
        ("2015-03-01,CCC,authorised,T,R,https://e.org", "holds no such authorised"),
        ("2014-10-01,CCC,acquired,T,R,https://e.org", "holds no such acquired"),
        ("01/10/2014,AAA,established,T,R,https://e.org", "not an ISO date"),
        ("2014-10-01,AAA,abolished,T,R,https://e.org", "is not one of"),
        ("2014-10-01,AAA,established,T,R,http://e.org", "url must be https"),
        ("2014-10-01,AAA,established,,R,https://e.org", "title and reference are required"),
        ("2014-10-01,BBB,dissolved,T,R,https://e.org", "duplicate"),
    ],
)
def test_each_defect_is_named(bad_line: str, message: str) -> None:
    found = problems("x.csv", GOOD + bad_line + "\n", BODIES)
    assert any(message in p for p in found), found


def test_missing_header_comments_and_wrong_columns_are_named() -> None:
    text = "date,code,kind,title,reference,url\n"
    found = problems("x.csv", text, BODIES)
    assert any("source" in p for p in found)
    assert any("as_at" in p for p in found)
    assert any("columns must be exactly" in p for p in found)
