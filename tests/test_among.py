"""gp_api.db.among: a column among a list parameter, the same answers on both backends, one
statement text for every list on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors.models import Actor, ActorKind
from gp_api.db import among

_NAMES = select(Actor.name).where(among(Actor.id)).order_by(Actor.name)


async def test_rows_among_a_list_whatever_its_length(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        ids = [
            (
                await conn.execute(insert(Actor).values(name=name, kind=ActorKind.NGO))
            ).inserted_primary_key[0]
            for name in ("Alpha", "Beta", "Gamma")
        ]

        async def names(values: list[int]) -> list[str]:
            return list((await conn.execute(_NAMES, {"ids": values})).scalars())

        assert await names([]) == []
        assert await names([ids[1]]) == ["Beta"]
        assert await names([ids[2], ids[0], ids[2]]) == ["Alpha", "Gamma"]  # a repeat counts once
        assert await names([*ids, 10**9]) == ["Alpha", "Beta", "Gamma"]  # an unknown id: no row


def test_postgresql_binds_one_array_sqlite_expands_the_list() -> None:
    pg = str(_NAMES.compile(dialect=postgresql.asyncpg.dialect()))
    assert "actors.id = ANY($1::INTEGER[])" in pg, pg
    lite = str(_NAMES.compile(dialect=sqlite.dialect()))
    assert "actors.id IN (__[POSTCOMPILE_ids])" in lite, lite
    # Two statements naming the same column and list share their compiled form (SQLAlchemy's
    # cache); another column or list name does not.
    key = _NAMES._generate_cache_key()
    again = select(Actor.name).where(among(Actor.id)).order_by(Actor.name)._generate_cache_key()
    other = select(Actor.name).where(among(Actor.id, "other")).order_by(Actor.name)
    other_key = other._generate_cache_key()
    assert key is not None
    assert again is not None
    assert other_key is not None
    assert key.key == again.key
    assert other_key.key != key.key
