"""Automatic persisted queries (Apollo's protocol) and trusted documents over HTTP (POST and
GET) and WebSocket: a miss, registration, hits, a hash that does not match, registrations
shared through Redis, and the allow-list mode with a manifest made by `gp-api documents
manifest`."""

from __future__ import annotations

import asyncio
import hashlib
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.errors import ConfigError
from tests.ws_client import connect, serve

GRAPHQL_RESPONSE = "application/graphql-response+json"
QUERY = "query Steps { planSteps { position title } }"
OTHER = "{ planSteps { position } }"
CREATE = 'mutation { createActor(input: {name: "Untrusted", kind: NGO}) { actor { id } } }'


def sha(text_: str) -> str:
    return hashlib.sha256(text_.encode()).hexdigest()


def persisted(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def close(app: Starlette) -> None:
    app.state.limits.close()
    await app.state.endpoint.heads.close()
    await app.state.engine.dispose()


@pytest.fixture
async def apq_app(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Starlette]:
    app = create_app(settings)
    yield app
    await close(app)


def http(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def post(client: httpx.AsyncClient, body: dict[str, Any], secret: str | None = None) -> Any:
    headers = {"accept": GRAPHQL_RESPONSE}
    if secret:
        headers["authorization"] = f"Bearer {secret}"
    return await client.post("/graphql", json=body, headers=headers)


def code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_apq_miss_registration_and_hits(apq_app: Starlette) -> None:
    digest = sha(QUERY)
    async with http(apq_app) as client:
        miss = await post(client, {"extensions": persisted(digest)})
        assert miss.status_code == 400
        [error] = miss.json()["errors"]
        assert error == {
            "message": "PersistedQueryNotFound",
            "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
        }
        assert "data" not in miss.json()
        # application/json clients (Apollo Client's default Accept has it too) get 200
        legacy = await client.post("/graphql", json={"extensions": persisted(digest)})
        assert legacy.status_code == 200
        assert code(legacy) == "PERSISTED_QUERY_NOT_FOUND"

        registered = await post(client, {"query": QUERY, "extensions": persisted(digest)})
        assert registered.status_code == 200
        steps = registered.json()["data"]["planSteps"]
        assert steps

        hit = await post(client, {"extensions": persisted(digest)})
        assert hit.json()["data"]["planSteps"] == steps
        # GET, as Apollo's useGETForHashedQueries sends it
        got = await client.get(
            "/graphql",
            params={"operationName": "Steps", "extensions": json.dumps(persisted(digest))},
            headers={"accept": GRAPHQL_RESPONSE},
        )
        assert got.status_code == 200
        assert got.json()["data"]["planSteps"] == steps

        # a hash that is not the query's is refused, and registers nothing
        wrong = await post(client, {"query": OTHER, "extensions": persisted(sha("x"))})
        assert wrong.status_code == 400
        assert wrong.json()["errors"][0]["message"] == "provided sha does not match query"
        assert code(await post(client, {"extensions": persisted(sha("x"))})) == (
            "PERSISTED_QUERY_NOT_FOUND"
        )
        # other versions and malformed hashes
        unsupported = {"persistedQuery": {"version": 2, "sha256Hash": digest}}
        assert code(await post(client, {"extensions": unsupported})) == (
            "PERSISTED_QUERY_NOT_SUPPORTED"
        )
        bad = {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}
        assert code(await post(client, {"extensions": bad})) == "BAD_USER_INPUT"
        # without a query or the extension, the request is still malformed
        assert (await post(client, {"extensions": {}})).status_code == 400


async def test_a_mutation_by_hash_is_not_allowed_over_get(
    apq_app: Starlette, admin_secret: str, engine: AsyncEngine
) -> None:
    digest = sha(CREATE)
    async with http(apq_app) as client:
        created = await post(
            client, {"query": CREATE, "extensions": persisted(digest)}, admin_secret
        )
        assert created.json()["data"]["createActor"]["actor"]["id"]
        got = await client.get(
            "/graphql",
            params={"extensions": json.dumps(persisted(digest))},
            headers={"authorization": f"Bearer {admin_secret}"},
        )
        assert got.status_code == 405
    async with engine.connect() as conn:
        assert (await conn.scalar(text("SELECT count(*) FROM actors"))) == 1


async def test_registrations_are_shared_through_redis(
    redis_settings: Settings, engine: AsyncEngine
) -> None:
    one, two = create_app(redis_settings), create_app(redis_settings)
    digest = sha(QUERY)
    try:
        async with http(one) as first, http(two) as second:
            assert code(await post(second, {"extensions": persisted(digest)})) == (
                "PERSISTED_QUERY_NOT_FOUND"
            )
            await post(first, {"query": QUERY, "extensions": persisted(digest)})
            hit = await post(second, {"extensions": persisted(digest)})
            assert hit.json()["data"]["planSteps"]
    finally:
        await close(one)
        await close(two)


async def test_apq_over_websocket(apq_app: Starlette) -> None:
    digest = sha(QUERY)
    async with serve(apq_app) as host, connect(f"ws://{host}/graphql") as ws:

        async def send(op_id: str, payload: dict[str, Any]) -> dict[str, Any]:
            await ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": payload}))
            message: dict[str, Any] = json.loads(await ws.recv())
            return message

        miss = await send("1", {"extensions": persisted(digest)})
        assert miss["type"] == "error"
        assert miss["payload"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        registered = await send("2", {"query": QUERY, "extensions": persisted(digest)})
        assert registered["type"] == "next"
        assert json.loads(await ws.recv())["type"] == "complete"
        hit = await send("3", {"extensions": persisted(digest)})
        assert hit["type"] == "next"
        assert hit["payload"] == registered["payload"]


def write_manifest(directory: Path, *, as_written: bool = True) -> Path:
    documents = directory / "documents"
    documents.mkdir(parents=True)
    (documents / "steps.graphql").write_text(QUERY + "\n")
    (documents / "actors.gql").write_text(
        "fragment Named on Actor { name }\n"
        "query Actors($first: Int) { actors(first: $first) { edges { node { ...Named } } } }\n"
    )
    out = directory / "manifest.json"
    command = [sys.executable, "-m", "gp_api.cli", "documents", "manifest", str(documents)]
    command += ["-o", str(out)] + (["--as-written"] if as_written else [])
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return out


def test_the_manifest_command(tmp_path: Path) -> None:
    manifest = json.loads(write_manifest(tmp_path).read_text())
    assert manifest["format"] == "apollo-persisted-query-manifest"
    assert manifest["version"] == 1
    by_name = {op["name"]: op for op in manifest["operations"]}
    assert set(by_name) == {"Steps", "Actors"}
    for op in manifest["operations"]:
        assert op["id"] == sha(op["body"])
        assert op["type"] == "query"
    assert (
        by_name["Steps"]["body"] == "query Steps {\n  planSteps {\n    position\n    title\n  }\n}"
    )
    assert "fragment Named on Actor" in by_name["Actors"]["body"]

    # as Apollo Client sends them: __typename in every selection but the operation's
    typed = json.loads(write_manifest(tmp_path / "typed", as_written=False).read_text())
    steps = next(op for op in typed["operations"] if op["name"] == "Steps")
    assert steps["body"] == (
        "query Steps {\n  planSteps {\n    position\n    title\n    __typename\n  }\n}"
    )

    # a document that does not validate, or is not there, fails the build with one line
    bad = tmp_path / "bad.graphql"
    bad.write_text("{ noSuchField }")
    result = subprocess.run(
        [sys.executable, "-m", "gp_api.cli", "documents", "manifest", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "noSuchField" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


async def test_trusted_documents_only(
    settings: Settings, engine: AsyncEngine, admin_secret: str, tmp_path: Path
) -> None:
    path = await asyncio.to_thread(write_manifest, tmp_path)
    manifest = json.loads(path.read_text())
    steps = next(op for op in manifest["operations"] if op["name"] == "Steps")
    app = create_app(replace(settings, trusted_documents=str(path)))
    try:
        async with http(app) as client:
            # by hash alone, with its text, or the exact text of a manifest body
            by_hash = await post(client, {"extensions": persisted(steps["id"])})
            assert by_hash.json()["data"]["planSteps"]
            both = await post(
                client, {"query": steps["body"], "extensions": persisted(steps["id"])}
            )
            assert both.json()["data"] == by_hash.json()["data"]
            full = await post(client, {"query": steps["body"]})
            assert full.json()["data"] == by_hash.json()["data"]

            # anything else is refused before it runs
            untrusted = await post(client, {"query": OTHER})
            assert untrusted.status_code == 400
            assert code(untrusted) == "UNTRUSTED_DOCUMENT"
            assert "not a trusted document" in untrusted.json()["errors"][0]["message"]
            write = await post(client, {"query": CREATE}, admin_secret)
            assert code(write) == "UNTRUSTED_DOCUMENT"
            assert code(await post(client, {"extensions": persisted(sha(OTHER))})) == (
                "PERSISTED_QUERY_NOT_FOUND"
            )
            # registration is off: a hash with its text is refused, and stays unknown
            register = await post(client, {"query": OTHER, "extensions": persisted(sha(OTHER))})
            assert code(register) == "UNTRUSTED_DOCUMENT"
            assert code(await post(client, {"extensions": persisted(sha(OTHER))})) == (
                "PERSISTED_QUERY_NOT_FOUND"
            )
            # a manifest hash sent with another text
            swapped = await post(client, {"query": OTHER, "extensions": persisted(steps["id"])})
            assert code(swapped) == "BAD_USER_INPUT"
            got = await client.get(
                "/graphql", params={"extensions": json.dumps(persisted(steps["id"]))}
            )
            assert got.json()["data"]["planSteps"]

        async with serve(app) as host, connect(f"ws://{host}/graphql") as ws:
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": OTHER}}))
            refused = json.loads(await ws.recv())
            assert refused["type"] == "error"
            assert refused["payload"][0]["extensions"]["code"] == "UNTRUSTED_DOCUMENT"
            await ws.send(
                json.dumps(
                    {
                        "id": "2",
                        "type": "subscribe",
                        "payload": {"extensions": persisted(steps["id"])},
                    }
                )
            )
            assert json.loads(await ws.recv())["type"] == "next"
    finally:
        await close(app)
    async with engine.connect() as conn:
        assert (await conn.scalar(text("SELECT count(*) FROM actors"))) == 0


def test_a_bad_manifest_stops_the_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "manifest.json"
    for content, why in (
        ("{", "not a JSON document"),
        ('{"format": "other"}', "not a manifest"),
        (
            json.dumps(
                {
                    "format": "apollo-persisted-query-manifest",
                    "version": 1,
                    "operations": [{"id": sha("x"), "name": "X", "type": "query", "body": "y"}],
                }
            ),
            "is not the SHA-256 of its body",
        ),
    ):
        bad.write_text(content)
        monkeypatch.setenv("GP_TRUSTED_DOCUMENTS", str(bad))
        with pytest.raises(ConfigError, match=why):
            Settings.from_env()
    monkeypatch.setenv("GP_TRUSTED_DOCUMENTS", str(tmp_path / "missing.json"))
    with pytest.raises(ConfigError, match="cannot read it"):
        Settings.from_env()
