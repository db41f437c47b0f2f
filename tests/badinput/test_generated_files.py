"""Generated bad files: scenario files, case scripts (`psr run`) and ODS extracts, each with
at least one defect, must end in one line and exit 2 with nothing recorded.

Each strategy starts from a valid file and breaks it in one of the ways users' files break
(syntax, encoding, impossible dates, wrong types, absurd numbers, overlong text; for ODS
extracts also wrong column counts, duplicated or empty codes and the wrong kind of file).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.badinput.conftest import (
    GOOD_SCENARIO,
    GOOD_SCRIPT,
    Prepared,
    assert_refused,
    fingerprint,
    invoke,
    ods_row,
)

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def impossible_dates(draw: st.DrawFn) -> str:
    year = draw(st.integers(1900, 2100))
    month, day = draw(
        st.one_of(
            st.tuples(st.integers(13, 99), st.integers(1, 28)),
            st.tuples(st.just(0), st.integers(1, 28)),
            st.tuples(st.integers(1, 12), st.integers(32, 99)),
            st.tuples(st.sampled_from([4, 6, 9, 11]), st.just(31)),
            st.tuples(st.just(2), st.integers(30, 31)),
        )
    )
    return f"{year:04d}-{month:02d}-{day:02d}"


ABSURD_NUMBERS = st.sampled_from([".nan", ".NaN", ".inf", "-.inf", "1e400", "-1e400", "-1"])
WRONG_TYPES = st.sampled_from(["[1, 2]", "{a: 1}", "[]", "{}", "null", "[[x]]"])


@st.composite
def broken_yaml(
    draw: st.DrawFn,
    good: str,
    dates: list[str],
    numbers: list[str],
    texts: list[str],
    typed: list[str],
) -> bytes:
    """``good`` broken one way: every value named is one the loader must check."""
    defect = draw(st.sampled_from(["date", "number", "text", "type", "syntax", "encoding"]))
    if defect == "date":
        return good.replace(draw(st.sampled_from(dates)), draw(impossible_dates()), 1).encode()
    if defect == "number":
        return good.replace(draw(st.sampled_from(numbers)), draw(ABSURD_NUMBERS), 1).encode()
    if defect == "text":
        size = draw(st.integers(2_001, 20_000))
        return good.replace(draw(st.sampled_from(texts)), "t" * size, 1).encode()
    if defect == "type":
        return good.replace(draw(st.sampled_from(typed)), draw(WRONG_TYPES), 1).encode()
    if defect == "syntax":
        cut = draw(st.integers(1, len(good) - 1))
        junk = draw(st.sampled_from(["[", "{", '"', "\t", ": :", "- - -\n  x", "&a *b"]))
        broken = good[:cut] + junk + good[cut:]
        assume(not _is_yaml(broken))  # junk inside a plain scalar can still be YAML
        return broken.encode()
    text = good.replace("a", draw(st.sampled_from(["é", "ü", "ø"])), 1)
    return text.encode(draw(st.sampled_from(["latin-1", "utf-16", "utf-32", "cp1252"])))


def _is_yaml(text: str) -> bool:
    try:
        yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return True


SCENARIO_FILES = broken_yaml(
    GOOD_SCENARIO,
    dates=["2019-06-01"],
    numbers=["50000000"],
    texts=["capital limit"],
    typed=["capital limit", "{trust: RTD, year: 2019/20, amount: 50000000}", "NHSE"],
)
SCRIPT_FILES = broken_yaml(
    GOOD_SCRIPT + "setup:\n  date: 2024-01-02\n  contracts:\n    - {id: C1, commissioner: QHM, "
    "provider: RTD, service: s, value: 900, start: 2024-01-02}\n",
    dates=["2025-05-01", "2024-01-02"],
    numbers=["900"],
    texts=["a case", "a test"],
    typed=["a case", "QHM", "open"],
)


def _run_file(content: bytes, command: list[str], *options: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.yaml"
        path.write_bytes(content)
        assert_refused(invoke([*command, str(path), *options]))


@SETTINGS
@given(content=SCENARIO_FILES)
def test_a_broken_scenario_file_is_one_line(content: bytes) -> None:
    _run_file(content, ["run"])


@SETTINGS
@given(content=SCRIPT_FILES)
def test_a_broken_case_script_is_one_line_and_records_nothing(
    content: bytes, prepared: Prepared
) -> None:
    before = fingerprint(prepared.db)
    _run_file(content, ["psr", "run"], "--database", prepared.url)
    assert fingerprint(prepared.db) == before


TRUST_CODES = st.from_regex(r"R[A-Z0-9]{2}", fullmatch=True)
CCG_CODES = st.from_regex(r"[0-9]{2}[A-Z]", fullmatch=True)
CARE_TRUST_CODES = st.from_regex(r"T[A-Z0-9]{2}", fullmatch=True)
CSU_CODES = st.from_regex(r"0[A-Z]{2}", fullmatch=True)


@st.composite
def broken_extracts(draw: st.DrawFn) -> tuple[str, bytes]:
    """(file name, contents) of an ODS extract with at least one defect."""
    kind = draw(st.sampled_from(["etr.csv", "eccg.csv", "ect.csv", "ecsu.csv"]))
    own, other = {
        "etr.csv": (TRUST_CODES, CCG_CODES),
        "eccg.csv": (CCG_CODES, TRUST_CODES),
        "ect.csv": (CARE_TRUST_CODES, TRUST_CODES),
        "ecsu.csv": (CSU_CODES, TRUST_CODES),
    }[kind]
    codes = draw(st.lists(own, min_size=1, max_size=8, unique=True))
    rows = [ods_row(c) for c in codes]
    defect = draw(
        st.sampled_from(
            [
                "columns",
                "layouts",
                "duplicate",
                "empty-code",
                "empty",
                "kind",
                "date",
                "encoding",
                "nul",
            ]
        )
    )
    if defect == "columns":
        i = draw(st.integers(0, len(rows) - 1))
        cells = rows[i].split(",")
        n = draw(st.integers(1, 40).filter(lambda n: n not in (24, 27)))  # the two layouts
        rows[i] = ",".join((cells * 2)[:n])
    elif defect == "layouts":  # a 24-column row among 27-column ones: not one extract
        rows.append(",".join(rows[0].split(",")[:24]).replace(codes[0], "ZZZ"))
    elif defect == "duplicate":
        rows.insert(draw(st.integers(0, len(rows))), draw(st.sampled_from(rows)))
    elif defect == "empty-code":
        rows.insert(draw(st.integers(0, len(rows))), ods_row(""))
    elif defect == "empty":
        rows = draw(st.lists(st.sampled_from(["", " ", ",,,"]), max_size=3))
    elif defect == "kind":
        wrong = draw(st.lists(other, min_size=len(rows) + 1, max_size=12, unique=True))
        rows = [ods_row(c) for c in wrong] + rows
    elif defect == "date":
        i = draw(st.integers(0, len(rows) - 1))
        rows[i] = ods_row(codes[i], opened=draw(impossible_dates()).replace("-", ""))
    elif defect == "nul":
        rows[0] = rows[0].replace("SOME", "SO\0ME")
    text = "\n".join(rows) + draw(st.sampled_from(["", "\n", "\r\n"]))
    if defect == "encoding":
        return kind, text.replace("SOME", "SÖME").encode(
            draw(st.sampled_from(["latin-1", "utf-16", "utf-32", "cp1252"]))
        )
    bom = draw(st.sampled_from(["", "\ufeff"]))  # a byte-order mark is fine: the defect stays
    return kind, (bom + text).encode("utf-8")


@SETTINGS
@given(extract=broken_extracts())
def test_a_broken_ods_extract_is_one_line_and_records_nothing(
    extract: tuple[str, bytes], prepared: Prepared
) -> None:
    name, content = extract
    before = fingerprint(prepared.db)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        outcome = invoke(
            ["import-ods", str(path), "--as-at", "2025-01-01", "--database", prepared.url]
        )
    assert_refused(outcome)
    assert fingerprint(prepared.db) == before
