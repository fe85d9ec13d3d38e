"""The ASGI application: GraphQL over HTTP and WebSocket on /graphql (GraphiQL for a browser,
its files under /static), /healthz, /readyz, /metrics, the console (/console) and the
open-data exports under /exports, and the background jobs (event relay, lapse sweep,
webhook worker)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hmac
from collections.abc import AsyncIterator

import structlog
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gp_api import console, graphiql, logs, metrics
from gp_api.auth.service import AuthenticationError, authenticate
from gp_api.config import Settings
from gp_api.db import create_engine, open_pool, session_factory
from gp_api.events.broker import Broker, wake_after_commit
from gp_api.exports.routes import export_routes
from gp_api.graphql.http import GraphQLEndpoint, bearer_secret
from gp_api.graphql.schema import build_schema
from gp_api.graphql.websocket import WebSocketGraphQL
from gp_api.ratelimit import RateLimits
from gp_api.request_log import RequestLog
from gp_api.revisions import head_revision
from gp_api.webhooks.service import oldest_pending_age
from gp_api.webhooks.worker import run_worker, worker_settings
from gp_api.workflow.sweep import sweep_forever

log = structlog.stdlib.get_logger("gp_api.app")


def cors(settings: Settings) -> list[Middleware]:
    """CORS for the origins in GP_CORS_ORIGINS only (none by default): browsers on those origins
    may POST and GET /graphql with a bearer token; no cookies are involved, so no credentials."""
    if not settings.cors_origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", logs.REQUEST_ID_HEADER],
            expose_headers=["Retry-After", "WWW-Authenticate", logs.REQUEST_ID_HEADER],
            max_age=600,
        )
    ]


class App(Starlette):
    """Starlette, with a lean lane: a GET or POST of /graphql goes straight to the GraphQL
    endpoint through `lane` (the request log and a 500 for an exception, what the middleware
    stack gives such a request), skipping the middleware stack and the router, which cost a
    tiny request more than its answer did. CORS requests (an Origin header, when CORS is on)
    and everything else take the stack."""

    lane: ASGIApp | None = None
    graphql_path = "/graphql"
    cors = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.lane is not None
            and scope["type"] == "http"
            and scope["path"] == self.graphql_path
            and scope["method"] in ("POST", "GET")
            and not scope.get("root_path")
            and not (self.cors and any(key == b"origin" for key, _ in scope["headers"]))
        ):
            scope["app"] = self
            await self.lane(scope, receive, _vary_origin(send) if self.cors else send)
            return
        await super().__call__(scope, receive, send)


def _vary_origin(send: Send) -> Send:
    """Say that the answer depends on Origin, as the CORS middleware says of every answer
    when CORS is on (a shared cache must not give this answer to a cross-origin page)."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"vary"]
            varies = [v for k, v in message.get("headers", []) if k.lower() == b"vary"]
            if not any(b"origin" in v.lower() for v in varies):
                varies.append(b"Origin")
            headers.append((b"vary", b", ".join(varies)))
            message = {**message, "headers": headers}
        await send(message)

    return sending


def served_app() -> Starlette:
    """The application of a serving process (`gp-api serve`, each worker): `create_app`, then
    everything built so far (modules, the schema, the read models, the app) is frozen out of
    the garbage collector's full passes (`gc.freeze`). Those 200,000 objects live as long as
    the process; scanning them made every full collection a pause of 100-150 ms in the middle
    of whatever requests were running (a write's p99, a fan-out's). Not done by `create_app`
    itself: a process that builds many applications (the tests) would keep each one's cycles
    forever."""
    app = create_app()
    gc.freeze()
    return app


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    engine = create_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        random_page_cost=settings.db_random_page_cost,
    )
    sessions = session_factory(engine)
    broker = Broker(
        sessions,
        listen_url=settings.database_url if engine.dialect.name == "postgresql" else None,
    )
    wake_after_commit(sessions, broker.poke)
    schema = build_schema(settings)
    expected_head = head_revision()

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_request: Request) -> Response:
        try:
            async with engine.connect() as conn:
                current = await conn.scalar(text("SELECT version_num FROM alembic_version"))
        except SQLAlchemyError as error:
            return JSONResponse(
                {"status": "unavailable", "reason": f"database: {type(error).__name__}"}, 503
            )
        if current != expected_head:
            return JSONResponse(
                {
                    "status": "unavailable",
                    "reason": f"migrations at {current}, head is {expected_head}",
                },
                503,
            )
        return JSONResponse({"status": "ready", "revision": current})

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await broker.start()
        # The fast lane's own connections open now, not under the first requests' load.
        await endpoint.heads.warm()
        if engine.dialect.name == "postgresql":
            await open_pool(engine, settings.db_pool_open)
        background = []
        if settings.sweep_interval > 0:
            background.append(asyncio.create_task(sweep_forever(sessions, settings.sweep_interval)))
        if settings.webhook_worker:
            background.append(asyncio.create_task(run_worker(sessions, worker_settings(settings))))
        try:
            yield
        finally:
            for task in background:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await broker.stop()
            await endpoint.heads.close()
            limits.close()
            await engine.dispose()
            metrics.mark_process_dead()

    limits = RateLimits(settings)  # one budget per client, whatever the transport
    endpoint = GraphQLEndpoint(schema, sessions, settings, limits, ide=graphiql.page)

    async def graphql_http(request: Request) -> Response:
        return await endpoint.handle(request)

    async def may_scrape(request: Request) -> bool:
        """GP_METRICS_TOKEN, when set, is the one credential for /metrics; otherwise /metrics
        is as open as reads are (GP_PUBLIC_READ), or needs any valid API token."""
        try:
            secret = bearer_secret(request.headers.get("authorization"))
        except AuthenticationError:
            return False
        if settings.metrics_token:
            return secret is not None and hmac.compare_digest(
                secret.encode(), settings.metrics_token.encode()
            )
        if secret is None:
            return settings.public_read
        try:
            async with sessions() as session:
                await authenticate(session, secret)
        except AuthenticationError:
            return False
        return True

    async def prometheus(request: Request) -> Response:
        if not await may_scrape(request):
            return JSONResponse(
                {"error": "a valid token is needed for /metrics"},
                401,
                headers={"WWW-Authenticate": 'Bearer realm="gp-api"'},
            )
        gauges: dict[str, tuple[str, float]] = {
            "gp_events_last_id": ("Last event id this process has relayed.", broker.head),
            "gp_subscribers": ("Open subscriptions on this process.", len(broker.subscribers)),
            "gp_response_cache_entries": (
                "Cached read responses on this process.",
                len(endpoint.cache.entries),
            ),
        }
        try:
            async with sessions() as session:
                gauges["gp_webhook_queue_age_seconds"] = (
                    "Seconds since the oldest pending webhook delivery was queued (0: none).",
                    await oldest_pending_age(session),
                )
        except (SQLAlchemyError, OSError) as error:  # the rest is still worth having
            log.warning("metrics.queue_age_unavailable", error=type(error).__name__)
        return Response(metrics.render(gauges), media_type=metrics.CONTENT_TYPE)

    app = App(
        routes=[
            Route("/graphql", graphql_http, methods=["GET", "POST"]),
            WebSocketRoute(
                "/graphql",
                WebSocketGraphQL(
                    schema,
                    sessions,
                    broker,
                    settings,
                    limits=limits,
                    principals=endpoint.principals,
                    heads=endpoint.heads,
                    constants=endpoint.constants,
                    documents=endpoint.documents,
                    costs=endpoint.costs,
                    compiled=endpoint.compiled,
                ),
            ),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", prometheus, methods=["GET"]),
            # Open-data exports (docs/open-data.md), read with /graphql's token rules.
            export_routes(sessions, settings, bearer_secret, limits),
            *console.routes(),
            Mount("/static", graphiql.Static(), name="static"),
        ],
        lifespan=lifespan,
        middleware=[*cors(settings), Middleware(RequestLog)],
    )
    app.lane = RequestLog(endpoint.lane, errors=True)
    app.cors = bool(settings.cors_origins)
    app.state.settings = settings
    app.state.engine = engine
    app.state.schema = schema
    app.state.endpoint = endpoint
    app.state.limits = limits
    app.state.broker = broker
    return app
