"""Documents whose answer is a constant (`{ __typename }`, introspection) are answered from
memory once the resolvers have answered them: the same bytes, and no database without a token."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
import websockets
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.data_version import VERSION_SQL
from gp_api.principal import Role
from tests.conftest import GraphQLClient, StatementCounter, make_token
from tests.ws_client import serve

GQL = "application/graphql-response+json"
JSON = "application/json"

# (document, operationName)
CONSTANT = [
    ("{ __typename }", None),
    ("query { a: __typename b: __typename }", None),
    ("query Q { ...F } fragment F on Query { __typename again: __typename }", None),
    ("{ ... on Query { __typename } ... { t: __typename } }", None),
    ("{ __typename s: __typename @skip(if: true) i: __typename @include(if: true) }", None),
    ('{ __type(name: "Actor") { name kind } __schema { queryType { name } } }', None),
    ("query A { __typename } query B { b: __typename }", "B"),
    ("{ workflows { name states { name } } }", None),  # fixed at start (STATIC_FIELDS)
    (
        "query { __typename w: workflows { subjectType } ...F } fragment F on Query { workflows { name } }",
        None,
    ),
]


def _params(document: str, operation: str | None) -> dict[str, Any]:
    return {"query": document, **({"operationName": operation} if operation else {})}


async def _ask(
    client: httpx.AsyncClient,
    document: str,
    operation: str | None,
    *,
    method: str = "POST",
    accept: str = GQL,
    secret: str | None = None,
    variables: dict[str, Any] | None = None,
) -> httpx.Response:
    headers = {"accept": accept}
    if secret is not None:
        headers["authorization"] = f"Bearer {secret}"
    params = _params(document, operation)
    if variables is not None:
        params["variables"] = variables
    if method == "GET":
        if "variables" in params:
            params["variables"] = json.dumps(params["variables"])
        return await client.get("/graphql", params=params, headers=headers)
    return await client.post("/graphql", json=params, headers=headers)


@pytest.mark.parametrize(("document", "operation"), CONSTANT)
async def test_a_constant_document_is_answered_as_the_resolvers_did_without_the_database(
    client: httpx.AsyncClient,
    app: Starlette,
    sql_counter: StatementCounter,
    document: str,
    operation: str | None,
) -> None:
    constants = app.state.endpoint.constants
    constants.answers.clear()
    reference = await _ask(client, document, operation)  # the resolvers answer
    assert reference.status_code == 200
    assert "errors" not in reference.json()
    assert reference.json()["data"]
    assert constants.get(document, operation) == reference.content

    for method in ("GET", "POST"):
        for accept, media in ((GQL, GQL), (JSON, JSON), ("*/*", JSON)):
            sql_counter.statements.clear()
            answer = await _ask(client, document, operation, method=method, accept=accept)
            assert sql_counter.statements == []  # not even the data version
            assert answer.status_code == 200
            assert answer.headers["content-type"] == f"{media}; charset=utf-8"
            assert answer.content == reference.content


async def test_the_answer_is_the_resolvers_one(client: httpx.AsyncClient, app: Starlette) -> None:
    app.state.endpoint.constants.answers.clear()
    first = await _ask(
        client, "query { a: __typename ...F } fragment F on Query { b: __typename }", None
    )
    again = await _ask(
        client, "query { a: __typename ...F } fragment F on Query { b: __typename }", None
    )

    assert first.content == again.content == b'{"data":{"a":"Query","b":"Query"}}'


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        ("{ __typename actors { totalCount } }", None),  # data
        ("{ __typename(x: 1) }", None),  # invalid: the same error every time
        ("{ __typename ...Missing }", None),
        ("query($s: Boolean!) { __typename @skip(if: $s) }", {"s": False}),  # variables
        ("query($s: Boolean!) { __typename @skip(if: $s) }", None),  # and their errors
        ("{ __typename @unknown }", None),
        ("{ ... on Actor { __typename } }", None),
        ("query A { __typename } query B { __typename }", None),  # no operation chosen
    ],
)
async def test_other_documents_never_take_the_lane(
    client: httpx.AsyncClient,
    app: Starlette,
    document: str,
    variables: dict[str, Any] | None,
) -> None:
    answers = [
        await _ask(client, document, None, variables=variables, method=method)
        for method in ("POST", "POST", "GET")
    ]

    assert app.state.endpoint.constants.get(document, None) is None
    assert answers[0].content == answers[1].content == answers[2].content
    assert answers[0].status_code == answers[1].status_code == answers[2].status_code


async def test_mutations_and_subscriptions_never_take_the_lane(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    mutation = await _ask(client, "mutation { __typename }", None)
    by_get = await _ask(client, "mutation { __typename }", None, method="GET")
    subscription = await _ask(client, "subscription { __typename }", None)

    assert mutation.json() == {"data": {"__typename": "Mutation"}}
    assert by_get.status_code == 405
    assert subscription.status_code == 400
    assert app.state.endpoint.constants.get("mutation { __typename }", None) is None
    assert app.state.endpoint.constants.get("subscription { __typename }", None) is None


def _beyond_the_head(statements: list[str]) -> list[str]:
    return [q for q in statements if not q.startswith("BEGIN") and q != VERSION_SQL]


async def test_with_a_token_only_the_token_is_checked_and_a_revoked_one_is_refused(
    client: httpx.AsyncClient,
    gql: GraphQLClient,
    engine: AsyncEngine,
    sql_counter: StatementCounter,
) -> None:
    secret = await make_token(engine, Role.VIEWER, name="constant viewer")
    await _ask(client, "{ __typename }", None, secret=secret)  # first use: recorded (a write)
    for _ in range(3):
        sql_counter.statements.clear()
        answer = await _ask(client, "{ __typename }", None, secret=secret)
        assert answer.json() == {"data": {"__typename": "Query"}}
        # The token's lookup, if any: nothing else.
        assert all("api_tokens" in q for q in _beyond_the_head(sql_counter.statements))

    listed = await gql.data("{ apiTokens { edges { node { id name } } } }")
    token_id = next(
        e["node"]["id"]
        for e in listed["apiTokens"]["edges"]
        if e["node"]["name"] == "constant viewer"
    )
    revoked = await gql.data(
        "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }",
        {"id": token_id},
    )
    assert revoked["revokeApiToken"]["userErrors"] == []

    refused = await _ask(client, "{ __typename }", None, secret=secret)
    assert refused.status_code == 401
    assert "revoked" in refused.json()["errors"][0]["message"]
    malformed = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"authorization": "Basic x"}
    )
    assert malformed.status_code == 401
    unknown = await _ask(client, "{ __typename }", None, secret="gp_not_a_real_token")
    assert unknown.status_code == 401


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


async def test_without_public_reads_the_lane_still_needs_a_token(
    private: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    secret = await make_token(engine, Role.VIEWER)
    assert (await _ask(private, "{ __typename }", None, secret=secret)).status_code == 200
    assert (await _ask(private, "{ __typename }", None, secret=secret)).status_code == 200

    assert (await _ask(private, "{ __typename }", None)).status_code == 401


@pytest.mark.parametrize(
    ("protocol", "start", "result"),
    [
        ("graphql-transport-ws", "subscribe", "next"),
        ("graphql-ws", "start", "data"),
    ],
)
async def test_a_constant_document_over_websocket_is_answered_from_memory(
    settings: Settings, caplog: pytest.LogCaptureFixture, protocol: str, start: str, result: str
) -> None:
    caplog.set_level(logging.INFO)
    app = create_app(settings)
    async with serve(app) as host:
        # Given a constant document the resolvers answered over HTTP, whose answer is kept
        async with httpx.AsyncClient(base_url=f"http://{host}") as http:
            reference = await _ask(http, "{ __typename }", None)
        constants = app.state.endpoint.constants
        assert constants.get("{ __typename }", None) == reference.content
        # (a marked answer shows where the socket's answer comes from)
        constants.answers.put(("{ __typename }", None), b'{"data":{"__typename":"Marked"}}')

        # When a socket asks for it, and for a constant document not answered before
        answers: dict[str, list[dict[str, Any]]] = {"kept": [], "new": []}
        async with websockets.connect(f"ws://{host}/graphql", subprotocols=[protocol]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            for op_id, document in (("kept", "{ __typename }"), ("new", "{ b: __typename }")):
                message = {"id": op_id, "type": start, "payload": {"query": document}}
                await ws.send(json.dumps(message))
            while any(not a or a[-1]["type"] != "complete" for a in answers.values()):
                message = json.loads(await asyncio.wait_for(ws.recv(), 5))
                if message["type"] not in ("ka", "ping"):
                    answers[message["id"]].append(message)

    # Then the kept one is answered from memory, the other by the resolvers, each logged
    assert [(m["type"], m.get("payload")) for m in answers["kept"]] == [
        (result, {"data": {"__typename": "Marked"}}),
        ("complete", None),
    ]
    assert [(m["type"], m.get("payload")) for m in answers["new"]] == [
        (result, {"data": {"b": "Query"}}),
        ("complete", None),
    ]
    ended = [
        r.msg
        for r in caplog.records
        if isinstance(r.msg, dict) and r.msg.get("event") == "operation.ended"
    ]
    assert sorted((e["operation_id"], e["operation_type"], e["outcome"]) for e in ended) == [
        ("kept", "query", "completed"),
        ("new", "query", "completed"),
    ]
    # (what was bound for the kept one's lines did not stay with the socket's)
    await asyncio.sleep(0.2)
    [closed] = [
        r.msg
        for r in caplog.records
        if isinstance(r.msg, dict) and r.msg.get("event") == "websocket.closed"
    ]
    assert "operation_id" not in closed
