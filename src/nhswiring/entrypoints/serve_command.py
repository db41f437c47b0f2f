"""`nhswiring serve`: the web app and JSON API under uvicorn."""

from __future__ import annotations

import os
import secrets
from typing import Annotated

import typer

from nhswiring.domain.errors import InvalidInput
from nhswiring.ledger.database import URL_VARIABLE
from nhswiring.web.settings import SECRET_VARIABLE


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.")] = 1,
    database: Annotated[str | None, typer.Option("--database", help="Database URL.")] = None,
) -> None:
    """Serve the web app and the JSON API (http://HOST:PORT/, API at /api/v1, reference at
    /docs). The ledger is initialised if empty and the register loaded before the server
    reports ready on /readyz."""
    import uvicorn

    if not 0 < port < 65536:
        raise InvalidInput("port", f"{port} is not a port number", "use 1 to 65535, e.g. 8000")
    if workers < 1:
        raise InvalidInput("workers", f"{workers} is fewer than one", "use 1 or more")
    if database:
        os.environ[URL_VARIABLE] = database
    # Every worker must sign cookies with the same key: make one for this start if none is
    # configured (sessions then last as long as the server).
    os.environ.setdefault(SECRET_VARIABLE, secrets.token_urlsafe(48))
    uvicorn.run(
        "nhswiring.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,
        server_header=False,
        log_level="info",
    )
