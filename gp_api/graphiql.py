"""GraphiQL as GP API serves it: our own page at GET /graphql for a browser, every file it
needs from this server under /static (ours in gp_api/static/, the third-party ones built into
gp_api/static/vendor/ by gp_api.assets), nothing from another host, and a
Content-Security-Policy that allows this server only. When the built files are missing the page
says so, and how to build them, instead of loading forever."""

from __future__ import annotations

import html
import os
import secrets

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from gp_api import assets

# Our files in gp_api/static/, then the vendored ones, in the order the page loads them.
STYLES = ["vendor/graphiql.min.css", "vendor/plugin-explorer.css", "graphiql.css"]
SCRIPTS = [
    "vendor/react.production.min.js",
    "vendor/react-dom.production.min.js",
    "vendor/graphiql.min.js",
    "vendor/plugin-explorer.umd.js",
    "vendor/graphql-ws.min.js",
    "graphiql.js",
]
# The only file types /static serves, with their media types (whatever the system's
# mimetypes tables say).
MEDIA_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".txt": "text/plain",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


def content_security_policy(nonce: str) -> str:
    """This server only: scripts, styles, fetches and the WebSocket ('self' covers ws: and
    wss: on the same host); fonts and images also as data: URLs (GraphiQL's CSS embeds its
    fonts); the few <style> elements GraphiQL's dialogs inject carry the page's nonce."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{nonce}'",
            "font-src 'self' data:",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(nonce: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(nonce),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


def page(request: Request) -> Response:
    """The GraphiQL page (200), or the page that says what is missing (503)."""
    prefix = request.scope.get("root_path", "")
    nonce = secrets.token_urlsafe(16)
    missing = assets.missing()
    if missing:
        address = str(request.url.replace(query=""))
        return HTMLResponse(missing_page(missing, address), 503, headers=security_headers(nonce))
    tag = assets.version()

    def url(name: str) -> str:
        return html.escape(f"{prefix}/static/{name}?v={tag}")

    settings = getattr(request.app.state, "settings", None)
    public = settings is None or settings.public_read
    styles = "\n".join(f'<link rel="stylesheet" href="{url(name)}">' for name in STYLES)
    scripts = "\n".join(f'<script src="{url(name)}"></script>' for name in SCRIPTS)
    body = PAGE.format(
        nonce=nonce,
        styles=styles,
        scripts=scripts,
        endpoint=html.escape(f"{prefix}/graphql"),
        public="true" if public else "false",
        how=html.escape(assets.HOW_TO_BUILD),
    )
    return HTMLResponse(body, headers=security_headers(nonce))


def missing_page(missing: list[str], address: str) -> str:
    return MISSING.format(
        names=html.escape(", ".join(missing)),
        how=html.escape(assets.HOW_TO_BUILD),
        address=html.escape(address),
    )


class Static(StaticFiles):
    """gp_api/static/ under /static: the file types of MEDIA_TYPES only, never sniffed."""

    def __init__(self) -> None:
        super().__init__(directory=assets.STATIC_DIR, check_dir=False)

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        media_type = MEDIA_TYPES.get(os.path.splitext(full_path)[1])
        if media_type is None:
            return Response("Not Found", 404, media_type="text/plain")
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["content-type"] = (
            f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type
        )
        response.headers["x-content-type-options"] = "nosniff"
        # The page asks for each file with ?v=<build>: a new build gets new URLs.
        response.headers["cache-control"] = "public, max-age=3600"
        return response


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="gp-style-nonce" content="{nonce}">
<title>GraphiQL · GP API</title>
<link rel="icon" href="data:,">
{styles}
</head>
<body>
<div id="graphiql" data-endpoint="{endpoint}" data-public-read="{public}" data-how="{how}">
<p class="gp-message" role="status">Loading GraphiQL…</p>
</div>
<noscript><p class="gp-message">GraphiQL needs JavaScript. The API itself answers GraphQL
POSTed to this address.</p></noscript>
{scripts}
</body>
</html>
"""

MISSING = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL is not built · GP API</title>
<link rel="icon" href="data:,">
</head>
<body>
<main>
<h1>GraphiQL's files are not built on this server</h1>
<p role="alert">This server serves GraphiQL from its own files, and these are missing:
<code>{names}</code>.</p>
<p>To build them, {how}; then reload this page.</p>
<p>The API works without them: POST GraphQL to this address, e.g.
<code>curl {address} -H 'content-type: application/json'
-d '{{"query":"{{ planSteps {{ title status }} }}"}}'</code>.</p>
</main>
</body>
</html>
"""
