"""The bounds on what a user may type: one vocabulary, reused wherever text or numbers arrive.

Bounds exist because an unbounded input is a denial of service waiting to happen (a 1 MB
service name makes every page and table that shows it slow) and because an absurd value (a
contract worth £1e400, or NaN) is always a typo, never a decision anyone took. Each bound is
generous for real use: the longest NHS body name is under 100 characters, and the largest
single NHS contract is worth a few billion pounds.

=================  =========  ================================================================
what               bound      examples
=================  =========  ================================================================
codes, ids         64         case references, ODS codes, person ids, contract ids
names              200        service names, body and person names, scenario and token names
texts              2,000      reasons, descriptions, summaries, notes, addresses
money              £1tn       --value, --change, --cumulative, contract values in scripts
=================  =========  ================================================================
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from nhswiring.domain.errors import InvalidInput

CODE_MAX = 64
NAME_MAX = 200
TEXT_MAX = 2_000
#: £1 trillion: more than the whole NHS budget for five years.
MONEY_MAX = Decimal(10) ** 12


def bounded(value: str, field: str, limit: int = NAME_MAX) -> str:
    """``value`` unchanged if it is at most ``limit`` characters; otherwise a refusal that
    says how long it may be (the value itself is not repeated: it may be megabytes)."""
    if len(value) > limit:
        raise InvalidInput(
            field,
            f"is {len(value):,} characters long",
            f"give at most {limit:,} characters",
        )
    return value


def bounded_optional(value: str | None, field: str, limit: int = NAME_MAX) -> str | None:
    return None if value is None else bounded(value, field, limit)


def finite_money(amount: Decimal, field: str, *, signed: bool = False) -> Decimal:
    """``amount`` if it is a finite number of pounds within :data:`MONEY_MAX` (and, unless
    ``signed``, not negative)."""
    if not amount.is_finite():
        raise InvalidInput(
            field, f"{amount} is not a number of pounds", "give pounds, e.g. 2500000"
        )
    if abs(amount) > MONEY_MAX:
        raise InvalidInput(
            field, f"{amount:.3E} pounds is implausibly large", "give at most £1,000,000,000,000"
        )
    if amount < 0 and not signed:
        raise InvalidInput(field, "is negative", "give a value of zero or more")
    return amount


def finite_numbers(value: Any, field: str) -> Any:
    """``value`` (parsed JSON or YAML) if every number in it is finite: ``NaN``, ``Infinity``
    and overflowing literals such as ``1e400`` are refused wherever they hide."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(field, f"holds the number {value}", "give finite numbers only")
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidInput(field, f"holds the number {value}", "give finite numbers only")
    if isinstance(value, dict):
        for item in value.values():
            finite_numbers(item, field)
    elif isinstance(value, list | tuple):
        for item in value:
            finite_numbers(item, field)
    return value
