"""Recording a token's use is a write of its own: it must not fail when the session that read
the token holds an older snapshot (SQLite refuses to turn such a read into a write)."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors.models import Actor, ActorKind
from gp_api.auth.models import ApiToken
from gp_api.auth.service import authenticate
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
