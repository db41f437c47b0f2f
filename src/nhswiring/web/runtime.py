"""The long-lived parts of a running server: the system, the register snapshots, readiness.

Start-up initialises the ledger if it is empty and loads the public register before the
server reports ready; until then `/readyz` and every page answer 503 with Retry-After.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from nhswiring.service.accounts import Accounts
from nhswiring.service.register_cache import RegisterCache
from nhswiring.service.system import System
from nhswiring.web.settings import Settings

log = logging.getLogger("nhswiring.web")


@dataclass
class Runtime:
    settings: Settings
    system: System
    registers: RegisterCache
    accounts: Accounts
    ready: threading.Event = field(default_factory=threading.Event)
    failure: str | None = None

    @classmethod
    def create(cls, settings: Settings) -> Runtime:
        system = System.connect(settings.database_url)
        return cls(settings, system, RegisterCache(system), Accounts(system.engine))

    def start(self) -> None:
        if self.settings.load_in_background:
            threading.Thread(target=self.load, name="nhswiring-load", daemon=True).start()
        else:
            self.load()

    def load(self, attempts: int = 5) -> None:
        """Initialise the ledger (if empty) and build the public register. Several workers
        may start together on one database: a worker that loses the race to initialise
        retries and finds the register loaded."""
        for attempt in range(attempts):
            try:
                self.system.initialise()
                self.registers.snapshot()
            except Exception as exc:  # reported on /readyz, retried with back-off
                self.failure = f"{type(exc).__name__}: {exc}"
                log.warning("start-up attempt %d failed: %s", attempt + 1, self.failure)
                time.sleep(0.5 * (attempt + 1))
                continue
            self.failure = None
            self.ready.set()
            return
