"""/metrics: latency histograms by operation type and transport, webhook delivery counters and
queue age, totals across the workers of `serve --workers N`, and access like reads have."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.app import create_app
from gp_api.config import PROJECT_ROOT, Settings
from gp_api.db import session_factory
from gp_api.principal import Role
from gp_api.webhooks.worker import dispatch
from tests.conftest import GraphQLClient, make_token
from tests.test_webhooks import Receiver, actors_and_updates, drain, receiver, register
from tests.ws_client import connect, free_port, serve, subscribe

__all__ = ["receiver"]  # the fixture

QUERY = "query Typename { __typename }"


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition `text` (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return 0.0


async def scrape(client: httpx.AsyncClient, **headers: str) -> str:
    response = await client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    return response.text


@contextmanager
def asgi(app: Starlette) -> Iterator[httpx.AsyncClient]:
    yield httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture
async def private_app(settings: Settings) -> AsyncIterator[Starlette]:
    app = create_app(replace(settings, public_read=False))
    yield app
    await app.state.endpoint.heads.close()
    await app.state.engine.dispose()


async def test_a_query_is_timed_by_operation_type_and_transport(
    client: httpx.AsyncClient,
) -> None:
    count = "gp_graphql_request_seconds_count"
    before = await scrape(client)

    await client.post("/graphql", json={"query": QUERY})
    after = await scrape(client)

    assert "# TYPE gp_graphql_request_seconds histogram" in after
    assert sample(after, count, operation_type="query", transport="http") == (
        sample(before, count, operation_type="query", transport="http") + 1
    )
    assert sample(after, "gp_graphql_request_seconds_bucket", operation_type="query", le="+Inf")
    assert sample(after, "gp_http_requests_total", method="POST", status="200") >= 1
    assert "# TYPE gp_subscribers gauge" in after
    assert "process_cpu_seconds_total" in after  # prometheus_client's process metrics


async def test_operations_over_websocket_are_timed_too(
    settings: Settings, engine: AsyncEngine
) -> None:
    admin = await make_token(engine, Role.ADMIN)
    app = create_app(settings)
    async with serve(app) as host, httpx.AsyncClient(base_url=f"http://{host}") as http:
        before = (await http.get("/metrics")).text
        async with connect(f"ws://{host}/graphql", admin) as ws:
            query = await subscribe(ws, QUERY)
            assert (await query.next())["type"] == "next"
            assert (await query.next())["type"] == "complete"
        await asyncio.sleep(0.1)
        after = (await http.get("/metrics")).text

    count = "gp_graphql_request_seconds_count"
    labels = {"operation_type": "query", "transport": "ws"}
    assert sample(after, count, **labels) == sample(before, count, **labels) + 1


async def test_webhook_deliveries_are_counted_by_outcome_and_the_queue_age_is_shown(
    engine: AsyncEngine, receiver: Receiver, gql: GraphQLClient, client: httpx.AsyncClient
) -> None:
    await register(engine, receiver, event_types=["actor.created"])
    before = await scrape(client)
    assert sample(before, "gp_webhook_queue_age_seconds") == 0
    await actors_and_updates(engine, ["Slow"], updates=0)
    async with session_factory(engine)() as session:
        await dispatch(session)
    await asyncio.sleep(0.05)

    queued = await scrape(client)
    receiver.status = 503
    await drain(engine)  # FAST: 4 attempts, then dead
    after = await scrape(client)

    assert sample(queued, "gp_webhook_queue_age_seconds") > 0
    assert sample(after, "gp_webhook_queue_age_seconds") == 0

    def delta(outcome: str) -> float:
        name = "gp_webhook_deliveries_total"
        return sample(after, name, outcome=outcome) - sample(before, name, outcome=outcome)

    assert (delta("retried"), delta("dead"), delta("delivered")) == (3, 1, 0)


async def test_metrics_need_a_token_when_public_reads_are_off(
    private_app: Starlette, engine: AsyncEngine
) -> None:
    viewer = await make_token(engine, Role.VIEWER)
    with asgi(private_app) as client:
        refused = await client.get("/metrics")
        forged = await client.get("/metrics", headers={"authorization": "Bearer gp_nope"})
        allowed = await client.get("/metrics", headers={"authorization": f"Bearer {viewer}"})

    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert "gp_" not in refused.text
    assert forged.status_code == 401
    assert allowed.status_code == 200
    assert "gp_graphql_request_seconds" in allowed.text


async def test_a_metrics_token_is_the_one_credential_for_metrics(
    settings: Settings, engine: AsyncEngine
) -> None:
    app = create_app(replace(settings, metrics_token="scrape-secret-1"))
    admin = await make_token(engine, Role.ADMIN)
    try:
        with asgi(app) as client:
            anonymous = await client.get("/metrics")
            api_token = await client.get("/metrics", headers={"authorization": f"Bearer {admin}"})
            scraper = await client.get(
                "/metrics", headers={"authorization": "Bearer scrape-secret-1"}
            )
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()

    assert (anonymous.status_code, api_token.status_code, scraper.status_code) == (401, 401, 200)


class StderrLines:
    """The JSON lines a server process writes to stderr, read as they come."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.lines: list[dict[str, Any]] = []
        self.other: list[str] = []
        assert process.stderr is not None
        self.thread = threading.Thread(target=self._read, args=(process.stderr,), daemon=True)
        self.thread.start()

    def _read(self, stream: Any) -> None:
        for raw in stream:
            try:
                self.lines.append(json.loads(raw))
            except ValueError:
                self.other.append(raw.decode(errors="replace"))


@contextmanager
def two_workers(database_url: str, port: int) -> Iterator[StderrLines]:
    env = {
        **os.environ,
        "GP_DATABASE_URL": database_url,
        "GP_LOG_FORMAT": "json",
        "GP_SWEEP_INTERVAL": "0",
        "GP_WEBHOOK_WORKER": "false",
        "GP_RATE_LIMIT_TOKEN": "0",
        "GP_RATE_LIMIT_ADDRESS": "0",
        "GP_COST_BUDGET": "0",  # cost budgets off too: this test sends hundreds
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gp_api.cli", "serve", "--workers", "2", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    lines = StderrLines(process)
    try:
        yield lines
    finally:
        process.terminate()
        process.wait(timeout=30)
        lines.thread.join(timeout=10)
        assert process.stderr is not None
        process.stderr.close()


async def test_with_two_workers_every_scrape_counts_the_requests_of_both(
    database_url: str, engine: AsyncEngine
) -> None:
    port = free_port()
    with two_workers(database_url, port) as logs:
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient() as probe:
            for _ in range(300):
                try:
                    if (await probe.get(f"{base}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        # Each request on a new connection, until both workers have answered some
        sent = 0
        while sent < 400:
            async with httpx.AsyncClient(base_url=base) as fresh:
                response = await fresh.post("/graphql", json={"query": QUERY})
                assert response.status_code == 200
            sent += 1
            answered_by = {line["pid"] for line in logs.lines if line.get("event") == "request"}
            if sent >= 20 and len(answered_by) > 1:
                break
        scrapes = []
        for _ in range(6):
            async with httpx.AsyncClient(base_url=base) as fresh:
                scrapes.append((await fresh.get("/metrics")).text)

    requests = [line for line in logs.lines if line.get("event") == "request"]
    graphql = [line for line in requests if line["path"] == "/graphql"]
    assert len({line["pid"] for line in graphql}) == 2, "both workers answered"
    assert len(graphql) == sent
    assert all(
        line["operation_type"] == "query" and line["status"] == 200 and line["request_id"]
        for line in graphql
    )
    for text in scrapes:
        assert sample(text, "gp_graphql_request_seconds_count", transport="http") == sent
        assert sample(text, "gp_http_requests_total", method="POST", status="200") == sent


async def test_metrics_still_answer_when_the_database_does_not(settings: Settings) -> None:
    port = free_port()  # nothing listens there
    app = create_app(replace(settings, database_url=f"postgresql://nobody@127.0.0.1:{port}/gone"))
    try:
        with asgi(app) as client:
            text = await scrape(client)
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()

    assert "gp_webhook_queue_age_seconds" not in text
    assert "# TYPE gp_subscribers gauge" in text
