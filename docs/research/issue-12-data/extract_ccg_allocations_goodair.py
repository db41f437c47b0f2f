"""Transcribe per-CCG final allocations for 2016/17-2019/20 from BenGoodair/austerity_and_privatisation
(Data/main_data.csv, column Allocation_000s) into the row format of allocations.csv.

Why: issue 12 wants CCG allocations keyed by CCG ODS code; this third-party panel is the only stored
copy found (docs/research/issue-12-data3.md). Nothing is estimated or summed: one row per CCG code and
year, the cell as stored. The panel repeats three codes under two spellings of the name (99P, 05Q, 08Y)
with the same value; those are written once (first spelling) and the duplicate rows are listed.

The repository's Code/Data_cleaning_code.R (blob 678579a1...) reads NHS England's files
Data/allocation_16_17.csv ... allocation_19_20.csv (not committed), keeps rows whose name contains
"NHS", renames the columns below to Allocation_000s, and sets year = 2017 for 2016/17 ... 2020 for 2019/20.

Usage: git -C /work/.mirror/BenGoodair+austerity_and_privatisation/repo show \
         d6bab6fa4858c90de933c7bfe68a54b7f5b7d81a:Data/main_data.csv > main_data.csv
       python extract_ccg_allocations_goodair.py main_data.csv OUTDIR
"""

import csv
import hashlib
import sys
from pathlib import Path

REPO = "BenGoodair/austerity_and_privatisation"
COMMIT = "d6bab6fa4858c90de933c7bfe68a54b7f5b7d81a"
PATH = "Data/main_data.csv"
BLOB = "1c78e016b4701aefacd4d91e360cf4b2c3f49cdc"
PUBLICATION = "goodair-ccg-allocations (third-party panel of NHS England CCG allocation tables)"
# panel year -> (financial year, upstream NHS England column as renamed in Data_cleaning_code.R)
YEARS = {
    "2017": ("2016/17", "Final allocation after place based pace of change"),
    "2018": ("2017/18", "Final allocation after place based pace of change"),
    "2019": ("2018/19", "Final allocation"),
    "2020": ("2019/20", "Final allocation after place based pace of change"),
}


def main() -> None:
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    seen: dict[tuple[str, str], str] = {}
    with src.open(newline="", encoding="utf-8") as f, (out / "ccg_allocations_goodair.csv").open(
        "w", newline="", encoding="utf-8"
    ) as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["ccg", "ccg_name", "year", "stream", "measure", "amount_gbp_thousands", "publication", "table",
                    "source_repo", "source_commit", "source_path", "source_blob_sha1", "source_sha256", "source_row"])
        for i, r in enumerate(csv.DictReader(f), start=2):
            if r["year"] not in YEARS or r["Allocation_000s"] in ("NA", ""):
                continue
            fy, header = YEARS[r["year"]]
            key = (r["CCG_Code"], fy)
            if key in seen:
                if seen[key] != r["Allocation_000s"]:
                    raise SystemExit(f"conflicting values for {key}")
                print(f"duplicate row {i} for {key} ({r['CCG_Name']}), same value: skipped", file=sys.stderr)
                continue
            seen[key] = r["Allocation_000s"]
            table = f"file {PATH}; column 'Allocation_000s' (upstream NHS England column '{header}')"
            w.writerow([r["CCG_Code"], r["CCG_Name"], fy, "core_services", "final_allocation", r["Allocation_000s"],
                        PUBLICATION, table, REPO, COMMIT, PATH, BLOB, sha, i])


if __name__ == "__main__":
    main()
