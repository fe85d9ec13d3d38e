"""gp_api.serving: the writes of one loop turn leave as one, unchanged and in order; the
protocol built on it serves HTTP and WebSocket (tests/ws_client.py serves every live-server
test with it)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from gp_api import cli
from gp_api.serving import CorkedTransport
from tests.ws_client import serve

LARGE = 256 * 1024


class Counting:
    """A real loopback transport that counts the writes handed to it."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.writes: list[int] = []

    def write(self, data: bytes) -> None:
        self.writes.append(len(data))
        self.transport.write(data)

    def writelines(self, chunks: list[bytes]) -> None:
        self.writes.append(sum(map(len, chunks)))
        self.transport.writelines(chunks)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)


class Received(asyncio.Protocol):
    def __init__(self) -> None:
        self.data = bytearray()
        self.closed = asyncio.get_running_loop().create_future()

    def data_received(self, data: bytes) -> None:
        self.data += data

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed.set_result(None)


async def _pair() -> tuple[Counting, CorkedTransport, Received, asyncio.Server]:
    loop = asyncio.get_running_loop()
    accepted: asyncio.Future[Received] = loop.create_future()

    def accept() -> Received:
        peer = Received()
        accepted.set_result(peer)
        return peer

    server = await loop.create_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    transport, _ = await loop.create_connection(asyncio.Protocol, "127.0.0.1", port)
    peer = await asyncio.wait_for(accepted, 5)
    counting = Counting(transport)  # type: ignore[arg-type]
    return counting, CorkedTransport(counting, loop), peer, server  # type: ignore[arg-type]


async def _closed(server: asyncio.Server) -> None:
    server.close()
    await server.wait_closed()


async def _turn() -> None:
    await asyncio.sleep(0)
    await asyncio.sleep(0)


async def test_writes_of_one_turn_leave_as_one() -> None:
    counting, corked, peer, server = await _pair()
    corked.write(b"HTTP/1.1 200 OK\r\n")
    corked.write(bytearray(b"content-length: 2\r\n\r\n"))
    corked.write(memoryview(b"{}"))
    assert counting.writes == []  # held until the end of this turn
    assert corked.get_write_buffer_size() == 40
    await _turn()
    assert counting.writes == [40]
    corked.write(b"next")
    await _turn()
    assert counting.writes == [40, 4]  # a later turn: a write of its own
    corked.close()  # nothing held: closes
    await asyncio.wait_for(peer.closed, 5)
    assert bytes(peer.data) == b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}next"
    await _closed(server)


async def test_a_large_write_leaves_with_the_rest_unchanged() -> None:
    counting, corked, peer, server = await _pair()
    big = bytes(range(256)) * (LARGE // 256)
    corked.write(b"head")
    corked.write(big)
    await _turn()
    assert counting.writes == [4 + len(big)]  # head and body handed over in one call
    corked.write(b"tail")
    corked.close()  # what is held is written before closing
    await asyncio.wait_for(peer.closed, 5)
    assert counting.writes == [4 + len(big), 4]
    assert bytes(peer.data) == b"head" + big + b"tail"
    await _closed(server)


async def test_abort_drops_what_is_held() -> None:
    counting, corked, peer, server = await _pair()
    corked.write(b"never sent")
    corked.abort()
    await asyncio.wait_for(peer.closed, 5)
    await _turn()  # the pending flush finds the transport closing: writes nothing
    assert counting.writes == []
    assert bytes(peer.data) == b""
    await _closed(server)


@pytest.mark.parametrize("size", [2, LARGE])
async def test_the_protocol_serves_answers_whole(size: int) -> None:
    body = "x" * size

    async def page(_request: Any) -> PlainTextResponse:
        return PlainTextResponse(body)

    app = Starlette(routes=[Route("/", page)])
    async with serve(app) as host, httpx.AsyncClient(base_url=f"http://{host}") as client:
        for _ in range(3):  # one keep-alive connection, answers one after the other
            response = await client.get("/")
            assert response.status_code == 200
            assert response.text == body


def test_a_serving_process_keeps_what_it_built_at_start_out_of_full_collections(
    tmp_path: Path,
) -> None:
    """`gp-api serve` builds each worker's application with `served_app`: the objects that live
    as long as the process (modules, schema, read models) are frozen, so a full collection
    does not scan them (it took 100-150 ms, in the middle of requests). In a process of its
    own: freezing this one would keep every test's cycles."""
    code = (
        "import gc\n"
        "from gp_api.app import served_app\n"
        "before = gc.get_freeze_count()\n"
        "served_app()\n"
        "print(before, gc.get_freeze_count())\n"
    )
    env = {**os.environ, "GP_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'gc.db'}"}
    ran = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    before, frozen = map(int, ran.stdout.split())
    assert before == 0
    assert frozen > 50_000  # the schema and read models alone are more
    assert '"gp_api.app:served_app"' in Path(cli.__file__).read_text()  # what serve runs
