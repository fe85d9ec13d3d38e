"""Bodies, meetings, commitments and General Assembly records over GraphQL: each write
returns its subject and appends one event; a refused input writes nothing."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient
from tests.graphql.test_actors import create_actor

COUNT_EVENTS = "{ events { totalCount } }"


async def mutate(
    gql: GraphQLClient, name: str, selection: str, fields: dict[str, Any]
) -> dict[str, Any]:
    input_type = name[0].upper() + name[1:] + "Input"
    data = await gql.data(
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} "
        "userErrors { code message field } } }",
        {"input": fields},
    )
    payload: dict[str, Any] = data[name]
    return payload


async def ok(
    gql: GraphQLClient, name: str, selection: str, fields: dict[str, Any]
) -> dict[str, Any]:
    payload = await mutate(gql, name, selection, fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


async def events(gql: GraphQLClient) -> int:
    count: int = (await gql.data(COUNT_EVENTS))["events"]["totalCount"]
    return count


async def refused(
    gql: GraphQLClient, name: str, fields: dict[str, Any], code: str, field: list[str] | None
) -> None:
    before = await events(gql)
    payload = await mutate(gql, name, "__typename", fields)
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, field)], payload
    assert await events(gql) == before


async def test_body_members_and_meetings(gql: GraphQLClient) -> None:
    belarus = await create_actor(gql, name="Belarus", kind="STATE", isoAlpha2="BY")
    unodc = await create_actor(gql, name="UNODC", kind="UN_ENTITY")
    body = (
        await ok(
            gql,
            "createCoordinationBody",
            "coordinationBody { id state hubs version }",
            {"name": "Core group", "hubs": ["VIENNA", "NEW_YORK"]},
        )
    )["coordinationBody"]
    assert body["state"] == "PROPOSED"
    assert body["hubs"] == ["NEW_YORK", "VIENNA"]

    membership = (
        await ok(
            gql,
            "addMembership",
            "membership { id role actor { name } body { name } }",
            {
                "bodyId": body["id"],
                "actorId": belarus["id"],
                "role": "CHAIR",
                "since": "2010-03-10",
            },
        )
    )["membership"]
    await ok(
        gql, "addMembership", "membership { id }", {"bodyId": body["id"], "actorId": unodc["id"]}
    )
    await refused(
        gql,
        "addMembership",
        {"bodyId": body["id"], "actorId": belarus["id"]},
        "DUPLICATE",
        ["input", "actorId"],
    )
    await refused(
        gql,
        "addMembership",
        {"bodyId": belarus["id"], "actorId": belarus["id"]},
        "INVALID",
        ["input", "bodyId"],
    )
    ended = (
        await ok(
            gql,
            "removeMembership",
            "membership { until }",
            {"membershipId": membership["id"], "until": "2012-01-01"},
        )
    )["membership"]
    assert ended["until"] == "2012-01-01"
    await refused(
        gql,
        "removeMembership",
        {"membershipId": membership["id"]},
        "CONFLICT",
        ["input", "membershipId"],
    )

    await refused(
        gql,
        "scheduleMeeting",
        {
            "title": "Hosted by nobody known",
            "hub": "VIENNA",
            "startsAt": "2011-02-01T09:00:00Z",
            "hostId": "QWN0b3I6OTk5OTk5",
        },
        "NOT_FOUND",
        ["input", "hostId"],
    )
    meeting = (
        await ok(
            gql,
            "scheduleMeeting",
            "meeting { id status host { name } }",
            {
                "bodyId": body["id"],
                "title": "Vienna consultation",
                "hub": "VIENNA",
                "startsAt": "2011-02-01T09:00:00Z",
                "endsAt": "2011-02-01T17:00:00Z",
                "hostId": unodc["id"],
            },
        )
    )["meeting"]
    assert meeting["host"] == {"name": unodc["name"]}
    await refused(
        gql,
        "scheduleMeeting",
        {
            "title": "Backwards",
            "hub": "GENEVA",
            "startsAt": "2011-02-02T09:00:00Z",
            "endsAt": "2011-02-01T09:00:00Z",
        },
        "INVALID",
        ["input", "endsAt"],
    )
    held = (
        await ok(
            gql,
            "recordMeetingHeld",
            "meeting { status outcome participants { name } }",
            {
                "meetingId": meeting["id"],
                "participantIds": [unodc["id"], belarus["id"]],
                "outcome": "Agreed.",
            },
        )
    )["meeting"]
    assert held == {
        "status": "HELD",
        "outcome": "Agreed.",
        "participants": [{"name": "Belarus"}, {"name": "UNODC"}],
    }

    read = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on CoordinationBody {"
        " current: members { totalCount edges { node { actor { name } } } }"
        " all: members(current: false) { totalCount }"
        " meetings { totalCount edges { node { title status } } } } } }",
        {"id": body["id"]},
    )
    node = read["node"]
    assert node["current"]["totalCount"] == 1
    assert node["current"]["edges"][0]["node"]["actor"]["name"] == "UNODC"
    assert node["all"]["totalCount"] == 2
    assert node["meetings"]["edges"] == [
        {"node": {"title": "Vienna consultation", "status": "HELD"}}
    ]
    types = await gql.data("{ events { edges { node { type } } } }")
    assert [e["node"]["type"] for e in types["events"]["edges"]][3:] == [
        "coordination_body.created",
        "membership.added",
        "membership.added",
        "membership.removed",
        "meeting.scheduled",
        "meeting.held",
    ]


async def test_commitments_deliverables_and_reports(gql: GraphQLClient) -> None:
    unodc = await create_actor(gql, name="UNODC", kind="UN_ENTITY")
    commitment = (
        await ok(
            gql,
            "createCommitment",
            "commitment { id state determinants actor { name } }",
            {
                "actorId": unodc["id"],
                "determinants": ["PROTECTION"],
                "title": "Trust Fund",
                "startsOn": "2010-11-04",
                "dueOn": "2030-12-31",
            },
        )
    )["commitment"]
    assert commitment["state"] == "PLEDGED"
    await refused(
        gql,
        "createCommitment",
        {
            "actorId": unodc["id"],
            "determinants": ["DEMAND_REDUCTION"],
            "title": "Back",
            "startsOn": "2020-01-01",
            "dueOn": "2019-01-01",
        },
        "INVALID",
        ["input", "dueOn"],
    )
    await ok(
        gql,
        "addDeliverable",
        "deliverable { id status }",
        {"commitmentId": commitment["id"], "title": "Grants"},
    )
    await ok(
        gql,
        "submitProgressReport",
        "progressReport { percentComplete }",
        {"commitmentId": commitment["id"], "summary": "First grants", "percentComplete": 40},
    )
    await refused(
        gql,
        "submitProgressReport",
        {"commitmentId": commitment["id"], "summary": "Too much", "percentComplete": 140},
        "OUT_OF_RANGE",
        ["input", "percentComplete"],
    )
    await refused(
        gql,
        "addDeliverable",
        {"commitmentId": "Q29tbWl0bWVudDo5OTk=", "title": "Lost"},
        "NOT_FOUND",
        ["input", "commitmentId"],
    )

    found = await gql.data(
        'query($a: [ID!]) { commitments(actorIds: $a, determinants: [PROTECTION], dueAfter: "2025-01-01") {'
        " totalCount edges { node { title deliverables { totalCount } progressReports { edges { node { summary } } } } } } }",
        {"a": [unodc["id"]]},
    )
    node = found["commitments"]["edges"][0]["node"]
    assert found["commitments"]["totalCount"] == 1
    assert node["deliverables"]["totalCount"] == 1
    assert node["progressReports"]["edges"] == [{"node": {"summary": "First grants"}}]
    summary = await gql.data(
        "{ partnership { commitmentsByDeterminantAndState { determinant state count } } }"
    )
    assert summary["partnership"]["commitmentsByDeterminantAndState"] == [
        {"determinant": "PROTECTION", "state": "PLEDGED", "count": 1}
    ]


async def test_agenda_items_resolutions_sponsors_and_adoptions(gql: GraphQLClient) -> None:
    belarus = await create_actor(
        gql, name="Belarus", kind="STATE", isoAlpha2="BY", unMemberSince="1945-10-24"
    )
    item = (
        await ok(
            gql,
            "createAgendaItem",
            "agendaItem { id state }",
            {
                "title": "Crime prevention and criminal justice",
                "session": 61,
                "itemNumber": 98,
                "origin": "MANDATED",
                "topics": ["CRIME_PREVENTION_AND_CRIMINAL_JUSTICE"],
            },
        )
    )["agendaItem"]
    await refused(
        gql,
        "createAgendaItem",
        {"title": "Again", "session": 61, "itemNumber": 98},
        "DUPLICATE",
        ["input", "itemNumber"],
    )
    resolution = (
        await ok(
            gql,
            "createDraftResolution",
            "resolution { id state omnibus forum kind }",
            {
                "agendaItemId": item["id"],
                "title": "Improving the coordination",
                "omnibus": True,
                "forum": "THIRD_COMMITTEE",
            },
        )
    )["resolution"]
    assert resolution["state"] == "DRAFTING"
    assert (resolution["forum"], resolution["kind"]) == ("THIRD_COMMITTEE", "RESOLUTION")
    await refused(
        gql,
        "createDraftResolution",
        {"agendaItemId": item["id"], "title": " ", "forum": "PLENARY"},
        "REQUIRED",
        ["input", "title"],
    )
    await ok(
        gql,
        "addSponsor",
        "sponsorship { kind }",
        {"resolutionId": resolution["id"], "actorId": belarus["id"], "kind": "MAIN"},
    )
    await refused(
        gql,
        "addSponsor",
        {"resolutionId": resolution["id"], "actorId": belarus["id"]},
        "DUPLICATE",
        ["input", "actorId"],
    )
    # Symbols are checked by their pattern before anything moves.
    await refused(
        gql,
        "submitDraft",
        {
            "resolutionId": resolution["id"],
            "symbol": "not a symbol",
            "submitter": "SPONSORS",
            "submittedOn": "2006-10-20",
        },
        "INVALID",
        ["input", "symbol"],
    )

    listed = await gql.data(
        "{ resolutions(omnibus: true) { totalCount edges { node { title agendaItem { session }"
        " sponsors { edges { node { kind actor { name } } } } } } } }"
    )
    node = listed["resolutions"]["edges"][0]["node"]
    assert node["agendaItem"] == {"session": 61}
    assert node["sponsors"]["edges"] == [{"node": {"kind": "MAIN", "actor": {"name": "Belarus"}}}]
