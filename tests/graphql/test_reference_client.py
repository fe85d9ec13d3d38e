"""A client nobody here wrote (the `gql` library, over graphql-transport-ws and HTTP):
subscribe, miss events while away, resume with the last cursor, get exactly the missed
events and then the live ones."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.principal import Role
from tests.conftest import make_token
from tests.ws_client import serve

SUBSCRIPTION = 'subscription ($after: String) { events(after: $after, types: ["actor.created"]) { cursor data } }'
CREATE = "mutation ($n: String!) { createActor(input: {name: $n, kind: NGO}) { actor { id } userErrors { code } } }"


@pytest.fixture
async def host(settings: Settings, engine: AsyncEngine) -> AsyncIterator[tuple[str, str]]:
    admin = await make_token(engine, Role.ADMIN, name="gql client")
    async with serve(create_app(replace(settings, rate_limit_address=0, rate_limit_token=0))) as h:
        yield h, admin


def ws_client(host: str, token: str) -> Client:
    transport = WebsocketsTransport(
        url=f"ws://{host}/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"Authorization": f"Bearer {token}"},
    )
    return Client(transport=transport)


async def create(host: str, token: str, name: str) -> None:
    transport = HTTPXAsyncTransport(
        url=f"http://{host}/graphql", headers={"Authorization": f"Bearer {token}"}
    )
    async with Client(transport=transport) as session:
        result = await session.execute(GraphQLRequest(CREATE, variable_values={"n": name}))
    assert result["createActor"]["userErrors"] == []


async def take(
    host: str, token: str, after: str | None, n: int, while_listening: list[str]
) -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []
    async with ws_client(host, token) as session:

        async def listen() -> None:
            async for result in session.subscribe(
                GraphQLRequest(SUBSCRIPTION, variable_values={"after": after})
            ):
                received.append(result["events"])
                if len(received) == n:
                    return

        listener = asyncio.create_task(listen())
        await asyncio.sleep(0.3)
        for name in while_listening:
            await create(host, token, name)
        await asyncio.wait_for(listener, 15)
    return received


async def test_reference_client_resumes_from_its_last_cursor(host: tuple[str, str]) -> None:
    address, token = host

    [first] = await take(address, token, None, 1, ["One"])
    await create(address, token, "Two")  # missed while disconnected
    await create(address, token, "Three")
    resumed = await take(address, token, first["cursor"], 3, ["Four"])

    names = [e["data"]["name"] for e in [first, *resumed]]
    assert names == ["One", "Two", "Three", "Four"]
