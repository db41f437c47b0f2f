"""Reading the shipped reference tables: CSV with a commented header of sources and as-at date.

Each file documents itself (``# source:``, ``# as_at:``, ``# note:`` lines) so that the
provenance travels with the data and ``nhswiring sources`` can print it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from nhswiring.domain.time import parse_optional_date


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    sources: tuple[str, ...]
    as_at: date | None
    notes: tuple[str, ...]
    rows: tuple[dict[str, str], ...]


@cache
def load_table(name: str) -> Table:
    text = (files("nhswiring.reference") / "data" / name).read_text(encoding="utf-8")
    return parse_table(name, text)


def parse_table(name: str, text: str) -> Table:
    sources: list[str] = []
    notes: list[str] = []
    as_at: date | None = None
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("#") and not body:
            key, _, value = line.lstrip("# ").partition(":")
            value = value.strip()
            if key == "source":
                sources.append(value)
            elif key == "as_at":
                as_at = parse_optional_date(value, f"{name} as_at")
            else:
                notes.append(line.lstrip("# ").strip())
        elif line.strip():
            body.append(line)
    reader = csv.DictReader(io.StringIO("\n".join(body)))
    rows = tuple({k: (v or "").strip() for k, v in row.items() if k} for row in reader)
    return Table(name, tuple(sources), as_at, tuple(notes), rows)


def split_codes(cell: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in cell.split(";") if c.strip())


def flag(cell: str) -> bool:
    return cell.strip().lower() in {"true", "yes", "1", "y"}
