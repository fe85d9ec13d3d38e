"""The CSV exports: RFC 4180, UTF-8, formula-safe, one row per record (per vote)."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors.models import Actor, ActorKind
from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.global_ids import encode
from tests.conftest import StatementCounter
from tests.exports.conftest import get
from tests.ws_client import serve


def rows_of(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.endswith("\r\n")
    return list(csv.DictReader(io.StringIO(body, newline="")))


async def test_actors_csv(
    client: httpx.AsyncClient, odd_record: dict[str, list[dict[str, Any]]], engine: AsyncEngine
) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE actors SET name = :n WHERE id = 1"), {"n": '=HYPERLINK("http://x")'}
        )
        await conn.execute(text("UPDATE actors SET short_name = :n WHERE id = 2"), {"n": "@SUM"})
    response = await get(client, "/exports/actors.csv")
    assert 'filename="actors.csv"' in response.headers["content-disposition"]
    found = rows_of(response)
    assert len(found) == len(odd_record["actors"])
    by_id = {r["id"]: r for r in found}
    assert by_id[encode("Actor", 1)]["name"] == '\'=HYPERLINK("http://x")'
    assert by_id[encode("Actor", 2)]["short_name"] == "'@SUM"
    # odd text survives the round trip (quotes, line breaks, non-ASCII)
    names = {r["name"] for r in found}
    assert 'Quote "inside"' in names
    assert "Line\nbreak" in names or all("Line" not in a["name"] for a in odd_record["actors"])

    states = rows_of(await get(client, "/exports/actors.csv?kind=state"))
    assert {r["kind"] for r in states} <= {"STATE"}
    assert len(states) == sum(1 for a in odd_record["actors"] if a["kind"] == "STATE")


async def test_commitments_csv(
    client: httpx.AsyncClient, odd_record: dict[str, list[dict[str, Any]]]
) -> None:
    found = rows_of(await get(client, "/exports/commitments.csv"))
    assert [r["id"] for r in found] == [
        encode("Commitment", c["id"]) for c in odd_record["commitments"]
    ]
    actor = odd_record["commitments"][0]["actor_id"]
    mine = rows_of(await get(client, f"/exports/commitments.csv?actor={encode('Actor', actor)}"))
    assert {r["actor_id"] for r in mine} == {encode("Actor", actor)}
    assert len(mine) == sum(1 for c in odd_record["commitments"] if c["actor_id"] == actor)


async def test_votes_csv(
    client: httpx.AsyncClient, odd_record: dict[str, list[dict[str, Any]]]
) -> None:
    found = rows_of(await get(client, "/exports/votes.csv"))
    assert len(found) == len(odd_record["draft_votes"])
    assert {(r["action_id"], r["actor_id"], r["ballot"]) for r in found} == {
        (encode("DraftAction", v["action_id"]), encode("Actor", v["actor_id"]), v["ballot"])
        for v in odd_record["draft_votes"]
    }
    voter = odd_record["draft_votes"][0]["actor_id"]
    theirs = rows_of(await get(client, f"/exports/votes.csv?actor={encode('Actor', voter)}"))
    assert len(theirs) == sum(1 for v in odd_record["draft_votes"] if v["actor_id"] == voter)
    actions = {a["id"]: a for a in odd_record["draft_actions"]}
    day = sorted(actions[v["action_id"]]["taken_on"] for v in odd_record["draft_votes"])[0]
    later = rows_of(await get(client, f"/exports/votes.csv?since={day.isoformat()}"))
    assert len(later) == len(found)
    first = rows_of(await get(client, f"/exports/votes.csv?until={day.isoformat()}"))
    assert first
    assert all(r["taken_on"] == day.isoformat() for r in first)


async def test_many_rows_are_streamed_a_page_at_a_time(
    client: httpx.AsyncClient, engine: AsyncEngine, sql_counter: StatementCounter
) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(Actor), [{"name": f"NGO {i:04d}", "kind": ActorKind.NGO} for i in range(1050)]
        )
    sql_counter.statements.clear()
    found = rows_of(await get(client, "/exports/actors.csv"))
    assert [r["name"] for r in found] == [f"NGO {i:04d}" for i in range(1050)]
    pages = [s for s in sql_counter.statements if "FROM actors" in s and "LIMIT" in s.upper()]
    assert len(pages) >= 11  # 100 rows a page, never the whole table at once


async def test_a_real_server_streams_the_export(settings: Settings, engine: AsyncEngine) -> None:
    """Over a real socket: chunked transfer, no Content-Length (the body is never built whole)."""
    async with engine.begin() as conn:
        await conn.execute(
            insert(Actor), [{"name": f"NGO {i:04d}", "kind": ActorKind.NGO} for i in range(450)]
        )
    async with (
        serve(create_app(settings)) as address,
        httpx.AsyncClient() as http,
        http.stream("GET", f"http://{address}/exports/actors.csv") as response,
    ):
        assert response.status_code == 200
        assert response.headers["transfer-encoding"] == "chunked"
        assert "content-length" not in response.headers
        body = b"".join([chunk async for chunk in response.aiter_bytes()])
    assert body.count(b"\r\n") == 451
