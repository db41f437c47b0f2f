"""Reproduce the adjusted baselines and NHS England's per-head and growth columns shipped in
src/nhswiring/reference/data/allocations.csv and allocation_rates.csv, from the two NHS England
workbooks (pinned copies: see allocation_publications.csv for the commit and SHA-256).

Usage: python extract_baselines.py 2023_2025.xlsx 2025_26.xlsx  (prints CSV rows to stdout)
"""

import csv
import sys

from openpyxl import load_workbook

V12, V14 = "nhse-2023-25-v1.2", "nhse-2025-26-v1.4"

# (publication, sheet, header row, first ICB row, column, year, stream, measure, kind)
# kind: "amount" (£k, to allocations.csv), "per_head" (£), "growth" (fraction)
COLUMNS = [
    (V12, "ICB Core Allocations 2023-24", 3, "E", "2022/23", "core_services", "adjusted_baseline", "amount"),
    (V12, "ICB Core Allocations 2024-25", 3, "E", "2023/24", "core_services", "adjusted_baseline", "amount"),
    (V14, "ICB Core Allocations 2025-26", 2, "E", "2024/25", "core_services", "adjusted_baseline", "amount"),
    (V12, "PMC Allocations 2023-24", 3, "E", "2022/23", "primary_medical_care", "adjusted_baseline", "amount"),
    (V12, "PMC Allocations 2024-25", 3, "E", "2023/24", "primary_medical_care", "adjusted_baseline", "amount"),
    (V14, "PMC Allocation 2025-26", 2, "E", "2024/25", "primary_medical_care", "adjusted_baseline", "amount"),
    (V12, "Other Primary Care", 3, "E", "2022/23", "pharmacy_optometry_dental", "adjusted_baseline", "amount"),
    (V14, "POD Allocation 2025-26", 2, "E", "2024/25", "pharmacy_optometry_dental", "adjusted_baseline", "amount"),
    (V14, "Specialised Baseline 2025-26", 2, "S", "2024/25", "delegated_specialised", "adjusted_baseline", "amount"),
    (V12, "ICB Core Allocations 2023-24", 3, "L", "2023/24", "core_services", "recurrent", "per_head"),
    (V12, "ICB Core Allocations 2024-25", 3, "L", "2024/25", "core_services", "recurrent", "per_head"),
    (V14, "ICB Core Allocations 2025-26", 2, "K", "2025/26", "core_services", "recurrent", "per_head"),
    (V12, "PMC Allocations 2023-24", 3, "L", "2023/24", "primary_medical_care", "recurrent", "per_head"),
    (V12, "PMC Allocations 2024-25", 3, "L", "2024/25", "primary_medical_care", "recurrent", "per_head"),
    (V14, "PMC Allocation 2025-26", 2, "Q", "2025/26", "primary_medical_care", "revised_recurrent", "per_head"),
    (V14, "Specialised Allocations 2025-26", 2, "N", "2025/26", "delegated_specialised", "physical", "per_head"),
    (V12, "ICB Core Allocations 2023-24", 3, "N", "2023/24", "core_services", "recurrent", "growth"),
    (V12, "ICB Core Allocations 2024-25", 3, "N", "2024/25", "core_services", "recurrent", "growth"),
    (V14, "ICB Core Allocations 2025-26", 2, "M", "2025/26", "core_services", "recurrent", "growth"),
    (V12, "PMC Allocations 2023-24", 3, "N", "2023/24", "primary_medical_care", "recurrent", "growth"),
    (V12, "PMC Allocations 2024-25", 3, "N", "2024/25", "primary_medical_care", "recurrent", "growth"),
]


def main() -> None:
    books = {V12: load_workbook(sys.argv[1], data_only=False), V14: load_workbook(sys.argv[2], data_only=False)}
    values = {V12: load_workbook(sys.argv[1], data_only=True), V14: load_workbook(sys.argv[2], data_only=True)}
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["kind", "icb", "year", "stream", "measure", "value", "publication", "table", "england"])
    for pub, sheet, header, col, year, stream, measure, kind in COLUMNS:
        ws = values[pub][sheet]
        title = str(ws[f"{col}{header}"].value).replace("\n", " ").strip()
        title = " ".join(title.split())
        england = ""
        for row in range(header + 1, ws.max_row + 1):
            code = ws[f"C{row}"].value
            owner = ws[f"B{row}"].value
            name = str(ws[f"D{row}"].value or "")
            value = ws[f"{col}{row}"].value
            if isinstance(code, str) and code.startswith("Q") and len(code) == 3 and owner != "NHS England":
                out.writerow([kind, code, year, stream, measure, repr(value) if isinstance(value, float) else value, pub, f"sheet '{sheet}'; column {col} '{title}'", ""])
            elif (str(code or "").upper() in ("ENGLAND", "TOTAL") or name.upper() in ("ENGLAND", "TOTAL") or str(owner or "").upper() in ("ENGLAND", "TOTAL")) and not england:
                england = value
                out.writerow([kind + "_england", "", year, stream, measure, repr(value) if isinstance(value, float) else value, pub, f"sheet '{sheet}'; column {col} '{title}'; row {row}", ""])


if __name__ == "__main__":
    main()
