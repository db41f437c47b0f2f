"""Organisations, their users and API tokens: who may use the web app and the JSON API.

Accounts live in ordinary tables beside the ledger (``ledger/accounts_schema.py``). Every
organisation is a body in the register. Passwords are kept as Argon2id hashes; API tokens are
random (``nhsw_`` + 32 random bytes, URL-safe), shown once, and kept as SHA-256 hashes, which is
enough for a secret with 256 bits of entropy and lets a token be found by its hash alone.

A role grants scopes (viewer: ``cases:read``; editor and admin: ``cases:read``,
``cases:write`` and ``finance:write``, recording finance figures); a token carries some of its
user's scopes, never more, and a token whose user's role was later reduced carries only what
the role still grants.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, Row, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
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
from nhswiring.domain.register import Register
from nhswiring.ledger.accounts_schema import api_token, app_user, organisation
from nhswiring.service.system import System

TOKEN_PREFIX = "nhsw_"
PREFIX_CHARS = 8
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
LAST_USED_GRANULARITY = timedelta(minutes=1)
SCOPES = frozenset({"cases:read", "cases:write", "finance:write"})


class UserRole(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


ROLE_SCOPES: dict[UserRole, frozenset[str]] = {
    UserRole.VIEWER: frozenset({"cases:read"}),
    UserRole.EDITOR: frozenset({"cases:read", "cases:write", "finance:write"}),
    UserRole.ADMIN: frozenset({"cases:read", "cases:write", "finance:write"}),
}


# --- values ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is making a request, and what they may do."""

    user_id: int
    email: str
    organisation: str
    role: UserRole
    scopes: frozenset[str]

    def can(self, scope: str) -> bool:
        return scope in self.scopes


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    email: str
    organisation: str
    organisation_name: str
    role: UserRole
    failed_logins: int
    locked_until: datetime | None
    created_at: datetime
    disabled_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "organisation": self.organisation,
            "organisation_name": self.organisation_name,
            "role": self.role.value,
            "failed_logins": self.failed_logins,
            "locked_until": _iso(self.locked_until),
            "created_at": _iso(self.created_at),
            "disabled_at": _iso(self.disabled_at),
        }


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token as it may be shown again: never the token itself, only its first characters."""

    id: int
    email: str
    name: str
    prefix: str
    scopes: frozenset[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "prefix": self.prefix,
            "scopes": sorted(self.scopes),
            "created_at": _iso(self.created_at),
            "last_used_at": _iso(self.last_used_at),
            "revoked_at": _iso(self.revoked_at),
        }


# --- validation -----------------------------------------------------------------------------

_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TLD = re.compile(r"[A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{1,59}")  # punycode too
_EMAIL_FIX = "use an address such as jo.bloggs@nhs.net (ASCII, one @, a domain with a dot)"


def normalise_email(email: str) -> str:
    """The email as given (trimmed), if it is a plausible ASCII address; else InvalidInput."""
    text = email.strip()
    if not text:
        raise InvalidInput("email", "is empty", _EMAIL_FIX)
    if len(text) > 254 or not text.isascii():
        raise InvalidInput("email", f"{text[:60]!r} is not a valid address", _EMAIL_FIX)
    local, at, domain = text.rpartition("@")
    labels = domain.split(".")
    if (
        not at
        or len(local) > 64
        or not _LOCAL.fullmatch(local)
        or len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or not _TLD.fullmatch(labels[-1])
    ):
        raise InvalidInput("email", f"{text!r} is not a valid address", _EMAIL_FIX)
    return text


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            "password",
            f"is {len(password)} characters long",
            f"use at least {MIN_PASSWORD} characters (a passphrase of several words is good)",
        )
    if len(password) > MAX_PASSWORD:
        raise InvalidInput("password", "is too long", f"use at most {MAX_PASSWORD} characters")
    return password


def parse_role(role: str) -> UserRole:
    try:
        return UserRole(role.strip().lower())
    except ValueError:
        raise InvalidInput(
            "role", f"{role!r} is not a role", "use viewer, editor or admin"
        ) from None


def parse_scopes(scopes: Iterable[str]) -> frozenset[str]:
    wanted = frozenset(s.strip() for s in scopes)
    if not wanted:
        raise InvalidInput(
            "scope", "none given", "give at least one of cases:read, cases:write, finance:write"
        )
    unknown = sorted(wanted - SCOPES)
    if unknown:
        raise InvalidInput(
            "scope",
            f"{', '.join(unknown)} is not a scope",
            "use cases:read, cases:write or finance:write",
        )
    return wanted


def _token_name(name: str) -> str:
    text = name.strip()
    if not text or len(text) > 80 or not text.isprintable():
        raise InvalidInput(
            "name", f"{text[:40]!r} is not a usable token name", "use 1 to 80 printable characters"
        )
    return text


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


# --- the service ----------------------------------------------------------------------------


class Accounts:
    """Users of the web app and the JSON API, and their API tokens.

    ``register`` (optional) supplies the register that organisation codes are checked
    against; by default it is the one recorded in the same database.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        register: Register | None = None,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.engine = engine
        self._register = register
        self._system = System(engine)  # caches the register by the ledger's head
        self._hasher = hasher or PasswordHasher()
        # Unknown emails are checked against this, so they take as long as known ones.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))

    # --- users -----------------------------------------------------------------------------

    def add_user(
        self,
        organisation: str,
        email: str,
        role: str,
        password: str,
        organisation_name: str | None = None,
    ) -> UserInfo:
        """Add a user to an organisation (a body in the register; created on first use)."""
        the_role = parse_role(role)
        the_email = normalise_email(email)
        check_password(password)
        code, body_name = self._body(organisation)
        name = body_name if organisation_name is None else organisation_name.strip()
        if not name or len(name) > 200:
            raise InvalidInput(
                "organisation-name", "is empty or too long", "use 1 to 200 characters"
            )
        password_hash = self._hasher.hash(password)
        now = _now()
        with self.engine.begin() as c:
            if self._user_row(c, the_email) is not None:
                raise _duplicate(the_email)
            c.execute(self._insert_organisation(code, name, now))
            try:
                c.execute(
                    app_user.insert().values(
                        organisation=code,
                        email=the_email,
                        password_hash=password_hash,
                        role=the_role.value,
                        failed_logins=0,
                        created_at=now,
                    )
                )
            except IntegrityError:  # a concurrent add of the same email won the race
                raise _duplicate(the_email) from None
        return self.user(the_email)

    def user(self, email: str) -> UserInfo:
        with self.engine.connect() as c:
            row = self._user_row(c, normalise_email(email))
        if row is None:
            raise _unknown_user(email)
        return _user_info(row)

    def list_users(self, organisation: str | None = None) -> list[UserInfo]:
        query = _users_query().order_by(app_user.c.organisation, func.lower(app_user.c.email))
        if organisation is not None:
            query = query.where(app_user.c.organisation == _code(organisation))
        with self.engine.connect() as c:
            return [_user_info(row) for row in c.execute(query)]

    def authenticate(self, email: str, password: str, now: datetime | None = None) -> Principal:
        """The principal for a correct email and password, or AuthenticationFailed.

        Five consecutive failures lock the account for 15 minutes (AccountLocked, even with
        the right password); a success resets the count.
        """
        now = _aware(now) if now else _now()
        try:
            the_email = normalise_email(email)
        except InvalidInput:
            the_email = None
        with self.engine.begin() as c:
            row = self._user_row(c, the_email) if the_email else None
            if row is None or row.disabled_at is not None:
                self._verify(self._dummy_hash if row is None else row.password_hash, password)
                raise AuthenticationFailed()
            ok = self._verify(row.password_hash, password)
            locked_until = _aware(row.locked_until) if row.locked_until else None
            if locked_until and locked_until > now:
                raise AccountLocked(locked_until, MAX_FAILURES)
            if not ok:
                self._count_failure(c, row.id, now)
            else:
                changes: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
                if self._hasher.check_needs_rehash(row.password_hash):
                    changes["password_hash"] = self._hasher.hash(password)
                c.execute(update(app_user).where(app_user.c.id == row.id).values(**changes))
        if not ok:
            # Raised outside the transaction, so that the failure count is committed.
            raise AuthenticationFailed()
        role = UserRole(row.role)
        return Principal(row.id, row.email, row.organisation, role, ROLE_SCOPES[role])

    # --- tokens ----------------------------------------------------------------------------

    def create_token(self, email: str, scopes: Iterable[str], name: str) -> tuple[TokenInfo, str]:
        """A new API token for the user: its details, and the token itself (shown only once)."""
        wanted = parse_scopes(scopes)
        the_name = _token_name(name)
        with self.engine.begin() as c:
            row = self._user_row(c, normalise_email(email))
            if row is None:
                raise _unknown_user(email)
            if row.disabled_at is not None:
                raise InvalidInput("email", f"{row.email} is disabled", "use an active user")
            role = UserRole(row.role)
            beyond = sorted(wanted - ROLE_SCOPES[role])
            if beyond:
                raise ScopeNotAllowed(
                    "scope",
                    f"a {role.value} may not hold {', '.join(beyond)}",
                    f"use {', '.join(sorted(ROLE_SCOPES[role]))}, or give the user a wider role",
                )
            plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
            token_id = c.execute(
                api_token.insert()
                .returning(api_token.c.id)
                .values(
                    user_id=row.id,
                    name=the_name,
                    prefix=plaintext[:PREFIX_CHARS],
                    token_hash=hash_token(plaintext),
                    scopes=" ".join(sorted(wanted)),
                    created_at=_now(),
                )
            ).scalar_one()
            info = self._token(c, token_id)
        return info, plaintext

    def principal_for_token(self, plaintext: str, now: datetime | None = None) -> Principal | None:
        """The principal a token stands for, or None if it is unknown or revoked (or its user
        is disabled). Records when it was last used, at most once a minute."""
        if not plaintext.startswith(TOKEN_PREFIX) or len(plaintext) > 200:
            return None
        now = _aware(now) if now else _now()
        digest = hash_token(plaintext)
        with self.engine.begin() as c:
            row = c.execute(
                select(
                    api_token.c.id,
                    api_token.c.scopes,
                    api_token.c.revoked_at,
                    app_user.c.id.label("user_id"),
                    app_user.c.email,
                    app_user.c.organisation,
                    app_user.c.role,
                    app_user.c.disabled_at,
                )
                .join(app_user, app_user.c.id == api_token.c.user_id)
                .where(api_token.c.token_hash == digest)
            ).one_or_none()
            if row is None or row.revoked_at is not None or row.disabled_at is not None:
                return None
            # One conditional update: concurrent requests do not each write.
            c.execute(
                update(api_token)
                .where(api_token.c.id == row.id)
                .where(
                    (api_token.c.last_used_at.is_(None))
                    | (api_token.c.last_used_at <= now - LAST_USED_GRANULARITY)
                )
                .values(last_used_at=now)
            )
        role = UserRole(row.role)
        scopes = frozenset(row.scopes.split()) & ROLE_SCOPES[role]
        return Principal(row.user_id, row.email, row.organisation, role, scopes)

    def revoke_token(self, token_id: int) -> TokenInfo:
        """Revoke a token (revoking it again changes nothing)."""
        with self.engine.begin() as c:
            c.execute(
                update(api_token)
                .where(api_token.c.id == token_id)
                .where(api_token.c.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
            return self._token(c, token_id)

    def list_tokens(self, email: str) -> list[TokenInfo]:
        with self.engine.connect() as c:
            row = self._user_row(c, normalise_email(email))
            if row is None:
                raise _unknown_user(email)
            rows = c.execute(_tokens_query().where(api_token.c.user_id == row.id))
            return [_token_info(r) for r in rows]

    # --- internals -------------------------------------------------------------------------

    def _body(self, organisation: str) -> tuple[str, str]:
        code = _code(organisation)
        register = self._register or self._system.register()
        lives = register.lives(code) if code else []
        if not lives:
            raise UnknownBody(
                "organisation",
                f"{organisation.strip()!r} is not a body in the register",
                "use the ODS code of a body (such as QHM, RX4, 00L or NHSE) or the ONS code "
                "of a local authority (such as E08000037)",
            )
        return code, lives[-1].name

    def _insert_organisation(self, code: str, name: str, now: datetime) -> Any:
        values = {"code": code, "name": name, "created_at": now}
        if self.engine.dialect.name == "postgresql":
            return postgresql_insert(organisation).values(values).on_conflict_do_nothing()
        return sqlite_insert(organisation).values(values).on_conflict_do_nothing()

    def _user_row(self, c: Connection, email: str) -> Row[Any] | None:
        return c.execute(
            _users_query().where(func.lower(app_user.c.email) == email.lower())
        ).one_or_none()

    def _token(self, c: Connection, token_id: int) -> TokenInfo:
        row = c.execute(_tokens_query().where(api_token.c.id == token_id)).one_or_none()
        if row is None:
            raise UnknownToken(
                "id", f"no API token has id {token_id}", "see `nhswiring tokens list --email ...`"
            )
        return _token_info(row)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _count_failure(self, c: Connection, user_id: int, now: datetime) -> None:
        # An increment in the database (not a read-modify-write), so concurrent failures all
        # count; the row stays locked by this transaction until the lock decision is written.
        c.execute(
            update(app_user)
            .where(app_user.c.id == user_id)
            .values(failed_logins=app_user.c.failed_logins + 1)
        )
        failures = c.execute(
            select(app_user.c.failed_logins).where(app_user.c.id == user_id)
        ).scalar_one()
        if failures >= MAX_FAILURES:
            c.execute(
                update(app_user)
                .where(app_user.c.id == user_id)
                .values(failed_logins=0, locked_until=now + LOCKOUT)
            )


def _users_query() -> Any:
    return select(
        app_user.c.id,
        app_user.c.email,
        app_user.c.organisation,
        organisation.c.name.label("organisation_name"),
        app_user.c.role,
        app_user.c.password_hash,
        app_user.c.failed_logins,
        app_user.c.locked_until,
        app_user.c.created_at,
        app_user.c.disabled_at,
    ).join(organisation, organisation.c.code == app_user.c.organisation)


def _tokens_query() -> Any:
    return (
        select(
            api_token.c.id,
            app_user.c.email,
            api_token.c.name,
            api_token.c.prefix,
            api_token.c.scopes,
            api_token.c.created_at,
            api_token.c.last_used_at,
            api_token.c.revoked_at,
        )
        .join(app_user, app_user.c.id == api_token.c.user_id)
        .order_by(api_token.c.id)
    )


def _user_info(row: Row[Any]) -> UserInfo:
    return UserInfo(
        id=row.id,
        email=row.email,
        organisation=row.organisation,
        organisation_name=row.organisation_name,
        role=UserRole(row.role),
        failed_logins=row.failed_logins,
        locked_until=_aware(row.locked_until) if row.locked_until else None,
        created_at=_aware(row.created_at),
        disabled_at=_aware(row.disabled_at) if row.disabled_at else None,
    )


def _token_info(row: Row[Any]) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        email=row.email,
        name=row.name,
        prefix=row.prefix,
        scopes=frozenset(row.scopes.split()),
        created_at=_aware(row.created_at),
        last_used_at=_aware(row.last_used_at) if row.last_used_at else None,
        revoked_at=_aware(row.revoked_at) if row.revoked_at else None,
    )


def _code(organisation: str) -> str:
    return organisation.strip().upper()


def _duplicate(email: str) -> DuplicateEmail:
    return DuplicateEmail(
        "email", f"{email} already has an account", "use another address, or the existing user"
    )


def _unknown_user(email: str) -> UnknownUser:
    return UnknownUser(
        "email", f"no user has the address {email.strip()!r}", "see `nhswiring users list`"
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: every time here is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
