"""The shell commands the README and docs show, as a newcomer would paste them.

A fenced block whose info string starts with ``sh``, ``bash``, ``shell`` or ``console`` is
run; any other block (``yaml``, ``text``, an untagged one) is an illustration and is not.
The conventions, stated in ``docs/testing-docs.md``:

* ``sh``/``bash``/``shell``: every line is a command (a trailing ``\\`` continues it, a
  here-document runs to its terminator); blank lines and whole-line comments are skipped.
* ``console``: a line starting ``$ `` is a command; the lines after it, up to the next command,
  are its expected output, matched with whitespace collapsed and ``...`` standing for anything.
* A trailing comment starting ``exits N`` (``# exits 2``) is the command's expected exit code;
  without one it is 0.
* ``skip-test`` after the language (a fence of ```` ```sh skip-test ````) marks a block that
  cannot run in a test: a server, ``make``, another host, files the reader must fetch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

RUN_LANGUAGES = frozenset({"sh", "bash", "shell", "console"})
SKIP = "skip-test"
_FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([^\s`]*)\s*(.*)$")
_EXITS = re.compile(r"#\s*exits\s+(\d+)\b")
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


@dataclass(frozen=True, slots=True)
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    language: str
    info: tuple[str, ...]
    lines: tuple[str, ...]

    @property
    def runs(self) -> bool:
        return self.language in RUN_LANGUAGES and SKIP not in self.info


@dataclass(frozen=True, slots=True)
class Command:
    path: Path
    line: int  # 1-based line where the command starts
    text: str
    exit_code: int = 0
    expected_output: str | None = None  # console blocks only

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """Every fenced block of a Markdown file, in order (nested fences are not supported)."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, language, rest = m.groups()
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            line = lines[j]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            j += 1
        found.append(Block(path, i + 1, language.lower(), tuple(rest.split()), tuple(body)))
        i = j + 1
    return found


def _expected_exit(text: str) -> int:
    codes = [int(m.group(1)) for line in text.splitlines() if (m := _EXITS.search(line))]
    return codes[-1] if codes else 0


def _open_quote(text: str) -> bool:
    """Whether ``text`` ends inside a quoted string (so the command goes on to the next line)."""
    quote = ""
    escaped = False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            break  # a comment: nothing after it is quoted
    return bool(quote)


def _gather(lines: tuple[str, ...], start: int) -> tuple[str, int]:
    """The command starting at ``lines[start]``: continuation lines, a quoted string over
    several lines, and a here-document."""
    parts = [lines[start]]
    i = start
    while (parts[-1].rstrip().endswith("\\") or _open_quote("\n".join(parts))) and i + 1 < len(
        lines
    ):
        i += 1
        parts.append(lines[i])
    for m in _HEREDOC.finditer("\n".join(parts)):
        while i + 1 < len(lines):
            i += 1
            parts.append(lines[i])
            if lines[i].strip() == m.group(2):
                break
    return "\n".join(parts), i


def commands(block: Block) -> list[Command]:
    """The commands of one runnable block, each with its exit code and expected output."""
    out: list[Command] = []
    lines = block.lines
    i = 0
    if block.language == "console":
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            first = i
            stripped = tuple(line.removeprefix("$ ").removeprefix("> ") for line in lines)
            text, i = _gather(stripped, i)
            expected: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].startswith("$ "):
                expected.append(lines[i])
                i += 1
            out.append(
                Command(
                    block.path,
                    block.line + 1 + first,
                    text,
                    _expected_exit(text),
                    "\n".join(expected).strip() or None,
                )
            )
        return out
    while i < len(lines):
        if not lines[i].strip() or lines[i].lstrip().startswith("#"):
            i += 1
            continue
        first = i
        text, i = _gather(lines, i)
        out.append(Command(block.path, block.line + 1 + first, text, _expected_exit(text)))
        i += 1
    return out


def collapse(text: str) -> str:
    return " ".join(text.split())


def output_pattern(expected: str) -> re.Pattern[str]:
    """Expected output as a pattern over collapsed output, ``...`` standing for anything."""
    pieces = [re.escape(collapse(part)) for part in expected.split("...")]
    return re.compile(r"\s*.*?\s*".join(pieces), re.DOTALL)
