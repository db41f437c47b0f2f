"""The prebuilt canonical encoder writes exactly what the JSON encoder it stands in for
writes: any difference would change every hash in the chain."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from nhswiring.ledger.hashing import _CANONICAL, canonical_json

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_JSON)
def test_canonical_json_is_the_sorted_compact_encoding(value: Any) -> None:
    assert canonical_json(value) == _CANONICAL.encode(value)


def test_canonical_json_sorts_keys_and_keeps_unicode() -> None:
    assert canonical_json({"b": "é", "a": [1, None]}) == '{"a":[1,null],"b":"é"}'
