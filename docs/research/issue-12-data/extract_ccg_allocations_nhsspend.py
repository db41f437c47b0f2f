"""Transcribe the CCG allocations table found in crahal/NHSSpend into the row format of
allocations.csv (amounts) and a verbatim side file (percentages, per-head, last column).

Why: issue 12 wants CCG allocations keyed by CCG; this is the only per-CCG allocation table
found in the GitHub code index (see docs/research/issue-12-data3.md). Nothing is estimated:
amounts are the file's cells as stored; the CCG ODS code is filled only where the CCG name
matches (case/"&"/comma-insensitive) a name in a pinned third-party CCG code list, else blank.

Usage (from a snapshot made with the `fetch` tool):
  git -C /work/.mirror/crahal+NHSSpend/repo show \
      c3b1d309e94bb2d45b368d2be83e5a61acaf131a:data/data_support/summary_plot_data/ccg_allocations.csv > alloc.csv
  git -C /work/.mirror/elahmo+dsfood/repo show \
      5d0557509625c8d57b5e59b03828d6ff7d95b58c:app/static/csv/ccg2ons.js > ccg2ons.js
  python extract_ccg_allocations_nhsspend.py alloc.csv ccg2ons.js OUTDIR
"""

import csv
import hashlib
import re
import sys
from pathlib import Path

REPO = "crahal/NHSSpend"
COMMIT = "c3b1d309e94bb2d45b368d2be83e5a61acaf131a"
PATH = "data/data_support/summary_plot_data/ccg_allocations.csv"
BLOB = "33b4e1f79ae6608fffb396b26b8d037c742790b3"
CODES = "elahmo/dsfood@5d0557509625c8d57b5e59b03828d6ff7d95b58c:app/static/csv/ccg2ons.js"
PUBLICATION = "nhsspend-ccg-allocations (third-party CSV; NHS England round and year UNCONFIRMED)"
AMOUNTS = [("Minimum allocation", "minimum_allocation"), ("Final allocation", "final_allocation")]


def norm(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").replace(",", "").split())


def main() -> None:
    alloc, codes_js, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    sha = hashlib.sha256(alloc.read_bytes()).hexdigest()
    pattern = r'"CCG": \{\s*"code": "(\w+)",\s*"name": "([^"]+)",\s*"onscode" : "(\w+)"'
    codes = {norm(n): (c, o) for c, n, o in re.findall(pattern, codes_js.read_text())}
    rows = list(csv.DictReader(alloc.open(newline="", encoding="utf-8")))
    src = [REPO, COMMIT, PATH, BLOB, sha]
    head = ["ccg", "ccg_name", "year", "stream", "measure", "amount_gbp_thousands", "publication", "table"]
    tail = ["source_repo", "source_commit", "source_path", "source_blob_sha1", "source_sha256", "source_row", "ods_code_source"]
    with (out / "ccg_allocations_nhsspend.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head + tail)
        for i, r in enumerate(rows, start=2):
            ods = codes.get(norm(r["CCG"]), ("", ""))[0]
            for column, measure in AMOUNTS:
                table = f"file {PATH}; column '{column}'"
                w.writerow([ods, r["CCG"], "UNCONFIRMED", "core_services", measure, r[column], PUBLICATION, table, *src, i, CODES if ods else ""])
    with (out / "ccg_allocations_nhsspend_other_columns.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        others = [k for k in rows[0] if k not in ("CCG", "Minimum allocation", "Final allocation")]
        w.writerow(["ccg", "ccg_name", *others, "source_row"])
        for i, r in enumerate(rows, start=2):
            w.writerow([codes.get(norm(r["CCG"]), ("", ""))[0], r["CCG"], *(r[k] for k in others), i])


if __name__ == "__main__":
    main()
