"""CORS: browsers on the origins in GP_CORS_ORIGINS may call /graphql; no other origin may."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.errors import ConfigError
from gp_api.principal import Role
from tests.conftest import make_token

ALLOWED = "https://app.example.org"
REFUSED = "https://evil.example.net"
PREFLIGHT = {
    "access-control-request-method": "POST",
    "access-control-request-headers": "authorization, content-type",
}


async def client_for(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c
    await app.state.endpoint.heads.close()
    await app.state.engine.dispose()


@pytest.fixture
async def cors_client(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async for c in client_for(replace(settings, cors_origins=(ALLOWED, "http://localhost:5173"))):
        yield c


async def test_a_preflight_from_an_allowed_origin_is_answered(
    cors_client: httpx.AsyncClient,
) -> None:
    response = await cors_client.options("/graphql", headers={"origin": ALLOWED, **PREFLIGHT})

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert {"GET", "POST"} <= set(response.headers["access-control-allow-methods"].split(", "))
    allowed_headers = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed_headers
    assert "content-type" in allowed_headers
    assert "access-control-allow-credentials" not in response.headers


async def test_a_preflight_from_another_origin_is_refused(cors_client: httpx.AsyncClient) -> None:
    response = await cors_client.options("/graphql", headers={"origin": REFUSED, **PREFLIGHT})

    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


async def test_requests_from_an_allowed_origin_may_be_read_by_the_browser(
    cors_client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    secret = await make_token(engine, Role.VIEWER)

    response = await cors_client.post(
        "/graphql",
        json={"query": "{ viewer { name } }"},
        headers={"origin": ALLOWED, "authorization": f"Bearer {secret}"},
    )

    assert response.status_code == 200
    assert response.json()["data"]["viewer"]["name"] == "test viewer"
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "Retry-After" in response.headers["access-control-expose-headers"]
    assert "origin" in response.headers["vary"].lower()


async def test_responses_to_another_origin_carry_no_cors_headers(
    cors_client: httpx.AsyncClient,
) -> None:
    response = await cors_client.get(
        "/graphql", params={"query": "{ __typename }"}, headers={"origin": REFUSED}
    )

    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


async def test_without_the_setting_no_origin_is_allowed(client: httpx.AsyncClient) -> None:
    preflight = await client.options("/graphql", headers={"origin": ALLOWED, **PREFLIGHT})
    actual = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"origin": ALLOWED}
    )

    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in actual.headers


def test_the_setting_is_a_list_of_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GP_CORS_ORIGINS", " https://App.example.org , http://localhost:5173,")

    assert Settings.from_env().cors_origins == ("https://app.example.org", "http://localhost:5173")


@pytest.mark.parametrize(
    "value",
    [
        "*",
        "app.example.org",
        "https://app.example.org/",
        "https://app.example.org/graphql",
        "ftp://app.example.org",
        "https://user@app.example.org",
        "https://app.example.org:99999",
    ],
)
def test_anything_but_an_origin_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("GP_CORS_ORIGINS", value)

    with pytest.raises(ConfigError, match="GP_CORS_ORIGINS"):
        Settings.from_env()


async def test_a_browser_may_send_and_read_the_request_id(cors_client: httpx.AsyncClient) -> None:
    preflight = await cors_client.options(
        "/graphql",
        headers={
            "origin": ALLOWED,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, x-request-id",
        },
    )
    response = await cors_client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"origin": ALLOWED, "x-request-id": "browser-1"},
    )

    assert preflight.status_code == 200, preflight.text
    assert response.headers["x-request-id"] == "browser-1"
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_an_answer_without_an_origin_still_varies_by_origin(
    cors_client: httpx.AsyncClient, method: str
) -> None:
    # Requests without Origin take the lean lane, past the CORS middleware: the answer must
    # still tell shared caches it depends on Origin, as the middleware's answers do.
    if method == "GET":
        response = await cors_client.get("/graphql", params={"query": "{ __typename }"})
    else:
        response = await cors_client.post("/graphql", json={"query": "{ __typename }"})

    assert response.status_code == 200
    assert "origin" in response.headers["vary"].lower()
    with_origin = await cors_client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"origin": ALLOWED}
    )
    assert with_origin.headers["vary"] == response.headers["vary"]
