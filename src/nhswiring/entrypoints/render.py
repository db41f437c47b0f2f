"""Rendering for people (Rich tables) and for programs (JSON on stdout).

Rich is imported when something is first printed for people, not with this module: a
command that answers in JSON (``nhswiring show CODE --json``) never needs it.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from nhswiring.domain.time import Interval

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    console: Console  #: stdout, for people
    errors: Console  #: stderr


@functools.cache
def _consoles() -> tuple[Console, Console]:
    """Wide enough for the tables when output is piped (Rich would otherwise assume 80
    columns). No automatic highlighting: Rich's highlighter is a set of regular expressions
    whose time grows with the square of a long unbroken word, so a 60,000-character service
    name took 20 s to print; what we colour, we colour on purpose."""
    from rich.console import Console

    return (
        Console(width=None if sys.stdout.isatty() else 120, highlight=False),
        Console(stderr=True, highlight=False),
    )


def __getattr__(name: str) -> Any:
    """``console`` and ``errors``, made on first use."""
    if name == "console":
        return _consoles()[0]
    if name == "errors":
        return _consoles()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    """A table as Rich draws it (a heavy head, the title above on the left)."""
    from rich.table import Table
    from rich.text import Text

    out = _consoles()[0]
    coloured = any(isinstance(v, Text) for row in rows for v in row)
    if not coloured:
        texts = [["" if v is None else str(v) for v in row] for row in rows]
        drawn = _drawn(out, title, columns, texts)
        if drawn is not None:
            out.print(drawn, no_wrap=True)  # every line fits: nothing to wrap
            return
    t = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        t.add_column(c, overflow="fold")
    for row in rows:
        t.add_row(*(_cell(v) for v in row))
    out.print(t)


def _drawn(
    out: Console, title: str, columns: Sequence[str], texts: Sequence[Sequence[str]]
) -> Text | None:
    """The table Rich would draw, drawn directly, when it is the simple case: every cell
    one line of plain text whose every character takes one column, and the whole fits the
    console's width, so that no column is wrapped. Rich lays a table out cell by cell, a
    third of a millisecond each, which for the hundreds of rows of a busy body's ``show``
    was most of its time; here it is string joins. Anything else (a cell too wide, markup
    in a title or header, wide or zero-width characters, an ASCII-only console) returns
    None for Rich to draw (``tests/unit/test_render.py`` holds the two to the same
    output); so does colour, which the caller gives as Rich text."""
    from rich.text import Text

    options = out.options
    if options.ascii_only or options.legacy_windows or not columns:
        return None
    if any(len(row) != len(columns) for row in texts):
        return None
    heads = (title, *columns)
    if any("[" in w or ":" in w for w in heads):  # Rich reads markup and emoji codes there
        return None
    if not all(map(_one_column_each, (*heads, *(t for row in texts for t in row)))):
        return None
    widths = [max(map(len, column)) for column in zip(columns, *texts, strict=True)]
    total = sum(widths) + 3 * len(widths) + 1
    if total > options.max_width or len(title) > total:
        return None

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    def padded(values: Sequence[str]) -> list[str]:
        return [f" {v.ljust(w)} " for v, w in zip(values, widths, strict=True)]

    drawn = Text(end="\n")
    if title:
        drawn.append(title.ljust(total), style="italic")
        drawn.append("\n")
    drawn.append(rule("┏", "━", "┳", "┓") + "\n┃")
    for head in padded(columns):
        drawn.append(head, style="bold")
        drawn.append("┃")
    drawn.append("\n" + rule("┡", "━", "╇", "┩") + "\n")
    drawn.append("".join(f"│{'│'.join(padded(row))}│\n" for row in texts))
    drawn.append(rule("└", "─", "┴", "┘"))
    return drawn


def _one_column_each(text: str) -> bool:
    """Whether every character of ``text`` is printable and one column wide."""
    if text.isascii():
        return text.isprintable()
    from rich.cells import get_character_cell_size

    return text.isprintable() and all(get_character_cell_size(c) == 1 for c in text)


def _cell(value: Any) -> Text:
    """A table cell is plain text (a name holding "[/]" is not markup); colour is a Text."""
    from rich.text import Text

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
    from rich.markup import escape

    _consoles()[1].print(f"[bold red]error:[/] {escape(one_line(message))}", soft_wrap=True)


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
