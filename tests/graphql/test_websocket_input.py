"""Bad input over a WebSocket, on both protocols, is answered as the client's mistake: never
`Internal server error.`, never a dropped socket. A real server on loopback, real sockets."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets

from gp_api.config import Settings
from tests.graphql.test_bad_input import DEEP_CURSOR
from tests.graphql.test_websocket import server
from tests.ws_client import closed

PROTOCOLS = ["graphql-transport-ws", "graphql-ws"]
START = {"graphql-transport-ws": "subscribe", "graphql-ws": "start"}


async def first_reply(ws: Any) -> dict[str, Any]:
    """The first message for operation 1, past keep-alives."""
    while True:
        message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 5))
        if message["type"] not in ("ka", "ping"):
            return message


async def started(url: str, protocol: str, payload: dict[str, Any]) -> dict[str, Any]:
    async with websockets.connect(url, subprotocols=[protocol]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"type": START[protocol], "id": "1", "payload": payload}))
        return await first_reply(ws)


async def test_an_operation_name_the_document_lacks_closes_with_4400(settings: Settings) -> None:
    payload = {"query": "subscription A { events { type } }", "operationName": "B"}

    async with server(settings) as url:
        with pytest.raises(websockets.ConnectionClosed) as ended:
            await started(url, "graphql-transport-ws", payload)

    assert ended.value.rcvd is not None
    assert (ended.value.rcvd.code, ended.value.rcvd.reason) == (
        4400,
        'Unknown operation named "B".',
    )


async def test_an_operation_name_the_document_lacks_is_an_error_on_the_older_protocol(
    settings: Settings,
) -> None:
    payload = {"query": "subscription A { events { type } }", "operationName": "B"}

    async with server(settings) as url:
        reply = await started(url, "graphql-ws", payload)

    assert reply["type"] == "error", reply
    assert reply["payload"]["message"] == "no operation named 'B'", reply
    assert reply["payload"]["extensions"] == {"code": "BAD_USER_INPUT"}, reply


async def test_a_query_over_the_older_protocol_is_answered(settings: Settings) -> None:
    async with server(settings) as url:
        reply = await started(url, "graphql-ws", {"query": "{ __typename }"})

    assert reply["type"] == "data", reply
    assert reply["payload"] == {"data": {"__typename": "Query"}}, reply


async def test_a_message_nested_past_the_parser_closes_with_4400(settings: Settings) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    message = '{"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }", "variables": {"x": %s}}}'

    async with (
        server(settings) as url,
        websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws,  # type: ignore[list-item]
    ):
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        await ws.recv()
        await ws.send(message % deep)
        ended = await closed(ws)

    assert (ended.code, ended.reason) == (4400, "WebSocket message must be valid JSON")


async def test_a_message_nested_past_the_parser_is_ignored_on_the_older_protocol(
    settings: Settings,
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    start = '{"type": "start", "id": "%s", "payload": {"query": "%s", "variables": {"x": %s}}}'

    async with (
        server(settings) as url,
        websockets.connect(url, subprotocols=["graphql-ws"]) as ws,  # type: ignore[list-item]
    ):
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        await ws.recv()
        await ws.send(start % ("1", "subscription { events { type } }", deep))
        await ws.send(start % ("2", "{ __typename }", "{}"))  # the socket still answers
        reply = await first_reply(ws)

    assert (reply["id"], reply["payload"]) == ("2", {"data": {"__typename": "Query"}})


MALFORMED = [
    ({"query": 5}, "the query parameter must be a string"),
    (
        {"query": "{ __typename }", "operationName": 1},
        "the operationName parameter must be a string",
    ),
    (
        {"query": "{ __typename }", "variables": [1]},
        "the variables parameter must be a JSON object",
    ),
    ({"query": "query A { __typename }", "operationName": "A\x00"}, "the operationName parameter"),
]


@pytest.mark.parametrize(("payload", "reason"), MALFORMED)
async def test_a_malformed_operation_closes_with_4400_as_http_would_refuse_it(
    settings: Settings, payload: dict[str, Any], reason: str
) -> None:
    async with server(settings) as url:
        with pytest.raises(websockets.ConnectionClosed) as ended:
            await started(url, "graphql-transport-ws", payload)

    assert ended.value.rcvd is not None
    assert ended.value.rcvd.code == 4400
    assert ended.value.rcvd.reason.startswith(reason)


@pytest.mark.parametrize(("payload", "reason"), MALFORMED)
async def test_a_malformed_operation_is_an_error_on_the_older_protocol(
    settings: Settings, payload: dict[str, Any], reason: str
) -> None:
    async with server(settings) as url:
        reply = await started(url, "graphql-ws", payload)

    assert reply["type"] == "error", reply
    assert reply["payload"]["message"].startswith(reason)


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_a_cursor_nested_past_the_parser_is_refused_as_bad_input(
    settings: Settings, protocol: str
) -> None:
    payload = {
        "query": "subscription($c: String) { events(after: $c) { type } }",
        "variables": {"c": DEEP_CURSOR},
    }

    async with server(settings) as url:
        reply = await started(url, protocol, payload)

    assert "not a cursor" in json.dumps(reply), reply
    assert "BAD_USER_INPUT" in json.dumps(reply), reply
