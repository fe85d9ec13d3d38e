"""Recording a token's use is a write of its own: it must not fail when the session that read
the token holds an older snapshot (SQLite refuses to turn such a read into a write), and a
burst of requests with one token writes it once, none waiting for another's write."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors.models import Actor, ActorKind
from gp_api.auth.models import ApiToken
from gp_api.auth.service import LAST_USED_RESOLUTION, authenticate
from gp_api.data_version import VERSION_SQL
from gp_api.db import session_factory
from gp_api.principal import Role
from tests.conftest import make_token


async def test_a_first_use_is_recorded_after_another_connection_wrote(engine: AsyncEngine) -> None:
    secret = await make_token(engine, Role.ADMIN, name="ops")
    sessions = session_factory(engine)
    async with sessions() as reader:
        await reader.execute(select(ApiToken.id))  # a read transaction: its snapshot is taken
        async with engine.begin() as other:  # another connection writes and commits
            await other.execute(insert(Actor).values(name="Elsewhere", kind=ActorKind.NGO))

        principal = await authenticate(reader, secret)

    assert principal.name == "ops"
    async with sessions() as check:
        used = await check.scalar(select(ApiToken.last_used_at).where(ApiToken.name == "ops"))
    assert used is not None


async def _version(engine: AsyncEngine) -> str:
    async with engine.connect() as conn:
        return str((await conn.exec_driver_sql(VERSION_SQL)).scalar())


async def _last_used(engine: AsyncEngine, name: str) -> dt.datetime | None:
    async with session_factory(engine)() as check:
        return await check.scalar(select(ApiToken.last_used_at).where(ApiToken.name == name))


async def _used_long_ago(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            update(ApiToken).values(
                last_used_at=dt.datetime.now(dt.UTC) - 10 * LAST_USED_RESOLUTION
            )
        )


async def test_a_burst_with_one_token_records_one_use(engine: AsyncEngine) -> None:
    secret = await make_token(engine, Role.VIEWER, name="burst")
    await _used_long_ago(engine)
    sessions = session_factory(engine)
    now = dt.datetime.now(dt.UTC)

    async def use(n: int) -> str:
        async with sessions() as session:
            return (await authenticate(session, secret, now + dt.timedelta(seconds=n))).name

    assert await asyncio.gather(*(use(n) for n in range(10))) == ["burst"] * 10
    used = await _last_used(engine, "burst")
    assert used is not None
    assert now <= used <= now + dt.timedelta(seconds=9)


async def test_a_use_already_recorded_by_another_request_is_not_written_again(
    engine: AsyncEngine,
) -> None:
    secret = await make_token(engine, Role.VIEWER, name="raced")
    await _used_long_ago(engine)
    async with session_factory(engine)() as session:
        # This request read the token while its last use was stale (the session keeps it)...
        read = await session.scalar(select(ApiToken).where(ApiToken.name == "raced"))
        # ...and another request recorded a use meanwhile.
        recorded = dt.datetime.now(dt.UTC).replace(microsecond=0)
        async with engine.begin() as conn:
            await conn.execute(update(ApiToken).values(last_used_at=recorded))
        version = await _version(engine)

        assert (await authenticate(session, secret)).name == "raced"
        assert read is not None

    assert await _last_used(engine, "raced") == recorded
    assert await _version(engine) == version  # nothing written: cached answers stay valid


async def test_a_use_never_waits_for_a_write_that_holds_the_tokens_row(
    engine: AsyncEngine, backend: str
) -> None:
    if backend != "postgres":
        pytest.skip("row locks: SQLite has one writer at a time")
    secret = await make_token(engine, Role.VIEWER, name="held")
    sessions = session_factory(engine)
    async with engine.connect() as holder:
        transaction = await holder.begin()
        # Another request, mid-way through recording this token's use: the row is locked
        # until it commits.
        await holder.execute(text("UPDATE api_tokens SET last_used_at = now() WHERE name = 'held'"))
        async with sessions() as session:
            # Waiting for the lock would never end here (the holder commits only after).
            principal = await asyncio.wait_for(authenticate(session, secret), timeout=20)
        assert principal.name == "held"
        await transaction.rollback()
    assert await _last_used(engine, "held") is None  # skipped, and the holder rolled back
