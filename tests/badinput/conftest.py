"""What the bad-input suite shares: one prepared ledger, a folder of bad files, and a way to
run the command line in-process exactly as the console script does (``cli.run``: the same
error mapping, the same exit codes).

The ledger is prepared once per session (the real register, a case ready to be awarded and
an awarded case, so that every step's validation is reachable) and then only read: every
case asserts that its bad input left the ledger as it found it, so a refusal that wrote
something fails there, and the next case measures from the new state.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from nhswiring.entrypoints.cli import run

ROOT = Path(__file__).resolve().parents[2]
PSR_SCRIPT = ROOT / "scenarios" / "psr" / "03-da-c-community-contract.yaml"
AWARDED_SCRIPT = ROOT / "scenarios" / "psr" / "07-urgent-award-and-modification.yaml"
SCENARIO = ROOT / "scenarios" / "claims" / "10-ft-capital-and-board.yaml"
ODS = Path("/work/shared/data/ods")

#: The case ready to be awarded (standstill over) and the awarded one, both of QHM.
READY, AWARDED = "GH-CN-2025", "NE-PTS-URG"


@dataclass(frozen=True, slots=True)
class Outcome:
    code: int
    out: str
    err: str


def invoke(argv: list[str]) -> Outcome:
    """Run ``nhswiring ARGV`` in this process, as the console script would."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run(argv)
    return Outcome(code, out.getvalue(), err.getvalue())


def fingerprint(path: Path) -> tuple[object, ...]:
    """What a write would change: the ledger's head and size, the accounts' sizes."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        head = db.execute("SELECT max(seq), count(*) FROM ledger_entry").fetchone()
        users = db.execute("SELECT count(*) FROM app_user").fetchone()
        tokens = db.execute("SELECT count(*) FROM api_token").fetchone()
    return (*head, *users, *tokens)


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def assert_refused(outcome: Outcome, code: int = 2) -> None:
    """The contract: the exit code, one line on stderr naming the problem, no traceback."""
    assert outcome.code == code, (outcome.code, outcome.err[-2000:])
    assert "Traceback" not in outcome.out + outcome.err
    assert "internal error" not in outcome.err, outcome.err
    assert outcome.err.count("\n") == 1, outcome.err[-2000:]
    assert outcome.err.startswith("error: "), outcome.err[:300]
    assert len(outcome.err) < 1_100, len(outcome.err)


@dataclass(frozen=True, slots=True)
class Prepared:
    db: Path
    files: Path

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db}"


@pytest.fixture(scope="session")
def prepared(loaded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    base = tmp_path_factory.mktemp("badinput")
    db = base / "ledger.db"
    shutil.copy(loaded_sqlite_url.removeprefix("sqlite:///"), db)
    script = yaml.safe_load(PSR_SCRIPT.read_text(encoding="utf-8"))
    script["steps"] = script["steps"][:7]  # up to the decision on representations
    ready = base / "ready.yaml"
    ready.write_text(yaml.safe_dump(script), encoding="utf-8")
    for path in (ready, AWARDED_SCRIPT):
        outcome = invoke(["psr", "run", str(path), "--database", f"sqlite:///{db}"])
        assert outcome.code == 0, outcome.err
    assert invoke(["users", "list", "--database", f"sqlite:///{db}"]).code == 0  # accounts
    files = base / "files"
    files.mkdir()
    write_bad_files(files)
    return Prepared(db, files)


@pytest.fixture
def unchanged(prepared: Prepared) -> Iterator[None]:
    """Fails the test if it changed the ledger, the accounts or the files folder."""
    before, files = fingerprint(prepared.db), listing(prepared.files)
    yield
    assert fingerprint(prepared.db) == before, "the ledger changed"
    assert listing(prepared.files) == files, "a file was written"


GOOD_SCENARIO = """\
name: capital limit
start: 2019-06-01
steps:
  - date: 2019-06-01
    actor: NHSE
    action: set_capital_limit
    args: {trust: RTD, year: 2019/20, amount: 50000000}
"""

#: Scenario files that are wrong in one way each (name -> contents).
BAD_SCENARIOS: dict[str, str | bytes] = {
    "empty.yaml": "",
    "blank.yaml": "\n\n   \n",
    "latin1.yaml": GOOD_SCENARIO.replace("capital limit", "caf\xe9").encode("latin-1"),
    "binary.yaml": bytes(range(256)),
    "utf16.yaml": GOOD_SCENARIO.encode("utf-16"),
    "unclosed.yaml": "name: [unclosed\nstart: 2019-06-01\n",
    "tab.yaml": "name: x\nsteps:\n\t- date: 2019-06-01\n",
    "badindent.yaml": "name: x\n  start: 2019-06-01\n steps: []\n",
    "list.yaml": "- name: x\n- start: 2019-06-01\n",
    "scalar.yaml": "42\n",
    "string.yaml": "just some words\n",
    "feb30.yaml": GOOD_SCENARIO.replace("start: 2019-06-01", "start: 2025-02-30"),
    "month13.yaml": GOOD_SCENARIO.replace("  - date: 2019-06-01", "  - date: 2017-13-45"),
    "date_words.yaml": GOOD_SCENARIO.replace("start: 2019-06-01", "start: soon"),
    "steps_string.yaml": "name: x\nstart: 2019-06-01\nsteps: not a list\n",
    "steps_empty.yaml": "name: x\nstart: 2019-06-01\nsteps: []\n",
    "steps_mapping.yaml": "name: x\nstart: 2019-06-01\nsteps: {a: 1}\n",
    "step_list.yaml": "name: x\nstart: 2019-06-01\nsteps: [[1, 2]]\n",
    "args_list.yaml": GOOD_SCENARIO.replace(
        "{trust: RTD, year: 2019/20, amount: 50000000}", "[RTD, 2019/20]"
    ),
    "name_list.yaml": GOOD_SCENARIO.replace("name: capital limit", "name: [a, b]"),
    "name_number.yaml": GOOD_SCENARIO.replace("name: capital limit", "name: 42"),
    "name_empty.yaml": GOOD_SCENARIO.replace("name: capital limit", "name: ''"),
    "name_long.yaml": GOOD_SCENARIO.replace("capital limit", "x" * 201),
    "name_1mb.yaml": GOOD_SCENARIO.replace("capital limit", "x" * 1_000_000),
    "claim_long.yaml": GOOD_SCENARIO + f"claim: {'y' * 2_001}\n",
    "unknown_key.yaml": GOOD_SCENARIO + "colour: blue\n",
    "amount_nan.yaml": GOOD_SCENARIO.replace("amount: 50000000", "amount: .nan"),
    "amount_inf.yaml": GOOD_SCENARIO.replace("amount: 50000000", "amount: .inf"),
    "amount_1e400.yaml": GOOD_SCENARIO.replace("amount: 50000000", "amount: 1e400"),
    "amount_negative.yaml": GOOD_SCENARIO.replace("amount: 50000000", "amount: -5"),
    "amount_words.yaml": GOOD_SCENARIO.replace("amount: 50000000", "amount: lots"),
    "contract_nan.yaml": GOOD_SCENARIO
    + "given:\n  contracts:\n    - {id: C1, commissioner: QHM, provider: RTD, service: s,"
    " lifetime_value: .nan, start: 2019-01-01}\n",
    "contract_huge.yaml": GOOD_SCENARIO
    + "given:\n  contracts:\n    - {id: C1, commissioner: QHM, provider: RTD, service: s,"
    " lifetime_value: 1e400, start: 2019-01-01}\n",
    "contract_feb30.yaml": GOOD_SCENARIO
    + "given:\n  contracts:\n    - {id: C1, commissioner: QHM, provider: RTD, service: s,"
    " lifetime_value: 5, start: 2019-02-30}\n",
    "given_list.yaml": GOOD_SCENARIO + "given: [1, 2]\n",
    "steps_out_of_order.yaml": GOOD_SCENARIO
    + "  - {date: 2019-01-01, actor: NHSE, action: set_capital_limit,"
    " args: {trust: RTD, year: 2019/20, amount: 1}}\n",
    "unknown_action.yaml": GOOD_SCENARIO.replace("set_capital_limit", "teleport"),
    "regime_unknown.yaml": GOOD_SCENARIO + "regime: martian\n",
    "deep.yaml": "name: " + "[" * 5_000 + "]" * 5_000 + "\n",
    "alias_loop.yaml": "a: &a [*a]\n",
}

GOOD_SCRIPT = """\
name: a case
source: a test
case: T1
authority: QHM
steps:
  - step: open
    date: 2025-05-01
    by: NE1
    args:
      service: Community nursing
      cpv_codes: [85323000-9]
      estimated_value: 12000000
      decision_makers: {NE1: Ann Lowe}
"""

#: Case scripts (`psr run`) wrong in one way each.
BAD_SCRIPTS: dict[str, str | bytes] = {
    "script_empty.yaml": "",
    "script_list.yaml": "- step: open\n",
    "script_latin1.yaml": GOOD_SCRIPT.replace("a case", "caf\xe9").encode("latin-1"),
    "script_unclosed.yaml": GOOD_SCRIPT + "  - {step: route\n",
    "script_feb30.yaml": GOOD_SCRIPT.replace("date: 2025-05-01", "date: 2025-02-30"),
    "script_month13.yaml": GOOD_SCRIPT.replace("date: 2025-05-01", "date: 2017-13-45"),
    "script_steps_string.yaml": GOOD_SCRIPT.split("steps:")[0] + "steps: open\n",
    "script_step_unknown.yaml": GOOD_SCRIPT.replace("step: open", "step: teleport"),
    "script_name_long.yaml": GOOD_SCRIPT.replace("name: a case", "name: " + "x" * 2_001),
    "script_setup_feb30.yaml": GOOD_SCRIPT + "setup: {date: 2025-02-30}\n",
    "script_setup_list.yaml": GOOD_SCRIPT + "setup: [1]\n",
    "script_contract_nan.yaml": GOOD_SCRIPT
    + "setup:\n  date: 2024-01-02\n  contracts:\n    - {id: C1, commissioner: QHM,"
    " provider: RTD, service: s, value: .nan, start: 2024-01-02}\n",
    "script_contract_huge.yaml": GOOD_SCRIPT
    + "setup:\n  date: 2024-01-02\n  contracts:\n    - {id: C1, commissioner: QHM,"
    " provider: RTD, service: s, value: 1e400, start: 2024-01-02}\n",
    "script_contract_negative.yaml": GOOD_SCRIPT
    + "setup:\n  date: 2024-01-02\n  contracts:\n    - {id: C1, commissioner: QHM,"
    " provider: RTD, service: s, value: -1, start: 2024-01-02}\n",
    "script_unknown_key.yaml": GOOD_SCRIPT + "colour: blue\n",
    "script_args_list.yaml": GOOD_SCRIPT.replace("    args:\n", "    args: [1]\n    x:\n"),
}


def ods_row(code: str, role: str = "", opened: str = "20130401", closed: str = "") -> str:
    cells = [code, "SOME NHS TRUST", "Y63", "QHM", "", "", "", "", "", "NE1 1AA"]
    cells += [opened, closed, "", role] + [""] * 13
    return ",".join(f'"{c}"' for c in cells)


def write_bad_files(folder: Path) -> None:
    for name, content in {**BAD_SCENARIOS, **BAD_SCRIPTS}.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (folder / "a_folder").mkdir()
    (folder / "garbage.db").write_bytes(b"this is not a database\n" * 100)
    (folder / "not_a_folder").write_text("a file\n", encoding="utf-8")
    good = {"etr.csv": ODS / "etr.csv", "eccg.csv": ODS / "eccg.csv"}
    swapped = {"etr.csv": ODS / "eccg.csv", "eccg.csv": ODS / "etr.csv"}
    for label, text in bad_extracts(good, swapped).items():
        kind, _, case = label.partition(":")
        target = folder / "ods" / case
        target.mkdir(parents=True)
        content = text if isinstance(text, bytes) else text.encode("utf-8")
        (target / kind).write_bytes(content)
    (folder / "ods" / "good").mkdir()
    for name, source in good.items():
        shutil.copy(source, folder / "ods" / "good" / name)


def bad_extracts(good: dict[str, Path], swapped: dict[str, Path]) -> dict[str, str | bytes]:
    """ODS extracts wrong in one way each ("etr.csv:case" -> contents)."""
    trust = ods_row("RTD")
    out: dict[str, str | bytes] = {
        "etr.csv:ccg_as_trust": swapped["etr.csv"].read_text(encoding="utf-8"),
        "eccg.csv:trust_as_ccg": swapped["eccg.csv"].read_text(encoding="utf-8"),
        "etr.csv:empty": "",
        "etr.csv:blank_lines": "\n\n\n",
        "etr.csv:empty_code": trust + "\n" + ods_row("") + "\n",
        "etr.csv:duplicate": trust + "\n" + ods_row("RR7") + "\n" + trust + "\n",
        "etr.csv:feb30": ods_row("RTD", opened="20250230") + "\n",
        "etr.csv:month13": ods_row("RTD", opened="20171345") + "\n",
        "etr.csv:close_feb30": ods_row("RTD", closed="20250230") + "\n",
        "etr.csv:date_words": ods_row("RTD", opened="soon") + "\n",
        "etr.csv:no_open_date": ods_row("RTD", opened="") + "\n",
        "etr.csv:columns_26": ",".join(['""'] * 26) + "\n",
        "etr.csv:columns_28": trust + ',""\n',
        "etr.csv:one_column": "RTD\n",
        "etr.csv:header_row": "code,name,region\n" + trust + "\n",
        "etr.csv:nul": trust.replace("SOME", "SO\0ME") + "\n",
        "etr.csv:latin1": trust.replace("SOME", "CAF\xc9").encode("latin-1") + b"\n",
        "etr.csv:utf16": (trust + "\n").encode("utf-16"),
        "etr.csv:binary": bytes(range(256)),
        "etr.csv:all_ccg_codes": "\n".join(ods_row(c) for c in ("00L", "01A", "02G")) + "\n",
        "eccg.csv:all_trust_codes": "\n".join(ods_row(c) for c in ("RTD", "RR7", "RX4")) + "\n",
    }
    return out
