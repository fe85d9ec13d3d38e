"""The audit chain holds on real data and catches rows changed behind the API's back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.db import session_factory
from gp_api.demo.loader import load_demo
from gp_api.events.chain import verify
from tests.test_cli import run


@pytest.fixture
async def demo(engine: AsyncEngine) -> None:
    async with session_factory(engine)() as session, session.begin():
        await load_demo(session)


async def chain(engine: AsyncEngine) -> tuple[int, int | None, str | None]:
    async with session_factory(engine)() as session:
        result = await verify(session)
    broken = result.first_break
    return result.checked, broken.event_id if broken else None, broken.reason if broken else None


async def test_demo_data_chain_is_intact_with_gap_free_ids(demo: None, engine: AsyncEngine) -> None:
    checked, broken, _ = await chain(engine)
    async with engine.connect() as conn:
        count, top = (await conn.execute(text("SELECT count(*), max(id) FROM events"))).one()

    assert broken is None
    assert checked == count == top


async def test_an_edited_row_is_caught(demo: None, engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE events SET principal_name = 'someone else' WHERE id = 7"))

    checked, broken, reason = await chain(engine)

    assert (checked, broken) == (6, 7)
    assert reason is not None
    assert "edited" in reason


async def test_a_deleted_row_is_caught(demo: None, engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM events WHERE id = 5"))

    checked, broken, reason = await chain(engine)

    assert (checked, broken) == (4, 6)
    assert reason is not None
    assert "deleted" in reason


def test_cli_verify_reports_the_first_break(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "gp.db"
    env = {"GP_DATABASE_URL": f"sqlite:///{db}"}
    assert run("db", "upgrade", env=env).returncode == 0
    assert run("seed", "--demo", env=env).returncode == 0

    intact = run("audit", "verify", env=env)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET data = '{}' WHERE id = 12")
    broken = run("audit", "verify", env=env)

    assert intact.returncode == 0
    assert intact.stdout.startswith("audit chain intact:")
    assert broken.returncode == 1
    assert broken.stdout.startswith("audit chain broken at event 12:")
