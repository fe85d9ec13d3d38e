"""Structured logs: one line per request (request id, operation, principal, status, duration),
per committed write and per workflow move; WebSocket operations logged as they start and end;
a client that closes its socket abruptly is not an error."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import re
import secrets
import socket
import subprocess
import sys
from typing import Any

import httpx
import pytest
import structlog
import websockets
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect
from starlette.types import Message

from gp_api import logs
from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.config import Settings
from gp_api.db import session_factory
from gp_api.errors import ConfigError
from gp_api.events import service as events
from gp_api.logs import formatter
from gp_api.pagination import encode_cursor
from gp_api.principal import SYSTEM
from tests.conftest import GraphQLClient
from tests.graphql.test_subscriptions import Server, server
from tests.graphql.test_workflows import body_in_core_group
from tests.ws_client import connect, subscribe

__all__ = ["server"]  # the fixture

CREATE = """mutation Found($n: String!) {
  createActor(input: {name: $n, kind: NGO}) { actor { id } userErrors { code } } }"""
NAMES = "query Names { actors(first: 5) { edges { node { name } } } }"
EVENTS_WITH_DATA = "subscription($after: String) { events(after: $after) { id type data } }"


def lines(caplog: pytest.LogCaptureFixture, event: str) -> list[dict[str, Any]]:
    """The structured lines logged as `event` (their fields, as every handler gets them)."""
    return [
        r.msg for r in caplog.records if isinstance(r.msg, dict) and r.msg.get("event") == event
    ]


@pytest.fixture(autouse=True)
def _info(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)


async def test_a_request_is_one_line_with_its_id_operation_principal_status_and_duration(
    gql: GraphQLClient, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    response = await client.post(
        "/graphql",
        json={"query": CREATE, "variables": {"n": "Walk Free"}},
        headers={"authorization": f"Bearer {gql.secret}", "x-request-id": "trace-42"},
    )

    assert response.headers["x-request-id"] == "trace-42"
    [line] = lines(caplog, "request")
    assert line["request_id"] == "trace-42"
    assert line["operation_name"] == "Found"
    assert line["operation_type"] == "mutation"
    assert line["principal"].startswith("token:")
    assert line["role"] == "ADMIN"
    assert line["status"] == 200
    assert line["method"] == "POST"
    assert isinstance(line["duration_ms"], float)
    assert gql.secret is not None
    assert gql.secret not in json.dumps(line)


async def test_an_unusable_request_id_is_replaced_and_reads_are_logged_as_anonymous(
    anonymous: GraphQLClient, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    response = await client.post(
        "/graphql", json={"query": NAMES}, headers={"x-request-id": "bad id\tinjected"}
    )

    given = response.headers["x-request-id"]
    assert given != "bad id\tinjected"
    assert len(given) == 32
    [line] = lines(caplog, "request")
    assert line["request_id"] == given
    assert (line["operation_type"], line["operation_name"]) == ("query", "Names")
    assert (line["principal"], line["role"]) == ("anonymous", None)


async def test_each_committed_write_is_a_line_carrying_the_request_id(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    await gql.data(CREATE, {"n": "La Strada"})

    [write] = lines(caplog, "write")
    [request] = lines(caplog, "request")
    assert write["event_type"] == "actor.created"
    assert write["subject"].startswith("QWN0b3I6")  # an Actor global ID
    assert write["request_id"] == request["request_id"]
    assert write["by"] == request["principal"]


async def test_a_refused_write_logs_its_code_and_no_write(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    await gql.data(CREATE, {"n": "Twice"})
    caplog.clear()

    payload = await gql.data(CREATE, {"n": "Twice"})

    assert payload["createActor"]["userErrors"] != []
    assert lines(caplog, "write") == []
    [refused] = lines(caplog, "write.refused")
    assert refused["code"] == payload["createActor"]["userErrors"][0]["code"]


async def test_a_workflow_move_is_one_line_with_its_states(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    await body_in_core_group(gql)

    [move] = lines(caplog, "workflow.moved")
    assert move["event_type"] == "workflow.transitioned"
    assert move["trigger"] == "convene_core_group"
    assert move["to_state"] == "CORE_GROUP"
    assert move["subject"].startswith("Q29vcmRpbmF0aW9uQm9keT")  # CoordinationBody:
    assert "request_id" in move


def test_the_json_format_renders_one_parsable_object_per_line() -> None:
    record = logging.LogRecord(
        "uvicorn.error", logging.INFO, __file__, 1, "Started %s", ("x",), None
    )

    rendered = json.loads(formatter("json").format(record))

    assert rendered["event"] == "Started x"
    assert (rendered["level"], rendered["logger"]) == ("info", "uvicorn.error")
    assert "timestamp" in rendered


async def test_websocket_operations_are_logged_as_they_start_and_end(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    async with connect(server.url, server.admin) as ws:
        query = await subscribe(ws, NAMES, op_id="q1")
        assert (await query.next())["type"] == "next"
        assert (await query.next())["type"] == "complete"
        await asyncio.sleep(0.1)

    [started] = lines(caplog, "operation.started")
    [ended] = lines(caplog, "operation.ended")
    assert (started["operation_id"], started["operation_name"]) == ("q1", "Names")
    assert started["operation_type"] == "query"
    assert started["principal"].startswith("token:")
    assert (ended["outcome"], ended["request_id"]) == ("completed", started["request_id"])


async def test_a_client_closing_its_socket_mid_send_is_not_an_error(
    server: Server, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    # Given more to replay than the socket buffers hold (random, so deflate cannot shrink it)
    async with session_factory(engine)() as session, session.begin():
        actor = await actors.create_actor(
            session, principal=SYSTEM, values={"name": "Big", "kind": ActorKind.NGO}
        )
        for _ in range(80):
            await events.append(
                session,
                principal=SYSTEM,
                type="actor.updated",
                subject=actor,
                data={
                    "changed": ["name"],
                    "actor": {"name": secrets.token_urlsafe(75_000)},
                },
            )
    host, port = server.url.split("/")[2].split(":")
    for _ in range(3):
        # When a subscriber stops reading, so that the server's sends wait, and then drops the
        # connection without a close frame
        sock = socket.create_connection((host, int(port)))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        ws = await websockets.connect(server.url, sock=sock, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
        init = {"Authorization": f"Bearer {server.admin}"}
        await ws.send(json.dumps({"type": "connection_init", "payload": init}))
        await ws.recv()
        await ws.send(
            json.dumps(
                {
                    "id": "s",
                    "type": "subscribe",
                    "payload": {
                        "query": EVENTS_WITH_DATA,
                        "variables": {"after": encode_cursor([1])},
                    },
                }
            )
        )
        assert json.loads(await ws.recv())["type"] == "next"
        ws.transport.pause_reading()
        await asyncio.sleep(0.5)
        await ws.send(json.dumps({"type": "ping"}))  # the server's reply waits too
        await asyncio.sleep(0.2)
        ws.transport.abort()
        await asyncio.sleep(0.3)

    # Then the operation ends as any other does, and nothing is logged as an error
    server_errors = [
        r
        for r in caplog.records
        if r.levelno >= logging.ERROR and not r.name.startswith("websockets")
    ]
    assert server_errors == []
    assert len(lines(caplog, "operation.ended")) == 3


async def _server_errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    await asyncio.sleep(0.5)  # the server side of the dropped sockets winds down
    return [
        r
        for r in caplog.records
        if r.levelno >= logging.ERROR and not r.name.startswith("websockets")
    ]


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
async def test_a_client_dropping_its_socket_with_operations_in_flight_is_not_an_error(
    server: Server, caplog: pytest.LogCaptureFixture, protocol: str
) -> None:
    start = "subscribe" if protocol == "graphql-transport-ws" else "start"
    for _ in range(3):
        # Given a client with many operations running when it drops the connection
        ws = await websockets.connect(server.url, subprotocols=[protocol])  # type: ignore[list-item]
        init = {"Authorization": f"Bearer {server.admin}"}
        await ws.send(json.dumps({"type": "connection_init", "payload": init}))
        await ws.recv()
        for n in range(200):
            await ws.send(json.dumps({"id": str(n), "type": start, "payload": {"query": NAMES}}))
        await asyncio.sleep(0.2)
        ws.transport.abort()

    # Then the operations end with it, and nothing is logged as an error
    assert await _server_errors(caplog) == []


async def test_the_older_protocol_runs_queries_and_mutations_too(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    # graphql-ws (subscriptions-transport-ws, gql's default) carries every operation type
    ws = await websockets.connect(server.url, subprotocols=["graphql-ws"])  # type: ignore[list-item]
    init = {"Authorization": f"Bearer {server.admin}"}
    await ws.send(json.dumps({"type": "connection_init", "payload": init}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    answers: dict[str, list[dict[str, Any]]] = {}

    for op_id, document in [
        ("q", NAMES),
        (
            "m",
            'mutation Add { createActor(input: {name: "Legacy", kind: NGO}) { actor { name } } }',
        ),
    ]:
        await ws.send(json.dumps({"id": op_id, "type": "start", "payload": {"query": document}}))
        while not answers.get(op_id) or answers[op_id][-1]["type"] != "complete":
            message = json.loads(await asyncio.wait_for(ws.recv(), 5))
            if message["type"] != "ka":
                answers.setdefault(message["id"], []).append(message)
    await ws.close()

    assert [m["type"] for m in answers["q"]] == ["data", "complete"]
    assert answers["q"][0]["payload"] == {"data": {"actors": {"edges": []}}}
    assert answers["m"][0]["payload"]["data"] == {"createActor": {"actor": {"name": "Legacy"}}}
    assert (await server.gql('{ actors(search: "Legacy") { totalCount } }'))["actors"] == {
        "totalCount": 1
    }
    ended = lines(caplog, "operation.ended")
    assert sorted((e["operation_name"], e["outcome"]) for e in ended) == [
        ("Add", "completed"),
        ("Names", "completed"),
    ]
    assert await _server_errors(caplog) == []


def test_an_unknown_log_format_is_refused_with_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GP_LOG_FORMAT", "xml")
    with pytest.raises(ConfigError, match="GP_LOG_FORMAT must be one of text, json, got 'xml'"):
        Settings.from_env()


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
async def test_several_operations_without_a_name_are_refused_on_every_protocol(
    server: Server, caplog: pytest.LogCaptureFixture, protocol: str
) -> None:
    start = "subscribe" if protocol == "graphql-transport-ws" else "start"
    ws = await websockets.connect(server.url, subprotocols=[protocol])  # type: ignore[list-item]
    init = {"Authorization": f"Bearer {server.admin}"}
    await ws.send(json.dumps({"type": "connection_init", "payload": init}))
    assert json.loads(await ws.recv())["type"] == "connection_ack"

    for n, document in enumerate(
        [
            "subscription A { events { id } } subscription B { events { id } }",
            "query A { __typename } query B { __typename }",
        ]
    ):
        await ws.send(json.dumps({"id": str(n), "type": start, "payload": {"query": document}}))

        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        while message["type"] == "ka":
            message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert message["type"] == "error", message
        [error] = (
            message["payload"] if isinstance(message["payload"], list) else [message["payload"]]
        )
        assert error["message"].startswith("the document has several operations")
    await ws.close()
    assert await _server_errors(caplog) == []


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_line_written_straight_to_the_stream_is_the_line_logging_writes(fmt: str) -> None:
    # Given a logger set up as the server sets up its own (a StreamHandler, our formatter)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter(fmt))
    name = f"gp_api.test_direct_{fmt}"
    direct = logging.getLogger(name)
    direct.addHandler(handler)
    direct.propagate = False
    fields: dict[str, Any] = {"method": "POST", "status": 200, "path": "/graphql"}
    fields["duration_ms"] = 0.25
    before = logs.bound()
    logs.bind(request_id="r-1", operation_name=None, principal="anonymous")
    try:
        # When one line goes the direct way and one through structlog and logging
        logs.info(direct, structlog.stdlib.get_logger(name), "request", fields, logs.bound())
        structlog.stdlib.get_logger(name).info("request", **fields)
    finally:
        logs.restore(before)
        direct.removeHandler(handler)

    # Then they are the same but for the time, in both formats
    first, second = stream.getvalue().splitlines()
    if fmt == "json":
        a, b = json.loads(first), json.loads(second)
        assert a.pop("timestamp") <= b.pop("timestamp")
        assert list(a.items()) == list(b.items())
        assert a["request_id"] == "r-1"
    else:
        assert first.split(" ", 1)[1] == second.split(" ", 1)[1]
        assert "request_id=r-1" in first
        assert "status=200" in first
    assert stream.getvalue().count("\n") == 2


def test_a_line_goes_through_logging_when_anything_else_handles_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    name = "gp_api.test_direct_captured"
    logs.info(
        logging.getLogger(name), structlog.stdlib.get_logger(name), "request", {"status": 1}, {}
    )

    assert lines(caplog, "request") == [
        {"status": 1, "event": "request", "pid": os.getpid(), "level": "info", "logger": name}
        | {"timestamp": lines(caplog, "request")[0]["timestamp"]}
    ]


async def test_a_request_that_fails_is_a_500_with_its_id_and_a_line(
    app: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a client that goes away before sending its body (Starlette raises ClientDisconnect)
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"x-request-id", b"gone-1")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }

    # When it is served, the error is raised to the server (which logs it), after a 500
    with pytest.raises(ClientDisconnect):
        await app(scope, receive, send)

    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 500
    assert (b"x-request-id", b"gone-1") in sent[0]["headers"]
    [line] = lines(caplog, "request")
    assert (line["status"], line["request_id"], line["path"]) == (500, "gone-1", "/graphql")


_FORKED_IDS = """
import os
from gp_api import logs
read, write = os.pipe()
if os.fork() == 0:
    os.write(write, " ".join(logs.request_id(None) for _ in range(5)).encode())
    os._exit(0)
os.close(write)
os.wait()
print(os.read(read, 4096).decode())
print(" ".join(logs.request_id(None) for _ in range(5)))
"""


def test_new_request_ids_are_distinct_in_a_process_and_across_a_fork() -> None:
    ids = {logs.request_id(None) for _ in range(1000)}
    assert len(ids) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    # In a process of its own (forking this one, with threads, is unsafe).
    ran = subprocess.run(
        [sys.executable, "-c", _FORKED_IDS], capture_output=True, text=True, check=True
    )
    child, parent = (set(line.split()) for line in ran.stdout.splitlines())
    assert len(child) == len(parent) == 5
    assert not child & parent
