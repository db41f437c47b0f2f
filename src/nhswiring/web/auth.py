"""Who is asking: a signed-in user of the web app (signed session cookie) or an API client
(bearer token), each acting for one organisation.

The register, the law, judgements and scenarios are public. Provider selection cases are
their organisation's: a request for another organisation's case gets 404 exactly as a case
that does not exist would, so that no one can learn whether it exists.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from nhswiring.domain.errors import InvalidInput
from nhswiring.service.accounts import ROLE_SCOPES, Accounts, Principal
from nhswiring.web.deps import RuntimeDep
from nhswiring.web.problems import FORBIDDEN, UNAUTHENTICATED, FieldError, Problem

SESSION_USER = "user"
SESSION_ID = "uid"
BEARER = {"WWW-Authenticate": 'Bearer realm="nhswiring"'}


class SignInRequired(Exception):
    """A page that needs a signed-in user; the handler redirects to /login."""


def accounts(rt: RuntimeDep) -> Accounts:
    return rt.accounts


AccountsDep = Annotated[Accounts, Depends(accounts)]


def _session_principal(request: Request, accounts: Accounts) -> Principal | None:
    session = request.scope.get("session")
    if not session or SESSION_USER not in session:
        return None
    try:
        user = accounts.user(session[SESSION_USER])
    except InvalidInput:
        session.clear()
        return None
    if user.disabled_at is not None or user.id != session.get(SESSION_ID):
        session.clear()
        return None
    return Principal(user.id, user.email, user.organisation, user.role, ROLE_SCOPES[user.role])


def _token_principal(request: Request, accounts: Accounts) -> Principal | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(
            UNAUTHENTICATED,
            "the Authorization header is not a bearer token",
            [FieldError("use `Authorization: Bearer <token>`", parameter="Authorization")],
            headers=BEARER,
        )
    principal = accounts.principal_for_token(token.strip())
    if principal is None:
        raise Problem(
            UNAUTHENTICATED,
            "the API token is unknown or has been revoked",
            [
                FieldError(
                    "create a token with `nhswiring tokens create`", parameter="Authorization"
                )
            ],
            headers=BEARER,
        )
    return principal


def principal(request: Request, accounts: AccountsDep) -> Principal | None:
    """The caller, if any: by bearer token on the API, by session cookie on pages."""
    if request.url.path.startswith("/api/"):
        found = _token_principal(request, accounts)
    else:
        found = _session_principal(request, accounts)
    request.state.principal = found
    return found


OptionalPrincipal = Annotated[Principal | None, Depends(principal)]


def api_caller(scope: str) -> object:
    """A dependency: the API caller, who must hold ``scope`` (401 without a token, 403 with
    a token that lacks the scope)."""

    def dependency(found: OptionalPrincipal) -> Principal:
        if found is None:
            raise Problem(
                UNAUTHENTICATED,
                "this operation needs an API token",
                [FieldError("send `Authorization: Bearer <token>`", parameter="Authorization")],
                headers=BEARER,
            )
        if not found.can(scope):
            raise Problem(
                FORBIDDEN,
                f"the token does not have the scope {scope}",
                [FieldError(f"create a token with --scope {scope}", parameter="Authorization")],
            )
        return found

    return Depends(dependency)


def page_user(scope: str) -> object:
    """A dependency: the signed-in user, who must hold ``scope`` (redirected to sign in when
    signed out, 403 page when the role lacks the scope)."""

    def dependency(found: OptionalPrincipal) -> Principal:
        if found is None:
            raise SignInRequired()
        if not found.can(scope):
            raise Problem(
                FORBIDDEN,
                f"your role ({found.role.value}) cannot do this: it needs {scope}; "
                "ask an administrator of your organisation",
            )
        return found

    return Depends(dependency)


ReadCases = Annotated[Principal, api_caller("cases:read")]
WriteCases = Annotated[Principal, api_caller("cases:write")]
WriteFinance = Annotated[Principal, api_caller("finance:write")]
PageReader = Annotated[Principal, page_user("cases:read")]
PageEditor = Annotated[Principal, page_user("cases:write")]
PageFinanceEditor = Annotated[Principal, page_user("finance:write")]
