"""Who leads the local health system, and who works with whom: questions about the
non-statutory partnerships (STPs/ICSs 2016-2022, provider collaboratives, place partnerships).

"Who leads the system for this area?" has three answers over 2016-2026: nobody before NHS
England published the 44 STP footprints (30 March 2016); the STP/ICS whose member CCG covers
the area until 30 June 2022, a non-statutory partnership with no functions of its own; and
from 1 July 2022 the integrated care board, a statutory body (NHS Act 2006 s.14Z25, inserted by
the Health and Care Act 2022 s.19).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from nhswiring.domain.bodies import AREA_COMMISSIONERS, KIND_GROUPS, NON_STATUTORY, Body, BodyKind
from nhswiring.domain.errors import InvalidInput
from nhswiring.domain.register import Register
from nhswiring.domain.time import iso_or_none
from nhswiring.service.views import body_json, find_body

JsonDict = dict[str, Any]

STP_FOOTPRINTS_PUBLISHED = date(2016, 3, 30)
ICBS_ESTABLISHED = date(2022, 7, 1)
#: NHS England confirmed (23 March 2021) that the last 13 STPs became designated integrated care
#: systems from 1 April 2021, making all 42 ICSs. Earlier designations (waves from 2018) are not
#: recorded body by body.
ALL_ICS_FROM = date(2021, 4, 1)
ICB_BASIS = "NHS Act 2006 s.14Z25 (inserted by Health and Care Act 2022 s.19)"

#: The kinds an area question may start from.
AREA_KINDS = AREA_COMMISSIONERS | KIND_GROUPS["trust"] | {BodyKind.STP}


def partnership_json(body: Body) -> JsonDict:
    """A body as the partnership answers show it: always says whether it is statutory."""
    out = body_json(body)
    out["statutory"] = body.kind not in NON_STATUTORY
    return out


def resolve(register: Register, text: str, day: date) -> Body:
    """A code, or a name (exact, then unique substring) of a body of ``AREA_KINDS``."""
    code = text.strip()
    body = register.body(code, day) or register.body(code.upper(), day)
    if body is not None:
        return body
    wanted = code.lower()
    candidates = register.bodies(day, AREA_KINDS)
    exact = [b for b in candidates if b.name.lower() == wanted]
    found = exact or [b for b in candidates if wanted and wanted in b.name.lower()]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = "; ".join(f"{b.code} {b.name}" for b in sorted(found, key=lambda b: b.code)[:6])
        raise InvalidInput("area", f"{text!r} matches {len(found)} bodies", f"use a code: {names}")
    return find_body(register, code, day)  # raises with the standard explanation


def _of_kind(register: Register, body: Body, day: date, kind: BodyKind) -> list[str]:
    """``body`` itself if it is of ``kind``; for a local authority, the bodies of ``kind``
    whose area covers it that day."""
    if body.kind is kind:
        return [body.code]
    if body.kind is BodyKind.LOCAL_AUTHORITY:
        return sorted(
            {
                c.body
                for c in register.covering(body.code, day)
                if _kind(register, c.body, day) is kind
            }
        )
    return []


def _kind(register: Register, code: str, day: date) -> BodyKind | None:
    found = register.body(code, day)
    return found.kind if found else None


def _icbs_for(register: Register, body: Body, day: date) -> list[str]:
    found = _of_kind(register, body, day, BodyKind.ICB)
    if found or body.kind is BodyKind.LOCAL_AUTHORITY:
        return found
    if body.parent and _kind(register, body.parent, day) is BodyKind.ICB:
        return [body.parent]  # a sub-ICB location's ICB, a trust's host ICB
    return []


def _stps_for(register: Register, body: Body, day: date) -> dict[str, list[str]]:
    """STP code -> the member bodies through which ``body`` is in it."""
    if body.kind is BodyKind.STP:
        return {body.code: []}
    via: dict[str, list[str]] = {}
    members = _of_kind(register, body, day, BodyKind.CCG) or [body.code]
    for member in members:
        for span in register.partnerships_of(member, day):
            if _kind(register, span.partnership, day) is BodyKind.STP:
                via.setdefault(span.partnership, []).append(member)
    return via


def system_for(register: Register, text: str, day: date) -> JsonDict:
    """The body leading the local health system for an area, a CCG/sub-ICB location or a
    trust on ``day`` (see the module docstring for the three periods)."""
    area = resolve(register, text, day)
    out: JsonDict = {"area": partnership_json(area), "as_at": day.isoformat(), "systems": []}
    if day < STP_FOOTPRINTS_PUBLISHED:
        out["period"] = "none"
        out["note"] = (
            "no system partnership existed: NHS England published the 44 sustainability and "
            "transformation partnership footprints on 2016-03-30"
        )
        return out
    if day < ICBS_ESTABLISHED:
        out["period"] = "stp"
        designation = (
            "integrated care system"
            if day >= ALL_ICS_FROM
            else "sustainability and transformation partnership or, if already designated, "
            "integrated care system (designations before April 2021 are not recorded)"
        )
        for code, members in sorted(_stps_for(register, area, day).items()):
            stp = register.body(code, day)
            if stp is not None:
                out["systems"].append(
                    partnership_json(stp) | {"via": members, "designation": designation}
                )
        out["note"] = (
            "a sustainability and transformation partnership / integrated care system: "
            "non-statutory, it held no functions (its member CCGs, trusts and councils did)"
            if out["systems"]
            else "no STP membership is recorded for it on that date (see docs/data.md)"
        )
        return out
    out["period"] = "icb"
    for code in _icbs_for(register, area, day):
        icb = register.body(code, day)
        if icb is not None:
            out["systems"].append(partnership_json(icb) | {"basis": ICB_BASIS})
    out["note"] = "the integrated care board: a statutory body established under " + ICB_BASIS
    return out


def partnerships_of(register: Register, text: str, day: date) -> JsonDict:
    """Every non-statutory partnership the body is a member of on ``day``; for a partnership
    itself, its members."""
    body = resolve(register, text, day)
    rows = []
    for span in sorted(register.partnerships_of(body.code, day), key=lambda s: s.partnership):
        partnership = register.body(span.partnership, day)
        if partnership is None:
            continue
        rows.append(
            partnership_json(partnership)
            | {"member_since": span.start.isoformat(), "member_until": iso_or_none(span.end)}
        )
    out: JsonDict = {"body": partnership_json(body), "as_at": day.isoformat(), "partnerships": rows}
    if body.kind in NON_STATUTORY:
        out["members"] = members_json(register, body.code, day)
    return out


def members_json(register: Register, code: str, day: date) -> list[JsonDict]:
    out = []
    for span in sorted(register.partnership_members(code, day), key=lambda s: s.member):
        member = register.body(span.member, day)
        out.append(
            {
                "code": span.member,
                "name": member.name if member else None,
                "kind": member.kind.value if member else None,
                "since": span.start.isoformat(),
                "until": iso_or_none(span.end),
            }
        )
    return out
