"""What events reveal, per reader: one rule per event type (gp_api.events.catalog) on every
HTTP path that returns events: the connection, node, nodes, the response cache and the
compiled read path (planned per reader's role). Token events are for ADMIN only; webhook endpoint events are for
authenticated readers, their URL for ADMIN only, and never with credentials or query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.db import session_factory
from gp_api.events.models import Event as EventRow
from gp_api.principal import Role
from tests.conftest import GraphQLClient, make_token

SECRET_URL = "https://hook-user:hook-pass@hooks.example.org/in/gp?token=s3cr3t#frag"
CLEAN_URL = "https://hooks.example.org/in/gp"
EVENTS = "{ events(first: 100) { totalCount edges { node { id type data } } } }"
NODE = "query($id: ID!) { node(id: $id) { ... on Event { type data } } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Event { type data } } }"


@dataclass
class Log:
    token_event: str  # global ID of the api_token.created event
    endpoint_event: str  # global ID of the webhook_endpoint.created event
    token_id: str
    endpoint_id: str


@pytest.fixture
async def log(gql: GraphQLClient) -> Log:
    token = await gql.data(
        'mutation { createApiToken(input: {name: "ci robot", role: VIEWER}) '
        "{ apiToken { id } userErrors { code } } }"
    )
    endpoint = await gql.data(
        "mutation($url: String!) { createWebhookEndpoint(input: {url: $url}) "
        "{ webhookEndpoint { id } userErrors { code } } }",
        {"url": SECRET_URL},
    )
    await gql.data(
        'mutation { createActor(input: {name: "Public NGO", kind: NGO}) { actor { id } } }'
    )
    events = await gql.data(EVENTS)
    by_type = {e["node"]["type"]: e["node"]["id"] for e in events["events"]["edges"]}
    [token_event] = [
        e["node"]["id"]
        for e in events["events"]["edges"]
        if e["node"]["data"].get("name") == "ci robot"
    ]
    return Log(
        token_event=token_event,
        endpoint_event=by_type["webhook_endpoint.created"],
        token_id=token["createApiToken"]["apiToken"]["id"],
        endpoint_id=endpoint["createWebhookEndpoint"]["webhookEndpoint"]["id"],
    )


@pytest.fixture
async def viewer(gql: GraphQLClient, engine: AsyncEngine) -> GraphQLClient:
    return gql.as_(await make_token(engine, Role.VIEWER, name="reader"))


def types_of(data: dict[str, Any]) -> list[str]:
    return [e["node"]["type"] for e in data["events"]["edges"]]


def data_of(data: dict[str, Any], event_type: str) -> dict[str, Any]:
    [found] = [
        e["node"]["data"] for e in data["events"]["edges"] if e["node"]["type"] == event_type
    ]
    return found


async def test_the_events_connection_shows_each_reader_its_share(
    log: Log, anonymous: GraphQLClient, viewer: GraphQLClient, gql: GraphQLClient
) -> None:
    as_anonymous = await anonymous.data(EVENTS)
    as_viewer = await viewer.data(EVENTS)
    as_admin = await gql.data(EVENTS)

    assert types_of(as_anonymous) == ["actor.created"]
    assert as_anonymous["events"]["totalCount"] == 1
    assert "api_token.created" not in types_of(as_viewer)
    assert data_of(as_viewer, "webhook_endpoint.created") == {
        "id": log.endpoint_id,
        "eventTypes": None,
        "workflows": None,
        "enabled": True,
    }
    assert data_of(as_admin, "webhook_endpoint.created")["url"] == CLEAN_URL
    assert data_of(as_admin, "webhook_endpoint.created")["id"] == log.endpoint_id
    tokens = [
        e["node"]["data"] for e in as_admin["events"]["edges"] if e["node"]["id"] == log.token_event
    ]
    assert tokens[0]["id"] == log.token_id
    assert tokens[0]["name"] == "ci robot"
    for body in (as_anonymous, as_viewer, as_admin):
        assert "hook-pass" not in str(body)
        assert "s3cr3t" not in str(body)


async def test_node_and_nodes_apply_the_same_rule(
    log: Log, anonymous: GraphQLClient, viewer: GraphQLClient, gql: GraphQLClient
) -> None:
    ids = {"ids": [log.token_event, log.endpoint_event]}

    assert (await anonymous.data(NODE, {"id": log.token_event}))["node"] is None
    assert (await anonymous.data(NODE, {"id": log.endpoint_event}))["node"] is None
    assert (await anonymous.data(NODES, ids))["nodes"] == [None, None]
    assert (await viewer.data(NODE, {"id": log.token_event}))["node"] is None
    seen = (await viewer.data(NODES, ids))["nodes"]
    assert seen[0] is None
    assert seen[1]["type"] == "webhook_endpoint.created"
    assert "url" not in seen[1]["data"]
    admin_nodes = (await gql.data(NODES, ids))["nodes"]
    assert [n["type"] for n in admin_nodes] == ["api_token.created", "webhook_endpoint.created"]
    assert admin_nodes[0]["data"]["id"] == log.token_id
    assert admin_nodes[1]["data"]["url"] == CLEAN_URL


async def test_the_stored_event_never_holds_the_url_credentials(
    log: Log, engine: AsyncEngine
) -> None:
    async with session_factory(engine)() as session:
        rows = list(await session.scalars(select(EventRow.data)))

    assert "hook-pass" not in str(rows)
    assert "s3cr3t" not in str(rows)


async def test_the_response_cache_keeps_each_readers_share_apart(
    log: Log, anonymous: GraphQLClient, viewer: GraphQLClient, gql: GraphQLClient, app: Starlette
) -> None:
    assert app.state.endpoint.cache.enabled
    for _ in range(2):  # the second round is answered from the cache
        as_admin = await gql.data(EVENTS)
        as_viewer = await viewer.data(EVENTS)
        as_anonymous = await anonymous.data(EVENTS)
        assert data_of(as_admin, "webhook_endpoint.created")["url"] == CLEAN_URL
        assert "url" not in data_of(as_viewer, "webhook_endpoint.created")
        assert types_of(as_anonymous) == ["actor.created"]


@pytest.mark.parametrize("query", [EVENTS, NODE, NODES])
async def test_compiled_event_reads_show_each_reader_the_same_share(
    query: str,
    log: Log,
    anonymous: GraphQLClient,
    viewer: GraphQLClient,
    gql: GraphQLClient,
    app: Starlette,
) -> None:
    endpoint = app.state.endpoint
    variables = {"id": log.token_event, "ids": [log.token_event, log.endpoint_event]}
    used = {k: v for k, v in variables.items() if f"${k}" in query}
    for client, role in ((anonymous, None), (viewer, Role.VIEWER), (gql, Role.ADMIN)):
        endpoint.cache.entries.clear()
        by_resolvers = await client.data(query, used)  # admits the document
        endpoint.cache.entries.clear()
        by_statement = await client.data(query, used)

        assert endpoint.compiled.prepare(query, None, used, role) is not None
        assert by_statement == by_resolvers
        assert "hook-pass" not in str(by_statement)
        assert "s3cr3t" not in str(by_statement)
