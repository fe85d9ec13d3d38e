"""Several server processes on one PostgreSQL database: a subscriber on any process gets
every event committed through any other, once and in order; a killed server loses nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.config import PROJECT_ROOT
from gp_api.principal import Role
from tests.conftest import BACKEND, POSTGRES_URL, make_token
from tests.ws_client import connect, free_port, subscribe, wait_ready

pytestmark = pytest.mark.skipif(
    BACKEND != "postgres", reason="fan-out across processes needs PostgreSQL"
)

EVENTS = (
    'subscription($after: String) { events(after: $after, types: ["actor.created"]) { id cursor } }'
)


@contextmanager
def server_process(port: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "GP_DATABASE_URL": POSTGRES_URL,
        "GP_PORT": str(port),
        "GP_HOST": "127.0.0.1",
        "GP_SWEEP_INTERVAL": "0",
        "GP_RATE_LIMIT_TOKEN": "0",
        "GP_RATE_LIMIT_ADDRESS": "0",
        "GP_COST_BUDGET": "0",  # cost budgets off too: this test sends hundreds
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gp_api.cli", "serve"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)


@pytest.fixture
async def admin(engine: AsyncEngine) -> str:
    return await make_token(engine, Role.ADMIN, name="fan-out admin")


async def create_actors(port: int, token: str, names: list[str]) -> None:
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers={"authorization": f"Bearer {token}"}
    ) as client:
        for name in names:
            body = (
                await client.post(
                    "/graphql",
                    json={
                        "query": "mutation($n: String!) { createActor(input: {name: $n, kind: NGO}) { userErrors { code } } }",
                        "variables": {"n": name},
                    },
                )
            ).json()
            assert body["data"]["createActor"]["userErrors"] == [], body


def event_ids(received: list[dict[str, Any]]) -> list[int]:
    import base64

    return [int(base64.b64decode(e["id"]).decode().split(":")[1]) for e in received]


async def test_every_subscriber_on_every_process_gets_every_event_once_in_order(admin: str) -> None:
    ports = [free_port(), free_port()]
    with server_process(ports[0]), server_process(ports[1]):
        await asyncio.gather(*(wait_ready(p) for p in ports))
        n = 400
        async with (
            connect(f"ws://127.0.0.1:{ports[0]}/graphql", admin) as ws_a,
            connect(f"ws://127.0.0.1:{ports[1]}/graphql", admin) as ws_b,
        ):
            subscriptions = [
                await subscribe(ws, EVENTS, op_id=f"s{i}") for ws in (ws_a, ws_b) for i in range(3)
            ]
            await asyncio.sleep(0.3)
            await asyncio.gather(
                create_actors(ports[0], admin, [f"A {i}" for i in range(n // 2)]),
                create_actors(ports[1], admin, [f"B {i}" for i in range(n // 2)]),
            )
            streams = [await s.events(n, wait=30) for s in subscriptions]

    first = event_ids(streams[0])
    assert len(first) == n
    assert first == sorted(first)
    assert len(set(first)) == n
    assert all(event_ids(s) == first for s in streams)


async def test_a_killed_server_loses_nothing_a_subscriber_resumes_by_cursor(admin: str) -> None:
    port = free_port()
    with server_process(port) as server:
        await wait_ready(port)
        async with connect(f"ws://127.0.0.1:{port}/graphql", admin) as ws:
            live = await subscribe(ws, EVENTS)
            await asyncio.sleep(0.2)
            await create_actors(port, admin, ["Seen"])
            [seen] = await live.events(1)
            await create_actors(port, admin, ["Committed before the crash"])
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=10)

    with server_process(port):
        await wait_ready(port)
        async with connect(f"ws://127.0.0.1:{port}/graphql", admin) as ws:
            resumed = await subscribe(ws, EVENTS, {"after": seen["cursor"]})
            [missed] = await resumed.events(1)

    assert event_ids([missed]) == [event_ids([seen])[0] + 1]
