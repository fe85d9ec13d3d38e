"""A request sent again byte for byte skips its reading (gp_api.fastpath.replay) when its
answer is a constant or cached one: the same answer as the pipeline's, and every check that
depends on more than the bytes (token, data version, rate limits, cost) made again."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.principal import Role
from tests.conftest import GraphQLClient, make_token

GQL = "application/graphql-response+json"
COUNT = "{ actors { totalCount edges { node { name } } } }"
CREATE = (
    "mutation($n: String!) { createActor(input: {name: $n, kind: NGO}) { userErrors { code } } }"
)


@contextlib.asynccontextmanager
async def client_for(settings: Settings) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    app = create_app(settings)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            yield app, c
    finally:
        app.state.limits.close()
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()


def _same_answer(first: httpx.Response, again: httpx.Response) -> None:
    assert again.status_code == first.status_code
    assert again.content == first.content
    for header in ("content-type", "content-length", "vary"):
        assert again.headers[header] == first.headers[header]
    assert again.headers["x-request-id"] != first.headers["x-request-id"]


async def test_a_constant_sent_again_is_replayed_with_the_same_bytes_and_headers(
    client: httpx.AsyncClient, app: Starlette, engine: AsyncEngine
) -> None:
    endpoint = app.state.endpoint
    secret = await make_token(engine, Role.VIEWER, name="replayed viewer")
    for headers in ({"accept": GQL}, {"accept": GQL, "authorization": f"Bearer {secret}"}):
        # A token's first use is recorded (a write): its principal is known from the next.
        for _ in range(2):
            first = await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
        assert first.json() == {"data": {"__typename": "Query"}}
        before = endpoint.replayed
        for _ in range(2):
            again = await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
            _same_answer(first, again)
        assert endpoint.replayed == before + 2

    # Other bytes are another reading: another media type, another answer.
    legacy = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"accept": "application/json"}
    )
    assert legacy.headers["content-type"] == "application/json; charset=utf-8"


async def test_a_cached_read_sent_again_is_replayed_until_a_write(
    client: httpx.AsyncClient, app: Starlette, anonymous: GraphQLClient, gql: GraphQLClient
) -> None:
    endpoint = app.state.endpoint
    body = {"query": COUNT}
    first = await client.post("/graphql", json=body)
    assert first.json()["data"]["actors"]["totalCount"] == 0
    before = endpoint.replayed
    _same_answer(first, await client.post("/graphql", json=body))
    assert endpoint.replayed == before + 1

    await gql.data(CREATE, {"n": "Replayed NGO"})
    after = await client.post("/graphql", json=body)
    assert after.json()["data"]["actors"] == {
        "totalCount": 1,
        "edges": [{"node": {"name": "Replayed NGO"}}],
    }
    assert endpoint.replayed == before + 1  # the cached answer was stale: the pipeline's


async def test_a_revoked_token_is_refused_though_its_request_was_replayed(
    client: httpx.AsyncClient, app: Starlette, engine: AsyncEngine, gql: GraphQLClient
) -> None:
    secret = await make_token(engine, Role.VIEWER, name="revoked replay")
    headers = {"authorization": f"Bearer {secret}"}
    for _ in range(3):
        answer = await client.post("/graphql", json={"query": COUNT}, headers=headers)
        assert answer.status_code == 200
    assert app.state.endpoint.replayed > 0
    tokens = await gql.data("{ apiTokens { edges { node { id name } } } }")
    token_id = next(
        e["node"]["id"]
        for e in tokens["apiTokens"]["edges"]
        if e["node"]["name"] == "revoked replay"
    )
    await gql.data(
        "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }",
        {"id": token_id},
    )
    refused = await client.post("/graphql", json={"query": COUNT}, headers=headers)
    assert refused.status_code == 401


async def test_rate_limits_count_replayed_requests(settings: Settings) -> None:
    async with client_for(replace(settings, rate_limit_address=3)) as (app, client):
        statuses = [
            (await client.post("/graphql", json={"query": "{ __typename }"})).status_code
            for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        assert app.state.endpoint.replayed == 2


async def test_a_replayed_answer_reports_its_cost_as_the_first_did(settings: Settings) -> None:
    costed = replace(settings, cost_report=True, cost_budget=1_000, cost_restore_rate=1)
    async with client_for(costed) as (app, client):
        answers = [(await client.post("/graphql", json={"query": COUNT})).json() for _ in range(3)]
        assert app.state.endpoint.replayed == 2
        costs = [a["extensions"]["cost"] for a in answers]
        assert [c["requestedQueryCost"] for c in costs] == [costs[0]["requestedQueryCost"]] * 3
        available = [c["throttleStatus"]["currentlyAvailable"] for c in costs]
        assert available[0] > available[1] > available[2]  # each was charged


async def test_a_bare_persisted_hash_is_resolved_every_time(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    query = "{ __typename t: __typename }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    persisted: dict[str, Any] = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    endpoint = app.state.endpoint
    registered = await client.post("/graphql", json={"query": query, "extensions": persisted})
    assert registered.json() == {"data": {"__typename": "Query", "t": "Query"}}
    remembered = len(endpoint.readings.entries)
    for _ in range(2):
        by_hash = await client.post("/graphql", json={"extensions": persisted})
        assert by_hash.json() == registered.json()
    assert len(endpoint.readings.entries) == remembered


READ = "{ actors(first: 5) { totalCount edges { node { id name } } } }"


async def test_a_compiled_read_sent_again_is_replayed_at_its_version(
    settings: Settings, engine: AsyncEngine
) -> None:
    """Response cache off: a compiled read sent again (with a token or without one) skips its
    reading; a revoked token is still refused at once, and a write still shows."""
    async with client_for(replace(settings, response_cache_size=0)) as (app, client):
        endpoint = app.state.endpoint
        secret = await make_token(engine, Role.ADMIN, name="compiled replay")
        for headers in ({}, {"authorization": f"Bearer {secret}"}):
            answers = [
                await client.post("/graphql", json={"query": READ}, headers=headers)
                for _ in range(4)
            ]
            assert all(a.status_code == 200 for a in answers)
            assert len({a.content for a in answers}) == 1
        assert endpoint.compiled.executed >= 2
        assert endpoint.replayed >= 2

        headers = {"authorization": f"Bearer {secret}"}
        created = await client.post(
            "/graphql", json={"query": CREATE, "variables": {"n": "Compiled NGO"}}, headers=headers
        )
        assert created.json()["data"]["createActor"]["userErrors"] == []
        replayed = endpoint.replayed
        after = await client.post("/graphql", json={"query": READ}, headers=headers)
        names = [e["node"]["name"] for e in after.json()["data"]["actors"]["edges"]]
        assert "Compiled NGO" in names
        assert endpoint.replayed == replayed + 1  # replayed, at the new version

        tokens = await client.post(
            "/graphql",
            json={"query": "{ apiTokens { edges { node { id name } } } }"},
            headers=headers,
        )
        token_id = next(
            e["node"]["id"]
            for e in tokens.json()["data"]["apiTokens"]["edges"]
            if e["node"]["name"] == "compiled replay"
        )
        revoke = "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }"
        await client.post(
            "/graphql", json={"query": revoke, "variables": {"id": token_id}}, headers=headers
        )
        refused = await client.post("/graphql", json={"query": READ}, headers=headers)
        assert refused.status_code == 401
