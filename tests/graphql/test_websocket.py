"""Every operation on a WebSocket is admitted as of now, like an HTTP request: the same rate
limits, and a token that is revoked or expires closes the socket (4403) and runs nothing more.
A real server on loopback, real sockets."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
import websockets
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors.models import Actor, ActorKind
from gp_api.app import create_app
from gp_api.auth import service as auth_service
from gp_api.auth.models import ApiToken
from gp_api.config import Settings
from gp_api.db import session_factory
from gp_api.principal import SYSTEM, Role
from tests.conftest import make_token
from tests.ws_client import closed, connect, serve, subscribe

CREATE_ACTOR = 'mutation { createActor(input: {name: "Written", kind: NGO}) { actor { id } } }'
TOKENS = "{ apiTokens { totalCount } }"
TYPENAME = "{ __typename }"
EVENTS = "subscription { events { type } }"
REVOKE = "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }"


@contextlib.asynccontextmanager
async def server(settings: Settings, **limits: int) -> AsyncIterator[str]:
    """A real server; yields its WebSocket URL."""
    app = create_app(
        replace(settings, **{"rate_limit_address": 0, "rate_limit_token": 0, **limits})
    )
    async with serve(app) as host:
        yield f"ws://{host}/graphql"


async def answer(ws: Any, query: str, op_id: str) -> dict[str, Any]:
    """Run one query or mutation on the socket; its first message (`next` or `error`)."""
    return await (await subscribe(ws, query, op_id=op_id)).next()


async def revoke(url: str, admin: str, name: str) -> None:
    async with httpx.AsyncClient(
        base_url=url.replace("ws://", "http://").removesuffix("/graphql"),
        headers={"authorization": f"Bearer {admin}"},
    ) as http:
        tokens = (
            await http.post(
                "/graphql", json={"query": "{ apiTokens { edges { node { id name } } } }"}
            )
        ).json()["data"]["apiTokens"]["edges"]
        token_id = next(e["node"]["id"] for e in tokens if e["node"]["name"] == name)
        body = (
            await http.post("/graphql", json={"query": REVOKE, "variables": {"id": token_id}})
        ).json()
        assert body["data"]["revokeApiToken"]["userErrors"] == [], body


async def actors(engine: AsyncEngine) -> int:
    async with session_factory(engine)() as session:
        return int(await session.scalar(select(func.count()).select_from(Actor)) or 0)


async def test_revoking_a_token_closes_its_socket_and_nothing_more_runs_on_it(
    settings: Settings, engine: AsyncEngine
) -> None:
    admin = await make_token(engine, Role.ADMIN, name="other admin")
    secret = await make_token(engine, Role.ADMIN, name="to revoke")
    async with server(settings) as url, connect(url, secret) as ws:
        await subscribe(ws, EVENTS, op_id="live")
        before = await answer(ws, TOKENS, "before")
        await revoke(url, admin, "to revoke")
        ended = await closed(ws)
        with contextlib.suppress(websockets.exceptions.ConnectionClosed):  # type: ignore[attr-defined]
            await ws.send(
                json.dumps({"id": "w", "type": "subscribe", "payload": {"query": CREATE_ACTOR}})
            )

    assert before["payload"]["data"]["apiTokens"]["totalCount"] == 2
    assert (ended.code, ended.reason) == (4403, "the API token was revoked")
    assert await actors(engine) == 0


async def test_an_operation_sent_right_after_a_revocation_elsewhere_is_refused(
    settings: Settings, engine: AsyncEngine
) -> None:
    secret = await make_token(engine, Role.ADMIN, name="revoked elsewhere")
    async with server(settings) as url, connect(url, secret) as ws:
        await answer(ws, TYPENAME, "warm")  # the principal is cached now
        async with session_factory(engine)() as session, session.begin():
            # As `gp-api token revoke` does, from outside the server process.
            token_id = await session.scalar(
                select(ApiToken.id).where(ApiToken.name == "revoked elsewhere")
            )
            assert token_id is not None
            await auth_service.revoke_token(session, principal=SYSTEM, token_id=token_id)
        await ws.send(
            json.dumps({"id": "w", "type": "subscribe", "payload": {"query": CREATE_ACTOR}})
        )
        ended = await closed(ws)

    assert ended.code == 4403
    assert "revoked" in ended.reason
    assert await actors(engine) == 0


async def test_an_idle_socket_is_closed_when_its_token_is_revoked(
    settings: Settings, engine: AsyncEngine
) -> None:
    admin = await make_token(engine, Role.ADMIN, name="other admin")
    secret = await make_token(engine, Role.VIEWER, name="idle")
    async with server(settings) as url, connect(url, secret) as ws:
        first = await answer(ws, TYPENAME, "1")
        await revoke(url, admin, "idle")
        ended = await closed(ws)

    assert first["payload"] == {"data": {"__typename": "Query"}}
    assert ended.code == 4403


async def test_an_idle_socket_is_closed_when_its_token_expires(
    settings: Settings, engine: AsyncEngine
) -> None:
    # Long enough to start a server and answer once on a slow, busy machine (2 s was not).
    soon = dt.datetime.now(dt.UTC) - dt.timedelta(days=1) + dt.timedelta(seconds=6)
    async with session_factory(engine)() as session, session.begin():
        created = await auth_service.create_token(
            session, principal=SYSTEM, name="brief", role=Role.ADMIN, expires_in_days=1, now=soon
        )
    async with server(settings) as url, connect(url, created.secret) as ws:
        first = await answer(ws, TYPENAME, "1")
        ended = await closed(ws)

    assert first["type"] == "next"
    assert (ended.code, ended.reason) == (4403, "the API token has expired")


async def test_an_operation_over_the_address_limit_gets_an_error_and_the_socket_stays_open(
    settings: Settings,
) -> None:
    # The connection counts as one request, like an HTTP request; then two operations.
    async with server(settings, rate_limit_address=3) as url, connect(url) as ws:
        allowed = [await answer(ws, TYPENAME, str(i)) for i in range(2)]
        refused = await answer(ws, TYPENAME, "3")
        await ws.send(json.dumps({"type": "ping"}))
        pong = json.loads(await asyncio.wait_for(ws.recv(), 5))

    assert [m["type"] for m in allowed] == ["next", "next"]
    assert refused["type"] == "error"
    [error] = refused["payload"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 1 <= error["extensions"]["retryAfter"] <= 60
    assert pong == {"type": "pong"}


async def test_http_and_websocket_spend_one_budget_per_token(
    settings: Settings, engine: AsyncEngine
) -> None:
    secret = await make_token(engine, Role.VIEWER, name="both ways")
    async with server(settings, rate_limit_token=2) as url, connect(url, secret) as ws:
        base = url.replace("ws://", "http://").removesuffix("/graphql")
        async with httpx.AsyncClient(base_url=base) as http:
            over_http = await http.post(
                "/graphql",
                json={"query": TYPENAME},
                headers={"authorization": f"Bearer {secret}"},
            )
        over_ws = await answer(ws, TYPENAME, "1")
        refused = await answer(ws, CREATE_ACTOR, "2")

    assert over_http.status_code == 200
    assert over_ws["type"] == "next"
    assert refused["type"] == "error"
    assert refused["payload"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_the_older_graphql_ws_protocol_is_limited_too(settings: Settings) -> None:
    async with (
        server(settings, rate_limit_address=2) as url,  # the connection, and one operation
        websockets.connect(url, subprotocols=["graphql-ws"]) as ws,  # type: ignore[list-item]
    ):
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        ack = json.loads(await ws.recv())
        for op_id in ("1", "2"):  # this protocol carries subscriptions only
            await ws.send(json.dumps({"type": "start", "id": op_id, "payload": {"query": EVENTS}}))
        while (message := json.loads(await asyncio.wait_for(ws.recv(), 5)))["type"] == "ka":
            pass

    assert ack["type"] == "connection_ack"
    assert (message["type"], message["id"]) == ("error", "2")
    assert message["payload"]["extensions"]["code"] == "RATE_LIMITED"


async def test_the_older_graphql_ws_protocol_closes_on_revocation_too(
    settings: Settings, engine: AsyncEngine
) -> None:
    admin = await make_token(engine, Role.ADMIN, name="other admin")
    secret = await make_token(engine, Role.VIEWER, name="legacy")
    async with (
        server(settings) as url,
        websockets.connect(url, subprotocols=["graphql-ws"]) as ws,  # type: ignore[list-item]
    ):
        init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {secret}"}}
        await ws.send(json.dumps(init))
        ack = json.loads(await ws.recv())
        await ws.send(json.dumps({"type": "start", "id": "1", "payload": {"query": EVENTS}}))
        await asyncio.sleep(0.1)
        await revoke(url, admin, "legacy")
        ended = await closed(ws)

    assert ack["type"] == "connection_ack"
    assert ended.code == 4403


async def test_a_connection_over_the_address_limit_is_closed(settings: Settings) -> None:
    async with server(settings, rate_limit_address=1) as url:
        async with connect(url) as first:
            await answer(first, TYPENAME, "1")  # over the limit, but the socket stays open
        async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as second:  # type: ignore[list-item]
            await second.send(json.dumps({"type": "connection_init", "payload": {}}))
            refused = await closed(second)

    assert refused.code == 4429
    assert refused.reason.startswith("too many requests: try again in ")


async def test_an_operation_the_database_cannot_admit_now_is_told_to_retry_on_an_open_socket(
    settings: Settings, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The token of a socket is checked again for each operation once the data changed; when no
    pooled connection is free for that, the operation gets the protocol's `error` message with
    SERVICE_UNAVAILABLE (as an HTTP request gets 503), the socket stays open, and the next
    operation is served."""
    monkeypatch.setattr("gp_api.db.POOL_TIMEOUT", 0.2)  # read by create_engine
    secret = await make_token(engine, Role.VIEWER, name="busy")
    app = create_app(replace(settings, db_pool_size=1, rate_limit_address=0, rate_limit_token=0))
    app_engine: AsyncEngine = app.state.engine
    async with serve(app) as host, connect(f"ws://{host}/graphql", secret) as ws:
        first = await answer(ws, TYPENAME, "first")
        async with session_factory(engine)() as session, session.begin():
            session.add(Actor(name="Changed", kind=ActorKind.NGO))  # a new data version
        async with app_engine.connect() as held:
            await held.execute(text("SELECT 1"))  # the server's one pooled connection, taken
            busy = await answer(ws, TYPENAME, "busy")
        await ws.send(json.dumps({"type": "ping"}))
        pong = json.loads(await asyncio.wait_for(ws.recv(), 5))
        afterwards = await answer(ws, TYPENAME, "afterwards")

    assert first["type"] == "next"
    assert busy["type"] == "error", busy
    [error] = busy["payload"]
    assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE"}
    assert "busy" in error["message"]
    assert pong == {"type": "pong"}
    assert afterwards == {
        "id": "afterwards",
        "type": "next",
        "payload": {"data": {"__typename": "Query"}},
    }


async def test_a_connection_the_database_cannot_admit_now_is_closed_to_retry(
    settings: Settings, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """connection_init's token check finding no free connection closes the socket with 1013
    (Try Again Later) and says why, on either protocol; the next connection is admitted."""
    monkeypatch.setattr("gp_api.db.POOL_TIMEOUT", 0.2)  # read by create_engine
    secret = await make_token(engine, Role.VIEWER, name="init")
    app = create_app(replace(settings, db_pool_size=1, rate_limit_address=0, rate_limit_token=0))
    app_engine: AsyncEngine = app.state.engine
    init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {secret}"}}
    frames = {}
    async with serve(app) as host:
        async with app_engine.connect() as held:
            await held.execute(text("SELECT 1"))  # the server's one pooled connection, taken
            for protocol in ("graphql-transport-ws", "graphql-ws"):
                async with websockets.connect(
                    f"ws://{host}/graphql",
                    subprotocols=[protocol],  # type: ignore[list-item]
                ) as ws:
                    await ws.send(json.dumps(init))
                    frames[protocol] = await closed(ws)
        async with connect(f"ws://{host}/graphql", secret) as ws:
            afterwards = await answer(ws, TYPENAME, "afterwards")

    for frame in frames.values():
        assert frame.code == 1013
        assert "busy" in frame.reason
    assert afterwards["type"] == "next"
