"""NHS Digital's Organisation Data Service extracts: parsing and reconciliation with the register.

The extracts (``etr.csv`` for NHS trusts, ``eccg.csv`` for CCGs and sub-ICB locations) are
headerless CSV with 27 columns. They give each organisation's current name and parent and its
open and close dates, but not when a name or parent changed; so a difference found today is
recorded as effective on the date the extract describes (the import's ``as at`` date).
Reconciliation is pure: it proposes events and reports what it could not decide.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from nhswiring.domain import events as ev
from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.register import Register
from nhswiring.domain.time import REGISTER_START

COLUMNS = 27
TRUSTS, COMMISSIONERS = "etr", "eccg"
SUB_ICB_ROLE = "RO319"
IGNORED_ROLES = {"RO218": "commissioning hub", "RO327": "sub-ICB reporting entity"}
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
    for kind in (TRUSTS, COMMISSIONERS):
        if stem.startswith(kind):
            return kind
    raise InvalidInput(
        "FILE",
        f"{path.name!r} is not a recognised ODS extract",
        "pass NHS Digital's etr.csv (NHS trusts) or eccg.csv (CCGs and sub-ICB locations), "
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
    for number, row in enumerate(_rows(name, text), start=1):
        if not row or not "".join(row).strip():
            continue
        where = f"{name} line {number}"
        if len(row) != COLUMNS:
            raise InvalidInput(
                where, f"has {len(row)} columns", f"ODS extracts have {COLUMNS} (headerless CSV)"
            )
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


#: The code patterns of each extract's organisations (from NHS Digital's extracts): trusts
#: R.. and care trusts T..; CCGs and sub-ICB locations two digits and a letter (00L). Newer
#: organisations of either kind have five-character codes (G6V2S, M1J4Y).
_CODES = {
    TRUSTS: re.compile(r"[RT][A-Z0-9]{2}|[A-Z0-9]{5}"),
    COMMISSIONERS: re.compile(r"\d{2}[A-Z]|[A-Z0-9]{5}"),
}
_LABELS = {TRUSTS: "an NHS trust extract", COMMISSIONERS: "a CCG and sub-ICB extract"}
_KINDS = {TRUSTS: "an NHS trust", COMMISSIONERS: "a CCG or sub-ICB location"}
_COMMISSIONER_ROLES = ("RO98", SUB_ICB_ROLE, *IGNORED_ROLES)


def fits(extract: str, record: OdsRecord) -> bool:
    """Whether ``record`` looks like an organisation of the extract's kind."""
    if not _CODES[extract].fullmatch(record.code):
        return False
    return extract != TRUSTS or not record.role.startswith(_COMMISSIONER_ROLES)


def sort_by_kind(
    extract: str, name: str, records: list[OdsRecord], day: date
) -> tuple[list[OdsRecord], list[Change]]:
    """The records that fit the extract's kind, and a reported (never recorded) change for
    each that does not. A file most of whose records do not fit is the wrong file (a CCG
    extract saved as etr.csv would record every commissioner as an NHS trust): refused."""
    misfits = [r for r in records if not fits(extract, r)]
    if 2 * len(misfits) > len(records):
        examples = ", ".join(r.code for r in misfits[:3])
        raise InvalidInput(
            name,
            f"is named as {_LABELS[extract]} but {len(misfits)} of its {len(records)} records "
            f"are not of that kind ({examples}, ...)",
            "pass NHS trusts as etr.csv and CCGs and sub-ICB locations as eccg.csv",
        )
    fitting = [r for r in records if fits(extract, r)]
    changes = [
        Change(
            "misfit",
            r.code,
            day,
            f"{r.source} line {r.line}: not the code of {_KINDS[extract]}; not recorded",
        )
        for r in misfits
    ]
    return fitting, changes


def normalise_name(name: str) -> str:
    name = name.upper().replace("&", " AND ")
    return re.sub(r"[^A-Z0-9]+", " ", name).strip()


def _kind(extract: str, record: OdsRecord) -> BodyKind | None:
    if extract == TRUSTS:
        is_ft = "FOUNDATION TRUST" in record.name.upper()
        return BodyKind.FOUNDATION_TRUST if is_ft else BodyKind.NHS_TRUST
    if record.role.split("|")[0] in IGNORED_ROLES:
        return None
    return BodyKind.SUB_ICB_LOCATION if record.role.startswith(SUB_ICB_ROLE) else BodyKind.CCG


def reconcile(
    extract: str, records: Iterable[OdsRecord], register: Register, day: date
) -> list[Change]:
    changes: list[Change] = []
    seen: set[str] = set()
    for r in records:
        seen.add(r.code)
        kind = _kind(extract, r)
        if kind is None:
            role = IGNORED_ROLES[r.role.split("|")[0]]
            changes.append(Change("ignored", r.code, day, f"{role}: not a body nhswiring models"))
            continue
        if r.end is not None and r.end <= REGISTER_START:
            changes.append(Change("out_of_scope", r.code, r.end, "closed before 2013-04-01"))
            continue
        if not register.knows(r.code):
            changes.extend(_new(r, kind, register))
            continue
        changes.extend(_compare(r, kind, register, day))
    changes.extend(_missing(extract, seen, register, day))
    return changes


def _new(r: OdsRecord, kind: BodyKind, register: Register) -> list[Change]:
    start = max(r.opened, REGISTER_START) if kind is BodyKind.CCG else r.opened
    parent = r.parent if kind is not BodyKind.CCG and register.knows(r.parent) else None
    event = ev.BodyEstablished(r.code, kind, _title(r.name), parent=parent)
    out = [Change("new", r.code, start, f"{kind.value} {_title(r.name)}", event)]
    if r.end is not None:
        out.append(
            Change("closed", r.code, r.end, "closed in the extract", ev.BodyDissolved(r.code))
        )
    return out


def _compare(r: OdsRecord, kind: BodyKind, register: Register, day: date) -> list[Change]:
    out: list[Change] = []
    lives = register.lives(r.code)
    last = lives[-1]
    if r.end is not None:
        if last.end is None:
            out.append(
                Change(
                    "closed",
                    r.code,
                    r.end,
                    f"closed on {r.end - timedelta(days=1)}",
                    ev.BodyDissolved(r.code),
                )
            )
        elif last.end != r.end:
            out.append(
                Change(
                    "conflict",
                    r.code,
                    r.end,
                    f"register ends it on {last.end}, the extract on {r.end}",
                )
            )
        return out
    body = register.body(r.code, day)
    if body is None:
        ended = f"ended on {last.end}" if last.end else f"starts on {last.start}"
        out.append(
            Change("conflict", r.code, day, f"open in the extract but the register says it {ended}")
        )
        return out
    if body.kind is not BodyKind.CCG and _names_abolished_parent(r, register, day):
        out.append(
            Change(
                "stale",
                r.code,
                day,
                f"the extract names parent {r.parent}, not in force on {day}: the "
                "extract is older than the as-at date (pass the extract's date)",
            )
        )
        return out
    if normalise_name(body.name) != normalise_name(r.name):
        out.append(
            Change(
                "renamed",
                r.code,
                day,
                f"{body.name} -> {_title(r.name)}",
                ev.BodyRenamed(r.code, _title(r.name)),
            )
        )
    if kind is BodyKind.FOUNDATION_TRUST and body.kind is BodyKind.NHS_TRUST:
        out.append(
            Change(
                "authorised",
                r.code,
                day,
                "now a foundation trust",
                ev.BodyKindChanged(r.code, BodyKind.FOUNDATION_TRUST),
            )
        )
    compares_parent = body.kind is not BodyKind.CCG and r.parent and body.parent
    if compares_parent and r.parent != body.parent:
        parent = register.body(r.parent, day)
        if parent is not None and parent.kind is BodyKind.ICB:
            out.append(
                Change(
                    "moved",
                    r.code,
                    day,
                    f"{body.parent} -> {r.parent}",
                    ev.BodyReparented(r.code, r.parent, body.parent),
                )
            )
        else:
            out.append(
                Change(
                    "conflict",
                    r.code,
                    day,
                    f"extract parent {r.parent} is not an ICB in force on {day}",
                )
            )
    return out


def _names_abolished_parent(r: OdsRecord, register: Register, day: date) -> bool:
    return bool(r.parent) and register.knows(r.parent) and register.body(r.parent, day) is None


def _missing(extract: str, seen: set[str], register: Register, day: date) -> list[Change]:
    kinds = (
        [BodyKind.NHS_TRUST, BodyKind.FOUNDATION_TRUST]
        if extract == TRUSTS
        else [BodyKind.SUB_ICB_LOCATION, BodyKind.CCG]
    )
    return [
        Change("missing", b.code, day, f"in force in the register but not in the {extract} extract")
        for b in register.bodies(day, kinds)
        if b.code not in seen
    ]


_SMALL_WORDS = {"AND", "OF", "THE", "FOR", "UPON", "ON", "IN", "AT"}
_KEEP_UPPER = {"NHS", "CCG", "ICB", "UK"}


def _title(name: str) -> str:
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
