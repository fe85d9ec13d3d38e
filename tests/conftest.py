"""Test fixtures: a database built by the migrations, on SQLite or PostgreSQL
(GP_TEST_BACKEND), emptied after each test; the ASGI app over real HTTP semantics (httpx)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from alembic import command
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api import models
from gp_api.app import create_app
from gp_api.auth import service as auth_service
from gp_api.config import Settings
from gp_api.db import connect_raw, create_engine, session_factory
from gp_api.principal import SYSTEM, Role
from gp_api.revisions import alembic_config

BACKEND = os.environ.get("GP_TEST_BACKEND", "sqlite")
POSTGRES_URL = os.environ.get("GP_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("GP_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
# CI (.ci/run) requires both servers; elsewhere tests that need Redis skip without it.
REQUIRE_SERVERS = os.environ.get("GP_TEST_REQUIRE_POSTGRES") == "1"
# Tables whose rows come with the schema (emptied by UPDATE below, never deleted).
SCHEMA_ROWS = {"data_version", "plan_steps", "webhook_dispatch_cursor"}
# Every other table, children first, so that deleting never trips a foreign key.
TABLES = [t.name for t in reversed(models.Base.metadata.sorted_tables) if t.name not in SCHEMA_ROWS]


def serial(table: str) -> bool:
    """Whether `table`'s id comes from a sequence (ga_sessions' is the session number)."""
    column = models.Base.metadata.tables[table].c.get("id")
    return column is not None and column.autoincrement is not False


async def migrate(url: str, revision: str = "head") -> None:
    # env.py runs its own event loop: keep it off ours.
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def downgrade(url: str, revision: str = "base") -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(url), revision)


async def reset_postgres(url: str) -> None:
    engine = create_engine(url, pool=False)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(scope="session")
def backend() -> str:
    return BACKEND


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if BACKEND == "postgres":
        url = POSTGRES_URL
        await reset_postgres(url)
    else:
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    await migrate(url)
    return url


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis of GP_TEST_REDIS_URL, which answers PING; tests keep their keys apart by a
    prefix of their own (see `redis_settings`), never by emptying the database."""
    url = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), 2) as conn:
            conn.sendall(b"PING\r\n")
            answered = conn.recv(64).startswith(b"+PONG")
    except OSError:
        answered = False
    if not answered:
        if REQUIRE_SERVERS:
            pytest.fail(f"Redis at {REDIS_URL} is required but not reachable")
        pytest.skip(f"Redis at {REDIS_URL} not reachable")
    return REDIS_URL


@pytest.fixture
def redis_settings(settings: Settings, redis_url: str) -> Settings:
    """Settings that count rate limits in Redis, under keys no other test uses."""
    return replace(settings, redis_url=redis_url, redis_prefix=f"gp-test-{uuid.uuid4().hex}")


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    # Background jobs and rate limits off: tests that need them turn them on.
    return replace(
        Settings.from_env(),
        database_url=database_url,
        sweep_interval=0,
        webhook_worker=False,
        rate_limit_address=0,
        rate_limit_token=0,
        webhook_allow_private=False,  # the default; tests with loopback receivers allow it
        redis_url=None,  # per process, whatever the environment says; see `redis_settings`
        # Query cost neither reported nor limited: tests/cost turns it on.
        cost_budget=0,
        cost_max_query=0,
        cost_report=False,
        # In-process servers open their pool as needed (tests/test_pool.py checks start-up).
        db_pool_open=0,
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    yield application
    await application.state.endpoint.heads.close()
    await application.state.engine.dispose()


@pytest.fixture(scope="session")
def engine(app: Starlette) -> AsyncEngine:
    engine: AsyncEngine = app.state.engine
    return engine


@pytest.fixture(autouse=True)
async def _empty_database(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    yield
    if "engine" not in request.fixturenames:
        return
    engine: AsyncEngine = request.getfixturevalue("engine")
    postgres = engine.dialect.name == "postgresql"
    async with engine.begin() as conn:
        if postgres:
            # One round trip (the simple query protocol takes several statements): 50 -> 9 ms
            # a test, over a thousand tests.
            raw = await conn.get_raw_connection()
            await raw.driver_connection.execute(_EMPTYING_POSTGRES)
            return
        for statement in _EMPTYING_SQLITE:
            await conn.execute(text(statement))


def _emptying(dialect: str) -> list[str]:
    """The statements that empty the database after a test, in order."""
    statements = [
        "UPDATE plan_steps SET achieved_at = NULL, achieved_event_id = NULL",
        "UPDATE webhook_dispatch_cursor SET last_event_id = 0",
    ]
    # DELETE, not TRUNCATE ... CASCADE, which would empty plan_steps (it refers to events).
    for table in TABLES:
        statements.append(f"DELETE FROM {table}")
        if dialect == "postgresql" and serial(table):
            statements.append(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1, false)")
    return statements


_EMPTYING_SQLITE = _emptying("sqlite")
_EMPTYING_POSTGRES = ";\n".join(_emptying("postgresql"))


@pytest.fixture
async def client(app: Starlette, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def terminate_session(engine: AsyncEngine, pid: int) -> None:
    """PostgreSQL ends one session (backend `pid`), as a restart or a proxy would."""
    admin = await connect_raw(engine)
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()
    await asyncio.sleep(0.1)  # the client side notices


async def make_token(
    engine: AsyncEngine, role: Role, *, name: str | None = None, actor_id: int | None = None
) -> str:
    """A real API token, created through the service; returns its secret."""
    async with session_factory(engine)() as session, session.begin():
        created = await auth_service.create_token(
            session,
            principal=SYSTEM,
            name=name or f"test {role.value.lower()}",
            role=role,
            actor_id=actor_id,
        )
    return created.secret


class GraphQLClient:
    """Posts GraphQL documents (with a bearer token, if any); `data` fails the test on
    top-level errors."""

    def __init__(self, http: httpx.AsyncClient, secret: str | None = None) -> None:
        self.http = http
        self.secret = secret

    def as_(self, secret: str | None) -> GraphQLClient:
        return GraphQLClient(self.http, secret)

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"accept": "application/graphql-response+json"}
        if self.secret is not None:
            headers["authorization"] = f"Bearer {self.secret}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = await self.post(query, variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result


@pytest.fixture
async def admin_secret(engine: AsyncEngine) -> str:
    return await make_token(engine, Role.ADMIN, name="test admin")


@pytest.fixture
def gql(client: httpx.AsyncClient, admin_secret: str) -> GraphQLClient:
    """A client holding an ADMIN token."""
    return GraphQLClient(client, admin_secret)


@pytest.fixture
def anonymous(client: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(client)


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def sql_counter(engine: AsyncEngine) -> Iterator[StatementCounter]:
    counter = StatementCounter()
    event.listen(engine.sync_engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine.sync_engine, "before_cursor_execute", counter)


@pytest.fixture
async def scratch_database_url(tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of the current backend, for migration tests."""
    async with scratch_database(tmp_path) as url:
        yield url


@contextlib.asynccontextmanager
async def scratch_database(directory: Path) -> AsyncIterator[str]:
    """An empty database of the current backend (a file in `directory` on SQLite), dropped
    afterwards."""
    if BACKEND != "postgres":
        yield f"sqlite+aiosqlite:///{directory / 'scratch.db'}"
        return
    name = f"gp_scratch_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, pool=False).execution_options(isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
