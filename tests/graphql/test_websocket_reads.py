"""Queries over a WebSocket take the compiled fast path too, as over HTTP: once the resolvers
have answered a document without errors (on either transport), its compiled statement answers
it, for the socket's principal and language, with the resolvers' answer. A real server on
loopback, real sockets, both protocols."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import websockets
from starlette.applications import Starlette

from gp_api.principal import Role
from tests.conftest import make_token
from tests.graphql.read_data import seed
from tests.ws_client import serve, subscribe

QUERY = (
    "query Page($n: Int) { actors(first: $n) { totalCount edges { cursor node { id name"
    " localizedName { text language fallback } names { language text } kinds { kind }"
    " commitments(first: 3) { edges { node { id title state } } } } } } }"
)


async def transport_ws(url: str, payload: dict[str, Any], ops: list[dict[str, Any]]) -> list[Any]:
    """Each operation's first message over graphql-transport-ws, one after the other."""
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
        answers = []
        for i, op in enumerate(ops):
            answers.append(
                await (await subscribe(ws, op["query"], op.get("variables"), str(i))).next()
            )
        return answers


async def graphql_ws(url: str, payload: dict[str, Any], ops: list[dict[str, Any]]) -> list[Any]:
    """Each operation's first message over the older graphql-ws protocol."""
    async with websockets.connect(url, subprotocols=["graphql-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        answers = []
        for i, op in enumerate(ops):
            await ws.send(json.dumps({"type": "start", "id": str(i), "payload": op}))
            while (message := json.loads(await asyncio.wait_for(ws.recv(), 10)))["type"] in (
                "ka",
                "connection_ack",
                "complete",  # of the operation before
            ):
                pass
            assert message["id"] == str(i), message
            answers.append(message)
        return answers


async def test_a_query_answered_once_is_compiled_on_both_protocols(
    app: Starlette, engine: Any
) -> None:
    await seed(engine)
    token = await make_token(engine, Role.VIEWER)
    compiled = app.state.endpoint.compiled
    page = {"query": QUERY, "variables": {"n": 20}}
    async with serve(app) as host:
        url = f"ws://{host}/graphql"
        for protocol in (transport_ws, graphql_ws):
            for language in ("EN", "FR", "RU"):
                payload = {"Authorization": f"Bearer {token}", "Accept-Language": language}
                executed = compiled.executed
                first, second = await protocol(url, payload, [page, page])
                assert first["payload"] == second["payload"], (protocol, language)
                assert "errors" not in second["payload"], second
                # The first was the resolvers' (or compiled, once an earlier round admitted
                # the document); the second is always compiled.
                assert compiled.executed >= executed + 1, (protocol, language)
                names = [
                    e["node"]["localizedName"] for e in second["payload"]["data"]["actors"]["edges"]
                ]
                assert all(n["fallback"] is (n["language"] != language) for n in names)
                async with httpx.AsyncClient(base_url=f"http://{host}") as http:
                    over_http = await http.post(
                        "/graphql",
                        json=page,
                        headers={"authorization": f"Bearer {token}", "accept-language": language},
                    )
                assert over_http.json() == second["payload"], (protocol, language)
            # A variable the resolvers refuse: their error, on the compiled document too.
            (refused,) = await protocol(url, {}, [{"query": QUERY, "variables": {"n": 101}}])
            assert refused["payload"]["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        # A document answered first over a socket is admitted there.
        other = {"query": "{ coordinationBodies(first: 5) { edges { node { id name state } } } }"}
        executed = compiled.executed
        first, second = await transport_ws(url, {}, [other, other])
        assert first["payload"] == second["payload"]
        assert compiled.executed == executed + 1


async def test_a_compiled_read_that_fails_over_a_socket_is_answered_by_the_resolvers(
    app: Starlette, engine: Any, monkeypatch: Any
) -> None:
    await seed(engine)
    compiled = app.state.endpoint.compiled
    page = {"query": QUERY, "variables": {"n": 5}}

    async def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the statement failed")

    async with serve(app) as host:
        url = f"ws://{host}/graphql"
        (reference,) = await transport_ws(url, {}, [page])  # the resolvers: admitted
        monkeypatch.setattr(compiled, "execute_at_version", broken)
        first, second = await transport_ws(url, {}, [page, page])
    assert first["payload"] == second["payload"] == reference["payload"]
    assert "errors" not in first["payload"]
    # Refused after the failure: the second went straight to the resolvers.
    assert compiled.prepare(QUERY, None, {"n": 5}) is None
    assert compiled.prepare(QUERY, None, {"n": 4}) is not None  # other variables: planned
