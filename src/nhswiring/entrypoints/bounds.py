"""Length bounds on text options, as Typer callbacks: a value too long is refused while the
command line is read, before the database is opened (the bounds: ``domain/limits.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from nhswiring.domain.limits import CODE_MAX, NAME_MAX, TEXT_MAX, bounded


def within(limit: int) -> Callable[[typer.CallbackParam, Any], Any]:
    def check(param: typer.CallbackParam, value: Any) -> Any:
        field = (param.opts[0] if param.opts else param.name or "value").lstrip("-")
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str):
                bounded(item, field, limit)
        return value

    return check


CODE, NAME, TEXT = within(CODE_MAX), within(NAME_MAX), within(TEXT_MAX)


def _money(param: typer.CallbackParam, value: str | None) -> str | None:
    """Pounds, checked as the command line is read (the step parses them again)."""
    from nhswiring.service.psr.base import parse_money

    if value is not None:
        parse_money(bounded(value, "value", CODE_MAX), (param.name or "value").rstrip("_"))
    return value


def _change(param: typer.CallbackParam, value: str | None) -> str | None:
    from nhswiring.service.psr.base import parse_change

    if value is not None:
        parse_change(bounded(value, "change", CODE_MAX), param.name or "change")
    return value


MONEY, CHANGE = _money, _change
