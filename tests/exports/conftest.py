"""Fixtures of the export tests: the record, seeded through the same paths as elsewhere."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.db import session_factory
from gp_api.demo.loader import load_demo
from tests.graphql import read_data

EXPORTS = [
    "/exports/popolo.json",
    "/exports/iati-activities.xml",
    "/exports/meetings.ics",
    "/exports/mandates.ics",
    "/exports/commitment-deadlines.ics",
    "/exports/deadlines.ics",
    "/exports/actors.csv",
    "/exports/commitments.csv",
    "/exports/votes.csv",
]


@pytest.fixture
async def odd_record(engine: AsyncEngine) -> dict[str, list[dict[str, object]]]:
    """Every table a read model reads, with odd text, NULLs and extreme dates
    (tests/graphql/read_data.py); returns the rows inserted."""
    await read_data.seed(engine)
    return read_data.ROWS


@pytest.fixture
async def demo(engine: AsyncEngine) -> None:
    async with session_factory(engine)() as session, session.begin():
        await load_demo(session)


async def get(client: httpx.AsyncClient, path: str, secret: str | None = None) -> httpx.Response:
    headers = {"authorization": f"Bearer {secret}"} if secret else {}
    return await client.get(path, headers=headers)
