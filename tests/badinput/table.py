"""The table of bad inputs: every command, every class of mistake, each a row that must end
in one line and exit 2 with nothing written.

Rows are built from a valid invocation of each command with one part made wrong, so a row
fails for the reason it names and not for another (a command given a bad date is otherwise
well formed). Placeholders: ``{db}`` the prepared ledger's URL, ``{ro}`` the same opened
read-only, ``{files}`` the folder of bad files.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.badinput.conftest import AWARDED, BAD_SCENARIOS, BAD_SCRIPTS, READY


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    argv: tuple[str, ...]
    code: int = 2


DB = ("--database", "{db}")

#: A valid invocation of each command that takes a date, keyed by (command, date option).
DATED: dict[tuple[str, str], tuple[str, ...]] = {
    ("list", "--as-at"): ("list", "--kind", "icb", "--as-at", "@", *DB),
    ("show", "--as-at"): ("show", "QHM", "--as-at", "@", *DB),
    ("history", "--as-at"): ("history", "QHM", "--as-at", "@", *DB),
    ("system-for", "--as-at"): ("system-for", "E08000021", "--as-at", "@", *DB),
    ("partnerships", "--as-at"): ("partnerships", "RJZ", "--as-at", "@", *DB),
    ("who-commissions", "--as-at"): (
        "who-commissions", "commission_secondary_care", "--area", "00L", "--as-at", "@", *DB
    ),
    ("import-ods", "--as-at"): ("import-ods", "{files}/ods/good/etr.csv", "--as-at", "@", *DB),
    ("check", "--date"): (
        "check", "--date", "@", "--actor", "NHSE", "--action", "set_capital_limit",
        "--args", '{"trust": "RTD", "year": "2024/25", "amount": 1}', *DB,
    ),
    ("law", "--date"): ("law", "--date", "@"),
    ("psr open", "--date"): (
        "psr", "open", "NEW1", "--authority", "QHM", "--service", "Community nursing",
        "--cpv", "85323000-9", "--value", "1000", "--decision-maker", "NE1=Ann Lowe",
        "--date", "@", "--by", "NE1", *DB,
    ),
    ("psr route", "--date"): ("psr", "route", READY, "--date", "@", *DB),
    ("psr assess", "--date"): (
        "psr", "assess", READY, "--provider", "RR7", "--key-criteria", "{}", "--date", "@",
        "--by", "NE1", *DB,
    ),
    ("psr conflicts", "--date"): ("psr", "conflicts", READY, "--date", "@", "--by", "NE1", *DB),
    ("psr represent", "--date"): (
        "psr", "represent", READY, "--provider", "RX4", "--summary", "s", "--date", "@",
        "--by", "NE1", *DB,
    ),
    ("psr decide", "--date"): (
        "psr", "decide", READY, "--provider", "RX4", "--decision", "proceed", "--reasons", "r",
        "--date", "@", "--by", "NE1", *DB,
    ),
    ("psr request-information", "--date"): (
        "psr", "request-information", READY, "--provider", "RX4", "--request", "r",
        "--date", "@", "--by", "NE1", *DB,
    ),
    ("psr give-information", "--date"): (
        "psr", "give-information", READY, "--provider", "RX4", "--answer", "a",
        "--date", "@", "--by", "NE1", *DB,
    ),
    ("psr refer", "--date"): (
        "psr", "refer", READY, "--provider", "RX4", "--date", "@", "--by", "NE1", *DB,
    ),
    ("psr advice", "--date"): (
        "psr", "advice", READY, "--provider", "RX4", "--advice", "proceed", "--summary", "s",
        "--date", "@", "--by", "NE1", *DB,
    ),
    ("psr award", "--date"): (
        "psr", "award", READY, "--provider", "RR7", "--value", "12000000", "--start",
        "2025-10-01", "--date", "@", "--by", "NE2", *DB,
    ),
    ("psr award", "--start"): (
        "psr", "award", READY, "--provider", "RR7", "--value", "12000000", "--start", "@",
        "--date", "2025-06-24", "--by", "NE2", *DB,
    ),
    ("psr award", "--end"): (
        "psr", "award", READY, "--provider", "RR7", "--value", "12000000", "--start",
        "2025-10-01", "--end", "@", "--date", "2025-06-24", "--by", "NE2", *DB,
    ),
    ("psr modify", "--date"): (
        "psr", "modify", AWARDED, "--change", "1000", "--reason", "authority_decision",
        "--date", "@", "--by", "NE4", *DB,
    ),
    ("psr modify", "--new-end"): (
        "psr", "modify", AWARDED, "--change", "1000", "--reason", "authority_decision",
        "--date", "2025-07-01", "--new-end", "@", "--by", "NE4", *DB,
    ),
    ("psr modify", "--takes-effect"): (
        "psr", "modify", AWARDED, "--change", "1000", "--reason", "authority_decision",
        "--date", "2025-07-01", "--takes-effect", "@", "--by", "NE4", *DB,
    ),
    ("psr abandon", "--date"): (
        "psr", "abandon", READY, "--reason", "r", "--date", "@", "--by", "NE1", *DB
    ),
    ("psr notice", "--date"): (
        "psr", "notice", READY, "--schedule", "3", "--date", "@", "--by", "NE1", *DB
    ),
    ("psr monitoring", "--as-at"): (
        "psr", "monitoring", "QHM", "--year", "2025/26", "--as-at", "@", *DB
    ),
}  # fmt: skip

BAD_DATES = ("2025-02-30", "2017-13-45", "2023-02-29", "2025-00-10", "tomorrow", "01/02/2025",
             "20250101x", "99999-01-01", "2025-06-31", "NaN")  # fmt: skip


def dates() -> list[Row]:
    return [
        Row(f"date:{command}:{option}:{bad}", tuple(bad if a == "@" else a for a in argv))
        for (command, option), argv in DATED.items()
        for bad in BAD_DATES
    ]


def early_dates() -> list[Row]:
    """Dates before the register begins, where a date is the register's 'as at'."""
    return [
        Row(f"early:{command}", tuple("2010-01-01" if a == "@" else a for a in argv))
        for (command, option), argv in DATED.items()
        if command
        in {"list", "show", "who-commissions", "import-ods", "system-for", "partnerships"}
    ]


#: A valid invocation of each command that opens the database (the URL replaced).
OPENING: dict[str, tuple[str, ...]] = {
    "init": ("init",),
    "demo": ("demo",),
    "list": ("list", "--kind", "icb"),
    "show": ("show", "QHM"),
    "history": ("history", "QHM"),
    "who-commissions": ("who-commissions", "commission_secondary_care", "--area", "00L"),
    "system-for": ("system-for", "E08000021"),
    "partnerships": ("partnerships", "RJZ"),
    "verify": ("verify",),
    "import-ods": ("import-ods", "{files}/ods/good/etr.csv", "--as-at", "2025-01-01"),
    "check-record": (
        "check", "--date", "2024-06-01", "--actor", "NHSE", "--action", "set_capital_limit",
        "--args", '{"trust": "RTD", "year": "2024/25", "amount": 1}', "--record",
    ),
    "psr open": DATED[("psr open", "--date")][:-2],
    "psr show": ("psr", "show", READY),
    "psr record": ("psr", "record", READY),
    "psr summary": ("psr", "summary", "QHM", "--year", "2025/26"),
    "psr monitoring": ("psr", "monitoring", "QHM", "--year", "2025/26"),
    "psr run": ("psr", "run", "{files}/../ready.yaml"),
    "users list": ("users", "list"),
    "users add": (
        "users", "add", "--organisation", "QHM", "--email", "a@example.org", "--role",
        "viewer", "--password-stdin",
    ),
    "tokens list": ("tokens", "list", "--email", "a@example.org"),
}  # fmt: skip

BAD_DATABASES: dict[str, str] = {
    "unreachable": "postgresql+psycopg://postgres@127.0.0.1:5999/test",
    "credentials": "postgresql+psycopg://no_such_role:s3cr3t-pw@127.0.0.1:5432/test",
    "no-database": "postgresql+psycopg://postgres@127.0.0.1:5432/no_such_database_xyz",
    "no-driver": "postgresql+nosuchdriver://postgres@127.0.0.1:5432/test",
    "not-sqlite": "sqlite:///{files}/garbage.db",
    "a-folder": "sqlite:///{files}/a_folder",
    "missing-folder": "sqlite:///{files}/no/such/folder/x.db",
    "under-a-file": "sqlite:///{files}/not_a_folder/x.db",
    "mysql": "mysql://user@localhost/db",
    "no-scheme": "nhswiring.db",
    "empty-scheme": "://",
}


def databases() -> list[Row]:
    rows = [
        Row(f"db:{command}:{name}", (*argv, "--database", url))
        for command, argv in OPENING.items()
        for name, url in BAD_DATABASES.items()
        if not (command == "psr run" and name == "a-folder")  # a file name is needed
    ]
    # A read command on a file that is not there: nothing created, told to run init.
    rows += [
        Row(f"db:{command}:absent", (*argv, "--database", "sqlite:///{files}/absent.db"))
        for command, argv in OPENING.items()
        if command not in {"init", "demo", "psr run", "import-ods", "check-record"}
    ]
    # Writing to a database opened read-only.
    rows += [
        Row(f"db:{command}:read-only", (*OPENING[command], "--database", "{ro}"))
        for command in ("psr open",)
    ]
    return rows


MONEY = ("NaN", "nan", "-NaN", "sNaN", "Infinity", "-Infinity", "inf", "1e400", "-1e400",
         "1e13", "£5", "12,000", "", "five", "0x10", "1.2.3")  # fmt: skip


def money() -> list[Row]:
    open_ = DATED[("psr open", "--date")]
    award = DATED[("psr award", "--date")]
    modify = DATED[("psr modify", "--date")]
    rows = []
    for bad in (*MONEY, "-5", "-0.01"):
        rows.append(Row(f"money:open:{bad}", _swap(_dated(open_, "2025-05-01"), "--value", bad)))
        rows.append(Row(f"money:award:{bad}", _swap(_dated(award, "2025-06-24"), "--value", bad)))
    for bad in MONEY:
        rows.append(
            Row(f"money:modify:{bad}", _swap(_dated(modify, "2025-07-01"), "--change", bad))
        )
        rows.append(
            Row(
                f"money:cumulative:{bad}",
                (*_dated(modify, "2025-07-01"), "--cumulative", bad),
            )
        )
    return rows


def _dated(argv: tuple[str, ...], day: str) -> tuple[str, ...]:
    return tuple(day if a == "@" else a for a in argv)


def _swap(argv: tuple[str, ...], option: str, value: str) -> tuple[str, ...]:
    i = argv.index(option)
    return (*argv[: i + 1], value, *argv[i + 2 :])


CHECK = DATED[("check", "--date")]


def check_args() -> list[Row]:
    """`check --args` (and other JSON options): not JSON, not an object, absurd numbers."""
    bad_args = {
        "nan": '{"trust": "RTD", "year": "2024/25", "amount": NaN}',
        "infinity": '{"trust": "RTD", "year": "2024/25", "amount": Infinity}',
        "minus-infinity": '{"trust": "RTD", "year": "2024/25", "amount": -Infinity}',
        "1e400": '{"trust": "RTD", "year": "2024/25", "amount": 1e400}',
        "1e400-string": '{"trust": "RTD", "year": "2024/25", "amount": "1e400"}',
        "negative": '{"trust": "RTD", "year": "2024/25", "amount": -1}',
        "nan-string": '{"trust": "RTD", "year": "2024/25", "amount": "NaN"}',
        "huge": '{"trust": "RTD", "year": "2024/25", "amount": 1e13}',
        "list": "[1, 2]",
        "string": '"RTD"',
        "number": "42",
        "null": "null",
        "not-json": "{trust: RTD}",
        "truncated": '{"trust": "RTD"',
        "empty-object": "{}",
        "list-for-code": '{"trust": ["RTD"], "year": "2024/25", "amount": 1}',
        "mapping-for-code": '{"trust": {"a": 1}, "year": "2024/25", "amount": 1}',
        "long-code": '{"trust": "' + "R" * 2_001 + '", "year": "2024/25", "amount": 1}',
        "deep": "[" * 100_000 + "]" * 100_000,
        "unknown-key": '{"trust": "RTD", "year": "2024/25", "amount": 1, "colour": "blue"}',
        "year-format": '{"trust": "RTD", "year": "2024", "amount": 1}',
    }
    rows = [
        Row(f"args:check:{name}", _swap(_dated(CHECK, "2024-06-01"), "--args", value))
        for name, value in bad_args.items()
    ]
    merge = '{"bodies": ["00L"], "into": "QHM", "name": "' + "N" * 2_001 + '"}'
    rows.append(
        Row(
            "args:check:merge-name-too-long",
            _swap(_swap(_dated(CHECK, "2022-07-01"), "--args", merge), "--action", "merge"),
        )
    )
    for name, until in (("feb30", "2025-02-30"), ("month13", "2017-13-45"), ("words", "soon")):
        delegate = '{"function": "commission_secondary_care", "from": "NHSE", "to": "QHM", '
        delegate += f'"until": "{until}"}}'
        argv = _swap(_swap(_dated(CHECK, "2024-06-01"), "--args", delegate), "--action", "delegate")
        rows.append(Row(f"args:check:delegate-until:{name}", argv))
    rows += [
        Row(f"args:check:action:{action}", _swap(_dated(CHECK, "2024-06-01"), "--action", action))
        for action in ("teleport", "", "x" * 65)
    ]
    route = ("psr", "route", READY, "--date", "2025-06-24", "--facts", "@", *DB)
    assess = DATED[("psr assess", "--date")]
    for name in ("not-json", "list", "nan", "deep"):
        value = bad_args.get(name, '{"a": NaN}')
        rows.append(Row(f"args:route-facts:{name}", tuple(value if a == "@" else a for a in route)))
        rows.append(
            Row(
                f"args:assess-key-criteria:{name}",
                _swap(_dated(assess, "2025-05-19"), "--key-criteria", value),
            )
        )
    return rows


#: Text options with their bound (domain/limits.py), in a valid invocation.
TEXT_OPTIONS: dict[str, tuple[tuple[str, ...], str, int]] = {
    "open-service": (DATED[("psr open", "--date")], "--service", 200),
    "open-case": (DATED[("psr open", "--date")], "NEW1", 64),
    "open-authority": (DATED[("psr open", "--date")], "--authority", 64),
    "open-by": (DATED[("psr open", "--date")], "--by", 64),
    "open-decision-maker": (DATED[("psr open", "--date")], "--decision-maker", 200),
    "open-cpv": (DATED[("psr open", "--date")], "--cpv", 64),
    "represent-summary": (DATED[("psr represent", "--date")], "--summary", 2_000),
    "represent-provider": (DATED[("psr represent", "--date")], "--provider", 64),
    "decide-reasons": (DATED[("psr decide", "--date")], "--reasons", 2_000),
    "abandon-reason": (DATED[("psr abandon", "--date")], "--reason", 2_000),
    "modify-reason": (DATED[("psr modify", "--date")], "--reason", 2_000),
    "award-provider": (DATED[("psr award", "--date")], "--provider", 64),
    "show-code": (("show", "QHM", *DB), "QHM", 64),
    "history-code": (("history", "QHM", *DB), "QHM", 64),
    "who-commissions-area": (DATED[("who-commissions", "--as-at")], "--area", 64),
    "check-actor": (CHECK, "--actor", 64),
    "psr-show-case": (("psr", "show", READY, *DB), READY, 64),
    "tokens-email": (("tokens", "list", "--email", "a@example.org", *DB), "--email", 200),
}


def long_text() -> list[Row]:
    rows = []
    for name, (argv, where, limit) in TEXT_OPTIONS.items():
        argv = _dated(argv, "2025-06-24")
        for size in (limit + 1, 60_000, 1_000_000):
            if where.startswith("--"):
                bad = _swap(argv, where, "x" * size)
            else:
                i = argv.index(where)
                bad = (*argv[:i], "x" * size, *argv[i + 1 :])
            rows.append(Row(f"long:{name}:{size}", bad))
    return rows


def outputs() -> list[Row]:
    """Every output option pointed at a folder that does not exist, or at a folder."""
    commands = {
        "record": ("psr", "record", READY, *DB),
        "summary": ("psr", "summary", "QHM", "--year", "2025/26", *DB),
        "monitoring": ("psr", "monitoring", "QHM", "--year", "2025/26", *DB),
    }
    options = {"record": ("--html", "--pdf"), "summary": ("--csv", "--xlsx")}
    options["monitoring"] = options["summary"]
    rows = []
    for command, argv in commands.items():
        for option in options[command]:
            for name, path in (
                ("missing-folder", "{files}/no/such/folder/out.x"),
                ("a-folder", "{files}/a_folder"),
                ("under-a-file", "{files}/not_a_folder/out.x"),
            ):
                rows.append(Row(f"out:{command}:{option}:{name}", (*argv, option, path)))
    rows.append(Row("out:docs:--root", ("docs", "--write", "--root", "{files}/no/such/folder")))
    return rows


def files() -> list[Row]:
    rows = []
    for name in BAD_SCENARIOS:
        rows.append(Row(f"file:run:{name}", ("run", f"{{files}}/{name}")))
    for name in ("empty.yaml", "feb30.yaml", "unclosed.yaml", "name_1mb.yaml", "latin1.yaml"):
        rows.append(Row(f"file:compare:{name}", ("compare", f"{{files}}/{name}", "a", "b")))
    for name in (*BAD_SCRIPTS, "empty.yaml", "latin1.yaml", "binary.yaml", "unclosed.yaml"):
        rows.append(Row(f"file:psr-run:{name}", ("psr", "run", f"{{files}}/{name}", *DB)))
    for command in (("run",), ("psr", "run"), ("compare",)):
        tail = ("a", "b") if command == ("compare",) else ()
        label = "-".join(command)
        rows.append(Row(f"file:{label}:missing", (*command, "{files}/missing.yaml", *tail)))
        rows.append(Row(f"file:{label}:a-folder", (*command, "{files}/a_folder", *tail)))
        rows.append(Row(f"file:{label}:under-a-file", (*command, "{files}/not_a_folder/x", *tail)))
    return rows


ODS_CASES = ("etr.csv:ccg_as_trust", "eccg.csv:trust_as_ccg", "etr.csv:empty",
             "etr.csv:blank_lines", "etr.csv:empty_code", "etr.csv:duplicate", "etr.csv:feb30",
             "etr.csv:month13", "etr.csv:close_feb30", "etr.csv:date_words",
             "etr.csv:no_open_date", "etr.csv:columns_26", "etr.csv:columns_28",
             "etr.csv:one_column", "etr.csv:header_row", "etr.csv:nul", "etr.csv:latin1",
             "etr.csv:utf16", "etr.csv:binary", "etr.csv:all_ccg_codes",
             "eccg.csv:all_trust_codes")  # fmt: skip


def ods() -> list[Row]:
    rows = []
    for label in ODS_CASES:
        kind, _, case = label.partition(":")
        path = f"{{files}}/ods/{case}/{kind}"
        rows.append(Row(f"ods:{case}", ("import-ods", path, "--as-at", "2025-01-01", *DB)))
        # With a good extract alongside: still nothing recorded from either.
        good = "{files}/ods/good/" + ("eccg.csv" if kind == "etr.csv" else "etr.csv")
        rows.append(
            Row(f"ods:{case}:with-good", ("import-ods", good, path, "--as-at", "2025-01-01", *DB))
        )
    for name, path in {
        "missing": "{files}/ods/none/etr.csv",
        "a-folder": "{files}/ods/good",
        "wrong-name": "{files}/latin1.yaml",
        "no-file": "",
    }.items():
        argv = ("import-ods", path, "--as-at", "2025-01-01", *DB) if path else ("import-ods",)
        rows.append(Row(f"ods:{name}", argv))
    return rows


def usage(commands: list[tuple[str, ...]], required: set[tuple[str, ...]]) -> list[Row]:
    """Options that do not exist, and commands missing what they require."""
    rows = [Row(f"usage:{' '.join(c)}:unknown-option", (*c, "--no-such-option")) for c in commands]
    rows += [Row(f"usage:{' '.join(c)}:missing", c) for c in commands if c in required]
    rows += [
        Row("usage:no-such-command", ("frobnicate",)),
        Row("usage:psr-no-such-command", ("psr", "frobnicate")),
        Row("usage:serve-port-word", ("serve", "--port", "bad")),
        Row("usage:serve-port-zero", ("serve", "--port", "0")),
        Row("usage:serve-port-high", ("serve", "--port", "70000")),
        Row("usage:serve-port-negative", ("serve", "--port", "-1")),
        Row("usage:serve-port-float", ("serve", "--port", "80.5")),
        Row("usage:serve-workers-zero", ("serve", "--workers", "0")),
        Row("usage:serve-workers-word", ("serve", "--workers", "many")),
        Row("usage:tokens-revoke-word", ("tokens", "revoke", "abc", *DB)),
        Row(
            "usage:assess-award-score-word",
            (*_dated(DATED[("psr assess", "--date")], "2025-05-19"), "--award-score", "high"),
        ),
        Row("usage:json-takes-no-value", ("list", "--kind", "icb", "--json=yes", *DB)),
    ]
    return rows


def values() -> list[Row]:
    """Other values out of their vocabulary."""
    rows = [
        Row("value:list-kind", ("list", "--kind", "hospital", *DB)),
        Row("value:list-kind-empty", ("list", "--kind", "", *DB)),
        Row("value:show-unknown", ("show", "ZZZ", *DB)),
        Row("value:show-markup", ("show", "[/bold]", *DB)),
        Row("value:history-unknown", ("history", "[red]x", *DB)),
        Row(
            "value:who-commissions-function", ("who-commissions", "teleport", "--area", "00L", *DB)
        ),
        Row("value:psr-show-unknown", ("psr", "show", "NO-SUCH-CASE", *DB)),
        Row("value:summary-year", ("psr", "summary", "QHM", "--year", "2025", *DB)),
        Row("value:summary-year-far", ("psr", "summary", "QHM", "--year", "9999/00", *DB)),
        Row("value:summary-year-early", ("psr", "summary", "QHM", "--year", "2019/20", *DB)),
        Row("value:monitoring-year-far", ("psr", "monitoring", "QHM", "--year", "9999/00", *DB)),
        Row(
            "value:notice-schedule",
            _swap(_dated(DATED[("psr notice", "--date")], "2025-06-24"), "--schedule", "x"),
        ),
        Row("value:regime", ("law", "--regime", "martian")),
        Row("value:compare-regime", ("compare", "{scenario}", "martian", "hca2022")),
        Row("value:run-regime", ("run", "{scenario}", "--regime", "martian")),
        Row(
            "value:open-decision-maker",
            _swap(
                _dated(DATED[("psr open", "--date")], "2025-05-01"), "--decision-maker", "no-equals"
            ),
        ),
        Row(
            "value:tokens-scope",
            (
                "tokens",
                "create",
                "--email",
                "a@example.org",
                "--scope",
                "everything",
                "--name",
                "n",
                *DB,
            ),
        ),
        Row(
            "value:users-role",
            (
                "users",
                "add",
                "--organisation",
                "QHM",
                "--email",
                "a@example.org",
                "--role",
                "god",
                "--password-stdin",
                *DB,
            ),
        ),
    ]
    return rows
