"""One log line and the metrics of every HTTP request and WebSocket connection.

An ASGI middleware: it gives each request a request id (the client's X-Request-ID if sane,
else a new one), returns it as a response header, binds it to every line logged while the
request runs, and at the end writes one line with the method, path, status and duration, plus
what the GraphQL layer bound on the way (operation name and type, principal). GraphQL
requests also count in `gp_http_requests_total` and `gp_graphql_request_seconds`.
"""

from __future__ import annotations

import logging
import time

import structlog
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gp_api import logs, metrics
from gp_api.db import UNAVAILABLE_CODE, unavailable

NAME = "gp_api.requests"
log = structlog.stdlib.get_logger(NAME)
stdlib_log = logging.getLogger(NAME)


def _with_header(message: Message, name: bytes, value: bytes) -> Message:
    return {**message, "headers": [*message.get("headers", []), (name, value)]}


_REQUEST_ID_HEADER = logs.REQUEST_ID_HEADER.encode()
_SERVER_ERROR = PlainTextResponse("Internal Server Error", 500)


def _retry_later(message: str) -> JSONResponse:
    """The errors of /graphql's 503 (and of the exports' other refusals)."""
    error = {"message": message, "extensions": {"code": UNAVAILABLE_CODE}}
    return JSONResponse({"errors": [error]}, 503, headers={"Retry-After": "1"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequestLog:
    """The middleware; with `errors`, it also answers an exception of `app` with a 500 (when no
    response has started) before raising it again, as Starlette's outermost middleware does:
    the lean lane of /graphql (`gp_api.app`) runs without that middleware."""

    def __init__(
        self, app: ASGIApp, *, graphql_path: str = "/graphql", errors: bool = False
    ) -> None:
        self.app = app
        self.graphql_path = graphql_path
        self.errors = errors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = logs.request_id(_header(scope, _REQUEST_ID_HEADER))
        header = (_REQUEST_ID_HEADER, request_id.encode())
        before = logs.bound()
        logs.bind(request_id=request_id)
        status = 0  # until a response starts; an exception before that ends in a 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = _with_header(message, *header)
            elif message["type"] == "websocket.accept":
                message = _with_header(message, *header)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            if not status and scope["type"] == "http":
                if (message := unavailable(error)) is not None:
                    # Not the request's fault, nor a bug: any route (the exports, the
                    # calendars) says so as /graphql does, and the client retries.
                    log.warning("request.unavailable", error=repr(error))
                    await _retry_later(message)(scope, receive, send_with_id)
                    return
                if self.errors:
                    await _SERVER_ERROR(scope, receive, send_with_id)
            raise
        finally:
            self._record(scope, status or 500, time.perf_counter() - started)
            logs.restore(before)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        bound = logs.bound()
        duration_ms = round(seconds * 1000, 2)
        if scope["type"] == "websocket":
            fields = {"path": scope["path"], "duration_ms": duration_ms}
            logs.info(stdlib_log, log, "websocket.closed", fields, bound)
            return
        method = scope["method"]
        fields = {"method": method, "status": status, "path": scope["path"]}
        fields["duration_ms"] = duration_ms
        logs.info(stdlib_log, log, "request", fields, bound)
        if scope["path"] != self.graphql_path:
            return
        metrics.count_http_request(method, status)
        metrics.observe_operation(bound.get("operation_type"), "http", seconds)
