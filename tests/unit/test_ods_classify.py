"""Each ODS record is what its file's role and its code pattern make it; nothing is guessed."""

from __future__ import annotations

from datetime import date

import pytest

from nhswiring.domain.bodies import BodyKind
from nhswiring.domain.register import Register
from nhswiring.reference.ods import OdsRecord
from nhswiring.reference.ods_classify import classify


def record(code: str, name: str, role: str = "") -> OdsRecord:
    return OdsRecord("x.csv", 1, code, name, "", "", "", date(2013, 4, 1), None, role)


@pytest.mark.parametrize(
    ("extract", "code", "name", "role", "kind"),
    [
        ("etr", "RR7", "GATESHEAD HEALTH NHS FOUNDATION TRUST", "", BodyKind.FOUNDATION_TRUST),
        (
            "etr",
            "RYK",
            "DUDLEY AND WALSALL MENTAL HEALTH PARTNERSHIP NHS TRUST",
            "",
            BodyKind.NHS_TRUST,
        ),
        ("ect", "TAF", "CAMDEN AND ISLINGTON NHS FOUNDATION TRUST", "", BodyKind.FOUNDATION_TRUST),
        ("ect", "TAE", "MANCHESTER MENTAL HEALTH AND SOCIAL CARE TRUST", "", BodyKind.NHS_TRUST),
        ("eccg", "00L", "NHS NORTHUMBERLAND CCG", "", BodyKind.CCG),
        ("eccg", "00L", "NHS NORTHUMBERLAND CCG", "RO98", BodyKind.CCG),
        ("eccg", "13Q", "NATIONAL COMMISSIONING HUB 1", "RO218", BodyKind.COMMISSIONING_HUB),
        # The 24-column layout leaves the role empty: the name ODS gives every hub decides.
        ("eccg", "14A", "MIDLANDS COMMISSIONING HUB", "", BodyKind.COMMISSIONING_HUB),
        ("eccg", "00L", "NHS NORTHUMBERLAND", "RO319", BodyKind.SUB_ICB_LOCATION),
        ("eccg", "D4U1Y", "NHS SUB ICB LOCATION", "RO319|RO326", BodyKind.SUB_ICB_LOCATION),
        ("ecsu", "0AR", "NHS NORTH OF ENGLAND CSU", "", BodyKind.COMMISSIONING_SUPPORT_UNIT),
    ],
)
def test_kinds(extract: str, code: str, name: str, role: str, kind: BodyKind) -> None:
    assert classify(extract, record(code, name, role), Register()).kind is kind


@pytest.mark.parametrize(
    ("extract", "code", "role"),
    [
        ("etr", "00L", ""),  # a CCG code in a trust extract
        ("etr", "RR7", "RO98"),  # a commissioner's role in a trust extract
        ("ect", "RR7", ""),  # not a care-trust code
        ("eccg", "G6V2S", ""),  # no role and not a CCG code
        ("eccg", "RR7", "RO98"),  # RO98 but not a CCG code
        ("eccg", "00L", "RO999"),  # a role the extract is not known to hold
        ("eccg", "QHM1", "RO318"),  # an ICB role without an ICB code
        ("ecsu", "RR7", ""),
    ],
)
def test_what_fits_no_rule_is_unclassified_with_a_reason(
    extract: str, code: str, role: str
) -> None:
    found = classify(extract, record(code, "SOME NAME", role), Register())
    assert found.kind is None
    assert found.unclassified
    assert found.reason


def test_care_trusts_are_flagged() -> None:
    assert classify(
        "ect", record("TAF", "CAMDEN AND ISLINGTON NHS FOUNDATION TRUST"), Register()
    ).care_trust
    assert not classify("etr", record("RR7", "GATESHEAD HEALTH NHS TRUST"), Register()).care_trust


def test_sub_icb_reporting_entities_are_ignored_not_unclassified() -> None:
    found = classify("eccg", record("A1B2C", "REPORTING ENTITY", "RO327"), Register())
    assert found.kind is None
    assert not found.unclassified
