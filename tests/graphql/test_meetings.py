"""Correcting a meeting's record with updateMeeting: every field checked (the dates together),
host and outcome as the record says, its body, status and participants untouched, each
correction an audited `meeting.updated` event, and a refusal writes nothing."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient
from tests.graphql.test_actors import create_actor
from tests.graphql.test_writes import ok, refused

SELECTION = (
    "meeting { id title hub location startsAt endsAt status outcome host { name }"
    " sourceUrl confidence }"
)


async def _meeting(gql: GraphQLClient) -> dict[str, Any]:
    meeting: dict[str, Any] = (
        await ok(
            gql,
            "scheduleMeeting",
            SELECTION,
            {"title": "2005 World Summit", "hub": "NEW_YORK", "startsAt": "2005-09-01T00:00:00Z"},
        )
    )["meeting"]
    return meeting


async def test_a_meeting_is_corrected_field_by_field_and_each_correction_is_recorded(
    gql: GraphQLClient,
) -> None:
    japan = await create_actor(gql, name="Japan", kind="STATE", isoAlpha2="JP")
    meeting = await _meeting(gql)
    corrected = (
        await ok(
            gql,
            "updateMeeting",
            SELECTION,
            {
                "id": meeting["id"],
                "startsAt": "2005-09-14T00:00:00Z",
                "endsAt": "2005-09-16T00:00:00Z",
                "location": " New York ",
                "hostId": japan["id"],
                "sourceUrl": "https://undocs.org/A/RES/60/1",
                "confidence": "CONFIRMED",
            },
        )
    )["meeting"]
    assert corrected["startsAt"].startswith("2005-09-14")
    assert corrected["endsAt"].startswith("2005-09-16")
    assert corrected["location"] == "New York"
    assert corrected["host"] == {"name": "Japan"}
    assert (corrected["title"], corrected["hub"], corrected["status"]) == (
        "2005 World Summit",
        "NEW_YORK",
        "SCHEDULED",
    )
    cleared = (await ok(gql, "updateMeeting", SELECTION, {"id": meeting["id"], "hostId": None}))[
        "meeting"
    ]
    assert cleared["host"] is None
    events = await gql.data(
        '{ events(first: 10, types: ["meeting.updated"]) { edges { node { data subject {'
        " id } } } } }"
    )
    [first, second] = [e["node"] for e in events["events"]["edges"]]
    assert first["subject"]["id"] == meeting["id"]
    assert first["data"]["changed"] == [
        "confidence",
        "endsAt",
        "hostId",
        "location",
        "sourceUrl",
        "startsAt",
    ]
    assert second["data"]["changed"] == ["hostId"]


async def test_an_outcome_belongs_to_a_held_meeting(gql: GraphQLClient) -> None:
    meeting = await _meeting(gql)
    await refused(
        gql,
        "updateMeeting",
        {"id": meeting["id"], "outcome": "Decided"},
        "CONFLICT",
        ["input", "outcome"],
    )
    await ok(gql, "recordMeetingHeld", "meeting { id }", {"meetingId": meeting["id"]})
    held = (
        await ok(
            gql, "updateMeeting", SELECTION, {"id": meeting["id"], "outcome": "Outcome adopted."}
        )
    )["meeting"]
    assert (held["status"], held["outcome"]) == ("HELD", "Outcome adopted.")


async def test_every_bad_correction_is_refused_and_nothing_is_written(gql: GraphQLClient) -> None:
    meeting = await _meeting(gql)
    ngo = await create_actor(gql, name="La Strada International", kind="NGO")
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        ({"endsAt": "2005-08-31T00:00:00Z"}, "INVALID", ["input", "endsAt"]),
        ({"startsAt": None}, "REQUIRED", ["input", "startsAt"]),
        ({"title": "  "}, "REQUIRED", ["input", "title"]),
        ({"title": None}, "REQUIRED", ["input", "title"]),
        ({"hub": None}, "REQUIRED", ["input", "hub"]),
        ({"hostId": "not-an-id"}, "INVALID", ["input", "hostId"]),
        ({"hostId": meeting["id"]}, "INVALID", ["input", "hostId"]),
        ({"sourceUrl": "not a link"}, "INVALID", ["input", "sourceUrl"]),
        ({}, "INVALID", ["input"]),
    ]
    for change, code, field in cases:
        await refused(gql, "updateMeeting", {"id": meeting["id"], **change}, code, field)
    await refused(gql, "updateMeeting", {"id": ngo["id"], "title": "X"}, "INVALID", ["input", "id"])
    data = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Meeting { title startsAt endsAt hub } } }",
        {"id": meeting["id"]},
    )
    assert data["node"] == {
        "title": "2005 World Summit",
        "startsAt": meeting["startsAt"],
        "endsAt": None,
        "hub": "NEW_YORK",
    }
