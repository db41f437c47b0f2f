"""NHS Digital's Organisation Data Service extracts: which file is which, and their records.

The extracts (``etr.csv`` NHS trusts, ``ect.csv`` care trusts, ``eccg.csv`` CCGs, sub-ICB
locations and commissioning hubs, ``ecsu.csv`` commissioning support units) are headerless
CSV: 27 columns since about 2020, 24 before (the same first 24). They give each organisation's
name and parent as at the extract and its open and close dates, but not when a name or parent
changed; so a difference is dated on the day the extract describes (the import's ``as at``).
Classification is in ``ods_classify``, reconciliation with the register in ``ods_reconcile``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from nhswiring.domain import events as ev
from nhswiring.domain.errors import InvalidInput

#: Column counts of the published layouts: 24 (to about 2020), 27 (the three empty columns
#: added at the end since). The columns used here are the first 14 of both.
LAYOUTS = (24, 27)
TRUSTS, CARE_TRUSTS, COMMISSIONERS, SUPPORT_UNITS = "etr", "ect", "eccg", "ecsu"
#: Longest first: a name is matched by its start (etr.csv, etrust.csv, eccg.csv ...).
EXTRACTS = (COMMISSIONERS, SUPPORT_UNITS, CARE_TRUSTS, TRUSTS)
ODS_ACTOR = "ODS"


@dataclass(frozen=True, slots=True)
class OdsRecord:
    source: str
    line: int
    code: str
    name: str
    region: str
    parent: str
    postcode: str
    opened: date
    end: date | None  # half-open: the day after the extract's close date
    role: str


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between an extract and the register; ``event`` is None when it is only
    reported (the importer will not guess)."""

    change: str
    code: str
    effective: date
    detail: str
    event: ev.Event | None = None


def extract_kind(path: Path) -> str:
    stem = path.name.lower()
    if stem.startswith("succ"):
        raise InvalidInput(
            "FILE",
            f"{path.name!r} (ODS successions) is not read yet: its layout could not be checked "
            "against a published copy",
            "pass etr.csv, ect.csv, eccg.csv or ecsu.csv; see docs/data.md, Refreshing from ODS",
        )
    for kind in EXTRACTS:
        if stem.startswith(kind):
            return kind
    raise InvalidInput(
        "FILE",
        f"{path.name!r} is not a recognised ODS extract",
        "pass NHS Digital's etr.csv (NHS trusts), ect.csv (care trusts), eccg.csv (CCGs, "
        "sub-ICB locations, commissioning hubs) or ecsu.csv (commissioning support units), "
        "keeping their file names",
    )


def _ods_date(text: str, where: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{8}", text):
        raise InvalidInput(where, f"{text!r} is not an ODS date", "ODS dates are YYYYMMDD")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise InvalidInput(
            where, f"{text!r} is not a date that exists", "ODS dates are YYYYMMDD"
        ) from None


def _rows(name: str, text: str) -> list[list[str]]:
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InvalidInput(
            f"{name} line {line}",
            "holds a NUL byte",
            "pass the extract as NHS Digital publishes it",
        )
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise InvalidInput(
            name, f"is not CSV ({exc})", "pass the extract as NHS Digital publishes it"
        ) from None


def parse_extract(name: str, text: str) -> list[OdsRecord]:
    """The records of one extract; a row that cannot be read refuses the whole file, so that
    nothing is recorded from a file that is not what its name says."""
    records = []
    lines: dict[str, int] = {}
    layout: int | None = None
    for number, row in enumerate(_rows(name, text), start=1):
        if not row or not "".join(row).strip():
            continue
        where = f"{name} line {number}"
        if len(row) not in LAYOUTS or (layout is not None and len(row) != layout):
            expected = LAYOUTS if layout is None else (layout,)
            raise InvalidInput(
                where,
                f"has {len(row)} columns",
                f"ODS extracts have {' or '.join(map(str, expected))} on every row "
                "(headerless CSV)",
            )
        layout = len(row)
        opened = _ods_date(row[10], f"{where} open date")
        if opened is None:
            raise InvalidInput(f"{where} open date", "is empty", "every ODS row has an open date")
        closed = _ods_date(row[11], f"{where} close date")
        code = row[0].strip()
        if not code:
            raise InvalidInput(
                f"{where} code", "is empty", "every ODS row has an organisation code"
            )
        if code in lines:
            raise InvalidInput(
                f"{where} code",
                f"{code} is also on line {lines[code]}",
                "an extract lists each organisation once: pass it as NHS Digital publishes it",
            )
        lines[code] = number
        records.append(
            OdsRecord(
                source=name,
                line=number,
                code=code,
                name=row[1].strip(),
                region=row[2].strip(),
                parent=row[3].strip(),
                postcode=row[9].strip(),
                opened=opened,
                end=None if closed is None else closed + timedelta(days=1),
                role=row[13].strip(),
            )
        )
    if not records:
        raise InvalidInput(name, "holds no records", "pass a non-empty ODS extract")
    return records


_SMALL_WORDS = {"AND", "OF", "THE", "FOR", "UPON", "ON", "IN", "AT"}
_KEEP_UPPER = {"NHS", "CCG", "ICB", "UK"}


def title(name: str) -> str:
    """ODS names are upper case; store them the way the register writes names."""
    words = []
    for i, word in enumerate(name.split()):
        upper = word.upper()
        if upper in _KEEP_UPPER or (
            re.fullmatch(r"[0-9A-Z]{2,3}\d*", upper) and any(c.isdigit() for c in upper)
        ):
            words.append(upper)
        elif i > 0 and upper in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(p.capitalize() for p in word.split("-")))
    return " ".join(words)
