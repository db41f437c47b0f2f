"""The law's public pages: check an action, compare regimes, the rules in force."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
