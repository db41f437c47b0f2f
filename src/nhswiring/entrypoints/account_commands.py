"""`nhswiring users ...` and `nhswiring tokens ...`: accounts for the web app and the JSON API."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

import typer

from nhswiring.domain.errors import DuplicateEmail, InvalidInput, NhswiringError, UnknownUser
from nhswiring.entrypoints import render
from nhswiring.entrypoints.bounds import NAME
from nhswiring.entrypoints.options import DatabaseOpt, JsonOpt
from nhswiring.ledger.database import migrate
from nhswiring.service.accounts import Accounts, TokenInfo, UserInfo, normalise_email, parse_role
from nhswiring.service.system import System

users = typer.Typer(help="Users of the web app and the JSON API.", no_args_is_help=True)
tokens = typer.Typer(help="API tokens for the JSON API.", no_args_is_help=True)

EmailOpt = Annotated[str, typer.Option("--email", help="The user's email address.", callback=NAME)]

NOT_SHOWN_AGAIN = "store this token now: it will not be shown again"


def register(app: typer.Typer) -> None:
    app.add_typer(users, name="users")
    app.add_typer(tokens, name="tokens")


@contextmanager
def _guarded() -> Iterator[None]:
    """Our own errors become one line on stderr: exit 2 for bad input, 1 otherwise (as
    `nhswiring.entrypoints.cli.main` does, but also when the app is invoked directly)."""
    try:
        yield
    except InvalidInput as exc:
        render.error_line(str(exc))
        raise typer.Exit(2) from None
    except NhswiringError as exc:
        render.error_line(str(exc))
        raise typer.Exit(1) from None


def _accounts(database: str | None) -> Accounts:
    system = System.connect(database)
    system.require_loaded()
    migrate(system.engine)  # a database made before accounts existed gains their tables
    return Accounts(system.engine)


@users.command("add")
def add_user(
    organisation: Annotated[
        str, typer.Option("--organisation", help="ODS code (QHM, RX4, 00L, NHSE) or ONS LA code.")
    ],
    email: EmailOpt,
    role: Annotated[str, typer.Option("--role", help="viewer, editor or admin.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    database: DatabaseOpt = None,
) -> None:
    """Add a user to an organisation (prompts twice for the password unless --password-stdin)."""
    with _guarded():
        accounts = _accounts(database)
        # Typos are reported before anyone types a password.
        parse_role(role)
        _must_be_new(accounts, normalise_email(email))
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        user = accounts.add_user(organisation, email, role, password)
    render.console.print(
        f"added {user.email} ({user.role.value}) to {user.organisation_name} "
        f"({user.organisation}), user id {user.id}",
        highlight=False,
    )


def _must_be_new(accounts: Accounts, email: str) -> None:
    try:
        accounts.user(email)
    except UnknownUser:
        return
    raise DuplicateEmail("email", f"{email} already has an account", "use another address")


@users.command("list")
def list_users(
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="Only this organisation's users.")
    ] = None,
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """The users, by organisation."""
    with _guarded():
        rows = _accounts(database).list_users(organisation)
    if json:
        render.emit_json([u.to_json() for u in rows])
        return
    render.table(
        f"users: {len(rows)}",
        ["id", "organisation", "email", "role", "status", "created"],
        [[u.id, u.organisation, u.email, u.role.value, _status(u), _day(u)] for u in rows],
    )


def _status(user: UserInfo) -> str:
    if user.disabled_at:
        return "disabled"
    if user.locked_until:
        return f"locked until {user.locked_until.isoformat(timespec='seconds')}"
    return "active"


def _day(user: UserInfo) -> str:
    return user.created_at.date().isoformat()


@tokens.command("create")
def create_token(
    email: EmailOpt,
    scope: Annotated[
        list[str],
        typer.Option("--scope", help="cases:read, cases:write or finance:write (repeatable)."),
    ],
    name: Annotated[
        str, typer.Option("--name", help="What the token is for, e.g. CI.", callback=NAME)
    ],
    json: JsonOpt = False,
    database: DatabaseOpt = None,
) -> None:
    """Create an API token and print it, once."""
    with _guarded():
        info, plaintext = _accounts(database).create_token(email, scope, name)
    if json:
        render.emit_json(info.to_json() | {"token": plaintext, "warning": NOT_SHOWN_AGAIN})
        return
    render.console.print(
        f"token {info.id} ({info.name}) for {info.email}, scopes {' '.join(sorted(info.scopes))}:",
        highlight=False,
    )
    sys.stdout.write(plaintext + "\n")
    render.errors.print(f"[bold yellow]warning:[/] {NOT_SHOWN_AGAIN}", highlight=False)


@tokens.command("revoke")
def revoke_token(
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The token's id.")],
    database: DatabaseOpt = None,
) -> None:
    """Revoke an API token: it stops working at once."""
    with _guarded():
        info = _accounts(database).revoke_token(token_id)
    render.console.print(
        f"token {info.id} ({info.name}, {info.prefix}…) of {info.email} revoked", highlight=False
    )


@tokens.command("list")
def list_tokens(email: EmailOpt, json: JsonOpt = False, database: DatabaseOpt = None) -> None:
    """A user's API tokens (their first characters only, never the tokens)."""
    with _guarded():
        rows = _accounts(database).list_tokens(email)
    if json:
        render.emit_json([t.to_json() for t in rows])
        return
    render.table(
        f"tokens of {email}: {len(rows)}",
        ["id", "name", "prefix", "scopes", "created", "last used", "revoked"],
        [_token_row(t) for t in rows],
    )


def _token_row(t: TokenInfo) -> list[str]:
    def when(moment: datetime | None) -> str:
        return moment.isoformat(timespec="seconds") if moment else ""

    return [
        str(t.id),
        t.name,
        t.prefix + "…",
        " ".join(sorted(t.scopes)),
        when(t.created_at),
        when(t.last_used_at),
        when(t.revoked_at),
    ]
