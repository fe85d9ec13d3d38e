"""Input no layer below could keep (a NUL character, an id beyond its column, a time that
overflows once its offset is applied, a body nested past the parser) is a clean
BAD_USER_INPUT error or userError naming what was wrong, over HTTP, and nothing is written."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.global_ids import encode
from gp_api.pagination import encode_cursor
from tests.conftest import GraphQLClient
from tests.graphql.test_actors import create_actor

NUL = "a\x00b"
LONE_SURROGATE = "a\ud800b"
TOO_BIG = encode("Actor", 999999999999999999)
# a cursor whose JSON is nested deeper than the parser goes
DEEP_CURSOR = base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode()
BODY = (
    'mutation { createCoordinationBody(input: {name: "Core group"}) { coordinationBody { id } } }'
)
ADVANCE = """mutation($input: AdvanceWorkflowInput!) {
  advanceWorkflow(input: $input) { event { id } userErrors { code field } } }"""


async def written(engine: AsyncEngine) -> tuple[int, ...]:
    """Rows in the tables a refused input could have touched."""
    async with engine.connect() as conn:
        counts = []
        for table in ("events", "actors", "api_tokens", "webhook_endpoints", "meetings"):
            counts.append((await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())
        return tuple(counts)


def refused(body: dict[str, Any], *words: str) -> str:
    """The one error of a request refused before any resolver ran, as BAD_USER_INPUT."""
    assert "data" not in body or body["data"] is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    for word in words:
        assert word in error["message"], error
    message: str = error["message"]
    return message


@pytest.fixture
async def body_id(gql: GraphQLClient) -> str:
    created: str = (await gql.data(BODY))["createCoordinationBody"]["coordinationBody"]["id"]
    return created


NUL_CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "mutation($n: String!) { createActor(input: {name: $n, kind: NGO}) { userErrors { code } } }",
        "$n",
        {"n": NUL},
    ),
    ("query($s: String) { actors(search: $s) { totalCount } }", "$s", {"s": NUL}),
    ("query($t: [String!]) { events(types: $t) { totalCount } }", "$t", {"t": ["x", NUL]}),
    (
        "mutation($n: String!) { createApiToken(input: {name: $n, role: VIEWER}) { secret } }",
        "$n",
        {"n": NUL},
    ),
    (
        "mutation($u: String!) { createWebhookEndpoint(input: {url: $u}) { secret } }",
        "$u",
        {"u": "https://example.org/\x00hook"},
    ),
    ("query($id: ID!) { node(id: $id) { id } }", "$id", {"id": NUL}),
]


@pytest.mark.parametrize(("query", "variable", "variables"), NUL_CASES)
async def test_a_nul_character_in_any_string_is_refused_and_writes_nothing(
    gql: GraphQLClient, engine: AsyncEngine, query: str, variable: str, variables: dict[str, Any]
) -> None:
    before = await written(engine)

    refused(await gql.post(query, variables), variable, "NUL")

    assert await written(engine) == before


async def test_a_nul_character_in_a_literal_is_refused_anonymously_too(
    anonymous: GraphQLClient, engine: AsyncEngine
) -> None:
    before = await written(engine)

    message = refused(await anonymous.post('{ actors(search: "a\\u0000b") { totalCount } }'))

    assert message.startswith('"a\\u0000b"')
    assert "NUL" in message
    refused(
        await anonymous.post("query($s: String) { actors(search: $s) { totalCount } }", {"s": NUL}),
        "$s",
    )
    assert await written(engine) == before


async def test_a_lone_surrogate_is_refused(
    client: httpx.AsyncClient, admin_secret: str, engine: AsyncEngine
) -> None:
    before = await written(engine)
    # JSON may escape a lone surrogate (\ud800); no UTF-8 text can hold it.
    body = json.dumps({"query": NUL_CASES[0][0], "variables": {"n": LONE_SURROGATE}})

    response = await client.post(
        "/graphql",
        content=body.encode("ascii"),
        headers={"content-type": "application/json", "authorization": f"Bearer {admin_secret}"},
    )

    refused(response.json(), "$n", "surrogate")
    assert await written(engine) == before


@pytest.mark.parametrize("field", ["reason", "idempotencyKey"])
async def test_a_nul_character_in_a_workflow_move_is_refused(
    gql: GraphQLClient, engine: AsyncEngine, body_id: str, field: str
) -> None:
    before = await written(engine)
    move = {"subjectId": body_id, "trigger": "dissolve", "reason": "r", field: NUL}

    refused(await gql.post(ADVANCE, {"input": move}), "$input", f".{field}", "NUL")

    assert await written(engine) == before


async def test_a_global_id_beyond_its_column_is_refused(
    gql: GraphQLClient, engine: AsyncEngine, body_id: str
) -> None:
    await create_actor(gql, name="Some NGO", kind="NGO")
    before = await written(engine)

    node = await gql.post("query($id: ID!) { node(id: $id) { id } }", {"id": TOO_BIG})
    nodes = await gql.post("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [TOO_BIG]})
    update = await gql.data(
        'mutation($id: ID!) { updateActor(input: {id: $id, shortName: "X"}) {'
        " userErrors { code field message } } }",
        {"id": TOO_BIG},
    )
    move = await gql.data(
        ADVANCE,
        {
            "input": {
                "subjectId": encode("CoordinationBody", 2**31),
                "trigger": "dissolve",
                "reason": "r",
            }
        },
    )

    for body in (node, nodes):
        [error] = body["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert "not a valid global ID" in error["message"]
    [error] = update["updateActor"]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "id"])
    assert "2147483647" in error["message"]
    assert move["advanceWorkflow"]["userErrors"] == [
        {"code": "INVALID", "field": ["input", "subjectId"]}
    ]
    assert await written(engine) == before
    # The largest id that fits is an ordinary unknown one, and events hold 64-bit ids.
    assert (
        await gql.data(
            "query($id: ID!) { node(id: $id) { id } }", {"id": encode("Actor", 2**31 - 1)}
        )
    )["node"] is None
    assert (
        await gql.data("query($id: ID!) { node(id: $id) { id } }", {"id": encode("Event", 2**40)})
    )["node"] is None


@pytest.mark.parametrize(
    ("field", "cursor"),
    [
        ("actors", encode_cursor(["M", 99999999999999])),
        ("actors", encode_cursor([NUL, 1])),
        ("commitments", encode_cursor([2**31])),
        ("events", encode_cursor([2**63])),
        ("actors", DEEP_CURSOR),
        ("meetings", DEEP_CURSOR),
        ("events", DEEP_CURSOR),
    ],
)
async def test_a_cursor_holding_what_no_column_can_is_refused(
    anonymous: GraphQLClient, field: str, cursor: str
) -> None:
    body = await anonymous.post(
        f"query($c: String) {{ {field}(after: $c) {{ totalCount }} }}", {"c": cursor}
    )

    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert "not a cursor" in error["message"]


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
async def test_a_time_that_overflows_in_utc_is_refused(
    gql: GraphQLClient, engine: AsyncEngine, moment: str
) -> None:
    before = await written(engine)

    refused(
        await gql.post("query($t: DateTime) { events(since: $t) { totalCount } }", {"t": moment}),
        "$t",
        "out of range",
    )
    refused(await gql.post(f'{{ events(until: "{moment}") {{ totalCount }} }}'), "out of range")
    meeting = await gql.post(
        'mutation($t: DateTime!) { scheduleMeeting(input: {title: "T", hub: VIENNA, startsAt: $t}) { userErrors { code } } }',
        {"t": moment},
    )
    refused(meeting, "$t", "out of range")

    assert await written(engine) == before


@pytest.mark.parametrize(
    "argument",
    ["events(since: $t)", "events(until: $t)", "auditLog(since: $t)", "meetings(startsAfter: $t)"],
)
async def test_a_time_without_its_offset_is_refused_in_every_filter(
    gql: GraphQLClient, argument: str
) -> None:
    query = f"query($t: DateTime) {{ {argument} {{ totalCount }} }}"

    response = await gql.post(query, {"t": "2020-01-01T00:00:00"})

    refused(response, "$t", "no time-zone offset")


async def test_a_meeting_time_without_its_offset_writes_nothing(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    before = await written(engine)

    meeting = await gql.post(
        'mutation { scheduleMeeting(input: {title: "T", hub: VIENNA, startsAt: "2030-01-01T10:00:00"}) { userErrors { code } } }'
    )

    refused(meeting, "no time-zone offset")
    assert await written(engine) == before


@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
async def test_a_body_nested_past_the_parser_is_a_400_in_json(
    client: httpx.AsyncClient, engine: AsyncEngine, accept: str
) -> None:
    before = await written(engine)
    deep = (
        b'{"query": "{ __typename }", "variables": {"x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}"
    )

    response = await client.post(
        "/graphql", content=deep, headers={"content-type": "application/json", "accept": accept}
    )

    assert response.status_code == 400
    assert response.headers["content-type"].startswith(accept)
    assert response.json() == {"errors": [{"message": "the request body is not valid JSON"}]}
    assert await written(engine) == before


@pytest.mark.parametrize(
    ("payload", "parameter"),
    [
        ({"query": "{ __typename }", "operationName": "a\ud800"}, "operationName"),
        ({"query": "{ __typename \ud800 }"}, "query"),
        ({"query": "{ __typename \x00 }"}, "query"),
    ],
)
async def test_a_parameter_that_is_not_text_is_refused_in_json(
    client: httpx.AsyncClient, payload: dict[str, Any], parameter: str
) -> None:
    response = await client.post(
        "/graphql",
        content=json.dumps(payload).encode("ascii"),
        headers={"content-type": "application/json", "accept": "application/graphql-response+json"},
    )

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["message"].startswith(f"the {parameter} parameter is refused")


@pytest.mark.parametrize("parameter", ["variables", "extensions"])
async def test_a_query_string_parameter_nested_past_the_parser_is_a_400_in_json(
    client: httpx.AsyncClient, parameter: str
) -> None:
    deep = "[" * 10_000 + "]" * 10_000  # past the parser, inside httpx's longest URL

    response = await client.get(
        "/graphql",
        params={"query": "{ __typename }", parameter: deep},
        headers={"accept": "application/graphql-response+json"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": f"the {parameter} parameter is not valid JSON"}]
    }


@pytest.mark.parametrize(
    "query",
    [
        '{ actors { edges { node { memberships(after: "WzAsMF0") { totalCount } } } } }',
        '{ actors { edges { node { commitments(after: "WyJhIiwxXQ") { totalCount } } } } }',
        '{ actors { edges { node { commitments(before: "bm90IGEgY3Vyc29y") { totalCount } } } } }',
    ],
)
async def test_a_bad_cursor_on_a_nested_connection_is_the_clients_error(
    gql: GraphQLClient, engine: AsyncEngine, query: str
) -> None:
    await gql.data('mutation { createActor(input: {name: "A", kind: NGO}) { actor { id } } }')
    body = await gql.post(query)
    errors = body.get("errors") or []
    assert errors, body
    assert {e["extensions"]["code"] for e in errors} == {"BAD_USER_INPUT"}, errors
    assert "not a cursor" in errors[0]["message"]
