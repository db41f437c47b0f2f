"""Examples for the finance API's OpenAPI description, from real answers (trimmed: every list
may hold more). QWO is NHS West Yorkshire ICB; its 2024/25 core figure is NHS England's."""

from __future__ import annotations

from typing import Any

from nhswiring.web.problems import INVALID, FieldError, Problem

QWO: dict[str, Any] = {
    "code": "QWO",
    "name": "NHS West Yorkshire Integrated Care Board",
    "kind": "icb",
    "parent": "Y63",
    "start": "2022-07-01",
    "end": None,
    "ons_code": "E54000054",
}
YEAR = {"label": "2024/25", "start": "2024-04-01", "end": "2025-04-01"}
SOURCE = {
    "publication": "ICB allocations 2023/24 and 2024/25, all funding streams (spreadsheet), v1.2",
    "table": "sheet 'ICB Core Allocations 2024-25'; column K '2024/25 Recurrent allocation (£k)'",
    "url": "https://www.england.nhs.uk/allocations/",
}
BREAKEVEN: dict[str, Any] = {
    "duty": "nhs_act_2006.s223GC.icb_breakeven",
    "title": "ICB breakeven",
    "citation": "NHS Act 2006 s.223GC (inserted by HCA 2022 s.29)",
    "body": "QWO",
    "year": "2024/25",
    "status": "breached",
    "figures": [
        {"item": "expenditure", "amount": "4500000000"},
        {"item": "receipts", "amount": "4490000000"},
    ],
    "margin": "-10000000",
    "missing": [],
    "reading": "expenditure in the financial year 2024/25 must not exceed the sums received in "
    "it, the s.223G allotment counting as received",
}
PRICE = {
    "publication": "ps-2023-25",
    "action": "publish_payment_scheme",
    "edition": "2023/25",
    "publisher": "NHSE",
    "made": True,
    "verdict": {
        "outcome": "lawful",
        "regime": "hca2022",
        "citations": ["HSCA 2012 s.114A (substituted by HCA 2022 Sch 10 para 3)"],
    },
}
SHOW_EXAMPLE: dict[str, Any] = {
    "ledger_head": 4581,
    "body": QWO,
    "year": YEAR,
    "unit": "GBP",
    "streams": [
        {
            "stream": "core_services",
            "name": "Core services",
            "measure": "recurrent",
            "amount": "4381813000",
            "source": SOURCE,
            "previous": {
                "year": "2023/24",
                "amount": "4287503000",
                "basis": "the body's own published figure",
                "parts": [],
            },
            "growth_percent": "2.20",
            "other_measures": [],
        },
        {
            "stream": "delegated_specialised",
            "name": "Delegated specialised services",
            "measure": "physical_plus_mental_health",
            "amount": None,
            "source": None,
            "previous": None,
            "growth_percent": None,
            "other_measures": [],
            "missing": "no delegated specialised allocation for QWO in 2024/25 is in the package",
        },
    ],
    "weighted_population": {
        "amount": None,
        "missing": "NHS England's weighted populations by ICB are not in the package",
    },
    "unit_label": "pounds (£)",
    "objectives": [],
    "limits": [],
    "recorded": [
        {
            "figure": "expenditure",
            "measure": None,
            "amount": "4500000000",
            "effective": "2025-06-30",
            "source": "annual accounts 2024/25",
            "note": None,
            "provenance": "recorded",
            "current": True,
        }
    ],
    "duties": [BREAKEVEN],
    "prices": [PRICE],
}
SYSTEM_EXAMPLE: dict[str, Any] = {
    "ledger_head": 4581,
    "system": QWO,
    "year": YEAR,
    "unit": "GBP",
    "unit_label": "pounds (£)",
    "partners_basis": "trusts hosted by the ICB in the register (its stand-in for the partner "
    "trusts named in the ICB's constitution)",
    "members": [{"body": QWO, "recorded": []}],
    "limits": [],
    "objectives": [],
    "duties": [
        {
            "duty": "nhs_act_2006.s223M.system_revenue_resource_limit",
            "title": "System revenue resource limit",
            "citation": "NHS Act 2006 s.223M (inserted by HCA 2022 s.29(5))",
            "body": "QWO",
            "year": "2024/25",
            "status": "unknown",
            "figures": [
                {"item": "QWO:revenue_resource_use", "amount": None},
                {"item": "revenue_resource_limit", "amount": None},
            ],
            "margin": None,
            "missing": ["QWO:revenue_resource_use", "revenue_resource_limit"],
            "reading": "local revenue resource use of QWO and its partner trusts in 2024/25 "
            "must not exceed the limit NHS England directed",
        }
    ],
}
COMPARE_EXAMPLE: dict[str, Any] = {
    "ledger_head": 4581,
    "year": "2025/26",
    "unit": "GBP",
    "unit_label": "pounds (£)",
    "measures": {
        "core_services": "recurrent",
        "primary_medical_care": "recurrent",
        "delegated_specialised": "physical_plus_mental_health",
        "pharmacy_optometry_dental": "recurrent",
        "running_cost_allowance": "allowance",
    },
    "sort": "name",
    "descending": False,
    "icbs": [
        {
            "code": "QOX",
            "name": "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board",
            "core_services": "1740227000",
            "primary_medical_care": "184523000",
            "delegated_specialised": "209991156.44281238",
            "pharmacy_optometry_dental": "98023774.27962775",
            "running_cost_allowance": "14303380.08",
            "core_growth_percent": "12.38",
            "duties": {
                "nhs_act_2006.s223GC.icb_breakeven": "unknown",
                "nhs_act_2006.s223GB.icb_running_costs": "unknown",
            },
        }
    ],
}
PRICES: dict[str, Any] = {"ledger_head": 4581, "publications": [PRICE]}
RECORDED_EXAMPLE: dict[str, Any] = {
    "ledger_head": 4583,
    "recorded": 2,
    "entries": [4582, 4583],
    "replayed": False,
    "by": "QWO (user 7)",
}

BAD_YEAR = Problem(
    INVALID,
    "year: '2024-25' is not a financial year; use YYYY/YY, e.g. 2024/25",
    [FieldError("'2024-25' is not a financial year; use YYYY/YY, e.g. 2024/25", parameter="year")],
)
BAD_SORT = Problem(
    INVALID,
    "sort: 'size' is not a column; use one of: name, code, core_services, ...",
    [FieldError("'size' is not a column; use one of: name, code, ...", parameter="sort")],
)
NOT_AN_ICB = Problem(
    INVALID,
    "code: RR8 is a nhs_trust, not an ICB; give an ICB's code, e.g. QWO",
    [FieldError("RR8 is a nhs_trust, not an ICB", parameter="code")],
)
BAD_FIGURE = Problem(
    INVALID,
    "/figures/1/amount: 'lots' is not an amount; give pounds as a number, e.g. 2500000",
    [FieldError("'lots' is not an amount", pointer="/figures/1/amount")],
)
KEY_REUSED = Problem(
    INVALID,
    "Idempotency-Key: already recorded a different request (ledger entry 4582); use a new "
    "key for a new request",
    [FieldError("already recorded a different request", parameter="Idempotency-Key")],
)
