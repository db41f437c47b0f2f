"""A folded register to bytes and back, for the snapshot cache (``fold_snapshots.py``).

Why pickle: a register is a graph of the domain's own dataclasses (lives, spans, events,
contracts); a generic, type-tagged JSON form of it would be a second pickle, written by hand
and several times slower to read back, which is the one thing a snapshot is for. Pickle is
acceptable only because the app writes these bytes itself, and even so they are read with
care, because a database can be copied in from elsewhere:

* only classes of ``nhswiring.domain`` and a short list of standard types may be named in
  the bytes (:class:`_DomainOnly`), so a foreign or tampered snapshot cannot call anything
  else: it fails to load and is ignored (the register is folded from the ledger instead);
* every snapshot carries :func:`fingerprint`, a digest of the folding code (every module of
  ``nhswiring.domain``, the replay and this codec) and the Python version, so a snapshot
  folded by other code is never read.

Slotted dataclasses are written as (class, field values) and rebuilt through their
constructor, which reads back about twice as fast as pickle's general state protocol; the
bytes are zlib-compressed (level 1: four times smaller for a tenth of the time).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import pickle
import sys
import zlib
from pathlib import Path
from typing import Any

import nhswiring.domain
from nhswiring.domain.register import Register

#: Bump when the stored form changes in a way the code fingerprint would not show.
FORMAT = 1


@functools.cache
def fingerprint() -> str:
    """A digest of everything that decides what a fold produces: a snapshot stamped with
    another fingerprint was folded by other code (another event, another handler) and is
    ignored."""
    digest = hashlib.sha256(f"format {FORMAT} python {sys.version_info[:2]}".encode())
    here = Path(__file__).resolve()
    domain = Path(nhswiring.domain.__file__).resolve().parent
    sources = sorted(domain.rglob("*.py"))
    sources += [here, here.with_name("replay.py"), here.parent.parent / "ledger" / "fold_rows.py"]
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def dump_register(register: Register) -> bytes:
    buffer = io.BytesIO()
    _Writer(buffer, protocol=5).dump(register)
    return zlib.compress(buffer.getvalue(), 1)


def load_register(data: bytes) -> Register:
    """The register in ``data``; raises (anything) if the bytes are not one written by
    :func:`dump_register` from domain classes alone."""
    register = _DomainOnly(io.BytesIO(zlib.decompress(data))).load()
    if type(register) is not Register:
        raise pickle.UnpicklingError(f"a snapshot holds a {type(register).__name__}")
    return register


def _constructor_fields(cls: type) -> tuple[str, ...] | None:
    """The fields a slotted dataclass is rebuilt from by calling it (None: pickle's way)."""
    if cls in _FIELDS:
        return _FIELDS[cls]
    names: tuple[str, ...] | None = None
    if dataclasses.is_dataclass(cls) and "__slots__" in cls.__dict__:
        fields = dataclasses.fields(cls)
        if all(f.init for f in fields):
            names = tuple(f.name for f in fields)
    _FIELDS[cls] = names
    return names


_FIELDS: dict[type, tuple[str, ...] | None] = {}


class _Writer(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        names = _constructor_fields(type(obj))
        if names is None:
            return NotImplemented
        return type(obj), tuple([getattr(obj, n) for n in names])


#: The standard types a register is made of, beyond the domain's own classes.
_STANDARD = {
    ("builtins", "list"),
    ("builtins", "dict"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("collections", "defaultdict"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timezone"),
    ("datetime", "timedelta"),
    ("decimal", "Decimal"),
}


class _DomainOnly(pickle.Unpickler):
    """Refuses every global but the domain's classes and :data:`_STANDARD` (the restriction
    the ``pickle`` documentation recommends for bytes that are not wholly trusted)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _STANDARD:
            return super().find_class(module, name)
        if module == "nhswiring.domain" or module.startswith("nhswiring.domain."):
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__.startswith("nhswiring.domain"):
                return found  # a class defined in the domain, not one a module imported
        raise pickle.UnpicklingError(f"a snapshot may not name {module}.{name}")
