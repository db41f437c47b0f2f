"""Rendering for people (Rich tables) and for programs (JSON on stdout)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

#: Wide enough for the tables when output is piped (Rich would otherwise assume 80 columns).
console = Console(width=None if sys.stdout.isatty() else 120)
errors = Console(stderr=True)


def _plain(value: Any) -> str:
    """Money stays exact (a string, never a float) and dates are ISO 8601."""
    if isinstance(value, Decimal | date):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=_plain) + "\n")


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    t = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        t.add_column(c, overflow="fold")
    for row in rows:
        t.add_row(*("" if v is None else str(v) for v in row))
    console.print(t)


def error_line(message: str) -> None:
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
