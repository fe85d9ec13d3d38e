"""The connection pool keeps its connections: concurrent requests reuse them instead of opening
(and closing) a database session per request beyond the pool's size."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import asyncpg
import httpx
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.db import open_pool
from gp_api.errors import ConfigError
from gp_api.fastpath.cache import RAW_CONNECTIONS
from gp_api.principal import Role
from tests.conftest import make_token, terminate_session
from tests.exports.conftest import EXPORTS

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
    # PostgreSQL agrees: at most the kept connections, should their count be reported late
    # (the old pool opened 50 over these 75 requests).
    assert after - before <= warm


@pytest.fixture
async def one_connection(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Starlette]:
    monkeypatch.setattr("gp_api.db.POOL_TIMEOUT", 0.2)  # read by create_engine
    app = create_app(replace(settings, db_pool_size=1, response_cache_size=0, compiled_reads=False))
    try:
        yield app
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()


async def test_a_request_finding_no_free_connection_is_told_the_server_is_busy(
    one_connection: Starlette, engine: AsyncEngine
) -> None:
    secret = await make_token(engine, Role.VIEWER)
    app_engine: AsyncEngine = one_connection.state.engine
    transport = httpx.ASGITransport(app=one_connection)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        async with app_engine.connect() as held:
            await held.execute(text("SELECT 1"))  # the pool's one connection, taken
            by_resolvers = await client.post("/graphql", json={"query": READ})
            authenticating = await client.post(
                "/graphql",
                json={"query": READ},
                headers={"authorization": f"Bearer {secret}"},
            )
        afterwards = await client.post("/graphql", json={"query": READ})

    assert by_resolvers.status_code == 200
    error = by_resolvers.json()["errors"][0]
    assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE"}
    assert "busy" in error["message"]
    assert authenticating.status_code == 503
    assert authenticating.headers["retry-after"] == "1"
    assert authenticating.json()["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE"}
    assert afterwards.status_code == 200
    assert "errors" not in afterwards.json()


async def test_the_fast_lane_opens_its_connections_at_start_up(
    settings: Settings, engine: AsyncEngine
) -> None:
    """On PostgreSQL the head reader's connection and the compiled statements' own open with
    the server (not under the first requests' load), and the lane keeps them."""
    app = create_app(replace(settings, response_cache_size=0))
    heads = app.state.endpoint.heads
    secret = await make_token(engine, Role.VIEWER)
    postgres = engine.dialect.name == "postgresql"
    async with app.router.lifespan_context(app):
        assert (heads.raw is not None) is postgres
        assert heads.statements.opened == (RAW_CONNECTIONS if postgres else 0)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            responses = await asyncio.gather(
                *(
                    client.post(
                        "/graphql",
                        json={"query": "{ actors(first: 5) { edges { node { name } } } }"},
                        headers={"authorization": f"Bearer {secret}"},
                    )
                    for _ in range(RAW_CONNECTIONS)
                )
            )
        assert all(r.status_code == 200 and "errors" not in r.json() for r in responses)
        if postgres:
            assert heads.statements.opened == RAW_CONNECTIONS
            assert len(heads.statements.idle) == RAW_CONNECTIONS  # all kept, none reopened


async def test_the_pool_opens_its_first_connections_at_start_up(
    settings: Settings, engine: AsyncEngine
) -> None:
    """GP_DB_POOL_OPEN connections open with the server on PostgreSQL; a burst of as many
    concurrent requests then opens none."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the pool is opened at start-up on PostgreSQL")
    app = create_app(
        replace(settings, response_cache_size=0, compiled_reads=False, db_pool_open=CLIENTS)
    )
    app_engine: AsyncEngine = app.state.engine
    connects: list[object] = []
    event.listen(app_engine.sync_engine, "connect", lambda *_: connects.append(1))
    async with app.router.lifespan_context(app):
        opened = len(connects)
        assert opened >= CLIENTS
        assert app_engine.pool.checkedin() >= CLIENTS  # type: ignore[attr-defined]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            responses = await asyncio.gather(
                *(client.post("/graphql", json={"query": READ}) for _ in range(CLIENTS))
            )
        assert all(r.status_code == 200 and "errors" not in r.json() for r in responses)
        assert len(connects) == opened  # the burst reused them


async def test_opening_the_pool_never_exceeds_its_size(settings: Settings) -> None:
    app = create_app(replace(settings, db_pool_size=3, db_pool_open=50))
    try:
        if app.state.engine.dialect.name != "postgresql":
            pytest.skip("the pool is opened at start-up on PostgreSQL")
        assert await open_pool(app.state.engine, 50) == 3
        assert await open_pool(app.state.engine, 0) == 0
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()


async def test_requests_one_after_another_reuse_the_connection_returned_last(
    settings: Settings,
) -> None:
    """Its statements are prepared already: going round every open connection prepared each
    statement once per connection."""
    app = create_app(replace(settings, db_pool_size=4, db_pool_open=4))
    engine = app.state.engine
    try:
        if engine.dialect.name != "postgresql":
            pytest.skip("SQLite's pool is a connection per thread")
        assert await open_pool(engine, 4) == 4
        backends = set()
        for _ in range(8):
            async with engine.connect() as connection:
                backends.add(await connection.scalar(text("SELECT pg_backend_pid()")))
        assert len(backends) == 1
    finally:
        await app.state.endpoint.heads.close()
        await engine.dispose()


async def test_every_session_of_the_server_prices_random_reads_as_set(
    settings: Settings, engine: AsyncEngine
) -> None:
    """GP_DB_RANDOM_PAGE_COST reaches the pool's sessions and those opened beside it (the head
    reader's, the compiled statements'); `server` leaves the server's own setting."""
    if engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    show = "SELECT current_setting('random_page_cost')"
    async with engine.connect() as conn:  # the app's (the default setting, 1.1)
        assert await conn.scalar(text(show)) == "1.1"
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    plain = await asyncpg.connect(url)
    try:
        server = await plain.fetchval(show)  # a session given no setting: the server's own
    finally:
        await plain.close()
    for chosen, expected in ((2.5, "2.5"), (None, server)):
        app = create_app(replace(settings, response_cache_size=0, db_random_page_cost=chosen))
        heads = app.state.endpoint.heads
        async with app.router.lifespan_context(app):
            async with app.state.engine.connect() as conn:
                assert await conn.scalar(text(show)) == expected
            assert heads.raw is not None
            assert await heads.raw.fetchval(show) == expected
            row = await heads.statements.fetchrow(show, ())
            assert row is not None
            assert row[0] == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, 1.1), ("", 1.1), ("server", None), (" 2 ", 2.0), ("0.5", 0.5)]
)
def test_the_planner_setting_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, raw: str | None, expected: float | None
) -> None:
    if raw is None:
        monkeypatch.delenv("GP_DB_RANDOM_PAGE_COST", raising=False)
    else:
        monkeypatch.setenv("GP_DB_RANDOM_PAGE_COST", raw)
    assert Settings.from_env().db_random_page_cost == expected


@pytest.mark.parametrize("raw", ["fast", "0", "-1", "1e9"])
def test_a_bad_planner_setting_is_refused_with_its_name(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("GP_DB_RANDOM_PAGE_COST", raw)
    with pytest.raises(ConfigError, match="GP_DB_RANDOM_PAGE_COST"):
        Settings.from_env()


async def test_a_request_whose_connection_was_lost_is_told_to_retry_and_the_next_is_served(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    """The token of the request is looked up on a connection the server has ended: 503 with
    Retry-After (not a bare 500), and the next request is served on a new connection."""
    if engine.dialect.name != "postgresql":
        pytest.skip("a session is ended by the PostgreSQL server")
    headers = {"authorization": f"Bearer {await make_token(engine, Role.VIEWER, name='new')}"}
    async with engine.connect() as connection:  # the one the next request takes (last in)
        pid = await connection.scalar(text("SELECT pg_backend_pid()"))
    await terminate_session(engine, pid)
    try:
        # A document no other test sends: the app is shared, and one it has answered before may be
        # compiled, or cached, and never touch the pool.
        query = {"query": "{ retried: actors(first: 1) { totalCount } }"}
        lost = await client.post("/graphql", json=query, headers=headers)
        assert lost.status_code == 503, lost.text
        assert lost.headers["retry-after"] == "1"
        [error] = lost.json()["errors"]
        assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert "retry" in error["message"]
        served = await client.post("/graphql", json=query, headers=headers)
        assert served.status_code == 200
        assert served.json()["data"]["retried"]["totalCount"] >= 0
    finally:
        await engine.dispose()  # whatever happened, no ended session stays pooled


async def test_a_field_whose_connection_was_lost_says_so_and_the_next_read_is_served(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    """Without a token nothing is read before the resolvers: the field's own statement meets
    the lost connection, and its error says the database is unavailable (not a masked bug)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("a session is ended by the PostgreSQL server")
    async with engine.connect() as connection:
        pid = await connection.scalar(text("SELECT pg_backend_pid()"))
    await terminate_session(engine, pid)
    try:
        # Documents no other test sends (see above).
        lost = (
            await client.post("/graphql", json={"query": "{ lost: actors { totalCount } }"})
        ).json()
        [error] = lost["errors"]
        assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE", error
        assert error["path"] == ["lost"]
        served = await client.post("/graphql", json={"query": "{ served: actors { totalCount } }"})
        assert "errors" not in served.json()
    finally:
        await engine.dispose()  # whatever happened, no ended session stays pooled


async def test_every_route_finding_no_free_connection_is_told_the_server_is_busy(
    one_connection: Starlette,
) -> None:
    """The open-data exports and calendars read the database as /graphql does: 503 with
    Retry-After (not a 500), and they are served once a connection is free."""
    app_engine: AsyncEngine = one_connection.state.engine
    transport = httpx.ASGITransport(app=one_connection)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        async with app_engine.connect() as held:
            await held.execute(text("SELECT 1"))  # the pool's one connection, taken
            busy = {path: await client.get(path) for path in EXPORTS}
        served = {path: await client.get(path) for path in EXPORTS}

    for path, response in busy.items():
        assert response.status_code == 503, (path, response.text)
        assert response.headers["retry-after"] == "1"
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE"}
        assert "busy" in error["message"]
    # Served (the IATI file of an empty record: 404, nothing to export).
    assert {path: r.status_code for path, r in served.items()} == {
        path: 404 if path.endswith("iati-activities.xml") else 200 for path in EXPORTS
    }
