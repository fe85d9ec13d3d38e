"""Webhooks against a real receiver on loopback: signed, retried with backoff, in order per
subject, exactly once per delivery in the end, dead-lettered, redelivered, crash safe."""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gp_api.auth import service as auth_service
from gp_api.config import PROJECT_ROOT
from gp_api.db import session_factory
from gp_api.principal import SYSTEM, Role
from gp_api.webhooks import service as webhooks
from gp_api.webhooks.worker import WorkerSettings
from tests.conftest import GraphQLClient, make_token
from tests.webhook_receiver import (
    Receiver,
    actors_and_updates,
    drain,
    event_number,
    receiving,
    register,
)
from tests.ws_client import free_port


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as running:
        yield running


async def test_failing_receiver_gets_every_event_once_in_order_per_subject(
    engine: AsyncEngine, receiver: Receiver, gql: GraphQLClient
) -> None:
    await register(engine, receiver)
    receiver.fail_first = 2
    await actors_and_updates(engine, ["A", "B", "C"], updates=3)

    await drain(engine)

    delivered = receiver.delivered()
    assert len(delivered) == 12  # 3 created + 9 updated
    assert Counter(c["delivery"] for c in delivered) == Counter(
        {c["delivery"]: 1 for c in delivered}
    )
    assert all(c["valid"] for c in receiver.calls)
    per_subject: dict[str, list[int]] = defaultdict(list)
    for call in delivered:
        event = call["body"]["event"]
        per_subject[event["subjectId"]].append(event_number(event["id"]))
    assert all(numbers == sorted(numbers) for numbers in per_subject.values())
    ledger = await gql.data(
        "{ webhookDeliveries(first: 1) { edges { node { status attemptCount attempts { statusCode error } event { type } } } } }"
    )
    first = ledger["webhookDeliveries"]["edges"][0]["node"]
    assert first["status"] == "DELIVERED"
    assert [a["statusCode"] for a in first["attempts"]] == [500, 500, 200]
    assert first["attempts"][0]["error"] == "HTTP 500"
    assert first["attempts"][-1]["error"] is None


async def test_dead_letter_then_redeliver(
    engine: AsyncEngine, receiver: Receiver, gql: GraphQLClient
) -> None:
    await register(engine, receiver, event_types=["actor.created"])
    receiver.status = 503
    await actors_and_updates(engine, ["Only"], updates=1)  # the update is filtered out

    await drain(engine)
    dead = await gql.data(
        "{ webhookDeliveries { totalCount edges { node { id status attemptCount } } } }"
    )
    [node] = [e["node"] for e in dead["webhookDeliveries"]["edges"]]
    assert (node["status"], node["attemptCount"]) == ("DEAD", 4)

    receiver.status = 200
    again = await gql.data(
        "mutation($id: ID!) { redeliverWebhook(input: {deliveryId: $id}) { webhookDelivery { status } userErrors { code } } }",
        {"id": node["id"]},
    )
    assert again["redeliverWebhook"]["webhookDelivery"]["status"] == "PENDING"
    await drain(engine)

    after = await gql.data("{ webhookDeliveries { edges { node { status attemptCount } } } }")
    assert after["webhookDeliveries"]["edges"][0]["node"] == {
        "status": "DELIVERED",
        "attemptCount": 5,
    }
    assert len(receiver.delivered()) == 1


async def test_a_receiver_gets_what_a_viewer_sees_and_ids_it_can_pass_back(
    engine: AsyncEngine, receiver: Receiver, gql: GraphQLClient
) -> None:
    await register(engine, receiver)
    async with session_factory(engine)() as s, s.begin():
        await auth_service.create_token(s, principal=SYSTEM, name="hidden", role=Role.VIEWER)
        other = await webhooks.create_endpoint(
            s,
            principal=SYSTEM,
            url="https://u:p@other.example.org/in?key=k",
            allow_private=True,
        )
    await actors_and_updates(engine, ["Seen"], updates=0)

    await drain(engine)

    # Different subjects: sent concurrently, in no particular order.
    bodies = sorted(
        (c["body"] for c in receiver.delivered()), key=lambda b: event_number(b["event"]["id"])
    )
    assert [b["event"]["type"] for b in bodies] == ["webhook_endpoint.created", "actor.created"]
    assert bodies[0]["event"]["data"] == {
        "id": base64.b64encode(f"WebhookEndpoint:{other.endpoint.id}".encode()).decode(),
        "eventTypes": None,
        "workflows": None,
        "enabled": True,
    }
    assert bodies[1]["event"]["data"]["name"] == "Seen"
    for call in receiver.delivered():
        assert call["body"]["deliveryId"] == call["delivery"]  # the header: the same global ID
    again = await gql.data(
        "mutation($id: ID!) { redeliverWebhook(input: {deliveryId: $id}) "
        "{ webhookDelivery { id status } userErrors { code } } }",
        {"id": bodies[1]["deliveryId"]},
    )
    assert again["redeliverWebhook"]["webhookDelivery"] == {
        "id": bodies[1]["deliveryId"],
        "status": "PENDING",
    }


@pytest.mark.parametrize(
    ("event_type", "message"),
    [("api_token.created", "never sent to webhooks"), ("actor.renamed", "not an event type")],
)
async def test_an_endpoint_cannot_ask_for_events_it_would_never_get(
    gql: GraphQLClient, event_type: str, message: str
) -> None:
    data = await gql.data(
        "mutation($t: String!) { createWebhookEndpoint(input: "
        '{url: "https://example.org/h", eventTypes: [$t]}) '
        "{ webhookEndpoint { id } userErrors { code field message } } }",
        {"t": event_type},
    )
    listed = await gql.data("{ webhookEndpoints { totalCount } }")

    [error] = data["createWebhookEndpoint"]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "eventTypes"])
    assert message in error["message"]
    assert listed["webhookEndpoints"]["totalCount"] == 0


async def test_redirects_are_not_followed(
    engine: AsyncEngine, receiver: Receiver, gql: GraphQLClient
) -> None:
    await register(engine, receiver)
    receiver.status = 302
    await actors_and_updates(engine, ["Moved"], updates=0)

    await drain(engine, WorkerSettings(max_attempts=1, backoff=0.01, allow_private=True))

    data = await gql.data(
        "{ webhookDeliveries { edges { node { status attempts { statusCode error } } } } }"
    )
    node = data["webhookDeliveries"]["edges"][0]["node"]
    assert node["status"] == "DEAD"
    assert node["attempts"][0]["statusCode"] == 302
    assert "redirects are not followed" in node["attempts"][0]["error"]


async def test_endpoints_are_managed_over_graphql(gql: GraphQLClient, engine: AsyncEngine) -> None:
    created = await gql.data(
        'mutation { createWebhookEndpoint(input: {url: "https://example.org/h", workflows: ["plan"]}) { secret webhookEndpoint { id url workflows enabled } userErrors { code } } }'
    )
    endpoint = created["createWebhookEndpoint"]["webhookEndpoint"]
    bad = await gql.data(
        'mutation { createWebhookEndpoint(input: {url: "ftp://example.org/h"}) { webhookEndpoint { id } userErrors { code field } } }'
    )
    disabled = await gql.data(
        "mutation($id: ID!) { updateWebhookEndpoint(input: {id: $id, enabled: false}) { webhookEndpoint { enabled url } } }",
        {"id": endpoint["id"]},
    )
    deleted = await gql.data(
        "mutation($id: ID!) { deleteWebhookEndpoint(input: {id: $id}) { deletedId } }",
        {"id": endpoint["id"]},
    )
    listed = await gql.data("{ webhookEndpoints { totalCount } }")

    assert created["createWebhookEndpoint"]["secret"].startswith("whsec_")
    assert endpoint["workflows"] == ["plan"]
    assert bad["createWebhookEndpoint"]["userErrors"] == [
        {"code": "INVALID", "field": ["input", "url"]}
    ]
    assert disabled["updateWebhookEndpoint"]["webhookEndpoint"] == {
        "enabled": False,
        "url": "https://example.org/h",
    }
    assert deleted["deleteWebhookEndpoint"]["deletedId"] == endpoint["id"]
    assert listed["webhookEndpoints"]["totalCount"] == 0


@pytest.mark.skipif(
    os.environ.get("GP_TEST_BACKEND", "sqlite") != "postgres",
    reason="SKIP LOCKED sharing needs PostgreSQL",
)
async def test_two_workers_share_the_work_without_sending_twice(
    engine: AsyncEngine, receiver: Receiver
) -> None:
    await register(engine, receiver)
    await actors_and_updates(engine, [f"N{i}" for i in range(20)], updates=2)

    await asyncio.gather(drain(engine), drain(engine))

    assert len(receiver.calls) == 60
    assert len({c["delivery"] for c in receiver.calls}) == 60


async def test_a_killed_server_delivers_after_restart(
    tmp_path: Path, engine: AsyncEngine, database_url: str
) -> None:
    port, hook_port = free_port(), free_port()
    env = {
        **os.environ,
        "GP_DATABASE_URL": database_url,
        "GP_PORT": str(port),
        "GP_SWEEP_INTERVAL": "0",
        "GP_WEBHOOK_BACKOFF_MS": "50",
        "GP_WEBHOOK_MAX_ATTEMPTS": "100",
        "GP_WEBHOOK_ALLOW_PRIVATE": "true",  # the receiver listens on 127.0.0.1
    }
    admin = await make_token(engine, Role.ADMIN, name="crash admin")
    receiver = Receiver(url=f"http://127.0.0.1:{hook_port}/hook")  # nobody listens yet
    await register(engine, receiver, event_types=["actor.created"])

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "gp_api.cli", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    async def ready() -> None:
        async with httpx.AsyncClient() as client:
            for _ in range(150):
                try:
                    if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        return
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
        raise AssertionError("server did not start")

    server = start()
    try:
        await ready()
        async with httpx.AsyncClient() as client:
            made = await client.post(
                f"http://127.0.0.1:{port}/graphql",
                headers={"authorization": f"Bearer {admin}"},
                json={
                    "query": 'mutation { createActor(input: {name: "Survivor", kind: NGO}) { actor { id } } }'
                },
            )
        assert made.json()["data"]["createActor"]["actor"]
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()

    async def hook(request: Request) -> Response:
        return await receiver.handle(request)

    app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
    import uvicorn

    hook_server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=hook_port, log_level="warning")
    )
    hook_task = asyncio.create_task(hook_server.serve())
    server = start()
    try:
        await ready()
        for _ in range(300):
            if receiver.delivered():
                break
            await asyncio.sleep(0.05)
    finally:
        server.terminate()
        server.wait(timeout=15)
        hook_server.should_exit = True
        await hook_task

    [call] = receiver.delivered()
    assert call["body"]["event"]["type"] == "actor.created"
    assert call["valid"]


async def test_the_schema_says_the_delivery_id_is_what_the_receiver_gets(
    gql: GraphQLClient,
) -> None:
    # One kind of id: the description must not send integrators looking for a number
    data = await gql.data('{ __type(name: "WebhookDelivery") { fields { name description } } }')
    [field] = [f for f in data["__type"]["fields"] if f["name"] == "id"]
    assert "X-GP-Delivery" in field["description"]
    assert "deliveryId" in field["description"]
    assert "number" not in field["description"]


async def test_an_endpoint_cannot_filter_on_a_workflow_that_does_not_exist(
    gql: GraphQLClient,
) -> None:
    data = await gql.data(
        "mutation { createWebhookEndpoint(input: "
        '{url: "https://example.org/h", workflows: ["plan", "nope"]}) '
        "{ webhookEndpoint { id } userErrors { code field message } } }"
    )
    listed = await gql.data("{ webhookEndpoints { totalCount } }")

    [error] = data["createWebhookEndpoint"]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "workflows"])
    assert "no workflow named 'nope'" in error["message"]
    assert listed["webhookEndpoints"]["totalCount"] == 0
