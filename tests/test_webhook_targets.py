"""Webhook targets: only public addresses unless GP_WEBHOOK_ALLOW_PRIVATE, checked when an
endpoint is registered and again on the address the worker connects to; the ledger never
tells an open port from a closed one."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from ipaddress import ip_address

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.app import create_app
from gp_api.config import PROJECT_ROOT, Settings
from gp_api.db import session_factory
from gp_api.events.models import Event
from gp_api.webhooks.models import WebhookAttempt
from gp_api.webhooks.targets import REFUSED, is_public
from gp_api.webhooks.worker import WorkerSettings
from tests.conftest import GraphQLClient
from tests.webhook_receiver import FAST, Receiver, actors_and_updates, drain, receiving, register
from tests.ws_client import connect, free_port, serve, subscribe

CREATE = """mutation($url: String!) {
  createWebhookEndpoint(input: {url: $url}) {
    webhookEndpoint { id url } userErrors { code field message }
  }
}"""
UPDATE = """mutation($id: ID!, $url: String!) {
  updateWebhookEndpoint(input: {id: $id, url: $url}) {
    webhookEndpoint { url } userErrors { code field }
  }
}"""
LEDGER = "{ webhookDeliveries { edges { node { status attempts { statusCode error } } } } }"
STRICT = replace(FAST, allow_private=False, max_attempts=1)
PRIVATE_URLS = [
    "http://127.0.0.1:5432/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.1.2.3/hook",
    "http://192.168.0.1/hook",
    "http://172.16.0.1/hook",
    "http://100.64.0.1/hook",
    "http://0.0.0.0:8000/hook",
    "http://224.0.0.1/hook",
    "http://240.0.0.1/hook",
    "http://[::1]:8000/hook",
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[64:ff9b::a9fe:a9fe]/hook",
    "http://localhost:8000/hook",
    "http://LOCALHOST./hook",
    "http://api.localhost/hook",
    "http://2130706433/hook",  # 127.0.0.1, written as one number
    "https://user:pw@127.0.0.1/hook",
    "http://127.0.0.1./hook",  # the DNS root's dot after a literal address
    "http://0x7f.1/hook",  # 127.0.0.1 as inet_aton reads it
    "http://[::127.0.0.1]/hook",  # IPv4-compatible IPv6
    "http://[::a9fe:a9fe]/hook",
]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as running:
        yield running


@pytest.fixture
async def permissive(settings: Settings, admin_secret: str) -> AsyncIterator[GraphQLClient]:
    """An ADMIN client of an app started with GP_WEBHOOK_ALLOW_PRIVATE=true."""
    app = create_app(replace(settings, webhook_allow_private=True))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http, admin_secret)
    await app.state.endpoint.heads.close()
    await app.state.engine.dispose()


async def event_count(engine: AsyncEngine) -> int:
    async with session_factory(engine)() as s:
        return int(await s.scalar(select(func.count(Event.id))) or 0)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.1.1", False),
        ("255.255.255.255", False),
        ("::", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("2002:7f00:1::1", False),  # 6to4 around 127.0.0.1
        ("64:ff9b::7f00:1", False),  # NAT64 around 127.0.0.1
        ("64:ff9b::808:808", True),
        ("::127.0.0.1", False),  # IPv4-compatible, deprecated but still routed by some
        ("::808:808", False),
        ("100::1", False),  # reserved ranges that ipaddress calls global
        ("4000::1", False),
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(ip_address(address)) is public


@pytest.mark.parametrize("url", PRIVATE_URLS)
async def test_registering_an_internal_target_is_refused_and_writes_nothing(
    gql: GraphQLClient, engine: AsyncEngine, url: str
) -> None:
    before = await event_count(engine)

    data = await gql.data(CREATE, {"url": url})

    payload = data["createWebhookEndpoint"]
    assert payload["webhookEndpoint"] is None
    [error] = payload["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "url"])
    assert "public address" in error["message"]
    assert (await gql.data("{ webhookEndpoints { totalCount } }"))["webhookEndpoints"] == {
        "totalCount": 0
    }
    assert await event_count(engine) == before


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/hook",
        "http://example.org:99999/",
        "http://example.org:x/",
        "http://:80/",
        # Parsers disagree on these hosts: urllib and httpx read example.org, a browser 127.0.0.1.
        "http://127.0.0.1\\@example.org/",
        "http://127.0.0.1 /hook",
        "http://%31%32%37.0.0.1/hook",
        "http://[fe80::1%25lo]/hook",
    ],
)
async def test_a_malformed_url_is_a_user_error(gql: GraphQLClient, url: str) -> None:
    data = await gql.data(CREATE, {"url": url})

    [error] = data["createWebhookEndpoint"]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "url"])


@pytest.mark.parametrize("url", ["http://a..b/", "https://./", f"http://{'a' * 64}.example/"])
@pytest.mark.parametrize("allow_private", [False, True])
async def test_a_host_name_no_resolver_can_look_up_is_a_user_error(
    gql: GraphQLClient,
    permissive: GraphQLClient,
    engine: AsyncEngine,
    url: str,
    allow_private: bool,
) -> None:
    before = await event_count(engine)

    data = await (permissive if allow_private else gql).data(CREATE, {"url": url})

    [error] = data["createWebhookEndpoint"]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "url"])
    assert await event_count(engine) == before


async def test_a_name_that_resolves_only_to_internal_addresses_is_refused(
    gql: GraphQLClient,
) -> None:
    name = socket.gethostname()
    try:
        found = {ip_address(i[4][0]) for i in socket.getaddrinfo(name, 80)}
    except OSError:
        pytest.skip(f"{name} does not resolve here")
    if any(is_public(a) for a in found):
        pytest.skip(f"{name} resolves to a public address here")

    data = await gql.data(CREATE, {"url": f"http://{name}:8080/hook"})

    assert data["createWebhookEndpoint"]["userErrors"][0]["field"] == ["input", "url"]


async def test_updating_to_an_internal_target_is_refused_and_the_url_stays(
    gql: GraphQLClient,
) -> None:
    created = await gql.data(CREATE, {"url": "http://93.184.215.14/hook"})
    endpoint = created["createWebhookEndpoint"]["webhookEndpoint"]

    refused = await gql.data(UPDATE, {"id": endpoint["id"], "url": "http://169.254.169.254/"})

    assert refused["updateWebhookEndpoint"] == {
        "webhookEndpoint": None,
        "userErrors": [{"code": "INVALID", "field": ["input", "url"]}],
    }
    listed = await gql.data("{ webhookEndpoints { edges { node { url } } } }")
    assert listed["webhookEndpoints"]["edges"] == [{"node": {"url": "http://93.184.215.14/hook"}}]


async def test_public_targets_and_names_not_resolvable_yet_are_accepted(
    gql: GraphQLClient,
) -> None:
    for url in ("http://93.184.215.14/hook", "https://hooks.example.invalid/gp"):
        data = await gql.data(CREATE, {"url": url})
        assert data["createWebhookEndpoint"]["userErrors"] == [], url


async def test_allowing_private_targets_accepts_loopback(permissive: GraphQLClient) -> None:
    data = await permissive.data(CREATE, {"url": "http://127.0.0.1:8000/hook"})

    assert data["createWebhookEndpoint"]["userErrors"] == []
    assert data["createWebhookEndpoint"]["webhookEndpoint"]["url"] == ("http://127.0.0.1:8000/hook")


@pytest.mark.parametrize("allow_private", [False, True])
async def test_the_websocket_transport_follows_the_setting_too(
    settings: Settings, admin_secret: str, allow_private: bool
) -> None:
    app = create_app(replace(settings, webhook_allow_private=allow_private))
    async with serve(app) as host, connect(f"ws://{host}/graphql", admin_secret) as ws:
        operation = await subscribe(ws, CREATE, {"url": "http://127.0.0.1:9/hook"})
        message = await operation.next()

    payload = message["payload"]["data"]["createWebhookEndpoint"]
    assert [e["field"] for e in payload["userErrors"]] == (
        [] if allow_private else [["input", "url"]]
    )


async def test_the_worker_refuses_an_internal_target_whatever_the_row_says(
    engine: AsyncEngine, receiver: Receiver, gql: GraphQLClient
) -> None:
    # Registered while allowed, or a name re-pointed since (DNS rebinding): the worker checks
    # the address it would connect to, and does not connect.
    await register(engine, receiver)
    await actors_and_updates(engine, ["Probe"], updates=0)

    await drain(engine, STRICT)

    assert receiver.calls == []
    node = (await gql.data(LEDGER))["webhookDeliveries"]["edges"][0]["node"]
    assert node == {"status": "DEAD", "attempts": [{"statusCode": None, "error": REFUSED}]}


@pytest.mark.parametrize("host", ["127.0.0.1.", "[::127.0.0.1]", "[::ffff:127.0.0.1]"])
async def test_the_worker_refuses_other_spellings_of_an_internal_address(
    engine: AsyncEngine, receiver: Receiver, gql: GraphQLClient, host: str
) -> None:
    port = receiver.url.split(":")[2].split("/")[0]
    receiver.url = f"http://{host}:{port}/hook"
    await register(engine, receiver)
    await actors_and_updates(engine, ["Probe"], updates=0)

    await drain(engine, STRICT)

    assert receiver.calls == []
    node = (await gql.data(LEDGER))["webhookDeliveries"]["edges"][0]["node"]
    assert node == {"status": "DEAD", "attempts": [{"statusCode": None, "error": REFUSED}]}


async def test_the_worker_connects_to_the_checked_address_and_keeps_the_host_name(
    engine: AsyncEngine, receiver: Receiver
) -> None:
    port = receiver.url.split(":")[2].split("/")[0]
    receiver.url = f"http://localhost:{port}/hook"
    await register(engine, receiver)
    await actors_and_updates(engine, ["Named"], updates=0)

    await drain(engine, FAST)

    [call] = receiver.delivered()
    assert call["host"] == f"localhost:{port}"
    assert call["valid"]


async def test_a_url_httpx_cannot_parse_fails_its_own_attempts_only(
    engine: AsyncEngine, receiver: Receiver, gql: GraphQLClient
) -> None:
    # "xn--" passes the IDNA check of registration but not httpx's: a row like it must not
    # stop the worker from sending everyone else's deliveries.
    await register(engine, receiver)
    good_url, receiver.url = receiver.url, "http://xn--/hook"
    await register(engine, receiver)
    receiver.url = good_url
    await actors_and_updates(engine, ["Reader"], updates=0)

    await drain(engine, replace(FAST, max_attempts=1))

    delivered = [call["body"]["event"]["type"] for call in receiver.delivered()]
    assert "actor.created" in delivered
    statuses = [e["node"] for e in (await gql.data(LEDGER))["webhookDeliveries"]["edges"]]
    assert {"status": "DEAD", "attempts": [{"statusCode": None, "error": "request failed"}]} in (
        statuses
    )


@contextlib.asynccontextmanager
async def open_port_speaking_no_http() -> AsyncIterator[int]:
    """A port that accepts connections and answers with something else (like PostgreSQL)."""

    async def greet(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"SSH-2.0-OpenSSH_9.6\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(greet, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def test_an_open_and_a_closed_port_leave_the_same_error_in_the_ledger(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    async with open_port_speaking_no_http() as open_port:
        closed_port = free_port()
        for port in (open_port, closed_port):
            await register(
                engine, Receiver(url=f"http://127.0.0.1:{port}/"), event_types=["actor.created"]
            )
        await actors_and_updates(engine, ["Scan"], updates=0)

        await drain(engine, WorkerSettings(max_attempts=1, allow_private=True, timeout=5))

    edges = (await gql.data(LEDGER))["webhookDeliveries"]["edges"]
    errors = [attempt["error"] for e in edges for attempt in e["node"]["attempts"]]
    assert errors == ["connection failed", "connection failed"]


def test_private_targets_are_refused_unless_the_operator_allows_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GP_WEBHOOK_ALLOW_PRIVATE", raising=False)
    assert Settings.from_env().webhook_allow_private is False
    monkeypatch.setenv("GP_WEBHOOK_ALLOW_PRIVATE", "true")
    assert Settings.from_env().webhook_allow_private is True


def start_worker(database_url: str) -> subprocess.Popen[bytes]:
    """`gp-api worker` as deployed: GP_WEBHOOK_ALLOW_PRIVATE left at its default."""
    env = {k: v for k, v in os.environ.items() if k != "GP_WEBHOOK_ALLOW_PRIVATE"}
    return subprocess.Popen(
        [sys.executable, "-m", "gp_api.cli", "worker"],
        cwd=PROJECT_ROOT,
        env={**env, "GP_DATABASE_URL": database_url, "GP_WEBHOOK_MAX_ATTEMPTS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_a_worker_process_with_default_settings_does_not_touch_loopback(
    engine: AsyncEngine, receiver: Receiver, database_url: str
) -> None:
    await register(engine, receiver, event_types=["actor.created"])
    await actors_and_updates(engine, ["Default"], updates=0)
    worker = start_worker(database_url)
    try:
        deadline = time.monotonic() + 30
        recorded: list[WebhookAttempt] = []
        while not recorded and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            async with session_factory(engine)() as s:
                recorded = list(await s.scalars(select(WebhookAttempt)))
    finally:
        worker.terminate()
        worker.wait(timeout=15)

    assert [a.error for a in recorded] == [REFUSED]
    assert receiver.calls == []
