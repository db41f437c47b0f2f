"""Open Contracting Data Standard 1.1 releases for PSR notices, validated against the shipped
schema (and the UK extension's fields merged into it) before they leave the product.

Field conventions (see exports/schema/SOURCES.md): the PSR process name in
`tender.procurementMethodDetails`; the standstill in the UK extension's
`awards[].standstillPeriod`; the notice type in the UK extension's `documents[].noticeType`
(`PSR-Sch<n>`, named after the Schedule that sets its content); CPV codes without check digit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

from jsonschema import Draft4Validator

from nhswiring.domain.errors import NhswiringError

OCID_PREFIX = "ocds-nhswrg"
UK_EXTENSION = (
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"
)
PROCESS_NAMES = {
    "direct_award_a": "Direct Award Process A",
    "direct_award_b": "Direct Award Process B",
    "direct_award_c": "Direct Award Process C",
    "most_suitable_provider": "Most Suitable Provider Process",
    "competitive": "Competitive Process",
    "urgent": "Urgent award (regulation 14)",
}


class InvalidRelease(NhswiringError):
    """A release we produced does not validate: a defect, reported with the failing path."""


def _schema(name: str) -> dict[str, Any]:
    text = (files("nhswiring.exports") / "schema" / name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch (how OCDS extensions patch the release schema)."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@cache
def _validators() -> tuple[Draft4Validator, Draft4Validator]:
    core = _schema("release-schema.json")
    uk_patch = _schema("uk_extension/release-schema.json")
    uk = merge_patch(
        core,
        {
            "definitions": {
                k: v for k, v in uk_patch["definitions"].items() if k in core["definitions"]
            }
        },
    )
    return Draft4Validator(core), Draft4Validator(uk)


def validate_release(release: Mapping[str, Any]) -> None:
    for validator in _validators():
        errors = sorted(validator.iter_errors(release), key=lambda e: list(e.path))
        if errors:
            first = errors[0]
            where = "/".join(str(p) for p in first.path) or "(release)"
            raise InvalidRelease(f"OCDS release invalid at {where}: {first.message}")


LONDON = ZoneInfo("Europe/London")


def _when(day: date) -> str:
    """The start of ``day`` in England (GMT or BST), as OCDS wants: a date-time with offset."""
    return datetime.combine(day, time(0, 0), tzinfo=LONDON).isoformat()


def _end_of(day: date) -> str:
    """The last second of ``day`` in England: closing moments such as the standstill's
    midnight, and the last day of a contract term held half-open as [start, end)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=LONDON).isoformat()


def build_release(*, case: Any, notice: Mapping[str, Any], register_name: Any) -> dict[str, Any]:
    """One OCDS release for one notice of one case."""
    schedule = notice["schedule"]
    published = date.fromisoformat(notice["published_on"])
    ocid = f"{OCID_PREFIX}-{case.case_id}"
    provider = notice.get("provider")
    parties = [
        {
            "id": case.authority,
            "name": register_name(case.authority),
            "roles": ["buyer", "procuringEntity"],
            "identifier": {"scheme": "GB-NHS", "id": case.authority},
        }
    ]
    if provider:
        parties.append(
            {
                "id": provider,
                "name": register_name(provider),
                "roles": ["supplier"],
                "identifier": {"scheme": "GB-NHS", "id": provider},
            }
        )
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-{notice['type']}-{schedule or 'abandon'}-{published.isoformat()}",
        "date": _when(published),
        "tag": [notice["ocds_tag"]],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "buyer": {"id": case.authority, "name": register_name(case.authority)},
        "tender": {
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
            "value": {"amount": float(case.estimated_value), "currency": "GBP"},
        },
        "documents": [
            {
                "id": f"{case.case_id}-{notice['type']}-{published.isoformat()}",
                "documentType": "awardNotice" if notice["type"] == "award" else "tenderNotice",
                "noticeType": f"PSR-Sch{schedule}" if schedule else "PSR-abandonment",
                "title": notice["title"],
                "description": notice["text"],
                "datePublished": _when(published),
                "format": "text/plain",
                "language": "en",
            }
        ],
    }
    award = notice.get("award")
    if award:
        entry: dict[str, Any] = {
            "id": f"{case.case_id}-award",
            "status": award["status"],
            "suppliers": [{"id": provider, "name": register_name(provider)}],
            "value": {"amount": float(award["value"]), "currency": "GBP"},
        }
        if award.get("date"):
            entry["date"] = _when(date.fromisoformat(award["date"]))
        if award.get("start"):
            entry["contractPeriod"] = {"startDate": _when(date.fromisoformat(award["start"]))}
            if award.get("end"):
                last_day = date.fromisoformat(award["end"]) - timedelta(days=1)
                entry["contractPeriod"]["endDate"] = _end_of(last_day)
        standstill = notice.get("standstill")
        if standstill:
            entry["standstillPeriod"] = {
                "startDate": _when(date.fromisoformat(standstill["begins"])),
                "endDate": _end_of(date.fromisoformat(standstill["last_day"])),
            }
        release["awards"] = [entry]
        if award["status"] == "active":
            release["contracts"] = [
                {
                    "id": award["contract"],
                    "awardID": entry["id"],
                    "status": "active",
                    "value": {"amount": float(award["value"]), "currency": "GBP"},
                }
            ]
    validate_release(release)
    return release


def release_package(releases: list[dict[str, Any]], published: date) -> dict[str, Any]:
    return {
        "uri": f"urn:nhswiring:{OCID_PREFIX}:{published.isoformat()}",
        "publishedDate": _when(published),
        "publisher": {"name": "nhswiring"},
        "version": "1.1",
        "extensions": [UK_EXTENSION],
        "releases": releases,
    }
