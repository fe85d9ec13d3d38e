"""Benchmark scenarios that need many clients at once: subscription fan-out and contention."""

from __future__ import annotations

import asyncio
import contextlib
import json
import statistics
import time
from dataclasses import dataclass
from typing import Any

import httpx
import websockets
from websockets.typing import Subprotocol

LAPSE_SUBSCRIPTION = 'subscription { milestones(workflows: ["commitment"]) { cursor } }'


@dataclass
class FanOut:
    subscribers: int
    milestones: int
    delivered: int
    expected: int
    p50_ms: float
    p99_ms: float


@dataclass
class Contention:
    clients: int
    rounds: int
    same_subject_successes: int
    same_subject_conflicts: int
    distinct_successes: int
    distinct_failures: int
    transitions_per_s: float


async def _gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> Any:
    body = (
        await client.post("/graphql", json={"query": query, "variables": variables or {}})
    ).json()
    if "errors" in body:
        raise RuntimeError(body["errors"])
    return body["data"]


CREATE_ACTOR = (
    "mutation($n: String!) { createActor(input: {name: $n, kind: NGO}) { actor { id } } }"
)
CREATE_COMMITMENT = (
    "mutation($a: ID!, $d: Date) { createCommitment(input: {actorId: $a,"
    ' determinants: [PROTECTION], title: "bench", dueOn: $d}) { commitment { id } } }'
)


async def _actor(client: httpx.AsyncClient, name: str) -> str:
    data = await _gql(client, CREATE_ACTOR, {"n": name})
    actor_id: str = data["createActor"]["actor"]["id"]
    return actor_id


async def _commitment(client: httpx.AsyncClient, actor: str, due: str) -> str:
    data = await _gql(client, CREATE_COMMITMENT, {"a": actor, "d": due})
    commitment_id: str = data["createCommitment"]["commitment"]["id"]
    return commitment_id


ADVANCE = """mutation($id: ID!, $t: String!, $v: Int) {
  advanceWorkflow(input: {subjectId: $id, trigger: $t, expectedVersion: $v}) {
    event { cursor } userErrors { code } } }"""


async def fan_out(host: str, token: str, subscribers: int = 1000, milestones: int = 20) -> FanOut:
    received: dict[str, list[float]] = {}
    ready = total = 0
    expected = subscribers * milestones
    all_ready = asyncio.Event()
    all_received = asyncio.Event()
    done = asyncio.Event()

    async def subscriber() -> None:
        nonlocal ready, total
        async with websockets.connect(
            f"ws://{host}/graphql",
            subprotocols=[Subprotocol("graphql-transport-ws")],
            max_queue=None,
        ) as ws:
            await ws.send(
                json.dumps(
                    {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
                )
            )
            await ws.recv()
            await ws.send(
                json.dumps(
                    {"id": "1", "type": "subscribe", "payload": {"query": LAPSE_SUBSCRIPTION}}
                )
            )
            ready += 1
            if ready == subscribers:
                all_ready.set()
            while not done.is_set():
                try:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 1))
                except TimeoutError:
                    continue
                if message.get("type") == "next":
                    cursor = message["payload"]["data"]["milestones"]["cursor"]
                    received.setdefault(cursor, []).append(time.perf_counter())
                    total += 1
                    if total >= expected:
                        all_received.set()

    tasks = [asyncio.create_task(subscriber()) for _ in range(subscribers)]
    await asyncio.wait_for(all_ready.wait(), 120)
    await asyncio.sleep(1)
    committed: dict[str, float] = {}
    async with httpx.AsyncClient(
        base_url=f"http://{host}",
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
        limits=httpx.Limits(keepalive_expiry=2),
    ) as client:
        actor = await _actor(client, f"Fan-out {time.time()}")
        for _ in range(milestones):
            commitment = await _commitment(client, actor, "2020-01-01")
            data = await _gql(client, ADVANCE, {"id": commitment, "t": "lapse", "v": None})
            committed[data["advanceWorkflow"]["event"]["cursor"]] = time.perf_counter()
            await asyncio.sleep(0.05)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(all_received.wait(), 30)
    done.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    latencies = sorted(
        (t - committed[c]) * 1000 for c, times in received.items() if c in committed for t in times
    )
    return FanOut(
        subscribers=subscribers,
        milestones=milestones,
        delivered=len(latencies),
        expected=expected,
        p50_ms=statistics.median(latencies) if latencies else float("nan"),
        p99_ms=latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan"),
    )


async def contention(host: str, token: str, clients: int = 50, rounds: int = 10) -> Contention:
    async with httpx.AsyncClient(
        base_url=f"http://{host}",
        headers={"authorization": f"Bearer {token}"},
        timeout=60,
        # Drop idle connections before uvicorn's 5 s keep-alive does: reusing one the server
        # is closing at that moment fails the request with a ReadError.
        limits=httpx.Limits(max_connections=clients, keepalive_expiry=2),
    ) as client:
        actor = await _actor(client, f"Contention {time.time()}")
        same_ok = same_conflicts = distinct_ok = distinct_bad = 0
        moves = 0
        elapsed = 0.0
        for _ in range(rounds):
            shared = await _commitment(client, actor, "2099-01-01")
            distinct = [await _commitment(client, actor, "2099-01-01") for _ in range(clients)]
            started = time.perf_counter()
            same, each = await asyncio.gather(
                asyncio.gather(
                    *(
                        _gql(client, ADVANCE, {"id": shared, "t": "start", "v": 1})
                        for _ in range(clients)
                    )
                ),
                asyncio.gather(
                    *(_gql(client, ADVANCE, {"id": c, "t": "start", "v": 1}) for c in distinct)
                ),
            )
            elapsed += time.perf_counter() - started
            for result in same:
                if result["advanceWorkflow"]["userErrors"]:
                    same_conflicts += 1
                else:
                    same_ok += 1
            for result in each:
                if result["advanceWorkflow"]["userErrors"]:
                    distinct_bad += 1
                else:
                    distinct_ok += 1
            moves += clients * 2
    return Contention(
        clients,
        rounds,
        same_ok,
        same_conflicts,
        distinct_ok,
        distinct_bad,
        (same_ok + distinct_ok) / elapsed,
    )
