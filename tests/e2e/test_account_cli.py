"""`nhswiring users ...` and `nhswiring tokens ...` as users run them, on a copy of the register."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from nhswiring.entrypoints.cli import app
from nhswiring.ledger.database import make_engine
from nhswiring.service.accounts import Accounts

PASSWORD = "correct horse battery staple"


@pytest.fixture
def db(loaded_sqlite_url: str, tmp_path: Path) -> str:
    copy = tmp_path / "accounts.db"
    shutil.copy(loaded_sqlite_url.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


def invoke(db: str, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, [*args, "--database", db], input=stdin)


def ok_json(db: str, *args: str) -> Any:
    result = invoke(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_users_and_tokens_round_trip(db: str) -> None:
    added = invoke(
        db,
        *("users", "add", "--organisation", "QHM", "--email", "Ann@nhs.net"),
        *("--role", "editor", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert "Ann@nhs.net" in added.stdout
    assert "NHS North East and North Cumbria Integrated Care Board" in added.stdout

    prompted = invoke(
        db,
        *("users", "add", "--organisation", "E08000037", "--email", "bob@gateshead.gov.uk"),
        *("--role", "viewer"),
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert prompted.exit_code == 0, prompted.output
    assert PASSWORD not in prompted.output  # hidden input is not echoed

    users = ok_json(db, "users", "list")
    assert [(u["organisation"], u["email"], u["role"]) for u in users] == [
        ("E08000037", "bob@gateshead.gov.uk", "viewer"),
        ("QHM", "Ann@nhs.net", "editor"),
    ]
    assert "password_hash" not in users[0]
    assert [u["email"] for u in ok_json(db, "users", "list", "--organisation", "QHM")] == [
        "Ann@nhs.net"
    ]
    table = invoke(db, "users", "list")
    assert table.exit_code == 0
    assert "bob@gateshead.gov.uk" in table.stdout

    created = ok_json(
        db,
        *("tokens", "create", "--email", "ann@nhs.net", "--scope", "cases:read"),
        *("--scope", "cases:write", "--name", "CI"),
    )
    token = created["token"]
    assert token.startswith("nhsw_")
    assert created["prefix"] == token[:8]
    assert created["scopes"] == ["cases:read", "cases:write"]
    assert "not be shown again" in created["warning"]

    accounts = Accounts(make_engine(db))
    principal = accounts.principal_for_token(token)
    assert principal is not None
    assert principal.can("cases:write")

    plain = invoke(
        db, "tokens", "create", "--email", "ann@nhs.net", "--scope", "cases:read", "--name", "x"
    )
    assert plain.exit_code == 0, plain.output
    second = plain.stdout.strip().splitlines()[-1]
    assert second.startswith("nhsw_")
    assert "will not be shown again" in plain.stderr

    listed = ok_json(db, "tokens", "list", "--email", "ann@nhs.net")
    assert [(t["id"], t["name"], t["revoked_at"]) for t in listed] == [
        (created["id"], "CI", None),
        (listed[1]["id"], "x", None),
    ]
    assert token not in json.dumps(listed)
    listing = invoke(db, "tokens", "list", "--email", "ann@nhs.net")
    assert token not in listing.stdout
    assert created["prefix"] in listing.stdout

    revoked = invoke(db, "tokens", "revoke", str(created["id"]))
    assert revoked.exit_code == 0, revoked.output
    assert "revoked" in revoked.stdout
    assert accounts.principal_for_token(token) is None
    assert accounts.principal_for_token(second) is not None
    assert ok_json(db, "tokens", "list", "--email", "ann@nhs.net")[0]["revoked_at"]


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (["users", "add", "--organisation", "QHM", "--email", "a@nhs.net", "--role", "boss",
          "--password-stdin"], PASSWORD, "role"),
        (["users", "add", "--organisation", "ZZZ99", "--email", "a@nhs.net", "--role", "viewer",
          "--password-stdin"], PASSWORD, "organisation"),
        (["users", "add", "--organisation", "QHM", "--email", "a@", "--role", "viewer",
          "--password-stdin"], PASSWORD, "email"),
        (["users", "add", "--organisation", "QHM", "--email", "a@nhs.net", "--role", "viewer",
          "--password-stdin"], "too short", "password"),
        (["tokens", "create", "--email", "nobody@nhs.net", "--scope", "cases:read", "--name",
          "CI"], None, "email"),
        (["tokens", "revoke", "999"], None, "id"),
        (["tokens", "list", "--email", "nobody@nhs.net"], None, "email"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_naming_the_field_and_exit_2(
    db: str, args: list[str], stdin: str | None, field: str
) -> None:
    result = invoke(db, *args, stdin=stdin)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {field}:")
    assert "Traceback" not in result.output
    assert "too short" not in result.output


def test_a_token_beyond_the_users_role_is_refused(db: str) -> None:
    added = invoke(
        db,
        *("users", "add", "--organisation", "RX4", "--email", "v@nhs.net", "--role", "viewer"),
        "--password-stdin",
        stdin=PASSWORD,
    )
    assert added.exit_code == 0, added.output
    result = invoke(
        db, "tokens", "create", "--email", "v@nhs.net", "--scope", "cases:write", "--name", "CI"
    )
    assert result.exit_code == 2
    assert "viewer may not hold cases:write" in result.stderr
    assert "nhsw_" not in result.output


def test_a_duplicate_user_is_refused(db: str) -> None:
    args = ["users", "add", "--organisation", "QHM", "--email", "a@nhs.net", "--role", "viewer"]
    assert invoke(db, *args, "--password-stdin", stdin=PASSWORD).exit_code == 0
    shouted = [a.replace("a@nhs.net", "A@NHS.NET") for a in args]
    again = invoke(db, *shouted, "--password-stdin", stdin=PASSWORD)
    assert again.exit_code == 2
    assert "already has an account" in again.stderr


def test_an_empty_database_is_told_to_initialise(tmp_path: Path) -> None:
    result = invoke(f"sqlite:///{tmp_path / 'empty.db'}", "users", "list")
    assert result.exit_code == 2
    assert "nhswiring init" in result.stderr


def test_a_bad_role_is_reported_before_the_password_is_asked_for(db: str) -> None:
    args = ["users", "add", "--organisation", "QHM", "--email", "a@nhs.net", "--role", "boss"]
    result = invoke(db, *args, stdin="")
    assert result.exit_code == 2
    assert "Password" not in result.output
    assert result.stderr.startswith("error: role:")
