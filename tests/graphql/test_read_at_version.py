"""A compiled read with a known token: one statement reads the answer and the data version
together, and the token is proven valid at that snapshot (or checked again)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.app import create_app
from gp_api.auth import service as auth_service
from gp_api.auth.models import ApiToken
from gp_api.config import Settings
from gp_api.data_version import VERSION_SQL
from gp_api.db import session_factory
from gp_api.fastpath.cache import RawStatements
from gp_api.principal import SYSTEM, Role
from tests.conftest import GraphQLClient, make_token

NODE = "query($id: ID!) { node(id: $id) { id ... on Actor { name kind } } }"
CREATE = "mutation($n: String!) { createActor(input: {name: $n, kind: NGO}) { actor { id } } }"
RENAME = (
    "mutation($id: ID!, $n: String!) { updateActor(input: {id: $id, name: $n}) { actor { id } } }"
)


@pytest.fixture
async def uncached(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Starlette]:
    """The server as the bench runs it: response cache off, compiled reads on."""
    app = create_app(replace(settings, response_cache_size=0))
    yield app
    await app.state.endpoint.heads.close()
    await app.state.engine.dispose()


@pytest.fixture
async def http(uncached: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=uncached)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


class DriverCounter:
    """Every statement the database driver runs for the app (asyncpg's query logger on each
    pooled connection and on the head reader's own connections, open at `start`; SQLAlchemy's
    cursor events on SQLite, where every statement goes through them)."""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        self.engine: AsyncEngine = app.state.engine
        self.statements: list[str] = []
        self.watched: set[int] = set()
        event.listen(self.engine.sync_engine, "checkout", self._checkout)
        if self.engine.dialect.name != "postgresql":
            event.listen(self.engine.sync_engine, "before_cursor_execute", self._cursor)

    def _log(self, record: Any) -> None:
        self.statements.append(record.query)

    def _watch(self, raw: Any) -> None:
        if raw is not None and id(raw) not in self.watched:
            self.watched.add(id(raw))
            raw.add_query_logger(self._log)

    def _checkout(self, dbapi_connection: Any, *_: Any) -> None:
        if self.engine.dialect.name == "postgresql":
            self._watch(dbapi_connection.driver_connection)

    def _cursor(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith("BEGIN"):
            self.statements.append(statement)

    async def taken(self) -> list[str]:
        """The statements so far (asyncpg calls its query loggers soon after, not at once)."""
        for _ in range(5):
            await asyncio.sleep(0)
        return list(self.statements)

    def start(self) -> None:
        heads = self.app.state.endpoint.heads
        for raw in [heads.raw, *heads.statements.idle]:
            self._watch(raw)
        self.statements.clear()

    def close(self) -> None:
        event.remove(self.engine.sync_engine, "checkout", self._checkout)
        if self.engine.dialect.name != "postgresql":
            event.remove(self.engine.sync_engine, "before_cursor_execute", self._cursor)


async def _actor(gql: GraphQLClient, name: str) -> str:
    data = await gql.data(CREATE, {"n": name})
    actor_id: str = data["createActor"]["actor"]["id"]
    return actor_id


async def _revoke(engine: AsyncEngine, secret: str) -> None:
    async with session_factory(engine)() as session, session.begin():
        token = await session.scalar(
            select(ApiToken).where(ApiToken.token_hash == auth_service.hash_secret(secret))
        )
        assert token is not None
        await auth_service.revoke_token(session, principal=SYSTEM, token_id=token.id)


async def _warm(client: GraphQLClient, actor_id: str) -> dict[str, Any]:
    """The resolvers answer once (the document is admitted), the token is checked and known."""
    first = await client.data(NODE, {"id": actor_id})
    second = await client.data(NODE, {"id": actor_id})
    assert second == first
    return first


async def test_a_warm_compiled_read_with_a_token_is_one_statement(
    http: httpx.AsyncClient, gql: GraphQLClient, engine: AsyncEngine, uncached: Starlette
) -> None:
    actor_id = await _actor(gql, "Round Trip NGO")
    viewer = GraphQLClient(http, await make_token(engine, Role.VIEWER))
    endpoint = uncached.state.endpoint
    expected = await _warm(viewer, actor_id)
    counter = DriverCounter(uncached)
    try:
        counter.start()
        executed, reads = endpoint.compiled.executed, endpoint.heads.reads
        runs = endpoint.heads.statements.runs
        for _ in range(3):
            assert await viewer.data(NODE, {"id": actor_id}) == expected
        statements = await counter.taken()
    finally:
        counter.close()

    # On PostgreSQL, on a connection of its own (no SQLAlchemy pool checkout).
    postgres = engine.dialect.name == "postgresql"
    assert endpoint.heads.statements.runs == runs + (3 if postgres else 0)

    assert expected["node"] == {"id": actor_id, "name": "Round Trip NGO", "kind": "NGO"}
    assert endpoint.compiled.executed == executed + 3
    assert endpoint.heads.reads == reads  # no separate read of the data version
    assert len(statements) == 3, statements  # one statement per request, nothing else
    assert all("data_version" in s and "Round" not in s for s in statements)


async def test_a_token_revoked_between_two_reads_is_refused_on_the_second(
    http: httpx.AsyncClient, gql: GraphQLClient, engine: AsyncEngine, uncached: Starlette
) -> None:
    actor_id = await _actor(gql, "Revoked NGO")
    secret = await make_token(engine, Role.VIEWER)
    viewer = GraphQLClient(http, secret)
    await _warm(viewer, actor_id)
    executed = uncached.state.endpoint.compiled.executed

    await _revoke(engine, secret)
    refused = await viewer.post(NODE, {"id": actor_id})

    assert "data" not in refused
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["UNAUTHENTICATED"]
    assert "revoked" in refused["errors"][0]["message"]
    # The statement ran (the principal was known), its answer was not served.
    assert uncached.state.endpoint.compiled.executed == executed + 1


async def test_an_answer_after_a_write_is_read_at_the_new_version(
    http: httpx.AsyncClient, gql: GraphQLClient, engine: AsyncEngine, uncached: Starlette
) -> None:
    actor_id = await _actor(gql, "Old Name")
    viewer = GraphQLClient(http, await make_token(engine, Role.VIEWER))
    await _warm(viewer, actor_id)
    endpoint = uncached.state.endpoint
    executed, reads = endpoint.compiled.executed, endpoint.heads.reads

    await gql.data(RENAME, {"id": actor_id, "n": "New Name"})
    after = await viewer.data(NODE, {"id": actor_id})
    again = await viewer.data(NODE, {"id": actor_id})

    assert after["node"]["name"] == "New Name"
    assert again == after
    # The version moved: the token was checked again once (one head read), then known again.
    assert endpoint.compiled.executed == executed + 2
    assert endpoint.heads.reads == reads + 1


async def test_a_token_with_another_principal_now_is_answered_afresh(
    http: httpx.AsyncClient, gql: GraphQLClient, engine: AsyncEngine, uncached: Starlette
) -> None:
    """Should a token stand for another principal at the new version (a hand edit of its
    role), the answer read for the old one is discarded and the request answered anew."""
    actor_id = await _actor(gql, "Edited NGO")
    secret = await make_token(engine, Role.VIEWER)
    viewer = GraphQLClient(http, secret)
    await _warm(viewer, actor_id)
    async with session_factory(engine)() as session, session.begin():
        token = await session.scalar(
            select(ApiToken).where(ApiToken.token_hash == auth_service.hash_secret(secret))
        )
        assert token is not None
        token.role = Role.ADMIN
        token.last_used_at = dt.datetime.now(dt.UTC)
    executed = uncached.state.endpoint.compiled.executed

    answer = await viewer.data(NODE, {"id": actor_id})

    assert answer["node"]["name"] == "Edited NGO"
    # Once read for the viewer (discarded), once for the admin it now is.
    assert uncached.state.endpoint.compiled.executed == executed + 2
    known = uncached.state.endpoint.principals.latest(secret)
    assert known is not None
    assert known.principal.role is Role.ADMIN
    assert (await viewer.data("{ viewer { role } }"))["viewer"]["role"] == "ADMIN"


@pytest.mark.parametrize("cached", [False, True])
async def test_a_constant_document_costs_no_database_without_a_token_and_one_read_with_one(
    settings: Settings, engine: AsyncEngine, cached: bool
) -> None:
    """`{ __typename }`: anonymous, nothing reaches the database (not even the data version);
    with a token, exactly the version read that proves the token still valid."""
    size = settings.response_cache_size if cached else 0
    app = create_app(replace(settings, response_cache_size=size))
    secret = await make_token(engine, Role.VIEWER)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            anonymous, viewer = GraphQLClient(http), GraphQLClient(http, secret)
            for client in (anonymous, viewer):
                for _ in range(2):  # the resolvers answer once; the token is then known
                    assert await client.data("{ __typename }") == {"__typename": "Query"}
            counter = DriverCounter(app)
            try:
                counter.start()
                reads = app.state.endpoint.heads.reads
                for _ in range(3):
                    assert await anonymous.data("{ __typename }") == {"__typename": "Query"}
                anonymous_statements = await counter.taken()
                anonymous_reads = app.state.endpoint.heads.reads - reads
                counter.statements.clear()
                for _ in range(3):
                    assert await viewer.data("{ __typename }") == {"__typename": "Query"}
                token_statements = await counter.taken()
            finally:
                counter.close()
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()

    assert anonymous_statements == []
    assert anonymous_reads == 0
    assert token_statements == [VERSION_SQL] * 3


async def test_connections_of_its_own_are_a_lane_never_a_queue(engine: AsyncEngine) -> None:
    """All busy: `fetchrow` says so at once (the caller uses the pool); a statement that
    fails or is cancelled leaves its connection behind, and the next one opens afresh; all
    the connections are opened together, at the first statement."""
    if engine.dialect.name != "postgresql":
        pytest.skip("connections of their own are for PostgreSQL")
    statements = RawStatements(engine, size=1)
    try:
        slow = asyncio.create_task(statements.fetchrow("SELECT pg_sleep(0.3), 1", ()))
        await asyncio.sleep(0.1)
        assert await statements.fetchrow("SELECT 1", ()) is None  # busy: not waited for
        assert (await slow)[1] == 1
        assert (await statements.fetchrow("SELECT $1::int", (7,)))[0] == 7
        assert statements.opened == 1

        cancelled = asyncio.create_task(statements.fetchrow("SELECT pg_sleep(5)", ()))
        await asyncio.sleep(0.1)
        cancelled.cancel()
        with pytest.raises(asyncio.CancelledError):
            await cancelled
        assert (statements.opened, statements.idle) == (0, [])
        assert (await statements.fetchrow("SELECT 2", ()))[0] == 2
        assert statements.runs == 3
    finally:
        await statements.close()

    several = RawStatements(engine, size=3)
    try:
        assert (await several.fetchrow("SELECT 3", ()))[0] == 3
        assert (several.opened, len(several.idle)) == (3, 3)  # all at once: none opened later
    finally:
        await several.close()
    assert (several.opened, several.idle) == (0, [])
