"""Rendering for people (Rich tables) and for programs (JSON on stdout)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from nhswiring.domain.time import Interval

#: Wide enough for the tables when output is piped (Rich would otherwise assume 80 columns).
#: No automatic highlighting: Rich's highlighter is a set of regular expressions whose time
#: grows with the square of a long unbroken word, so a 60,000-character service name took
#: 20 s to print; what we colour, we colour on purpose.
console = Console(width=None if sys.stdout.isatty() else 120, highlight=False)
errors = Console(stderr=True, highlight=False)

#: An error line longer than this is cut (the input it quotes may be megabytes).
LONGEST_ERROR = 1_000


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
        t.add_row(*(_cell(v) for v in row))
    console.print(t)


def _cell(value: Any) -> Text:
    """A table cell is plain text (a name holding "[/]" is not markup); colour is a Text."""
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value))


def one_line(message: str, limit: int = LONGEST_ERROR) -> str:
    """``message`` on one line (newlines and runs of spaces collapsed), at most ``limit``
    characters."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_line(message: str) -> None:
    """One line on stderr: the user's text in it is printed as it is, never as markup."""
    errors.print(f"[bold red]error:[/] {escape(one_line(message))}", soft_wrap=True)


def in_force(interval: Interval) -> str:
    """An interval as people read it: inclusive last day, since ``end`` is the first day no
    longer in force (the half-open form stays in JSON)."""
    if interval.end is None:
        return f"from {interval.start.isoformat()}"
    last = interval.end - timedelta(days=1)
    return f"from {interval.start.isoformat()} to {last.isoformat()}"


def text(value: Any) -> str:
    """A payload value as words, never a Python repr: lists joined, mappings as key=value."""
    if isinstance(value, dict):
        return "; ".join(f"{k}={text(v)}" for k, v in value.items() if v not in (None, [], ""))
    if isinstance(value, list | tuple):
        inner = ", ".join(text(v) for v in value)
        return f"({inner})" if any(isinstance(v, dict) for v in value) else inner
    if isinstance(value, Decimal | date):
        return _plain(value)
    return str(value)
