"""The public API at /api/v1: what anyone may read (the register as at any date, its
history, the public ledger feed, the law) and ask (judgements, scenario runs and
comparisons), without signing in. Routes live by meaning in ``register.py`` and ``law.py``;
their shapes in ``models.py``."""

from __future__ import annotations

from fastapi import APIRouter

from nhswiring.web.api import audit, law, ledger, register
from nhswiring.web.api.support import PREFIX

router = APIRouter(prefix=PREFIX)
router.include_router(register.router)
router.include_router(law.router)
router.include_router(ledger.router)
router.include_router(audit.router)
