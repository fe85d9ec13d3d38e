"""The administrator's console at /console: plain HTML, JavaScript modules and CSS written for
this project (no framework, no third-party file, no build step), served by the same process. It
talks to the server only through the public GraphQL API: POST /graphql, and graphql-transport-ws
on /graphql for the live feed of milestones."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC = Path(__file__).parent / "static"

# Every asset comes from this server; the API is this server's /graphql (HTTP and WebSocket).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)

TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
}


class ConsoleFiles(StaticFiles):
    """The console's files with an exact content type (module scripts need a JavaScript one),
    a content security policy that keeps the page on this server, and no caching of index.html
    across releases (the modules it loads are revalidated by their ETag)."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        suffix = Path(str(full_path)).suffix
        if suffix in TYPES:
            response.headers["content-type"] = TYPES[suffix]
        response.headers["content-security-policy"] = CONTENT_SECURITY_POLICY
        response.headers["x-content-type-options"] = "nosniff"
        response.headers["referrer-policy"] = "no-referrer"
        response.headers["cache-control"] = "no-cache"
        return response


async def _to_console(request: Request) -> Response:
    return RedirectResponse(request.url.replace(path=request.url.path + "/"), status_code=308)


def routes() -> list[BaseRoute]:
    """/console (redirected to /console/) and the console's files under it."""
    return [
        Route("/console", _to_console, methods=["GET", "HEAD"]),
        Mount("/console", ConsoleFiles(directory=STATIC, html=True), name="console"),
    ]
