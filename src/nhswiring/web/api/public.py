"""The public API at /api/v1: what anyone may read (the register as at any date, its
history, the public ledger feed, the law) and ask (judgements, scenario runs and
comparisons), without signing in; and the finance of the system (``finance.py``), whose
figures anyone may read and a token that may write may add to. Routes live by meaning in
``register.py``, ``law.py`` and ``finance.py``; their shapes in ``models.py`` and
``finance_models.py``."""

from __future__ import annotations

from fastapi import APIRouter

from nhswiring.web.api import audit, finance, law, ledger, register
from nhswiring.web.api.support import PREFIX

router = APIRouter(prefix=PREFIX)
router.include_router(register.router)
router.include_router(law.router)
router.include_router(ledger.router)
router.include_router(audit.router)
router.include_router(finance.router)
