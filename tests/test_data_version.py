"""The data version: every committed write moves it, so the response cache never serves an
answer that a write has changed, even a write that appends no event (the webhook ledger, a
token's last use, an edit made by hand on another connection)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.data_version import UNVERSIONED, VERSION_SQL
from gp_api.db import create_engine, session_factory
from gp_api.models import Base
from gp_api.principal import SYSTEM, Role
from gp_api.webhooks import service as webhooks
from gp_api.webhooks.worker import WorkerSettings, dispatch, work_once
from tests.conftest import GraphQLClient, make_token
from tests.ws_client import serve

LEDGER = "{ webhookDeliveries { edges { node { status attemptCount attempts { statusCode } } } } }"
TOKENS = "{ apiTokens { edges { node { name lastUsedAt } } } }"
ACTORS = "{ actors { edges { node { name shortName } } } }"
ONE_TRY = WorkerSettings(max_attempts=1, timeout=5, allow_private=True)


async def version(engine: AsyncEngine) -> str:
    async with engine.connect() as conn:
        token: str = (await conn.exec_driver_sql(VERSION_SQL)).scalar_one()
    return token


@pytest.fixture
async def failing_receiver() -> AsyncIterator[str]:
    async def hook(_request: Request) -> Response:
        return Response(status_code=503)

    async with serve(Starlette(routes=[Route("/hook", hook, methods=["POST"])])) as host:
        yield f"http://{host}/hook"


async def test_the_webhook_ledger_is_never_served_stale(
    gql: GraphQLClient, engine: AsyncEngine, app: Starlette, failing_receiver: str
) -> None:
    sessions = session_factory(engine)
    async with sessions() as s, s.begin():
        await webhooks.create_endpoint(
            s, principal=SYSTEM, url=failing_receiver, allow_private=True
        )
        await actors.create_actor(s, principal=SYSTEM, values={"name": "A", "kind": ActorKind.NGO})
    async with sessions() as s:
        await dispatch(s)  # the delivery row, without a new event
    pending = await gql.data(LEDGER)
    assert await gql.data(LEDGER) == pending  # served from the cache from now on
    assert any(key[1] == LEDGER for key in app.state.endpoint.cache.entries)

    async with httpx.AsyncClient() as client:
        assert await work_once(sessions, client, ONE_TRY) == 1  # one attempt: 503, dead

    [before] = pending["webhookDeliveries"]["edges"]
    [after] = (await gql.data(LEDGER))["webhookDeliveries"]["edges"]
    assert before["node"] == {"status": "PENDING", "attemptCount": 0, "attempts": []}
    assert after["node"] == {"status": "DEAD", "attemptCount": 1, "attempts": [{"statusCode": 503}]}


async def test_a_token_s_first_use_is_seen_at_once(gql: GraphQLClient, engine: AsyncEngine) -> None:
    secret = await make_token(engine, Role.VIEWER, name="quiet viewer")
    unused = await gql.data(TOKENS)
    assert await gql.data(TOKENS) == unused

    await gql.as_(secret).data("{ viewer { name } }")  # records its use: no event

    used = {
        e["node"]["name"]: e["node"]["lastUsedAt"]
        for e in (await gql.data(TOKENS))["apiTokens"]["edges"]
    }
    assert {e["node"]["name"]: e["node"]["lastUsedAt"] for e in unused["apiTokens"]["edges"]}[
        "quiet viewer"
    ] is None
    assert used["quiet viewer"] is not None


async def test_a_write_on_another_connection_is_seen_at_once(
    anonymous: GraphQLClient, engine: AsyncEngine, database_url: str
) -> None:
    async with session_factory(engine)() as s, s.begin():
        await actors.create_actor(s, principal=SYSTEM, values={"name": "B", "kind": ActorKind.NGO})
    before = await anonymous.data(ACTORS)
    assert await anonymous.data(ACTORS) == before
    elsewhere = create_engine(database_url, pool=False)  # as another process would
    try:
        async with elsewhere.begin() as conn:
            await conn.execute(text("UPDATE actors SET short_name = 'BB'"))
    finally:
        await elsewhere.dispose()

    after = await anonymous.data(ACTORS)

    assert before["actors"]["edges"] == [{"node": {"name": "B", "shortName": None}}]
    assert after["actors"]["edges"] == [{"node": {"name": "B", "shortName": "BB"}}]


async def test_a_write_moves_the_version_once_it_commits_and_a_rollback_never(
    engine: AsyncEngine,
) -> None:
    start = await version(engine)
    async with engine.connect() as conn:
        await conn.begin()
        await conn.execute(text("UPDATE plan_steps SET achieved_at = NULL"))
        assert await version(engine) == start  # not before it commits
        await conn.rollback()
    assert await version(engine) == start

    async with engine.begin() as conn:
        await conn.execute(text("UPDATE plan_steps SET achieved_at = NULL"))
        await conn.execute(text("UPDATE webhook_dispatch_cursor SET last_event_id = 0"))
    moved = await version(engine)

    assert moved != start


async def test_every_table_moves_the_version(engine: AsyncEngine) -> None:
    """A table added later needs the trigger in its revision (see migration 0005)."""
    if engine.dialect.name == "postgresql":
        sql = (
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname = 'gp_data_version'"
        )
    else:
        sql = "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'"
        sql += " AND name LIKE 'gp_data_version_%'"
    async with engine.connect() as conn:
        triggered = {row[0] for row in await conn.execute(text(sql))}

    assert triggered == set(Base.metadata.tables) - UNVERSIONED
