"""The resolvers read what the read models declare (gp_api.reads): arguments the declared filters
refuse are refused as they always were (message, code, reason, path), before the page arguments;
a refusal in a nested connection is that field's error."""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import GraphQLClient
from tests.graphql.builders import actors_with_commitments


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert len(body["errors"]) == 1, body["errors"]
    error: dict[str, Any] = body["errors"][0]
    return {
        "message": error["message"],
        "path": error.get("path"),
        "extensions": error.get("extensions"),
    }


async def test_a_refused_filter_argument_is_the_fields_error_before_the_page_arguments(
    gql: GraphQLClient,
) -> None:
    body = await gql.post(
        "query($ids: [ID!]) { commitments(actorIds: $ids, first: 101) { totalCount } }",
        {"ids": [gid("Actor", 1), gid("Resolution", 1)]},
    )

    assert body["data"] is None
    assert only_error(body) == {
        "message": "actorIds: expected the ID of a Actor, got the ID of a Resolution",
        "path": ["commitments"],
        "extensions": {"code": "BAD_USER_INPUT", "reason": "INVALID"},
    }


async def test_the_filters_are_checked_in_their_declared_order(gql: GraphQLClient) -> None:
    body = await gql.post(
        "query($item: ID, $sponsor: ID) {"
        " resolutions(agendaItemId: $item, sponsorId: $sponsor) { totalCount } }",
        {"item": "nonsense!", "sponsor": gid("Meeting", 1)},
    )

    assert only_error(body) == {
        "message": "agendaItemId: 'nonsense!' is not a valid global ID",
        "path": ["resolutions"],
        "extensions": {"code": "BAD_USER_INPUT", "reason": "INVALID"},
    }
    body = await gql.post(
        "query($body: ID) { meetings(bodyId: $body) { totalCount } }", {"body": gid("Actor", 1)}
    )
    assert only_error(body)["message"] == (
        "bodyId: expected the ID of a CoordinationBody, got the ID of a Actor"
    )


async def test_event_subjects_are_refused_as_node_ids_are(gql: GraphQLClient) -> None:
    query = "query($ids: [ID!]) { events(subjectIds: $ids) { totalCount } }"

    mixed = await gql.post(query, {"ids": [gid("Actor", 1), gid("Resolution", 1)]})
    unknown = await gql.post(query, {"ids": [gid("Planet", 1)]})
    plan_step = await gql.data(query, {"ids": [gid("PlanStep", 1)]})

    assert only_error(mixed) == {
        "message": "subjectIds must all be of one type",
        "path": ["events"],
        "extensions": {"code": "BAD_USER_INPUT"},
    }
    assert only_error(unknown) == {
        "message": f"{gid('Planet', 1)!r} is the ID of an unknown type 'Planet'",
        "path": ["events"],
        "extensions": {"code": "BAD_USER_INPUT"},
    }
    assert plan_step == {"events": {"totalCount": 0}}


async def test_a_refused_nested_argument_is_the_error_of_the_field_that_gave_it(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    await actors_with_commitments(engine, n_actors=2, n_commitments=1, n_deliverables=0)

    body = await gql.post(
        '{ actors { edges { node { name commitments(after: "nope") { totalCount } } } } }'
    )

    # (the connection is non-null: the first error nulls the page, the others are dropped)
    assert body["data"] is None
    assert len(body["errors"]) == 1
    assert body["errors"][0]["path"] in (
        ["actors", "edges", 0, "node", "commitments"],
        ["actors", "edges", 1, "node", "commitments"],
    )
    assert {e["message"] for e in body["errors"]} == {"after is not a cursor from this connection"}
    assert {e["extensions"]["reason"] for e in body["errors"]} == {"INVALID"}


async def test_the_audit_log_filters_as_the_events_connection_does_and_by_principal(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    await actors_with_commitments(engine, n_actors=2, n_commitments=1, n_deliverables=0)
    actor = (await gql.data("{ actors(first: 1) { edges { node { id } } } }"))["actors"]
    actor_id = actor["edges"][0]["node"]["id"]
    query = """query($subject: ID!, $principal: String, $types: [String!]) {
      auditLog(subjectId: $subject, principalId: $principal, types: $types) {
        totalCount edges { node { subjectId type principalId } }
      }
      events(subjectIds: [$subject], types: $types) { totalCount }
    }"""

    about = await gql.data(query, {"subject": actor_id})
    nobody = await gql.data(query, {"subject": actor_id, "principal": "token:999999"})
    unknown = await gql.post(
        "query($s: ID!) { auditLog(subjectId: $s) { totalCount } }", {"s": gid("Planet", 1)}
    )

    assert about["auditLog"]["totalCount"] == about["events"]["totalCount"] >= 1
    assert {e["node"]["subjectId"] for e in about["auditLog"]["edges"]} == {actor_id}
    assert nobody["auditLog"]["totalCount"] == 0
    assert only_error(unknown) == {
        "message": f"{gid('Planet', 1)!r} is the ID of an unknown type 'Planet'",
        "path": ["auditLog"],
        "extensions": {"code": "BAD_USER_INPUT"},
    }
