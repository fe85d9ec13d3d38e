"""GraphQL over HTTP, checked against the GraphQL-over-HTTP spec's audit list."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from starlette.applications import Starlette

GQL = "application/graphql-response+json"
JSON = "application/json"
TYPENAME = {"query": "{ __typename }"}


async def post(client: httpx.AsyncClient, body: object, accept: str | None = GQL) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if accept is not None:
        headers["accept"] = accept
    content = body if isinstance(body, str) else json.dumps(body)
    return await client.post("/graphql", content=content, headers=headers)


@pytest.mark.parametrize(
    ("accept", "media"),
    [(GQL, GQL), (JSON, JSON), ("*/*", JSON), (None, JSON), (f"{JSON};q=0.5, {GQL}", GQL)],
)
async def test_negotiates_the_response_media_type(
    client: httpx.AsyncClient, accept: str | None, media: str
) -> None:
    response = await post(client, TYPENAME, accept)

    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_refuses_a_media_type_it_cannot_produce(client: httpx.AsyncClient) -> None:
    response = await post(client, TYPENAME, "application/xml")

    assert response.status_code == 406


async def test_get_serves_queries_with_json_variables(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={
            "query": "query T($name: String!) { __type(name: $name) { name } }",
            "variables": json.dumps({"name": "Actor"}),
        },
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"__type": {"name": "Actor"}}}


async def test_get_refuses_mutations_with_405(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={
            "query": 'mutation { createActor(input: {name: "X", kind: NGO}) { actor { id } } }'
        },
        headers={"accept": GQL},
    )

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    count = await post(client, {"query": "{ actors { totalCount } }"})
    assert count.json()["data"]["actors"]["totalCount"] == 0


async def test_browser_gets_graphiql(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html,application/xhtml+xml"})

    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


@pytest.mark.parametrize(
    "body",
    [
        '{ "not a JSON',
        '{"query":',
        "NONSENSE",
        {"notquery": "{ __typename }"},
        {"query": {"obj": "ect"}},
        {"query": 0},
        {"query": ["array"]},
        {"query": "{ __typename }", "operationName": 0},
        {"query": "{ __typename }", "variables": "string"},
        {"query": "{ __typename }", "variables": ["array"]},
        {"query": "{ __typename }", "extensions": 0},
        ["not", "an", "object"],
    ],
)
async def test_a_malformed_request_is_400_whatever_the_accept_header(
    client: httpx.AsyncClient, body: object
) -> None:
    # GraphQL-over-HTTP, application/json appendix: "JSON parsing failure" and "Invalid
    # parameters" SHOULD be 400 for legacy clients too.
    for accept in (GQL, JSON, None):
        response = await post(client, body, accept)

        assert response.status_code == 400, (accept, response.text)
        assert "data" not in response.json()
        assert response.json()["errors"]


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{"},
        {"query": "{ doesNotExist }"},
        {
            "query": "query Q($n: Int!) { actors(first: $n) { totalCount } }",
            "variables": {"n": "x"},
        },
        {"query": "query A { __typename } query B { __typename }"},
        {"query": "query A { __typename }", "operationName": "B"},
        {"query": ""},
    ],
)
async def test_request_errors_are_400_without_data_or_200_for_legacy_json(
    client: httpx.AsyncClient, body: object
) -> None:
    strict = await post(client, body, GQL)
    legacy = await post(client, body, JSON)

    assert strict.status_code == 400
    assert "data" not in strict.json()
    assert strict.json()["errors"]
    assert legacy.status_code == 200
    assert legacy.json()["errors"]


async def test_null_optional_parameters_are_accepted(client: httpx.AsyncClient) -> None:
    for name in ("variables", "operationName", "extensions"):
        response = await post(client, {**TYPENAME, name: None})
        assert response.status_code == 200
        assert "errors" not in response.json()


async def test_post_needs_a_json_content_type_and_a_body(client: httpx.AsyncClient) -> None:
    no_type = await client.post("/graphql")
    form = await client.post("/graphql", data={"query": "{ __typename }"})
    empty = await client.post("/graphql", headers={"content-type": "application/json"})

    assert no_type.status_code == 415
    assert form.status_code == 415
    assert empty.status_code == 400
    assert "errors" in empty.json()


async def test_subscriptions_are_not_served_over_http(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": "subscription { __typename }"})

    assert response.status_code == 400


async def test_query_depth_is_limited_and_the_message_names_the_limit(
    client: httpx.AsyncClient,
) -> None:
    # 16 levels below the root; 15 are allowed.
    deep = (
        "{ actors { edges { node { commitments { edges { node { actor { commitments { edges "
        "{ node { actor { commitments { edges { node { actor { commitments { totalCount } } } } "
        "} } } } } } } } } } } } }"
    )

    response = await post(client, {"query": deep})

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert "exceeds maximum operation depth of 15" in error["message"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_aliases_and_tokens_are_limited(client: httpx.AsyncClient) -> None:
    aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(40)) + " }"
    tokens = "{ " + " ".join("__typename" for _ in range(6000)) + " }"

    many_aliases = await post(client, {"query": aliases})
    many_tokens = await post(client, {"query": tokens})

    assert many_aliases.status_code == 400
    alias_error = many_aliases.json()["errors"][0]
    assert "aliases" in alias_error["message"].lower()
    assert alias_error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert many_tokens.status_code == 400
    token_error = many_tokens.json()["errors"][0]
    assert "token" in token_error["message"].lower()
    assert token_error["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_a_mistake_in_the_query_is_not_called_too_complex(
    client: httpx.AsyncClient,
) -> None:
    unparsable = await post(client, {"query": "{"})
    invalid = await post(client, {"query": "{ doesNotExist }"})

    for response in (unparsable, invalid):
        assert "QUERY_TOO_COMPLEX" not in response.text


async def test_unexpected_errors_are_masked_and_logged(
    app: Starlette,
    client: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gp_api import summary

    async def broken(_session: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(summary, "partnership", broken)
    with caplog.at_level(logging.ERROR, logger="gp_api.graphql"):
        response = await post(client, {"query": "{ partnership { planStepsTotal } }"})

    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["message"] == "Internal server error."
    assert "secret" not in response.text
    assert any("secret detail" in r.getMessage() for r in caplog.records)


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


async def test_metrics_count_requests(client: httpx.AsyncClient) -> None:
    from tests.test_metrics import sample

    before = (await client.get("/metrics")).text
    await post(client, TYPENAME)
    await client.get("/graphql", params={"query": "{"}, headers={"accept": GQL})

    text = (await client.get("/metrics")).text

    def delta(method: str, status: str) -> float:
        name = "gp_http_requests_total"
        return sample(text, name, method=method, status=status) - sample(
            before, name, method=method, status=status
        )

    assert (delta("POST", "200"), delta("GET", "400")) == (1, 1)
    assert "# TYPE gp_subscribers gauge" in text
