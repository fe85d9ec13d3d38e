"""The ASGI application: GraphQL over HTTP and WebSocket on /graphql, /healthz, /readyz and
/metrics, and the background jobs (event relay, lapse sweep, webhook worker)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute

from gp_api.config import Settings
from gp_api.db import create_engine, session_factory
from gp_api.events.broker import Broker, wake_after_commit
from gp_api.graphql.http import GraphQLEndpoint
from gp_api.graphql.schema import build_schema
from gp_api.graphql.websocket import WebSocketGraphQL
from gp_api.metrics import Metrics
from gp_api.revisions import head_revision
from gp_api.webhooks.worker import run_worker, worker_settings
from gp_api.workflow.sweep import sweep_forever


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
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["Retry-After", "WWW-Authenticate"],
            max_age=600,
        )
    ]


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    engine = create_engine(settings.database_url)
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
            await engine.dispose()

    endpoint = GraphQLEndpoint(schema, sessions, settings)
    metrics = Metrics()
    metrics.gauge(
        "gp_events_last_id", "Last event id this process has relayed.", lambda: broker.head
    )
    metrics.gauge(
        "gp_subscribers", "Open subscriptions on this process.", lambda: len(broker.subscribers)
    )
    metrics.gauge(
        "gp_response_cache_entries", "Cached read responses.", lambda: len(endpoint.cache.entries)
    )

    async def graphql_http(request: Request) -> Response:
        started = time.perf_counter()
        response = await endpoint.handle(request)
        metrics.observe(request.method, response.status_code, time.perf_counter() - started)
        return response

    async def prometheus(_request: Request) -> Response:
        return PlainTextResponse(metrics.render(), media_type="text/plain; version=0.0.4")

    app = Starlette(
        routes=[
            Route("/graphql", graphql_http, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", WebSocketGraphQL(schema, sessions, broker, settings)),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", prometheus, methods=["GET"]),
        ],
        lifespan=lifespan,
        middleware=cors(settings),
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.schema = schema
    app.state.endpoint = endpoint
    app.state.broker = broker
    return app
