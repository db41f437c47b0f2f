"""Finding bodies by what people type: a code, part of a code, or words of a name."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.register import Register
from nhswiring.service.views import JsonDict, list_bodies


def _matches(row: JsonDict, words: list[str]) -> bool:
    haystack = f"{row['code']} {row['name']} {row.get('ons_code') or ''}".lower()
    return all(w in haystack for w in words)


def _rank(row: JsonDict, text: str) -> int:
    code = str(row["code"]).lower()
    if code == text:
        return 0
    if code.startswith(text):
        return 1
    if str(row["name"]).lower().startswith(text):
        return 2
    return 3


def search_bodies(
    register: Register, day: date, kinds: Iterable[BodyKind], text: str = ""
) -> list[JsonDict]:
    """The bodies in force on ``day`` (of ``kinds``) whose code, name or ONS code contains
    every word of ``text`` (case-insensitive); exact and leading code matches first, then
    the register's order (kind, name, code). Empty ``text`` lists them all."""
    rows = list_bodies(register, day, kinds)
    words = text.strip().lower().split()
    if not words:
        return rows
    found = [r for r in rows if _matches(r, words)]
    needle = " ".join(words)
    return sorted(found, key=lambda r: _rank(r, needle))  # stable: keeps the register order
