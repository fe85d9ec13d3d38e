"""A small graphql-transport-ws client for tests (the protocol of graphql-ws), and a real
uvicorn server on loopback to talk to."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn
import websockets
from starlette.applications import Starlette
from websockets.frames import Close

from gp_api import serving


class Subscription:
    def __init__(self, ws: Any, op_id: str) -> None:
        self.ws = ws
        self.id = op_id
        # Messages for other operations on the same socket, kept for them.
        self.ws.__dict__.setdefault("gp_pending", [])

    async def next(self, wait: float = 10) -> dict[str, Any]:
        """The next message for this operation: `next` payloads, or the error/complete."""
        pending: list[dict[str, Any]] = self.ws.gp_pending
        for i, kept in enumerate(pending):
            if kept.get("id") == self.id:
                return pending.pop(i)
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), wait)
            message = json.loads(raw)
            if message["type"] == "ping":
                await self.ws.send(json.dumps({"type": "pong"}))
                continue
            if message.get("id") == self.id:
                result: dict[str, Any] = message
                return result
            pending.append(message)

    async def events(self, n: int, wait: float = 10) -> list[dict[str, Any]]:
        out = []
        for _ in range(n):
            message = await self.next(wait)
            assert message["type"] == "next", message
            assert "errors" not in message["payload"], message
            out.append(next(iter(message["payload"]["data"].values())))
        return out

    async def nothing_for(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            message = await self.next(seconds)
            raise AssertionError(f"unexpected message {message}")


@contextlib.asynccontextmanager
async def connect(url: str, token: str | None = None) -> AsyncIterator[Any]:
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        yield ws


async def subscribe(
    ws: Any, query: str, variables: dict[str, Any] | None = None, op_id: str = "1"
) -> Subscription:
    await ws.send(
        json.dumps(
            {
                "id": op_id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables or {}},
            }
        )
    )
    return Subscription(ws, op_id)


async def closed(ws: Any, wait: float = 10) -> Close:
    """Read (and drop) messages until the server closes the socket; its close frame."""

    async def drain() -> None:
        while True:
            await asyncio.wait_for(ws.recv(), wait)

    with pytest.raises(websockets.exceptions.ConnectionClosed) as ended:  # type: ignore[attr-defined]
        await drain()
    frame: Close | None = ended.value.rcvd
    assert frame is not None, "the client closed, not the server"
    return frame


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def serve(app: Starlette) -> AsyncIterator[str]:
    """Run `app` (lifespan included) on a loopback port; yields its base URL without scheme."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="on",
            http=serving.HTTP_PROTOCOL,  # as `gp-api serve` speaks HTTP
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
        if task.done():
            task.result()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def wait_ready(port: int) -> None:
    """Wait until a server process on a loopback port answers /readyz."""
    async with httpx.AsyncClient() as client:
        for _ in range(150):
            try:
                if (await client.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"server on {port} did not start")
