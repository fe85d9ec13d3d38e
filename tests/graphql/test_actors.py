"""Actors over GraphQL: create, update, validation, pagination and filters."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient

CREATE = """
mutation($input: CreateActorInput!) {
  createActor(input: $input) {
    actor { id name kind isoAlpha2 isoAlpha3 m49 flowRoles }
    userErrors { code message field }
  }
}
"""
UPDATE = """
mutation($input: UpdateActorInput!) {
  updateActor(input: $input) {
    actor { id name shortName kind isoAlpha2 flowRoles }
    userErrors { code message field }
  }
}
"""
ACTORS = """
query($first: Int, $after: String, $last: Int, $before: String, $kinds: [ActorKind!],
      $flowRole: FlowRole, $search: String) {
  actors(first: $first, after: $after, last: $last, before: $before, kinds: $kinds,
         flowRole: $flowRole, search: $search) {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
COUNTS = "{ actors { totalCount } events { totalCount } }"


async def create_actor(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    data = await gql.data(CREATE, {"input": fields})
    payload: dict[str, Any] = data["createActor"]
    assert payload["userErrors"] == [], payload["userErrors"]
    actor: dict[str, Any] = payload["actor"]
    return actor


async def test_creating_a_state_fills_in_its_iso_codes_and_records_an_event(
    gql: GraphQLClient,
) -> None:
    actor = await create_actor(
        gql, name="Belarus", kind="STATE", isoAlpha2="by", flowRoles=["TRANSIT"]
    )

    assert actor["isoAlpha2"] == "BY"
    assert actor["isoAlpha3"] == "BLR"
    assert actor["m49"] == 112
    assert actor["flowRoles"] == ["TRANSIT"]
    events = await gql.data(
        '{ events(types: ["actor.created"]) { edges { node { type subjectId by } } } }'
    )
    assert [e["node"] for e in events["events"]["edges"]] == [
        {"type": "actor.created", "subjectId": actor["id"], "by": "test admin"}
    ]


async def test_rejected_input_gives_a_user_error_and_writes_nothing(gql: GraphQLClient) -> None:
    await create_actor(gql, name="Belarus", kind="STATE", isoAlpha3="BLR")
    before = await gql.data(COUNTS)
    cases = [
        (
            {"name": "Nowhere", "kind": "STATE", "isoAlpha2": "XX"},
            "INVALID",
            ["input", "isoAlpha2"],
        ),
        (
            {"name": "Mismatch", "kind": "STATE", "isoAlpha2": "FR", "isoAlpha3": "DEU"},
            "INVALID",
            ["input", "isoAlpha3"],
        ),
        ({"name": "No code", "kind": "STATE"}, "REQUIRED", ["input", "isoAlpha2"]),
        ({"name": "Belarus", "kind": "NGO"}, "DUPLICATE", ["input", "name"]),
        (
            {"name": "Belarus again", "kind": "STATE", "m49": 112},
            "DUPLICATE",
            ["input", "isoAlpha2"],
        ),
        ({"name": "   ", "kind": "NGO"}, "REQUIRED", ["input", "name"]),
        ({"name": "x" * 201, "kind": "NGO"}, "TOO_LONG", ["input", "name"]),
        (
            {"name": "NGO with code", "kind": "NGO", "isoAlpha2": "FR"},
            "INVALID",
            ["input", "isoAlpha2"],
        ),
        (
            {"name": "NGO with role", "kind": "NGO", "flowRoles": ["ORIGIN"]},
            "INVALID",
            ["input", "flowRoles"],
        ),
        (
            {"name": "Bad site", "kind": "NGO", "website": "ftp://x"},
            "INVALID",
            ["input", "website"],
        ),
    ]
    for fields, code, path in cases:
        data = await gql.data(CREATE, {"input": fields})
        payload = data["createActor"]
        assert payload["actor"] is None, fields
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, path)], fields
    assert await gql.data(COUNTS) == before


async def test_unknown_enum_value_and_unknown_field_are_refused_before_execution(
    gql: GraphQLClient,
) -> None:
    bad_enum = await gql.post(CREATE, {"input": {"name": "X", "kind": "PLANET"}})
    unknown = await gql.post(CREATE, {"input": {"name": "X", "kind": "NGO", "colour": "red"}})

    for body in (bad_enum, unknown):
        assert "data" not in body
        assert body["errors"]
    assert (await gql.data(COUNTS))["actors"]["totalCount"] == 0


async def test_update_changes_only_the_fields_given(gql: GraphQLClient) -> None:
    actor = await create_actor(
        gql, name="Belarus", kind="STATE", isoAlpha2="BY", flowRoles=["TRANSIT"]
    )

    data = await gql.data(UPDATE, {"input": {"id": actor["id"], "shortName": "BLR"}})

    updated = data["updateActor"]["actor"]
    assert updated == {
        "id": actor["id"],
        "name": "Belarus",
        "shortName": "BLR",
        "kind": "STATE",
        "isoAlpha2": "BY",
        "flowRoles": ["TRANSIT"],
    }


async def test_update_of_an_unknown_or_wrong_type_id_is_a_user_error(gql: GraphQLClient) -> None:
    actor = await create_actor(gql, name="UNODC", kind="UN_ENTITY")
    body_id = "Q29vcmRpbmF0aW9uQm9keTox"  # CoordinationBody:1
    missing = "QWN0b3I6OTk5"  # Actor:999

    wrong = await gql.data(UPDATE, {"input": {"id": body_id, "name": "X"}})
    gone = await gql.data(UPDATE, {"input": {"id": missing, "name": "X"}})
    garbage = await gql.data(UPDATE, {"input": {"id": "%%%", "name": "X"}})

    assert wrong["updateActor"]["userErrors"][0]["code"] == "INVALID"
    assert "expected the ID of a Actor" in wrong["updateActor"]["userErrors"][0]["message"]
    assert gone["updateActor"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert garbage["updateActor"]["userErrors"][0]["code"] == "INVALID"
    names = await gql.data("{ actors { edges { node { name } } } }")
    assert names["actors"]["edges"] == [{"node": {"name": actor["name"]}}]


async def test_pages_forward_and_backward_by_name(gql: GraphQLClient) -> None:
    for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo"]:
        await create_actor(gql, name=name, kind="NGO")

    first = (await gql.data(ACTORS, {"first": 2}))["actors"]
    second = (await gql.data(ACTORS, {"first": 2, "after": first["pageInfo"]["endCursor"]}))[
        "actors"
    ]
    last = (await gql.data(ACTORS, {"last": 2}))["actors"]
    before = (await gql.data(ACTORS, {"last": 2, "before": last["pageInfo"]["startCursor"]}))[
        "actors"
    ]

    assert [e["node"]["name"] for e in first["edges"]] == ["Alpha", "Bravo"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    assert first["totalCount"] == 5
    assert [e["node"]["name"] for e in second["edges"]] == ["Charlie", "Delta"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert [e["node"]["name"] for e in last["edges"]] == ["Delta", "Echo"]
    assert last["pageInfo"]["hasPreviousPage"] is True
    assert last["pageInfo"]["hasNextPage"] is False
    assert [e["node"]["name"] for e in before["edges"]] == ["Bravo", "Charlie"]


async def test_filters_by_kind_flow_role_and_name(gql: GraphQLClient) -> None:
    await create_actor(gql, name="Belarus", kind="STATE", isoAlpha2="BY", flowRoles=["TRANSIT"])
    await create_actor(gql, name="Nigeria", kind="STATE", isoAlpha2="NG", flowRoles=["ORIGIN"])
    await create_actor(gql, name="La Strada International", shortName="LSI", kind="NGO")

    states = (await gql.data(ACTORS, {"kinds": ["STATE"]}))["actors"]
    transit = (await gql.data(ACTORS, {"flowRole": "TRANSIT"}))["actors"]
    search = (await gql.data(ACTORS, {"search": "strada"}))["actors"]
    short = (await gql.data(ACTORS, {"search": "lsi"}))["actors"]
    percent = (await gql.data(ACTORS, {"search": "%"}))["actors"]

    assert [e["node"]["name"] for e in states["edges"]] == ["Belarus", "Nigeria"]
    assert [e["node"]["name"] for e in transit["edges"]] == ["Belarus"]
    assert [e["node"]["name"] for e in search["edges"]] == ["La Strada International"]
    assert short["totalCount"] == 1
    assert percent["totalCount"] == 0


async def test_bad_page_arguments_are_clear_errors(gql: GraphQLClient) -> None:
    cases = [
        ({"first": 101}, "first must be between 0 and 100"),
        ({"first": -1}, "first must be between 0 and 100"),
        ({"first": 1, "last": 1}, "either first or last"),
        ({"after": "not-a-cursor"}, "after is not a cursor"),
    ]
    for variables, message in cases:
        body = await gql.post(ACTORS, variables)
        assert body["data"] is None
        assert message in body["errors"][0]["message"], body
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
