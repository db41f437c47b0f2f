"""How bodies and people are named in notices and records: name and code together, so a
reader can find the body in the register and the ODS."""

from __future__ import annotations

from datetime import date

from nhswiring.domain.procurement import CaseState
from nhswiring.domain.register import Register


def body_label(register: Register, code: str | None, day: date | None = None) -> str:
    """The body's name on ``day`` (or its latest name) with its code."""
    if not code:
        return ""
    body = register.body(code, day) if day else None
    if body is None:
        lives = register.lives(code)
        body = lives[-1] if lives else None
    return f"{body.name} ({code})" if body else code


def person_label(register: Register, pid: str) -> str:
    person = register.person(pid)
    return f"{person.name} ({pid})" if person else pid


def provider_address(case: CaseState, provider: str) -> str:
    """The registered office or principal place of business the case recorded for the
    provider (reg 24(c); the notices' provider paragraph), or '' if none was given."""
    if case.award and case.award.provider == provider and case.award.address:
        return case.award.address
    assessment = case.assessments.get(provider) or {}
    return str(assessment.get("address") or "")
