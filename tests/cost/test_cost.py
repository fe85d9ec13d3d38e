"""Query cost over HTTP (ASGI) and WebSocket (a real server): the figures of several shapes on
every lane (resolvers, compiled, cached, with and without a token, GET and POST), budgets that
refill, THROTTLED before anything runs, the single-query maximum, budgets shared in Redis, and
the README's figures."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
import websockets
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.app import create_app
from gp_api.config import PROJECT_ROOT, Settings
from gp_api.fastpath.budget import Buckets
from tests.ws_client import connect, serve, subscribe

GRAPHQL_RESPONSE = "application/graphql-response+json"
CREATE = """mutation ($name: String!) {
  createActor(input: {name: $name, kind: NGO}) { actor { id name } userErrors { code } }
}"""
ACTORS = "{ actors(first: 10) { totalCount edges { node { name } } } }"
NESTED = """{ actors(first: 10) { pageInfo { hasNextPage } edges { cursor node {
  name commitments(first: 5) { edges { node { id } } } } } } }"""
BY_VARIABLE = "query ($n: Int) { actors(last: $n) { edges { node { id name } } } }"


def cost_settings(settings: Settings, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "cost_budget": 1000,
        "cost_restore_rate": 50,
        "cost_max_query": 1000,
        "cost_report": True,
        **changes,
    }
    return replace(settings, **values)


@pytest.fixture
async def costed_app(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Starlette]:
    app = create_app(cost_settings(settings))
    yield app
    await app.state.endpoint.heads.close()
    await app.state.engine.dispose()


def http(app: Starlette, address: str = "10.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 4321))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def post(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    secret: str | None = None,
) -> httpx.Response:
    headers = {"accept": GRAPHQL_RESPONSE}
    if secret:
        headers["authorization"] = f"Bearer {secret}"
    return await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )


async def create_actors(client: httpx.AsyncClient, secret: str, n: int) -> None:
    for i in range(n):
        body = (await post(client, CREATE, {"name": f"Cost actor {i}"}, secret)).json()
        assert body["data"]["createActor"]["userErrors"] == [], body


def figures(body: dict[str, Any]) -> tuple[int, int]:
    cost = body["extensions"]["cost"]
    return cost["requestedQueryCost"], cost["actualQueryCost"]


async def test_cost_figures_follow_the_shape_on_every_lane(
    costed_app: Starlette, admin_secret: str
) -> None:
    async with http(costed_app) as client:
        await create_actors(client, admin_secret, 3)
        expected = [
            # 1 (connection) + 10 x 1 (node); 3 actors returned: 1 + 3
            (ACTORS, None, 11, 4),
            # 1 + pageInfo 1 + 10 x (node 1 + commitments 1 + 5 x 1); none has commitments
            (NESTED, None, 72, 1 + 1 + 3 * 2),
            # last: $n = 2: 1 + 2 x 1
            (BY_VARIABLE, {"n": 2}, 3, 3),
            # no page size: the default page (20)
            ("{ actors { edges { node { id } } } }", None, 21, 4),
            # introspection and __typename are free
            ("{ __typename }", None, 0, 0),
            # a plain list: one object asked for, one per element returned
            ("{ planSteps { position title } }", None, 1, None),
        ]
        for query, variables, requested, actual in expected:
            for secret in (None, admin_secret):
                # the first answer by the resolvers, then compiled or cached ones
                seen = set()
                for _ in range(3):
                    response = await post(client, query, variables, secret)
                    assert response.status_code == 200, response.text
                    body = response.json()
                    assert "errors" not in body, body
                    seen.add(figures(body))
                assert len(seen) == 1, (query, seen)
                got_requested, got_actual = seen.pop()
                assert got_requested == requested, query
                if actual is not None:
                    assert got_actual == actual, query
                else:
                    assert got_actual == len(body["data"]["planSteps"]), query

        # GET answers carry the same figures
        response = await client.get(
            "/graphql", params={"query": ACTORS}, headers={"accept": GRAPHQL_RESPONSE}
        )
        assert figures(response.json()) == (11, 4)

        # a mutation: 10 for the write, 1 for the field, 1 per object selected (the actual
        # cost counts the actor, and no user error)
        body = (await post(client, CREATE, {"name": "Cost actor 4"}, admin_secret)).json()
        assert figures(body) == (13, 12)
        status = body["extensions"]["cost"]["throttleStatus"]
        assert status["maximumAvailable"] == 1000.0
        assert status["restoreRate"] == 50.0
        assert 0 <= status["currentlyAvailable"] <= 1000


async def test_a_query_over_its_budget_is_refused_before_it_runs(
    settings: Settings, engine: AsyncEngine, admin_secret: str
) -> None:
    app = create_app(cost_settings(settings, cost_budget=20, cost_restore_rate=1))
    try:
        async with http(app) as client:
            first = (await post(client, CREATE, {"name": "Paid for"}, admin_secret)).json()
            assert figures(first) == (13, 12)  # 20 - 13 + 1 given back
            assert first["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] < 9

            refused = await post(client, CREATE, {"name": "Never written"}, admin_secret)
            assert refused.status_code == 429
            body = refused.json()
            assert "data" not in body
            [error] = body["errors"]
            assert error["extensions"]["code"] == "THROTTLED"
            wait = error["extensions"]["retryAfter"]
            assert 1 <= wait <= 6
            assert refused.headers["retry-after"] == str(wait)
            assert body["extensions"]["cost"]["requestedQueryCost"] == 13
            assert body["extensions"]["cost"]["actualQueryCost"] is None

            # nothing ran: the second actor was never written
            async with engine.connect() as conn:
                names = (await conn.execute(text("SELECT name FROM actors"))).scalars().all()
            assert names == ["Paid for"]

            # a free query still runs; the anonymous budget of another address is its own
            assert figures((await post(client, "{ __typename }", None, admin_secret)).json()) == (
                0,
                0,
            )
        async with http(app, "10.0.0.2") as other:
            body = (await post(other, ACTORS)).json()
            assert figures(body) == (11, 2)
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()


async def test_budgets_refill_over_time() -> None:
    """The real bucket, on the real clock: what is taken comes back at the restore rate."""
    slow = Buckets(20, 1)
    assert (await slow.take("a", 13)).taken
    refused = await slow.take("a", 13)
    assert not refused.taken
    assert refused.available < 13
    assert slow.retry_after(13, refused.available) >= 1
    assert (await slow.take("b", 13)).taken  # another key, another bucket

    fast = Buckets(20, 1000)
    assert (await fast.take("a", 20)).taken
    await asyncio.sleep(0.05)  # 50 points restored, capped at the maximum
    after = await fast.take("a", 0)
    assert after.taken
    assert after.available == 20.0
    # what a query did not use is given back, never beyond the maximum
    given_back = await fast.take("a", -50)
    assert given_back.available == 20.0


async def test_the_reported_budget_rises_as_it_refills(
    settings: Settings, engine: AsyncEngine, admin_secret: str
) -> None:
    app = create_app(cost_settings(settings, cost_restore_rate=1))
    try:
        async with http(app) as client:
            body = (await post(client, CREATE, {"name": "Refill"}, admin_secret)).json()
            before = body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"]
            assert before <= 1000 - 12 + 1  # 12 used; at most a second restored since
            await asyncio.sleep(0.3)  # restores 0.3 at least
            free = (await post(client, "{ __typename }", None, admin_secret)).json()
            after = free["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"]
            assert after > before
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()


async def test_a_query_over_the_single_query_maximum_is_refused(
    settings: Settings, engine: AsyncEngine
) -> None:
    app = create_app(cost_settings(settings, cost_max_query=50))
    try:
        async with http(app) as client:
            response = await post(client, "{ actors(first: 100) { edges { node { id } } } }")
            assert response.status_code == 400
            body = response.json()
            assert "data" not in body
            assert body["errors"][0]["extensions"]["code"] == "MAX_COST_EXCEEDED"
            assert "101" in body["errors"][0]["message"]
            assert body["extensions"]["cost"]["requestedQueryCost"] == 101
            legacy = await client.post(
                "/graphql", json={"query": "{ actors(first: 60) { edges { node { id } } } }"}
            )
            assert legacy.status_code == 200
            assert legacy.json()["errors"][0]["extensions"]["code"] == "MAX_COST_EXCEEDED"
            assert figures((await post(client, ACTORS)).json())[0] == 11
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()


async def test_budgets_are_shared_between_processes_through_redis(
    redis_settings: Settings, engine: AsyncEngine, admin_secret: str
) -> None:
    shared = cost_settings(redis_settings, cost_budget=20, cost_restore_rate=1)
    one, two = create_app(shared), create_app(shared)
    try:
        async with http(one) as first, http(two) as second:
            body = (await post(first, CREATE, {"name": "Shared"}, admin_secret)).json()
            assert figures(body) == (13, 12)
            refused = await post(second, CREATE, {"name": "Not shared"}, admin_secret)
            assert refused.status_code == 429
            assert refused.json()["errors"][0]["extensions"]["code"] == "THROTTLED"
            # anonymous, by address, across both
            await post(first, "{ actors(first: 15) { edges { node { id } } } }")
            status = (await post(second, "{ __typename }")).json()["extensions"]["cost"]
            assert status["throttleStatus"]["currentlyAvailable"] < 20
    finally:
        for app in (one, two):
            app.state.limits.close()
            await app.state.endpoint.heads.close()
            await app.state.engine.dispose()


async def test_websocket_operations_are_charged_and_refused_before_they_run(
    settings: Settings, engine: AsyncEngine
) -> None:
    app = create_app(cost_settings(settings, cost_budget=25, cost_restore_rate=1))
    async with serve(app) as host, connect(f"ws://{host}/graphql") as ws:
        cheap = await subscribe(ws, ACTORS, op_id="1")
        message = await cheap.next()
        assert message["type"] == "next", message
        # 11 of 25 taken: a 21 cannot run (for 7 s)
        costly = await subscribe(ws, "{ actors { edges { node { id } } } }", op_id="2")
        message = await costly.next()
        assert message["type"] == "error", message
        [error] = message["payload"]
        assert error["extensions"]["code"] == "THROTTLED"
        assert error["extensions"]["cost"]["requestedQueryCost"] == 21
        assert error["extensions"]["retryAfter"] >= 1
        too_big = await subscribe(ws, "{ actors(first: 31) { edges { node { id } } } }", op_id="3")
        message = await too_big.next()
        assert message["payload"][0]["extensions"]["code"] == "MAX_COST_EXCEEDED"
        # the socket stays open: a free operation runs
        free = await subscribe(ws, "{ __typename }", op_id="4")
        assert (await free.next())["type"] == "next"


README_COSTS = re.compile(r"^\| `(?P<query>[^`]+)` \| (?P<cost>\d+) \|", re.M)


def readme_costs() -> list[tuple[str, int]]:
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("### Query cost and trusted documents", 1)[1].split("\n## ", 1)[0]
    return [(m["query"], int(m["cost"])) for m in README_COSTS.finditer(section)]


def test_the_readme_lists_the_cost_of_its_example_queries() -> None:
    listed = {query for query, _ in readme_costs()}
    readme = (PROJECT_ROOT / "README.md").read_text()
    examples = set(re.findall(r'\{"query":"(\{[^"]+\})"\}', readme))
    assert examples, "the README's examples moved"
    assert examples <= listed


async def test_the_readme_cost_figures_are_right(costed_app: Starlette, admin_secret: str) -> None:
    listed = readme_costs()
    assert len(listed) >= 4
    async with http(costed_app, "10.0.0.9") as client:
        for query, cost in listed:
            secret = admin_secret if query.startswith("mutation") else None
            body = (await post(client, query, None, secret)).json()
            assert "errors" not in body, (query, body)
            assert body["extensions"]["cost"]["requestedQueryCost"] == cost, query


async def test_the_older_graphql_ws_protocol_is_charged_and_takes_persisted_queries(
    settings: Settings, engine: AsyncEngine
) -> None:
    app = create_app(cost_settings(settings, cost_budget=25, cost_restore_rate=1))
    digest = hashlib.sha256(ACTORS.encode()).hexdigest()
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    async with (
        serve(app) as host,
        websockets.connect(f"ws://{host}/graphql", subprotocols=["graphql-ws"]) as ws,  # type: ignore[list-item]
    ):

        async def start(op_id: str, payload: dict[str, Any]) -> dict[str, Any]:
            await ws.send(json.dumps({"type": "start", "id": op_id, "payload": payload}))
            while True:
                message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
                if message["type"] != "ka":
                    return message

        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        miss = await start("1", {"extensions": persisted})
        assert (miss["type"], miss["payload"]["extensions"]["code"]) == (
            "error",
            "PERSISTED_QUERY_NOT_FOUND",
        )
        registered = await start("2", {"query": ACTORS, "extensions": persisted})
        assert registered["type"] == "data", registered
        assert json.loads(await ws.recv())["type"] == "complete"
        hit = await start("3", {"extensions": persisted})  # 22 of 25 taken now
        assert hit["type"] == "data", hit
        assert json.loads(await ws.recv())["type"] == "complete"
        refused = await start("4", {"extensions": persisted})
        assert refused["type"] == "error"
        assert refused["payload"]["extensions"]["code"] == "THROTTLED"


def test_the_defaults_admit_a_front_end_page_and_follow_the_rate_limits_switch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Defaults (README): a budget of 100,000 points restored at 10,000 a second, at most
    50,000 per query; with both rate limits off, budgets are off unless GP_COST_BUDGET says."""
    for name in ("GP_COST_BUDGET", "GP_COST_RESTORE_RATE", "GP_COST_MAX_QUERY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("GP_RATE_LIMIT_TOKEN", raising=False)
    monkeypatch.delenv("GP_RATE_LIMIT_ADDRESS", raising=False)
    on = Settings.from_env()
    assert (on.cost_budget, on.cost_restore_rate, on.cost_max_query) == (100_000, 10_000, 50_000)
    monkeypatch.setenv("GP_RATE_LIMIT_TOKEN", "0")
    monkeypatch.setenv("GP_RATE_LIMIT_ADDRESS", "0")
    assert Settings.from_env().cost_budget == 0
    assert Settings.from_env().cost_max_query == 50_000
    monkeypatch.setenv("GP_COST_BUDGET", "500")
    assert Settings.from_env().cost_budget == 500


async def test_a_shared_answer_gets_its_extension_once_and_right() -> None:
    from gp_api.fastpath.budget import EXTENDED_MAX, CostControl
    from gp_api.fastpath.cost import Costs
    from gp_api.graphql.schema import build_schema

    schema = build_schema(Settings.from_env())
    control = CostControl(Costs(schema._schema), budget=0, restore_rate=0, max_query=0, report=True)
    charge = await control.charge("address:x", ACTORS, None, None)
    body = json.dumps({"data": {"actors": {"totalCount": 1, "edges": []}}}).encode()
    first = await control.settle_body(charge, body, shared=True)
    again = await control.settle_body(charge, body, shared=True)
    assert again is first  # made once for this answer object
    assert json.loads(first)["data"] == json.loads(body)["data"]
    cost = json.loads(first)["extensions"]["cost"]
    assert cost["requestedQueryCost"] == charge.costed.requested
    # Another object (equal bytes, or other bytes) gets its own, right, extension.
    equal = bytes(bytearray(body))
    assert equal is not body
    assert await control.settle_body(charge, equal, shared=True) == first
    other = json.dumps({"data": {"actors": {"totalCount": 2, "edges": []}}}).encode()
    extended = json.loads(await control.settle_body(charge, other, shared=True))
    assert extended["data"]["actors"]["totalCount"] == 2
    assert "cost" in extended["extensions"]
    # Not shared, or too large to keep: extended every time, as before.
    assert await control.settle_body(charge, body) is not first
    big = b'{"data":"' + b"x" * EXTENDED_MAX + b'"}'
    extended_big = json.loads(await control.settle_body(charge, big, shared=True))
    assert extended_big["data"] == "x" * EXTENDED_MAX
    assert "cost" in extended_big["extensions"]
    assert len(control.extended) == 3  # body, equal, other: the large one is not kept
