"""Relay node lookups and global IDs."""

from __future__ import annotations

import base64

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import GraphQLClient
from tests.graphql.builders import actors_with_commitments

NODE = "query($id: ID!) { node(id: $id) { id __typename ... on Actor { name } } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }"


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


async def test_node_refetches_any_object(engine: AsyncEngine, gql: GraphQLClient) -> None:
    await actors_with_commitments(engine, 1, 1, 1)

    actor = await gql.data(NODE, {"id": gid("Actor", 1)})
    many = await gql.data(
        NODES, {"ids": [gid("Commitment", 1), gid("Deliverable", 1), gid("Actor", 9)]}
    )

    assert actor["node"] == {"id": gid("Actor", 1), "__typename": "Actor", "name": "NGO 000"}
    assert many["nodes"] == [
        {"id": gid("Commitment", 1), "__typename": "Commitment"},
        {"id": gid("Deliverable", 1), "__typename": "Deliverable"},
        None,
    ]


async def test_invalid_ids_are_errors_that_say_so(gql: GraphQLClient) -> None:
    for bad, message in [
        ("nonsense!", "is not a valid global ID"),
        (base64.b64encode(b"Actor:x").decode(), "is not a valid global ID"),
        (gid("Planet", 1), "unknown type 'Planet'"),
    ]:
        body = await gql.post(NODE, {"id": bad})
        assert body["data"] == {"node": None}
        assert message in body["errors"][0]["message"]
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_filter_ids_of_the_wrong_type_are_errors(gql: GraphQLClient) -> None:
    body = await gql.post(
        "query($ids: [ID!]) { commitments(actorIds: $ids) { totalCount } }",
        {"ids": [gid("Resolution", 1)]},
    )

    assert body["data"] is None
    assert "expected the ID of a Actor" in body["errors"][0]["message"]


async def test_nodes_takes_at_most_a_page(gql: GraphQLClient) -> None:
    body = await gql.post(NODES, {"ids": [gid("Actor", i) for i in range(101)]})

    assert "at most 100" in body["errors"][0]["message"]
