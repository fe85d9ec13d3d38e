"""Who may read the exports (the API's rules), and bad parameters."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.global_ids import encode
from gp_api.principal import Role
from tests.conftest import GraphQLClient, make_token
from tests.exports.conftest import EXPORTS, get


@pytest.fixture
async def private(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(replace(settings, public_read=False))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()


async def test_anonymous_reads_every_export_when_the_api_allows_it(
    client: httpx.AsyncClient, odd_record: dict[str, Any]
) -> None:
    for path in EXPORTS:
        response = await get(client, path)
        assert response.status_code == 200, (path, response.text)
        assert response.content


@pytest.mark.parametrize("header", ["Bearer gpa_not_a_real_token", "Bearer nope", "Basic abc"])
async def test_a_bad_token_is_401_like_the_api(
    client: httpx.AsyncClient, engine: AsyncEngine, header: str
) -> None:
    for path in EXPORTS:
        response = await client.get(path, headers={"authorization": header})
        assert response.status_code == 401, path
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert response.headers["www-authenticate"].startswith("Bearer")


async def test_a_revoked_token_is_refused(
    client: httpx.AsyncClient, engine: AsyncEngine, gql: GraphQLClient
) -> None:
    secret = await make_token(engine, Role.VIEWER, name="soon revoked")
    assert (await get(client, "/exports/actors.csv", secret)).status_code == 200
    tokens = await gql.data("{ apiTokens(first: 10) { edges { node { id name } } } }")
    token_id = next(
        e["node"]["id"] for e in tokens["apiTokens"]["edges"] if e["node"]["name"] == "soon revoked"
    )
    revoked = await gql.data(
        "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }",
        {"id": token_id},
    )
    assert revoked["revokeApiToken"]["userErrors"] == []
    assert (await get(client, "/exports/actors.csv", secret)).status_code == 401


async def test_without_public_reads_every_export_needs_a_token(
    private: httpx.AsyncClient, engine: AsyncEngine, odd_record: dict[str, Any]
) -> None:
    viewer = await make_token(engine, Role.VIEWER)
    for path in EXPORTS:
        refused = await get(private, path)
        assert refused.status_code == 401, path
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert (await get(private, path, viewer)).status_code == 200, path


async def test_an_export_lists_what_the_api_lists_for_the_same_reader(
    client: httpx.AsyncClient, engine: AsyncEngine, odd_record: dict[str, Any]
) -> None:
    admin = await make_token(engine, Role.ADMIN)
    for secret in (None, admin):
        api = GraphQLClient(client, secret)
        listed = await api.data(
            "{ actors(first: 100) { edges { node { id } } }"
            " commitments(first: 100) { edges { node { id } } } }"
        )
        for export, key in (("actors", "actors"), ("commitments", "commitments")):
            response = await get(client, f"/exports/{export}.csv", secret)
            rows = csv.DictReader(io.StringIO(response.text, newline=""))
            assert [r["id"] for r in rows] == [e["node"]["id"] for e in listed[key]["edges"]]
        popolo = (await get(client, "/exports/popolo.json", secret)).json()
        actors = [
            o["id"]
            for o in popolo["organizations"]
            if o["id"] in {e["node"]["id"] for e in listed["actors"]["edges"]}
        ]
        assert len(actors) == len(listed["actors"]["edges"])


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/exports/actors.csv?colour=red", "colour"),
        ("/exports/actors.csv?kind=PLANET", "kind"),
        ("/exports/commitments.csv?actor=not-an-id", "actor"),
        (f"/exports/commitments.csv?actor={encode('Meeting', 1)}", "actor"),
        ("/exports/commitments.csv?state=DONE", "state"),
        ("/exports/votes.csv?since=2020-13-01", "since"),
        ("/exports/votes.csv?until=yesterday", "until"),
        (f"/exports/votes.csv?actor={encode('Actor', 1)}&actor={encode('Actor', 2)}", "actor"),
        ("/exports/meetings.ics?body=x", "body"),
        ("/exports/mandates.ics?status=LATE", "status"),
        ("/exports/popolo.json?page=2", "page"),
        ("/exports/iati-activities.xml?actor=", "actor"),
    ],
)
async def test_bad_parameters_are_400(
    client: httpx.AsyncClient, engine: AsyncEngine, path: str, parameter: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "parameter": parameter}
    assert parameter in error["message"]


async def test_the_index_names_every_export(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    listed = (await client.get("/exports/")).json()["exports"]
    assert sorted(e["url"].removeprefix("http://testserver") for e in listed) == sorted(EXPORTS)


async def test_exports_count_against_the_rate_limits(
    settings: Settings, engine: AsyncEngine
) -> None:
    app = create_app(replace(settings, rate_limit_address=2))
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            assert (await c.get("/exports/actors.csv")).status_code == 200
            assert (await c.get("/exports/actors.csv")).status_code == 200
            limited = await c.get("/exports/actors.csv")
    finally:
        app.state.limits.close()
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
