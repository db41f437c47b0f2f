"""Use case: refresh the register from ODS extracts, recording every difference as an event."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nhswiring.domain.errors import InvalidInput
from nhswiring.reference.ods import (
    ODS_ACTOR,
    Change,
    extract_kind,
    parse_extract,
    reconcile,
    sort_by_kind,
)
from nhswiring.service.system import System, check_register_date, new_entry

RECORDED = ("new", "renamed", "moved", "closed", "authorised")


@dataclass(frozen=True, slots=True)
class ImportSummary:
    day: date
    files: tuple[str, ...]
    changes: tuple[Change, ...]
    recorded: int

    def counts(self) -> dict[str, int]:
        return dict(Counter(c.change for c in self.changes))

    def headline(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in sorted(self.counts().items())) or "no changes"
        line = f"{', '.join(self.files)}: {counts}; {self.recorded} ledger entries recorded"
        stale = self.counts().get("stale", 0)
        if stale:
            line += (
                f". {stale} records name bodies abolished by {self.day}: the extract looks "
                "older than --as-at, so they were left alone"
            )
        return line

    def to_json(self) -> dict[str, Any]:
        return {
            "as_at": self.day.isoformat(),
            "files": list(self.files),
            "counts": self.counts(),
            "recorded": self.recorded,
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
        raise InvalidInput("FILE", "no extract given", "pass at least one etr.csv or eccg.csv")
    check_register_date(day)
    extracts = [(extract_kind(path), path.name, _read(path)) for path in paths]
    register = system.register()
    changes: list[Change] = []
    for kind, name, text in extracts:
        records, misfits = sort_by_kind(kind, name, parse_extract(name, text), day)
        changes.extend(misfits)
        changes.extend(reconcile(kind, records, register, day))
    to_record = sorted(
        (c for c in changes if c.event is not None),
        key=lambda c: (c.effective, RECORDED.index(c.change)),
    )
    if record and to_record:
        system.record(
            [new_entry(c.effective, ODS_ACTOR, c.event) for c in to_record if c.event is not None]
        )
    return ImportSummary(
        day, tuple(p.name for p in paths), tuple(changes), len(to_record) if record else 0
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
