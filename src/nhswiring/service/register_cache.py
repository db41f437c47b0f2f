"""The register as many concurrent readers see it, while others write.

Rebuilding the register means replaying the ledger. A server that rebuilt it on every read
after every write would make each reader pay for each writer; instead each audience (the
public, or one organisation) has a snapshot, and when the ledger moves on one background
rebuild at a time replaces it while readers keep using the snapshot they have. Every answer
says which ledger head it reflects, so a reader can tell how fresh it is.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from time import monotonic

from nhswiring.domain.register import Register
from nhswiring.ledger.store import PUBLIC, Audience
from nhswiring.service.fold_snapshots import fold
from nhswiring.service.system import System


@dataclass(frozen=True, slots=True)
class Snapshot:
    register: Register
    head: int  #: the sequence number of the newest ledger entry the register reflects
    audience: Audience


class RegisterCache:
    """Snapshots of the register per audience, refreshed in the background.

    ``snapshot`` never waits for a rebuild once a first snapshot exists; the ledger head is
    checked at most every ``check_every`` seconds, so a burst of reads costs one query.
    """

    def __init__(self, system: System, check_every: float = 0.25) -> None:
        self.system = system
        self.check_every = check_every
        self._snapshots: dict[str, Snapshot] = {}
        self._checked: dict[str, float] = {}
        self._building: set[str] = set()
        self._lock = threading.Lock()
        self._first_build: dict[str, threading.Lock] = {}
        self.rebuilds = 0

    def snapshot(self, audience: Audience = PUBLIC) -> Snapshot:
        key = audience.key
        current = self._snapshots.get(key)
        if current is None:
            return self._build_first(audience)
        now = monotonic()
        if now - self._checked.get(key, 0.0) >= self.check_every:
            self._checked[key] = now
            if self.system.head() != current.head:
                self._rebuild_in_background(audience)
        return current

    def refresh(self, audience: Audience = PUBLIC) -> Snapshot:
        """Rebuild now and wait for it (after a write, for the writer's next read)."""
        snapshot = self._build(audience)
        self._snapshots[audience.key] = snapshot
        return snapshot

    def _build(self, audience: Audience) -> Snapshot:
        folded = fold(self.system.engine, audience)  # the stored snapshot and its tail
        self.rebuilds += 1
        return Snapshot(folded.register, folded.head, audience)

    def _build_first(self, audience: Audience) -> Snapshot:
        key = audience.key
        with self._lock:
            lock = self._first_build.setdefault(key, threading.Lock())
        with lock:  # concurrent first readers wait for one build, not one each
            existing = self._snapshots.get(key)
            if existing is not None:
                return existing
            snapshot = self._build(audience)
            self._snapshots[key] = snapshot
            self._checked[key] = monotonic()
            return snapshot

    def _rebuild_in_background(self, audience: Audience) -> None:
        key = audience.key
        with self._lock:
            if key in self._building:
                return
            self._building.add(key)

        def run() -> None:
            try:
                self._snapshots[key] = self._build(audience)
            finally:
                with self._lock:
                    self._building.discard(key)

        threading.Thread(target=run, name=f"register-rebuild-{key}", daemon=True).start()
