"""Signing in and out, the account page and the user's API tokens.

Passwords are checked by the accounts service (Argon2id, lockout after repeated failures);
the session is a signed cookie (HttpOnly, SameSite=Lax) that is cleared and re-issued on
sign-in, so a session id planted before sign-in is worthless after it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from nhswiring.domain.errors import AccountLocked, AuthenticationFailed, InvalidInput
from nhswiring.service.accounts import SCOPES
from nhswiring.web.auth import SESSION_ID, SESSION_USER, AccountsDep, OptionalPrincipal, PageReader
from nhswiring.web.problems import NOT_FOUND, Problem
from nhswiring.web.templating import long_date, render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no protocol-relative //)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/cases"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, who: OptionalPrincipal, next: str | None = None) -> Response:
    if who is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "account/login.html", {"next": _safe_next(next), "email": ""})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    accounts: AccountsDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/cases",
) -> Response:
    errors = []
    if not email.strip():
        errors.append({"text": "Enter your email address", "href": "#email"})
    if not password:
        errors.append({"text": "Enter your password", "href": "#password"})
    if not errors:
        try:
            found = accounts.authenticate(email, password)
        except AccountLocked as exc:
            errors.append(
                {
                    "text": "Your account is locked after too many failed attempts; try again "
                    f"after {exc.until:%H:%M} UTC on {long_date(exc.until.date())}",
                    "href": "#email",
                }
            )
        except (AuthenticationFailed, InvalidInput):
            errors.append({"text": "The email address or password is not right", "href": "#email"})
        else:
            request.session.clear()
            request.session[SESSION_USER] = found.email
            request.session[SESSION_ID] = found.user_id
            return RedirectResponse(_safe_next(next), status_code=303)
    return render(
        request,
        "account/login.html",
        {"errors": errors, "email": email, "next": _safe_next(next)},
        status_code=422,
    )


@router.get("/logout", response_class=HTMLResponse)
def logout_form(request: Request, who: OptionalPrincipal) -> Response:
    if who is None:
        return RedirectResponse("/", status_code=303)
    return render(request, "account/logout.html")


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, who: PageReader, accounts: AccountsDep) -> Response:
    user = accounts.user(who.email)
    return render(request, "account/account.html", {"user": user, "active": "account"})


@router.get("/account/tokens", response_class=HTMLResponse)
def tokens(request: Request, who: PageReader, accounts: AccountsDep) -> Response:
    return _tokens_page(request, who.email, accounts)


def _tokens_page(
    request: Request,
    email: str,
    accounts: AccountsDep,
    *,
    created: str | None = None,
    errors: list[dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    user = accounts.user(email)
    from nhswiring.service.accounts import ROLE_SCOPES

    return render(
        request,
        "account/tokens.html",
        {
            "tokens": accounts.list_tokens(email),
            "created": created,
            "errors": errors or [],
            "scopes": sorted(ROLE_SCOPES[user.role]),
            "all_scopes": sorted(SCOPES),
        },
        status_code=status_code,
    )


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(
    request: Request,
    who: PageReader,
    accounts: AccountsDep,
    name: Annotated[str, Form()] = "",
    scope: Annotated[list[str] | None, Form()] = None,
) -> Response:
    try:
        _, plaintext = accounts.create_token(who.email, scope or [], name)
    except InvalidInput as exc:
        field = "name" if exc.field == "name" else "scope"
        return _tokens_page(
            request,
            who.email,
            accounts,
            errors=[{"text": f"{exc.problem}; {exc.accepted}", "href": f"#{field}"}],
            status_code=422,
        )
    return _tokens_page(request, who.email, accounts, created=plaintext, status_code=201)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: int, who: PageReader, accounts: AccountsDep) -> Response:
    if token_id not in {t.id for t in accounts.list_tokens(who.email)}:
        raise Problem(NOT_FOUND, "you have no such token")
    accounts.revoke_token(token_id)
    return RedirectResponse("/account/tokens", status_code=303)
