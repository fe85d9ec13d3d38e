"""The connection pool keeps its connections: concurrent requests reuse them instead of opening
(and closing) a database session per request beyond the pool's size."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.app import create_app
from gp_api.config import Settings

# Resolvers only (no compiled statement, no cache): each request holds a connection while its
# resolvers run, so that the requests of one round hold several at once.
READ = "{ actors(first: 5) { totalCount edges { node { name commitments { totalCount } } } } }"
CLIENTS = 15  # more than SQLAlchemy's default pool (5), fewer than GP_DB_POOL_SIZE's default


@pytest.fixture
async def pooled(settings: Settings) -> AsyncIterator[Starlette]:
    app = create_app(replace(settings, response_cache_size=0, compiled_reads=False))
    try:
        yield app
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()


async def _sessions(engine: AsyncEngine) -> int:
    """PostgreSQL's count of sessions ever opened on this database (PG 14+), read over a
    pooled connection (so the reading opens none)."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_stat_clear_snapshot()"))
        count = await conn.scalar(
            text("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        )
        await conn.rollback()
    return int(count or 0)


async def test_concurrent_requests_reuse_the_pooled_connections(
    pooled: Starlette, engine: AsyncEngine
) -> None:
    app_engine: AsyncEngine = pooled.state.engine
    assert app_engine.pool.size() == 20  # type: ignore[attr-defined]
    connects: list[object] = []
    event.listen(app_engine.sync_engine, "connect", lambda *_: connects.append(1))
    transport = httpx.ASGITransport(app=pooled)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

        async def round_() -> None:
            responses = await asyncio.gather(
                *(client.post("/graphql", json={"query": READ}) for _ in range(CLIENTS))
            )
            for response in responses:
                assert response.status_code == 200, response.text
                assert "errors" not in response.json()

        await round_()  # warm-up: the pool opens the connections it needs
        warm = len(connects)
        assert warm > 5  # the requests did hold connections at once (else the test says nothing)
        before = await _sessions(app_engine) if app_engine.dialect.name == "postgresql" else 0
        for _ in range(5):
            await round_()
        after = await _sessions(app_engine) if app_engine.dialect.name == "postgresql" else 0

    assert len(connects) == warm  # not one connection opened after the warm-up
    # PostgreSQL agrees (other processes' sessions, if any, stay well under one per request).
    assert after - before < CLIENTS
