"""Request rate limits and the private-server switch (GP_PUBLIC_READ=false)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.principal import Role
from gp_api.ratelimit import RateLimiter
from tests.conftest import make_token

QUERY = {"query": "{ __typename }"}


async def client_for(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c
    await app.state.endpoint.heads.close()
    await app.state.engine.dispose()


@pytest.fixture
async def limited(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async for c in client_for(replace(settings, rate_limit_address=3, rate_limit_token=2)):
        yield c


@pytest.fixture
async def private(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async for c in client_for(replace(settings, public_read=False)):
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


def test_the_bucket_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])

    allowed = [limiter.retry_after("k") is None for _ in range(60)]
    wait = limiter.retry_after("k")
    now[0] += 1.0
    after_a_second = limiter.retry_after("k")

    assert all(allowed)
    assert wait is not None
    assert 0 < wait <= 1.0
    assert after_a_second is None
    assert RateLimiter(0).retry_after("k") is None


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
