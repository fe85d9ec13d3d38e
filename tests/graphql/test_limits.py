"""Request rate limits (per process, or shared through Redis) and the private-server switch
(GP_PUBLIC_READ=false)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.principal import Role
from tests.conftest import make_token
from tests.ws_client import free_port

QUERY = {"query": "{ __typename }"}


@contextlib.asynccontextmanager
async def client_for(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            yield c
    finally:
        app.state.limits.close()
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()


@pytest.fixture
async def limited(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(replace(settings, rate_limit_address=3, rate_limit_token=2)) as c:
        yield c


@pytest.fixture
async def private(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(replace(settings, public_read=False)) as c:
        yield c


async def test_a_client_address_over_its_rate_is_told_when_to_come_back(
    limited: httpx.AsyncClient,
) -> None:
    statuses = [(await limited.post("/graphql", json=QUERY)).status_code for _ in range(3)]
    refused = await limited.post("/graphql", json=QUERY)

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    error = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfter"] == int(refused.headers["retry-after"])


async def test_a_token_over_its_rate_is_limited(
    limited: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    secret = await make_token(engine, Role.VIEWER)
    headers = {"authorization": f"Bearer {secret}"}

    first = [
        (await limited.post("/graphql", json=QUERY, headers=headers)).status_code for _ in range(2)
    ]
    third = await limited.post("/graphql", json=QUERY, headers=headers)

    assert first == [200, 200]
    assert third.status_code == 429


async def test_processes_sharing_redis_share_one_budget(redis_settings: Settings) -> None:
    settings = replace(redis_settings, rate_limit_address=3, rate_limit_token=0)
    async with two_processes(settings) as (first, second):
        statuses = [
            (await first.post("/graphql", json=QUERY)).status_code,
            (await second.post("/graphql", json=QUERY)).status_code,
            (await first.post("/graphql", json=QUERY)).status_code,
        ]
        refused = await second.post("/graphql", json=QUERY)

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_a_token_has_one_budget_across_processes_sharing_redis(
    redis_settings: Settings, engine: AsyncEngine
) -> None:
    secret = await make_token(engine, Role.VIEWER)
    headers = {"authorization": f"Bearer {secret}"}
    settings = replace(redis_settings, rate_limit_address=0, rate_limit_token=2)
    async with two_processes(settings) as (first, second):
        allowed = [
            (await first.post("/graphql", json=QUERY, headers=headers)).status_code,
            (await second.post("/graphql", json=QUERY, headers=headers)).status_code,
        ]
        refused = await first.post("/graphql", json=QUERY, headers=headers)

    assert allowed == [200, 200]
    assert refused.status_code == 429


async def test_without_redis_each_process_counts_on_its_own(settings: Settings) -> None:
    async with two_processes(replace(settings, rate_limit_address=1)) as (first, second):
        statuses = [(await c.post("/graphql", json=QUERY)).status_code for c in (first, second)]
        refused = await first.post("/graphql", json=QUERY)

    assert statuses == [200, 200]
    assert refused.status_code == 429


async def test_while_redis_is_down_each_process_still_limits(settings: Settings) -> None:
    unreachable = f"redis://127.0.0.1:{free_port()}/1"
    limited = replace(settings, redis_url=unreachable, rate_limit_address=2)
    async with two_processes(limited) as (first, _second):
        statuses = [(await first.post("/graphql", json=QUERY)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


@contextlib.asynccontextmanager
async def two_processes(
    settings: Settings,
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """Two app instances (as two server processes would be), each with its own limiter."""
    async with client_for(settings) as first, client_for(settings) as second:
        yield first, second


async def test_a_private_server_needs_a_token_for_reads(
    private: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    secret = await make_token(engine, Role.VIEWER)

    anonymous = await private.post("/graphql", json={"query": "{ actors { totalCount } }"})
    viewer = await private.post(
        "/graphql",
        json={"query": "{ actors { totalCount } }"},
        headers={"authorization": f"Bearer {secret}"},
    )

    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert viewer.json() == {"data": {"actors": {"totalCount": 0}}}


async def test_validation_is_cached_across_requests_with_the_limits_in_force(
    client: httpx.AsyncClient,
) -> None:
    from strawberry.extensions.validation_cache import _get_validate_cache

    cache = _get_validate_cache(1000)
    # An answer with errors: neither cached nor compiled, so validated each time.
    query = {"query": '{ actors(after: "nope") { totalCount } }'}
    await client.post("/graphql", json=query)
    hits = cache.cache_info().hits
    await client.post("/graphql", json=query)
    assert cache.cache_info().hits == hits + 1
