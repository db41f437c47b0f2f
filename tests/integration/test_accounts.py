"""Accounts on both backends: users, passwords and lockout, API tokens and their scopes."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from alembic import command
from argon2 import PasswordHasher
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

from nhswiring.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    DuplicateEmail,
    InvalidInput,
    ScopeNotAllowed,
    UnknownBody,
    UnknownToken,
    UnknownUser,
)
from nhswiring.ledger.accounts_schema import api_token, app_user, organisation
from nhswiring.ledger.database import alembic_config, current_revision, make_engine, migrate
from nhswiring.service.accounts import (
    Accounts,
    Principal,
    UserRole,
    check_password,
    normalise_email,
)
from nhswiring.service.system import System
from tests.conftest import POSTGRES_URL

PASSWORD = "correct horse battery staple"
T0 = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


class CountingHasher(PasswordHasher):
    """Argon2id, cheap enough for tests, counting verifications (to show that unknown emails
    cost one too). The default parameters are tested by the rehash test."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8192, parallelism=1)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verified += 1
        return super().verify(hash, password)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def loaded_engine(
    request: pytest.FixtureRequest, tmp_path: Path, loaded_sqlite_url: str
) -> Iterator[Engine]:
    """A database with the real register recorded, of the test's own, on each backend."""
    if request.param == "sqlite":
        copy = tmp_path / "accounts.db"
        shutil.copy(loaded_sqlite_url.removeprefix("sqlite:///"), copy)
        engine = make_engine(f"sqlite:///{copy}")
        yield engine
        engine.dispose()
        return
    request.getfixturevalue("postgres_schema_url")  # skips, or fails in CI, without a server
    schema = f"nhswiring_accounts_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    system = System.connect(f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}")
    system.initialise()
    yield system.engine
    system.engine.dispose()
    with admin.begin() as c:
        c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def hasher() -> CountingHasher:
    return CountingHasher()


@pytest.fixture
def accounts(loaded_engine: Engine, hasher: CountingHasher) -> Accounts:
    return Accounts(loaded_engine, hasher=hasher)


def add(accounts: Accounts, email: str = "ann@nhs.net", role: str = "editor", **kw: Any) -> None:
    accounts.add_user(kw.pop("organisation", "QHM"), email, role, kw.pop("password", PASSWORD))


# --- users ----------------------------------------------------------------------------------


def test_a_user_joins_an_organisation_created_with_the_body_name(accounts: Accounts) -> None:
    user = accounts.add_user(" qhm ", "Ann.Example@NHS.net", "viewer", PASSWORD)
    assert user.organisation == "QHM"
    assert user.organisation_name == "NHS North East and North Cumbria Integrated Care Board"
    assert user.email == "Ann.Example@NHS.net"
    assert user.role is UserRole.VIEWER
    assert (user.failed_logins, user.locked_until, user.disabled_at) == (0, None, None)
    assert user.created_at.tzinfo is not None
    assert accounts.user("ann.example@nhs.net") == user
    with accounts.engine.connect() as c:
        stored = c.execute(select(app_user.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_bodies_of_every_sort_can_have_users(accounts: Accounts) -> None:
    add(accounts, "a@nhs.net", organisation="RX4")
    add(accounts, "b@nhs.net", organisation="00L")
    add(accounts, "c@england.nhs.uk", organisation="NHSE", role="admin")
    add(accounts, "d@gateshead.gov.uk", organisation="E08000037", role="viewer")
    add(accounts, "e@nhs.net", organisation="RX4")
    assert [u.email for u in accounts.list_users("RX4")] == ["a@nhs.net", "e@nhs.net"]
    assert [u.organisation for u in accounts.list_users()] == [
        "00L",
        "E08000037",
        "NHSE",
        "RX4",
        "RX4",
    ]
    names = {u.organisation: u.organisation_name for u in accounts.list_users()}
    assert names["00L"] == "NHS North East and North Cumbria ICB - 00L"  # its current life
    assert names["E08000037"] == "Gateshead"


def test_an_organisation_name_can_be_given(accounts: Accounts) -> None:
    user = accounts.add_user("NHSE", "x@england.nhs.uk", "admin", PASSWORD, "NHS England (HQ)")
    assert user.organisation_name == "NHS England (HQ)"
    # the name is fixed when the organisation is first used
    later = accounts.add_user("NHSE", "y@england.nhs.uk", "viewer", PASSWORD, "Another")
    assert later.organisation_name == "NHS England (HQ)"


def test_an_organisation_not_in_the_register_is_refused(accounts: Accounts) -> None:
    with pytest.raises(UnknownBody) as caught:
        add(accounts, organisation="ZZZ99")
    assert caught.value.field == "organisation"
    assert "QHM" in caught.value.accepted
    with accounts.engine.connect() as c:
        assert c.execute(select(organisation)).all() == []
        assert c.execute(select(app_user)).all() == []


def test_a_duplicate_email_is_refused_whatever_its_case(accounts: Accounts) -> None:
    add(accounts, "ann@nhs.net")
    with pytest.raises(DuplicateEmail) as caught:
        add(accounts, " ANN@NHS.NET ", organisation="RX4")
    assert caught.value.field == "email"
    assert len(accounts.list_users()) == 1


def test_the_database_refuses_a_duplicate_email_too(accounts: Accounts) -> None:
    add(accounts, "ann@nhs.net")
    row = {"organisation": "QHM", "password_hash": "x", "role": "viewer", "created_at": T0}
    with pytest.raises(IntegrityError), accounts.engine.begin() as c:
        c.execute(app_user.insert().values(email="Ann@nhs.net", **row))


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"role": "superuser"}, "role"),
        ({"email": "not an email"}, "email"),
        ({"password": "short"}, "password"),
    ],
)
def test_bad_input_names_the_field(accounts: Accounts, kw: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        add(accounts, **kw)
    assert caught.value.field == field
    assert "short" not in str(caught.value)  # a password is never echoed
    assert accounts.list_users() == []


def test_an_unknown_user_is_reported(accounts: Accounts) -> None:
    with pytest.raises(UnknownUser):
        accounts.user("nobody@nhs.net")
    with pytest.raises(UnknownUser):
        accounts.list_tokens("nobody@nhs.net")


# --- passwords and lockout ------------------------------------------------------------------


def test_the_right_password_gives_the_principal(accounts: Accounts) -> None:
    add(accounts, "Ann@nhs.net", role="viewer")
    principal = accounts.authenticate("ann@NHS.net", PASSWORD, now=T0)
    assert principal == Principal(
        principal.user_id, "Ann@nhs.net", "QHM", UserRole.VIEWER, frozenset({"cases:read"})
    )
    assert principal.can("cases:read")
    assert not principal.can("cases:write")


def test_a_wrong_password_and_an_unknown_email_fail_alike(
    accounts: Accounts, hasher: CountingHasher
) -> None:
    add(accounts)
    failures = []
    for email, password in [("ann@nhs.net", "wrong password!"), ("bob@nhs.net", PASSWORD)]:
        before = hasher.verified
        with pytest.raises(AuthenticationFailed) as caught:
            accounts.authenticate(email, password, now=T0)
        assert hasher.verified == before + 1  # an Argon2 verification either way
        failures.append(str(caught.value))
    assert failures[0] == failures[1]
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate("not an email", PASSWORD, now=T0)
    assert accounts.user("ann@nhs.net").failed_logins == 1


def test_five_failures_lock_the_account_for_fifteen_minutes(accounts: Accounts) -> None:
    add(accounts)
    for i in range(5):
        with pytest.raises(AuthenticationFailed) as caught:
            accounts.authenticate("ann@nhs.net", "wrong password!", now=T0 + timedelta(seconds=i))
        assert not isinstance(caught.value, AccountLocked)
    until = T0 + timedelta(seconds=4) + timedelta(minutes=15)
    assert accounts.user("ann@nhs.net").locked_until == until
    with pytest.raises(AccountLocked) as locked:
        accounts.authenticate("ann@nhs.net", PASSWORD, now=T0 + timedelta(minutes=10))
    assert locked.value.until == until
    assert until.isoformat(timespec="seconds") in str(locked.value)
    with pytest.raises(AccountLocked):
        accounts.authenticate("ann@nhs.net", PASSWORD, now=until - timedelta(seconds=1))
    # the lock lapses by itself, and a success clears it
    principal = accounts.authenticate("ann@nhs.net", PASSWORD, now=until)
    assert principal.email == "ann@nhs.net"
    user = accounts.user("ann@nhs.net")
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_after_a_lock_lapses_the_count_starts_again(accounts: Accounts) -> None:
    add(accounts)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate("ann@nhs.net", "wrong password!", now=T0)
    later = T0 + timedelta(minutes=16)
    with pytest.raises(AuthenticationFailed) as caught:
        accounts.authenticate("ann@nhs.net", "wrong password!", now=later)
    assert not isinstance(caught.value, AccountLocked)
    assert accounts.user("ann@nhs.net").failed_logins == 1


def test_a_success_resets_the_count_of_failures(accounts: Accounts) -> None:
    add(accounts)
    for _ in range(2):
        for _ in range(4):
            with pytest.raises(AuthenticationFailed):
                accounts.authenticate("ann@nhs.net", "wrong password!", now=T0)
        assert accounts.user("ann@nhs.net").failed_logins == 4
        accounts.authenticate("ann@nhs.net", PASSWORD, now=T0)
        assert accounts.user("ann@nhs.net").failed_logins == 0
    assert accounts.user("ann@nhs.net").locked_until is None


def test_a_hash_with_old_parameters_is_upgraded_on_login(loaded_engine: Engine) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=4096, parallelism=1)
    Accounts(loaded_engine, hasher=weak).add_user("QHM", "ann@nhs.net", "viewer", PASSWORD)
    accounts = Accounts(loaded_engine)
    with loaded_engine.connect() as c:
        before = c.execute(select(app_user.c.password_hash)).scalar_one()
    accounts.authenticate("ann@nhs.net", PASSWORD, now=T0)
    with loaded_engine.connect() as c:
        after = c.execute(select(app_user.c.password_hash)).scalar_one()
    assert before != after
    assert not PasswordHasher().check_needs_rehash(after)
    assert accounts.authenticate("ann@nhs.net", PASSWORD, now=T0).email == "ann@nhs.net"


def test_a_disabled_user_cannot_log_in_or_use_tokens(accounts: Accounts) -> None:
    add(accounts)
    _, token = accounts.create_token("ann@nhs.net", ["cases:read"], "CI")
    with accounts.engine.begin() as c:
        c.execute(app_user.update().values(disabled_at=T0))
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate("ann@nhs.net", PASSWORD, now=T0)
    assert accounts.principal_for_token(token, now=T0) is None


# --- API tokens -----------------------------------------------------------------------------


def test_a_token_is_shown_once_and_kept_only_as_a_hash(accounts: Accounts) -> None:
    add(accounts)
    info, token = accounts.create_token("ann@nhs.net", ["cases:read", "cases:write"], " CI ")
    assert token.startswith("nhsw_")
    assert len(token) >= 45
    assert info.prefix == token[:8]
    assert (info.name, info.email) == ("CI", "ann@nhs.net")
    assert info.scopes == frozenset({"cases:read", "cases:write"})
    assert (info.last_used_at, info.revoked_at) == (None, None)
    with accounts.engine.connect() as c:
        row = c.execute(select(api_token)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(tuple(row))
    assert accounts.list_tokens("ANN@nhs.net") == [info]
    _, other = accounts.create_token("ann@nhs.net", ["cases:read"], "laptop")
    assert other != token


def test_a_token_stands_for_its_user_with_its_scopes(accounts: Accounts) -> None:
    add(accounts, role="editor")
    _, token = accounts.create_token("ann@nhs.net", ["cases:read"], "reader")
    principal = accounts.principal_for_token(token, now=T0)
    assert principal is not None
    assert (principal.email, principal.organisation, principal.role) == (
        "ann@nhs.net",
        "QHM",
        UserRole.EDITOR,
    )
    assert principal.can("cases:read")
    assert not principal.can("cases:write")  # the token's scopes, not the role's


@pytest.mark.parametrize(
    "token", ["", "nhsw_", "nhsw_not-a-real-token", "Bearer nhsw_x", "x" * 10_000, "nhsw_" * 99]
)
def test_an_unknown_token_stands_for_nobody(accounts: Accounts, token: str) -> None:
    add(accounts)
    accounts.create_token("ann@nhs.net", ["cases:read"], "CI")
    assert accounts.principal_for_token(token, now=T0) is None


def test_a_revoked_token_stands_for_nobody(accounts: Accounts) -> None:
    add(accounts)
    info, token = accounts.create_token("ann@nhs.net", ["cases:read"], "CI")
    _, kept = accounts.create_token("ann@nhs.net", ["cases:read"], "laptop")
    revoked = accounts.revoke_token(info.id)
    assert revoked.revoked_at is not None
    assert accounts.principal_for_token(token, now=T0) is None
    assert accounts.principal_for_token(kept, now=T0) is not None
    assert accounts.revoke_token(info.id) == revoked  # revoking again changes nothing
    assert [t.revoked_at is None for t in accounts.list_tokens("ann@nhs.net")] == [False, True]
    with pytest.raises(UnknownToken):
        accounts.revoke_token(9999)


def test_last_use_is_recorded_at_most_once_a_minute(accounts: Accounts) -> None:
    add(accounts)
    _, token = accounts.create_token("ann@nhs.net", ["cases:read"], "CI")

    def last_used() -> datetime | None:
        return accounts.list_tokens("ann@nhs.net")[0].last_used_at

    assert accounts.principal_for_token(token, now=T0) is not None
    assert last_used() == T0
    accounts.principal_for_token(token, now=T0 + timedelta(seconds=59))
    assert last_used() == T0
    accounts.principal_for_token(token, now=T0 + timedelta(seconds=60))
    assert last_used() == T0 + timedelta(seconds=60)


def test_a_token_may_not_exceed_its_users_role(accounts: Accounts) -> None:
    add(accounts, "viewer@nhs.net", role="viewer")
    add(accounts, "admin@nhs.net", role="admin")
    with pytest.raises(ScopeNotAllowed) as caught:
        accounts.create_token("viewer@nhs.net", ["cases:read", "cases:write"], "CI")
    assert caught.value.field == "scope"
    assert "cases:write" in caught.value.problem
    assert accounts.list_tokens("viewer@nhs.net") == []
    info, _ = accounts.create_token("admin@nhs.net", ["cases:write", "cases:read"], "CI")
    assert info.scopes == frozenset({"cases:read", "cases:write"})


def test_a_token_loses_scopes_its_users_role_no_longer_grants(accounts: Accounts) -> None:
    add(accounts, role="editor")
    _, token = accounts.create_token("ann@nhs.net", ["cases:read", "cases:write"], "CI")
    with accounts.engine.begin() as c:
        c.execute(app_user.update().values(role="viewer"))
    principal = accounts.principal_for_token(token, now=T0)
    assert principal is not None
    assert principal.scopes == frozenset({"cases:read"})


@pytest.mark.parametrize(
    ("scopes", "name", "field"),
    [
        ([], "CI", "scope"),
        (["cases:delete"], "CI", "scope"),
        (["cases:read"], "  ", "name"),
        (["cases:read"], "x" * 81, "name"),
    ],
)
def test_bad_token_requests_name_the_field(
    accounts: Accounts, scopes: list[str], name: str, field: str
) -> None:
    add(accounts)
    with pytest.raises(InvalidInput) as caught:
        accounts.create_token("ann@nhs.net", scopes, name)
    assert caught.value.field == field
    with pytest.raises(UnknownUser):
        accounts.create_token("bob@nhs.net", ["cases:read"], "CI")


# --- the migration --------------------------------------------------------------------------


def test_migration_0003_goes_down_and_up_again(engine: Engine) -> None:
    head = current_revision(engine)
    assert head is not None
    assert head >= "0003"
    assert {"organisation", "app_user", "api_token"} <= set(inspect(engine).get_table_names())
    with engine.begin() as c:
        config = alembic_config(engine)
        config.attributes["connection"] = c
        command.downgrade(config, "0002")
    assert current_revision(engine) == "0002"
    assert not {"organisation", "app_user", "api_token"} & set(inspect(engine).get_table_names())
    migrate(engine)
    assert current_revision(engine) == head


# --- validation, by property ----------------------------------------------------------------


@given(st.emails())
def test_well_formed_emails_are_accepted(email: str) -> None:
    assert normalise_email(f" {email} ") == email


@given(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_characters="@"), max_size=40),
        st.emails().map(lambda e: e.replace("@", " @")),
        st.emails().map(lambda e: e + "@x.org"),
        st.emails().map(lambda e: e.split("@")[0] + "@localhost"),
        st.emails().map(lambda e: "é" + e),
        st.emails().map(lambda e: e.replace("@", "@-")),
        st.emails().map(lambda e: "." + e),
    )
)
def test_malformed_emails_are_refused(email: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_email(email)
    assert caught.value.field == "email"


@given(st.text(max_size=11))
def test_short_passwords_are_refused(password: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_password(password)
    assert caught.value.field == "password"


@given(st.text(min_size=12, max_size=200))
def test_passwords_of_twelve_characters_or_more_are_accepted(password: str) -> None:
    assert check_password(password) == password
