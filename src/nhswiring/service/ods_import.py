"""Use case: refresh the register from ODS extracts of any year, recording every difference
that no cited source contradicts as an event, and reporting the rest."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.register import Register
from nhswiring.reference.ods import ODS_ACTOR, Change, OdsRecord, extract_kind, parse_extract
from nhswiring.reference.ods_classify import classify
from nhswiring.reference.ods_reconcile import reconcile, sourced_until
from nhswiring.service.system import System, check_register_date, new_entry

RECORDED = ("new", "designated", "renamed", "moved", "closed", "authorised")
#: The report's headings, in the order a person reads them.
REPORTED = (
    "new",
    "designated",
    "renamed",
    "moved",
    "closed",
    "authorised",
    "conflict",
    "unclassified",
    "historical",
    "stale",
    "not_compared",
    "missing",
    "ignored",
    "out_of_scope",
)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    day: date
    files: tuple[str, ...]
    changes: tuple[Change, ...]
    recorded: int
    matched: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        return dict(Counter(c.change for c in self.changes))

    def codes(self, change: str) -> list[str]:
        return sorted({c.code for c in self.changes if c.change == change})

    def headline(self) -> str:
        counts = self.counts()
        parts = [f"{len(self.matched)} matched"] + [
            f"{counts[k]} {k}" for k in REPORTED if counts.get(k)
        ]
        line = (
            f"{', '.join(self.files)}: {', '.join(parts)}; {self.recorded} ledger entries recorded"
        )
        if counts.get("stale"):
            line += (
                f". {counts['stale']} records name bodies abolished by {self.day}: the extract "
                "looks older than --as-at, so they were left alone"
            )
        if counts.get("conflict"):
            line += f". {counts['conflict']} conflicts with the register's sources: not recorded"
        return line

    def to_json(self) -> dict[str, Any]:
        return {
            "as_at": self.day.isoformat(),
            "files": list(self.files),
            "counts": {"matched": len(self.matched), **self.counts()},
            "recorded": self.recorded,
            "codes": {"matched": list(self.matched)}
            | {k: self.codes(k) for k in REPORTED if k in self.counts()},
            "changes": [
                {
                    "change": c.change,
                    "code": c.code,
                    "effective": c.effective.isoformat(),
                    "detail": c.detail,
                    "recorded": c.event is not None,
                }
                for c in self.changes
            ],
        }


def import_ods_files(
    system: System, paths: Sequence[Path], day: date, *, record: bool = True
) -> ImportSummary:
    if not paths:
        raise InvalidInput(
            "FILE", "no extract given", "pass at least one etr.csv, ect.csv, eccg.csv or ecsu.csv"
        )
    check_register_date(day)
    extracts = [(extract_kind(path), path.name, _read(path)) for path in paths]
    parsed = [(kind, name, parse_extract(name, text)) for kind, name, text in extracts]
    register = system.register()
    for kind, name, records in parsed:
        _refuse_wrong_file(kind, name, records, register)
    horizon = sourced_until()
    changes: list[Change] = []
    matched: list[str] = []
    for kind, _name, records in parsed:
        found, same = reconcile(kind, records, register, day, horizon)
        changes.extend(found)
        matched.extend(same)
    to_record = sorted(
        (c for c in changes if c.event is not None),
        key=lambda c: (c.effective, RECORDED.index(c.change)),
    )
    if record and to_record:
        system.record(
            [new_entry(c.effective, ODS_ACTOR, c.event) for c in to_record if c.event is not None]
        )
    return ImportSummary(
        day,
        tuple(p.name for p in paths),
        tuple(changes),
        len(to_record) if record else 0,
        tuple(matched),
    )


_LABELS = {
    "etr": "an NHS trust extract",
    "ect": "a care trust extract",
    "eccg": "a CCG and sub-ICB extract",
    "ecsu": "a commissioning support unit extract",
}


def _refuse_wrong_file(kind: str, name: str, records: list[OdsRecord], register: Register) -> None:
    """A file most of whose records do not fit its name is the wrong file (a CCG extract saved
    as etr.csv would otherwise be read record by record): refused whole."""
    misfits = [r for r in records if classify(kind, r, register).unclassified]
    if 2 * len(misfits) > len(records):
        examples = ", ".join(r.code for r in misfits[:3])
        raise InvalidInput(
            name,
            f"is named as {_LABELS[kind]} but {len(misfits)} of its {len(records)} records "
            f"are not of that kind ({examples}, ...)",
            "pass NHS trusts as etr.csv, care trusts as ect.csv, CCGs and sub-ICB locations as "
            "eccg.csv and commissioning support units as ecsu.csv",
        )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "FILE",
            f"{path} is not UTF-8 text (byte {exc.start})",
            "pass the extract as NHS Digital publishes it (UTF-8 CSV)",
        ) from None
    except OSError as exc:
        raise InvalidInput(
            "FILE", f"cannot read {path}: {exc.strerror}", "give the path of a readable extract"
        ) from None
