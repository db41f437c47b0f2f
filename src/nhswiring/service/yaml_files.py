"""Reading the YAML files users write (scenarios, case scripts): every way a file can be
wrong becomes one :class:`InvalidInput` that names the file, the line where YAML can say it,
and the fix.

PyYAML turns ``2025-02-30`` into a date while it parses, and an impossible date escapes as a
bare ``ValueError`` with no line; the loader here reports it as a YAML error at its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from nhswiring.domain.errors import InvalidInput


class _Loader(yaml.SafeLoader):
    """The safe loader, with dates that must exist."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except (ValueError, OverflowError) as exc:
        raise ConstructorError(
            None, None, f"{node.value!r} is not a date that exists ({exc})", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def read_yaml(path: Path, what: str) -> Any:
    """The YAML document in ``path`` (``what`` it should be, for the messages)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "FILE",
            f"{path} is not UTF-8 text (byte {exc.start} is {exc.object[exc.start]:#04x})",
            f"save the {what} as UTF-8",
        ) from None
    except OSError as exc:
        raise InvalidInput(
            "FILE", f"cannot read {path}: {exc.strerror}", f"give the path of a {what}"
        ) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "is not valid YAML"
        raise InvalidInput(
            "FILE", f"{path}{where}: {problem}", f"fix the {what}'s YAML there"
        ) from None
    except yaml.YAMLError as exc:
        raise InvalidInput("FILE", f"{path} is not valid YAML ({exc})", "fix the YAML") from None
    except RecursionError:
        raise InvalidInput("FILE", f"{path} is nested too deeply", f"simplify the {what}") from None
