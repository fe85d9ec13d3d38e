"""Retries with one idempotencyKey, sent at the same time over HTTP: every one gets the first
result, exactly one move is recorded, and the key reused for another move is refused."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import GraphQLClient
from tests.graphql.test_workflows import ADVANCE, HISTORY, advance, body_in_core_group
from tests.graphql.test_writes import ok


async def at_once(
    client: httpx.AsyncClient, secret: str | None, inputs: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Post every input as its own request (its own session and transaction), all at once."""

    async def post(move: dict[str, Any]) -> dict[str, Any]:
        response = await client.post(
            "/graphql",
            headers={"authorization": f"Bearer {secret}"},
            json={"query": ADVANCE, "variables": {"input": move}},
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        payload: dict[str, Any] = body["data"]["advanceWorkflow"]
        return payload

    return list(await asyncio.gather(*(post(move) for move in inputs)))


async def stored_keys(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        count: int = (
            await conn.execute(text("SELECT count(*) FROM idempotency_keys"))
        ).scalar_one()
        return count


@pytest.mark.parametrize("retries", [4, 12])
async def test_concurrent_retries_all_get_the_first_result(
    client: httpx.AsyncClient, gql: GraphQLClient, engine: AsyncEngine, retries: int
) -> None:
    body = await body_in_core_group(gql)
    move = {"subjectId": body, "trigger": "suspend", "reason": "pause", "idempotencyKey": "k-1"}

    results = await at_once(client, gql.secret, [move] * retries)

    assert [r["userErrors"] for r in results] == [[]] * retries
    first = results[0]
    assert first["subject"] == {"id": body, "state": "SUSPENDED", "version": 3}
    assert first["event"]["type"] == "workflow.transitioned"
    assert all(r["event"] == first["event"] and r["subject"] == first["subject"] for r in results)
    history = (await gql.data(HISTORY, {"id": body}))["node"]["history"]
    assert [e["node"]["trigger"] for e in history["edges"]] == ["convene_core_group", "suspend"]
    assert await stored_keys(engine) == 1


async def test_one_key_sent_at_once_for_different_moves_lets_one_win_and_refuses_the_rest(
    client: httpx.AsyncClient, gql: GraphQLClient, engine: AsyncEngine
) -> None:
    bodies = [
        (await ok(gql, "createCoordinationBody", "coordinationBody { id }", {"name": name}))[
            "coordinationBody"
        ]["id"]
        for name in ("North", "South")
    ]
    moves = [
        {
            "subjectId": bodies[n % 2],
            "trigger": "dissolve",
            "reason": "merged",
            "idempotencyKey": "k",
        }
        for n in range(8)
    ]

    results = await at_once(client, gql.secret, moves)

    winners = [r for r in results if not r["userErrors"]]
    refused = [r["userErrors"] for r in results if r["userErrors"]]
    assert len(winners) == 4
    assert len({r["event"]["cursor"] for r in winners}) == 1
    assert (
        refused
        == [
            [
                {
                    "code": "INVALID",
                    "message": "this idempotencyKey was already used for a different move",
                    "field": ["input", "idempotencyKey"],
                }
            ]
        ]
        * 4
    )
    assert await stored_keys(engine) == 1


async def test_a_key_reused_with_another_reason_is_refused_and_writes_nothing(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    body = await body_in_core_group(gql)
    move = {"trigger": "suspend", "reason": "pause", "idempotencyKey": "k-2"}
    first = await advance(gql, body, **move)

    replay = await advance(gql, body, **{**move, "reason": " pause "})
    other_reason = await advance(gql, body, **{**move, "reason": "something else"})
    other_version = await advance(gql, body, **move, expectedVersion=2)

    assert replay["event"] == first["event"]
    for refused in (other_reason, other_version):
        assert refused["subject"] is None
        assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
            ("INVALID", ["input", "idempotencyKey"])
        ]
    history = (await gql.data(HISTORY, {"id": body}))["node"]["history"]
    assert history["totalCount"] == 2
    assert await stored_keys(engine) == 1


async def test_a_refused_move_does_not_use_up_its_key(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    body = await body_in_core_group(gql)

    refused = await advance(gql, body, "resume", reason="go on", idempotencyKey="k-3")
    accepted = await advance(gql, body, "suspend", reason="pause", idempotencyKey="k-3")

    assert refused["userErrors"][0]["code"] == "INVALID_TRANSITION"
    assert accepted["userErrors"] == []
    assert accepted["subject"]["state"] == "SUSPENDED"
    assert await stored_keys(engine) == 1
