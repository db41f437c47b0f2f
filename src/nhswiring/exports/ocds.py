"""Open Contracting Data Standard 1.1 releases for PSR notices, validated against the shipped
schemas (core 1.1.5, and core patched with the declared extensions: see ocds_schema) before they
leave the product.

Field conventions (exports/schema/SOURCES.md §3): the PSR process name in
`tender.procurementMethodDetails`; the standstill in the UK extension's
`awards[].standstillPeriod`; CPV codes without check digit. The notice itself is a document of
the section it is about (OCDS 1.1 has no release-level `documents`): `tender.documents` for
planning and tender notices and abandonment, `awards[].documents` for intention and award
notices, `contracts[].documents` (with `contracts[].amendments`) for modification notices. Its
core `documentType` says what kind of notice it is; the UK extension's `noticeType` says which
PSR Schedule (`PSR-Sch<n>`) or regulation (`PSR-reg15`) sets its content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from nhswiring.domain.errors import InvalidRelease
from nhswiring.domain.procurement import PROCESS_NAMES
from nhswiring.exports.ocds_schema import (
    UK_EXTENSION,
    declared_extensions,
    merge_patch,
    validate_release,
)

__all__ = [
    "OCID_PREFIX",
    "PROCESS_NAMES",
    "UK_EXTENSION",
    "InvalidRelease",
    "build_release",
    "merge_patch",
    "notice_place",
    "release_package",
    "validate_release",
]

OCID_PREFIX = "ocds-nhswrg"
#: For each kind of notice (`notice["type"]`), the release section whose `documents` carry it
#: and its `documentType` (SOURCES.md §3). Core 1.1.5 codes, except the UK extension's
#: `tenderCancellationNotice`. Schedules 9 and 15 are communications to providers, not notices:
#: the Schedule 9 letter is the evaluation's outcome for an unsuccessful provider
#: (`evaluationReports`), the Schedule 15 invitation is what framework parties bid on
#: (`biddingDocuments`).
NOTICE_PLACES: dict[str, tuple[str, str]] = {
    "intention_to_follow": ("tender", "tenderNotice"),  # Schedule 5
    "invitation": ("tender", "tenderNotice"),  # Schedule 8
    "mini_competition_invitation": ("tender", "biddingDocuments"),  # Schedule 15
    "abandonment": ("tender", "tenderCancellationNotice"),  # reg. 15
    "intention": ("award", "awardNotice"),  # Schedules 3, 6, 10
    "award": ("award", "awardNotice"),  # Schedules 2, 4, 7, 11, 13
    "unsuccessful_letter": ("award", "evaluationReports"),  # Schedule 9
    "modification": ("contract", "contractNotice"),  # Schedule 12
    "urgent_modification": ("contract", "contractNotice"),  # Schedule 14
}
#: `contracts[].amendments[].rationale` for each ground a modification is made on.
MODIFICATION_GROUNDS = {
    "clearly_provided_for": "Clearly and unambiguously provided for in the contract documents "
    "(PSR reg. 13(1)(a))",
    "change_of_provider": "Change of provider by succession after corporate changes "
    "(PSR reg. 13(1)(b))",
    "external_factors": "Response to external factors beyond the control of the authority and "
    "the provider (PSR reg. 13(1)(c))",
    "authority_decision": "Attributable to a decision of the relevant authority "
    "(PSR reg. 13(1)(d))",
    "urgent": "Urgent modification (PSR reg. 14)",
}
#: Schedule 12 and 14 items that restate a modification's fields, by item key: field.
NOTICE_ITEMS = {
    "modification_description": "description",
    "term_length_change": "term_change",
    "modification_effective_date": "takes_effect",
}
LONDON = ZoneInfo("Europe/London")

#: The display name of a body, by its NHS organisation code.
Names = Callable[[str], Any]


def _when(day: date) -> str:
    """The start of ``day`` in England (GMT or BST), as OCDS wants: a date-time with offset."""
    return datetime.combine(day, time(0, 0), tzinfo=LONDON).isoformat()


def _end_of(day: date) -> str:
    """The last second of ``day`` in England: closing moments such as the standstill's
    midnight, and the last day of a contract term held half-open as [start, end)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=LONDON).isoformat()


def _period(start: str | None, end: str | None) -> dict[str, str] | None:
    """A contract term held half-open [start, end) as an OCDS Period, whose end is inclusive."""
    if not start:
        return None
    period = {"startDate": _when(date.fromisoformat(start))}
    if end:
        period["endDate"] = _end_of(date.fromisoformat(end) - timedelta(days=1))
    return period


def _gbp(amount: Any) -> dict[str, Any]:
    """An OCDS Value in pounds; amounts are held as Decimal or text, OCDS wants a number."""
    return {"amount": float(amount), "currency": "GBP"}


def notice_place(notice: Mapping[str, Any]) -> tuple[str, str, str]:
    """Section, documentType and noticeType of a notice; an unknown kind is a defect, refused
    rather than guessed, so a new kind of notice cannot be released in the wrong place."""
    place = NOTICE_PLACES.get(notice["type"])
    if place is None:
        raise InvalidRelease(f"no OCDS section is set for a notice of type {notice['type']!r}")
    schedule = notice["schedule"]
    return (*place, f"PSR-Sch{schedule}" if schedule else "PSR-reg15")


def build_release(*, case: Any, notice: Mapping[str, Any], register_name: Names) -> dict[str, Any]:
    """One OCDS release for one notice of one case."""
    published = date.fromisoformat(notice["published_on"])
    ocid = f"{OCID_PREFIX}-{case.case_id}"
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-{notice['type']}-{notice['schedule'] or 'abandon'}-{published.isoformat()}",
        "date": _when(published),
        "tag": [notice["ocds_tag"]],
        "initiationType": "tender",
        "language": "en",
        "parties": _parties(case, notice, register_name),
        "buyer": {"id": case.authority, "name": register_name(case.authority)},
        "tender": _tender(case, notice),
    }
    _place_notice(release, case, notice, register_name)
    validate_release(release)
    return release


def _parties(case: Any, notice: Mapping[str, Any], register_name: Names) -> list[dict[str, Any]]:
    """The authority (buyer); the provider the award is to (supplier); and, for a Schedule 9
    letter, the unsuccessful provider it is addressed to (tenderer), never as a supplier."""
    parties = [_party(case.authority, ["buyer", "procuringEntity"], register_name)]
    supplier, addressee = _award_provider(case, notice), notice.get("provider")
    if supplier:
        parties.append(_party(supplier, ["supplier"], register_name))
    if addressee and addressee != supplier:
        parties.append(_party(addressee, ["tenderer"], register_name))
    return parties


def _party(code: str, roles: list[str], register_name: Names) -> dict[str, Any]:
    """A body by its NHS organisation code, which is also its OCDS party id."""
    return {
        "id": code,
        "name": register_name(code),
        "roles": roles,
        "identifier": {"scheme": "GB-NHS", "id": code},
    }


def _award_provider(case: Any, notice: Mapping[str, Any]) -> str | None:
    """Who the award is to: the notice's provider, except for a Schedule 9 letter, which is
    addressed to an unsuccessful provider; its award is to the provider the case selected."""
    if notice["type"] == "unsuccessful_letter":
        selected: str | None = case.selected_provider
        return selected
    provider: str | None = notice.get("provider")
    return provider


def _tender(case: Any, notice: Mapping[str, Any]) -> dict[str, Any]:
    """The procurement as the case describes it: process, services, CPV codes, estimate."""
    return {
        "id": case.case_id,
        "title": case.service,
        "status": notice.get("tender_status", "active"),
        "procurementMethod": "open" if case.process == "competitive" else "direct",
        "procurementMethodDetails": PROCESS_NAMES.get(case.process or "", "Not yet chosen"),
        "mainProcurementCategory": "services",
        "items": [
            {
                "id": str(i + 1),
                "description": case.service,
                "classification": {"scheme": "CPV", "id": code.split("-")[0]},
            }
            for i, code in enumerate(case.cpv_codes)
        ],
        "value": _gbp(case.estimated_value),
    }


def _document(case: Any, notice: Mapping[str, Any]) -> dict[str, Any]:
    """The notice as an OCDS Document: its text, publication date and kind."""
    _, document_type, notice_type = notice_place(notice)
    published = notice["published_on"]
    return {
        "id": f"{case.case_id}-{notice['type']}-{published}",
        "documentType": document_type,
        "noticeType": notice_type,
        "title": notice["title"],
        "description": notice["text"],
        "datePublished": _when(date.fromisoformat(published)),
        "format": "text/plain",
        "language": "en",
    }


def _place_notice(
    release: dict[str, Any], case: Any, notice: Mapping[str, Any], register_name: Names
) -> None:
    """Put the notice document on its section's documents, building the award or contract it
    belongs to. An award notice naming no provider has no award to hang on: it falls back to
    `tender.documents`."""
    section = notice_place(notice)[0]
    document = _document(case, notice)
    if section == "contract":
        release["contracts"] = [_amended_contract(case, notice, document)]
        return
    award = _award(case, notice, register_name) if section == "award" else None
    if award is None:
        release["tender"]["documents"] = [document]
        return
    award["documents"] = [document]
    release["awards"] = [award]
    signed = notice.get("award") or {}
    if signed.get("status") == "active":
        release["contracts"] = [
            {
                "id": signed["contract"],
                "awardID": award["id"],
                "status": "active",
                "value": _gbp(signed["value"]),
            }
        ]


def _award(case: Any, notice: Mapping[str, Any], register_name: Names) -> dict[str, Any] | None:
    """The award the notice is about: from `notice["award"]` when publish() built one (award and
    intention notices naming a provider), else a pending award to the provider the award is to;
    None when no provider is known."""
    provider = _award_provider(case, notice)
    if not provider:
        return None
    award = notice.get("award") or {"status": "pending"}
    entry: dict[str, Any] = {
        "id": f"{case.case_id}-award",
        "status": award["status"],
        "suppliers": [{"id": provider, "name": register_name(provider)}],
    }
    if award.get("value") is not None:
        entry["value"] = _gbp(award["value"])
    if award.get("date"):
        entry["date"] = _when(date.fromisoformat(award["date"]))
    period = _period(award.get("start"), award.get("end"))
    if period:
        entry["contractPeriod"] = period
    standstill = notice.get("standstill")
    if standstill:
        entry["standstillPeriod"] = {
            "startDate": _when(date.fromisoformat(standstill["begins"])),
            "endDate": _end_of(date.fromisoformat(standstill["last_day"])),
        }
    return entry


def _amended_contract(
    case: Any, notice: Mapping[str, Any], document: dict[str, Any]
) -> dict[str, Any]:
    """The awarded contract as modified: its value after the cumulative change, every
    modification so far as an amendment (ids are stable, so releases merge into one record)
    and the modification notice among its documents. The latest modification is the one the
    notice reports, so where the notice words it differently, the amendment says what was
    published."""
    if not case.award or not case.award_modifications:
        raise InvalidRelease("a modification notice needs an awarded, modified contract")
    awarded, latest = case.award, case.award_modifications[-1]
    contract: dict[str, Any] = {
        "id": awarded.contract,
        "awardID": f"{case.case_id}-award",
        "status": "active",
        "value": _gbp(awarded.value + latest.cumulative),
    }
    period = _period(awarded.start.isoformat(), awarded.end.isoformat() if awarded.end else None)
    if period:
        contract["period"] = period
    published = {
        field: item["value"]
        for item in notice.get("items", [])
        for key, field in NOTICE_ITEMS.items()
        if item.get("key") == key and item.get("value")
    }
    modifications = [
        *(m.to_json() for m in case.award_modifications[:-1]),
        latest.to_json() | published,
    ]
    contract["amendments"] = [
        _amendment(awarded.contract, n, m) for n, m in enumerate(modifications, 1)
    ]
    contract["documents"] = [document]
    return contract


def _amendment(contract: str, n: int, m: Mapping[str, Any]) -> dict[str, Any]:
    """One recorded modification (SOURCES.md §3): dated when the authority made it, with the
    regulation it relied on and what changed."""
    reason = str(m.get("reason") or "other")
    change = f"£{float(m['change']):+,.0f}"
    cumulative = f"£{float(m.get('cumulative', m['change'])):+,.0f}"
    what = str(m.get("description") or f"lifetime value changed by {change}").rstrip(".")
    term = m.get("term_change") or "no change to the term"
    takes_effect = m.get("takes_effect") or m["on"]
    return {
        "id": f"{contract}-M{n}",
        "date": _when(date.fromisoformat(m["on"])),
        "rationale": MODIFICATION_GROUNDS.get(reason, reason.replace("_", " ").capitalize()),
        "description": f"{what}. Lifetime value change: {change} (cumulative {cumulative}). "
        f"Term: {term}. Takes effect: {takes_effect}.",
    }


def release_package(releases: list[dict[str, Any]], published: date) -> dict[str, Any]:
    """A release package declaring every extension our releases are checked against."""
    return {
        "uri": f"urn:nhswiring:{OCID_PREFIX}:{published.isoformat()}",
        "publishedDate": _when(published),
        "publisher": {"name": "nhswiring"},
        "version": "1.1",
        "extensions": list(declared_extensions()),
        "releases": releases,
    }
