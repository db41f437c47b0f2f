"""Tables drawn directly (``render._drawn``, the simple case) look exactly as Rich draws
them, on a pipe and on a terminal; anything else is left to Rich."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from nhswiring.entrypoints import render

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _console(width: int, terminal: bool) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        highlight=False,
        force_terminal=terminal,
        color_system="standard" if terminal else None,
    )


def by_rich(title: str, columns: Sequence[str], rows: list[list[str]], console: Console) -> str:
    table = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*(Text(v) for v in row))
    console.print(table)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


def drawn(
    title: str, columns: Sequence[str], rows: list[list[str]], console: Console
) -> str | None:
    """``render.table`` on ``console``, if it drew the table itself (None if Rich did)."""
    if render._drawn(console, title, columns, rows) is None:
        return None
    with patch.object(render, "_consoles", lambda: (console, console)):
        render.table(title, columns, rows)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


def _styled(out: str) -> list[str]:
    """The text a terminal shows in bold or italic."""
    return re.findall(r"\x1b\[(?:1|3)m([^\x1b]*)\x1b\[0m", out)


CASES = [
    (
        "contracts in force (end exclusive)",
        ["contract", "commissioner", "provider", "from", "to"],
        [["C-1", "QHM", "RR8", "2020-01-01", ""], ["C-22", "00L", "RTD", "2021-04-01", "x"]],
    ),
    ("delegations", ["", "function", "from", "to"], [["in", "f", "QHM", "RR8"]] * 3),
    ("functions held", ["function", "scope", "citation"], []),
    ("", ["a", "bb"], [["x", "y"]]),
    ("accents", ["name"], [["Bromley, Sutton and Merton: é ü"]]),
]


@pytest.mark.parametrize(("title", "columns", "rows"), CASES)
@pytest.mark.parametrize("terminal", [False, True])
def test_a_simple_table_is_drawn_as_rich_draws_it(
    title: str, columns: list[str], rows: list[list[str]], terminal: bool
) -> None:
    ours = drawn(title, columns, rows, _console(120, terminal))
    assert ours is not None
    theirs = by_rich(title, columns, rows, _console(120, terminal))
    assert ANSI.sub("", ours) == ANSI.sub("", theirs)
    if terminal:  # the title in italic, the headers in bold, as Rich styles them
        assert [s.strip() for s in _styled(ours) if s.strip()] == [
            s.strip() for s in _styled(theirs) if s.strip()
        ]


_WORD = st.one_of(
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=14),
    st.text(st.characters(codec="utf-8"), max_size=14),
    st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=14),
)


@settings(max_examples=150, deadline=None)
@given(
    title=_WORD,
    columns=st.lists(_WORD, min_size=1, max_size=5),
    data=st.data(),
    width=st.integers(20, 140),
)
def test_any_table_it_draws_is_the_one_rich_draws(
    title: str, columns: list[str], data: st.DataObject, width: int
) -> None:
    rows = data.draw(st.lists(st.lists(_WORD, min_size=len(columns), max_size=len(columns))))
    ours = drawn(title, columns, rows, _console(width, False))
    if ours is not None:  # else Rich draws it
        assert ours == by_rich(title, columns, rows, _console(width, False))


def test_what_it_cannot_draw_is_left_to_rich() -> None:
    console = _console(40, False)
    assert render._drawn(console, "t", ["a"], [["x" * 60]]) is None  # too wide
    assert render._drawn(console, "t", ["a"], [["two\nlines"]]) is None
    assert render._drawn(console, "[b]t[/b]", ["a"], [["x"]]) is None  # markup
    assert render._drawn(console, "t", [], []) is None
    assert render._drawn(console, "t", ["a"], [["日本"]]) is None  # two columns each
    assert render._drawn(console, "t", ["a"], [["\U0001f3fb"]]) is None  # none
    assert render._drawn(console, "a title wider than its table", ["a"], [["x"]]) is None
    ascii_only = Console(file=io.TextIOWrapper(io.BytesIO(), encoding="ascii"), width=80)
    assert render._drawn(ascii_only, "t", ["a"], [["x"]]) is None


def test_colour_is_left_to_rich() -> None:
    console = _console(80, True)
    with patch.object(render, "_consoles", lambda: (console, console)):
        render.table("t", ["a", "b"], [[Text("red", style="red"), "plain"]])
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[31mred" in out
    theirs = _console(80, True)
    table = Table(title="t", title_justify="left", header_style="bold")
    for c in ("a", "b"):
        table.add_column(c, overflow="fold")
    table.add_row(Text("red", style="red"), Text("plain"))
    theirs.print(table)
    assert out == theirs.file.getvalue()  # type: ignore[attr-defined]
