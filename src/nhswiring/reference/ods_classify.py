"""What each ODS record is, decided by the role its file gives it and its code pattern.

Never by guess: a record that fits no rule is *unclassified*, reported with its reason and
left out, rather than recorded as the nearest kind. The rules (NHS Digital's ODS roles and
code formats):

- ``etr``: NHS trusts, codes R.. (three characters) or five characters for newer ones; a
  foundation trust says so in its name. Care trusts (T..) appear in ``ect``.
- ``ect``: care trusts, codes T..: NHS trusts or foundation trusts designated as care trusts
  under NHS Act 2006 s.77, so of kind ``nhs_trust`` / ``foundation_trust``.
- ``eccg``: role RO98 (or no role, in the 24-column layout) with a CCG code (two digits and
  a letter) is a CCG, unless it is a commissioning hub; RO218 is an NHS England commissioning
  hub; RO319 a sub-ICB location (CCG code or five characters); RO318 an ICB (Q..); RO327 a
  sub-ICB reporting entity, which nhswiring does not model.
- ``ecsu``: commissioning support units, codes 0.. (0AR, 0DF).

Older extracts have no role column filled in; there a hub is told from a CCG by the name ODS
gives every hub ("... COMMISSIONING HUB") or by the register already knowing the code as a hub.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.register import Register
from nhswiring.reference.ods import (
    CARE_TRUSTS,
    COMMISSIONERS,
    SUPPORT_UNITS,
    TRUSTS,
    OdsRecord,
)

CCG_ROLE, HUB_ROLE, ICB_ROLE, SUB_ICB_ROLE, REPORTING_ROLE = (
    "RO98",
    "RO218",
    "RO318",
    "RO319",
    "RO327",
)
COMMISSIONER_ROLES = (CCG_ROLE, HUB_ROLE, ICB_ROLE, SUB_ICB_ROLE, REPORTING_ROLE)

_TRUST = re.compile(r"R[A-Z0-9]{2}|[A-Z0-9]{5}")
_CARE_TRUST = re.compile(r"T[A-Z0-9]{2}")
_CCG = re.compile(r"\d{2}[A-Z]")
_FIVE = re.compile(r"[A-Z0-9]{5}")
_ICB = re.compile(r"Q[A-Z0-9]{2}")
_CSU = re.compile(r"0[A-Z0-9]{2}")
_HUB_NAME = re.compile(r"\bCOMMISSIONING HUB\b")


@dataclass(frozen=True, slots=True)
class Classified:
    """``kind`` None: not recorded, on purpose (a kind nhswiring does not model) or, when
    ``unclassified``, because no rule fits (``reason`` says why in either case)."""

    kind: BodyKind | None
    reason: str = ""
    unclassified: bool = False
    care_trust: bool = False


def role(record: OdsRecord) -> str:
    return record.role.split("|")[0].strip()


def _trust_kind(record: OdsRecord) -> BodyKind:
    is_ft = "FOUNDATION TRUST" in record.name.upper()
    return BodyKind.FOUNDATION_TRUST if is_ft else BodyKind.NHS_TRUST


def _unclassified(reason: str) -> Classified:
    return Classified(None, reason, unclassified=True)


def classify(extract: str, record: OdsRecord, register: Register) -> Classified:
    """The kind of ``record`` as its file and code say, or why it has none."""
    code, r = record.code, role(record)
    if extract == TRUSTS:
        if r in COMMISSIONER_ROLES:
            return _unclassified(f"role {r} is a commissioner's, not a trust's")
        if _CARE_TRUST.fullmatch(code):
            return Classified(_trust_kind(record), care_trust=True)
        if _TRUST.fullmatch(code):
            return Classified(_trust_kind(record))
        return _unclassified("not the code of an NHS trust (R.. or five characters)")
    if extract == CARE_TRUSTS:
        if _CARE_TRUST.fullmatch(code):
            return Classified(_trust_kind(record), care_trust=True)
        return _unclassified("not the code of a care trust (T..)")
    if extract == SUPPORT_UNITS:
        if _CSU.fullmatch(code):
            return Classified(BodyKind.COMMISSIONING_SUPPORT_UNIT)
        return _unclassified("not the code of a commissioning support unit (0..)")
    if extract == COMMISSIONERS:
        return _commissioner(record, r, register)
    raise AssertionError(extract)  # extract_kind names only the four extracts


def _commissioner(record: OdsRecord, r: str, register: Register) -> Classified:
    code = record.code
    if r == REPORTING_ROLE:
        return Classified(None, "sub-ICB reporting entity (RO327): not a body nhswiring models")
    if r == HUB_ROLE:
        if _CCG.fullmatch(code):
            return Classified(BodyKind.COMMISSIONING_HUB)
        return _unclassified("role RO218 (commissioning hub) without a hub code")
    if r == SUB_ICB_ROLE:
        if _CCG.fullmatch(code) or _FIVE.fullmatch(code):
            return Classified(BodyKind.SUB_ICB_LOCATION)
        return _unclassified("role RO319 (sub-ICB location) without a sub-ICB code")
    if r == ICB_ROLE:
        if _ICB.fullmatch(code):
            return Classified(BodyKind.ICB)
        return _unclassified("role RO318 (ICB) without an ICB code")
    if r not in ("", CCG_ROLE):
        return _unclassified(f"role {r} is not one the eccg extract is known to hold")
    if not _CCG.fullmatch(code):
        return _unclassified("no role and not a CCG code (two digits and a letter)")
    if _HUB_NAME.search(record.name.upper()) or _known_as(
        register, code, BodyKind.COMMISSIONING_HUB
    ):
        return Classified(BodyKind.COMMISSIONING_HUB)
    return Classified(BodyKind.CCG)


def _known_as(register: Register, code: str, kind: BodyKind) -> bool:
    return (
        any(life.kind is kind for life in register.lives(code)) if register.knows(code) else False
    )
