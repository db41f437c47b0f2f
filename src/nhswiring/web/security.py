"""Headers every response carries, a per-request nonce for the page template's one inline
script, a cap on request bodies, and the readiness gate.

Plain ASGI middleware (not Starlette's BaseHTTPMiddleware), so streaming responses and
background tasks are untouched and the cost per request is a few header appends.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from nhswiring.web.problems import NOT_READY, TOO_LARGE, Problem

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_STATIC_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def content_security_policy(nonce: str, path: str) -> str:
    """'self' for everything; the NHS page template's one inline script (which marks the
    body as JavaScript-enabled) carries the nonce. Swagger UI at /docs sets inline styles,
    so that page alone allows them."""
    styles = "'self' 'unsafe-inline'" if path == "/docs" else "'self'"
    return (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src {styles}; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """The headers above on every response, and ``X-Ledger-Head`` (the ledger entry the
    answer was read at) on every response that read the register."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        csp = content_security_policy(nonce, scope["path"]).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += _STATIC_HEADERS
                headers.append((b"content-security-policy", csp))
                head = scope["state"].get("ledger_head")
                if head is not None and not any(k == b"x-ledger-head" for k, _ in headers):
                    headers.append((b"x-ledger-head", str(head).encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse bodies over the limit with 413: by Content-Length before reading, or as soon
    as a chunked body passes it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        too_large = Problem(
            TOO_LARGE,
            f"the body is over {self.limit // 1024} KiB",
            headers={"Connection": "close"},
        )
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await too_large.response(scope["path"])(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise too_large
            return message

        await self.app(scope, counted, send)


class ReadinessGate:
    """Until the register is loaded, answer 503 with Retry-After (health checks and assets
    excepted), so that no request sees a half-loaded system."""

    OPEN = ("/healthz", "/readyz", "/assets/")

    def __init__(self, app: ASGIApp, is_ready: Callable[[], bool]) -> None:
        self.app = app
        self.is_ready = is_ready

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and not self.is_ready()
            and not scope["path"].startswith(self.OPEN)
        ):
            problem = Problem(
                NOT_READY,
                "the register is loading; try again shortly",
                headers={"Retry-After": "5"},
            )
            await problem.response(scope["path"])(scope, receive, send)
            return
        await self.app(scope, receive, send)
