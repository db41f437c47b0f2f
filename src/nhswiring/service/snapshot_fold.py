"""A fold from the latest valid snapshot plus the entries since, on any :class:`FoldSource`.

The rules are in ``fold_snapshots.py``'s docstring (when a snapshot may be used, when the
register must be folded in full, when a snapshot is taken again). They are decided here, once,
for both ways of reading the ledger: through SQLAlchemy (``fold_snapshots.fold``, which also
takes snapshots) and through a bare ``sqlite3`` connection (``quick_read.py``, the command
line's read of one body, which never writes). Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nhswiring.domain.register import Register
from nhswiring.ledger.audience import Audience
from nhswiring.ledger.fold_rows import FoldRow, FoldSource, NoSnapshotTable
from nhswiring.service.replay import collector_paused, fold_onto
from nhswiring.service.snapshot_codec import fingerprint, load_register

#: The scope of the whole register's snapshot; one body's is ``subject:CODE``.
WHOLE = "register"

#: How many entries past its snapshot a fold may read before the snapshot is taken again.
#: The whole register: refreshing costs seconds at a million entries, so not for every few
#: writes; one body: a few milliseconds, worth it as soon as the tail costs as much to fold.
REFRESH_AFTER = {WHOLE: 20_000, "subject": 64}


def subject_scope(code: str) -> str:
    return f"subject:{code}"


@dataclass(frozen=True, slots=True)
class Folded:
    """A register and how it was got: from a snapshot at ``snapshot_seq`` plus ``tail``
    entries, or (``snapshot_seq`` None) folded in full, for ``full_reason``."""

    register: Register
    head: int  #: the sequence number of the newest ledger entry it reflects
    snapshot_seq: int | None
    tail: int
    full_reason: str | None
    scope: str = WHOLE
    head_hash: str = ""  #: the hash of entry ``head``

    @property
    def wants_snapshot(self) -> bool:
        """Whether a snapshot should be taken of this register: it was folded in full, or
        its tail has grown past :data:`REFRESH_AFTER` (never of an empty ledger)."""
        limit = REFRESH_AFTER[WHOLE if self.scope == WHOLE else "subject"]
        return bool(self.head) and (self.snapshot_seq is None or self.tail >= limit)


def fold_from(
    source: FoldSource,
    audience: Audience,
    subject: str | None = None,
    *,
    in_full: bool = True,
) -> Folded | None:
    """The register as ``audience`` sees it (the whole, or with ``subject`` the partial fold
    of the entries about that body), from the snapshot if a valid one can be folded on;
    otherwise folded in full, or with ``in_full`` False, None (the caller reads another
    way)."""
    scope = WHOLE if subject is None else subject_scope(subject)
    head, head_hash = source.head()
    base, reason = usable_snapshot(source, scope, audience, partial=subject is not None)
    if base is not None:
        snapshot_seq, register = base
        rows = source.rows(subject=subject, audience=audience, after=snapshot_seq)
        first = next(rows, None)
        if first is None:
            return Folded(register, head, snapshot_seq, 0, None, scope, head_hash)
        if register.last_effective and first.effective_date < register.last_effective:
            reason = (
                f"entry {first.seq} is effective {first.effective_date}, before the "
                f"snapshot's last date {register.last_effective}: folded in full"
            )
        else:
            counted = _Counted(first, rows)
            fold_onto(register, counted)
            return Folded(register, head, snapshot_seq, counted.count, None, scope, head_hash)
    if not in_full:
        return None
    register = Register(partial=subject is not None)
    counted = _Counted(None, source.rows(subject=subject, audience=audience))
    fold_onto(register, counted)
    return Folded(register, head, None, counted.count, reason, scope, head_hash)


def usable_snapshot(
    source: FoldSource, scope: str, audience: Audience, *, partial: bool
) -> tuple[tuple[int, Register] | None, str]:
    """The snapshot to start from (its sequence number and register), or None and why not."""
    try:
        row = source.snapshot(scope, audience)
    except NoSnapshotTable:
        return None, "no snapshot table (run `nhswiring init` to migrate)"
    if row is None:
        return None, "no snapshot yet"
    if row.fingerprint != fingerprint():
        return None, "the snapshot was folded by other code"
    if source.hash_at(row.seq) != row.head_hash:
        return None, "the snapshot does not match this ledger"
    try:
        with collector_paused():
            register = load_register(row.data)
    except Exception:
        return None, "the snapshot does not load"
    if register.partial != partial:
        return None, "the snapshot is of another scope"
    return (row.seq, register), ""


class _Counted:
    """Rows with the first put back, counted as they are folded."""

    def __init__(self, first: FoldRow | None, rest: Iterator[FoldRow]) -> None:
        self.first = first
        self.rest = rest
        self.count = 0

    def __iter__(self) -> Iterator[FoldRow]:
        if self.first is not None:
            self.count += 1
            yield self.first
        for row in self.rest:
            self.count += 1
            yield row
