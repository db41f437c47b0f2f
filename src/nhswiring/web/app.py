"""The application: one FastAPI app serving the pages, the JSON API at /api/v1, its OpenAPI
description at /openapi.json, the API reference at /docs and the assets at /assets, all
from this server (nothing from a CDN)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from asgi_csrf import asgi_csrf
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from nhswiring import __version__
from nhswiring.web import errors
from nhswiring.web.runtime import Runtime
from nhswiring.web.security import BodyLimit, ReadinessGate, SecurityHeaders
from nhswiring.web.settings import Settings

STATIC = Path(__file__).parent / "static"
SESSION_COOKIE = "nhswiring_session"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = Runtime.create(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime.start()
        yield
        runtime.system.engine.dispose()

    app = FastAPI(
        title="nhswiring API",
        version=__version__,
        summary="The NHS in England as code: bodies, functions, delegations and the law.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.settings = settings
    errors.install(app)
    app.mount("/assets", StaticFiles(directory=STATIC), name="assets")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> Response:
        if runtime.ready.is_set():
            return JSONResponse({"status": "ready", "ledger_head": runtime.system.head()})
        body = {"status": "loading"} | ({"last_error": runtime.failure} if runtime.failure else {})
        return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC / "images" / "favicon.ico")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_SWAGGER_PAGE)

    from nhswiring.web.api import cases as case_api
    from nhswiring.web.api import public
    from nhswiring.web.pages import account, cases, compare, finance, home, law, register

    app.include_router(home.router)
    app.include_router(account.router)
    app.include_router(register.router)
    app.include_router(law.router)
    app.include_router(compare.router)
    app.include_router(finance.router)
    app.include_router(cases.router)
    app.include_router(case_api.router)
    app.include_router(public.router)

    # Outermost first: security headers on every response (errors included), then the body
    # cap, the readiness gate, CSRF on forms, and the signed session cookie.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        same_site="lax",
        https_only=settings.secure_cookies,
        max_age=8 * 3600,
    )
    app.add_middleware(_Csrf, secret=settings.secret_key, secure=settings.secure_cookies)
    app.add_middleware(ReadinessGate, is_ready=runtime.ready.is_set)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


class _Csrf:
    """asgi-csrf on every form (pages); the API, which takes bearer tokens and no cookies,
    is outside it. A failed check is a 403 page, not a bare text response."""

    def __init__(self, app: object, secret: str, secure: bool) -> None:
        self._inner = asgi_csrf(
            app,
            signing_secret=secret,
            cookie_secure=secure,
            cookie_samesite="Lax",
            always_protect={"/login"},
            skip_if_scope=lambda scope: scope["path"].startswith("/api/"),
            send_csrf_failed=_csrf_failed,
        )

    async def __call__(self, scope: dict[str, object], receive: object, send: object) -> None:
        await self._inner(scope, receive, send)


async def _csrf_failed(scope: dict[str, object], send: object, message_id: object) -> None:
    from starlette.requests import Request as StarletteRequest

    from nhswiring.web.problems import CSRF, Problem

    problem = Problem(
        CSRF,
        "the form had expired or did not come from this site; go back, reload and submit again",
    )
    request = StarletteRequest(scope)
    response = errors.respond(request, problem)
    await response(scope, _no_receive, send)  # type: ignore[arg-type]


async def _no_receive() -> dict[str, object]:
    return {"type": "http.disconnect"}


_SWAGGER_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>nhswiring API reference</title>
<link rel="icon" href="/assets/images/favicon.ico" sizes="48x48">
<link rel="stylesheet" href="/assets/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/assets/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/assets/app/swagger-init.js"></script>
</body></html>"""


__all__ = ["Request", "create_app"]
