"""Workflows over GraphQL, as an administrator walks them: guards explain what is missing,
each move is recorded, plan steps turn ACHIEVED with a milestone event; refused moves give
their code and write nothing."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.conftest import GraphQLClient
from tests.graphql.test_actors import create_actor
from tests.graphql.test_writes import ok

ADVANCE = """
mutation($input: AdvanceWorkflowInput!) {
  advanceWorkflow(input: $input) {
    subject { id ... on CoordinationBody { state version } ... on AgendaItem { itemState: state version }
              ... on Resolution { resolutionState: state version }
              ... on Commitment { commitmentState: state version } }
    event { type milestone cursor data }
    userErrors { code message field }
  }
}
"""
OPTIONS = """
query($id: ID!) { node(id: $id) {
  ... on CoordinationBody { state version availableTransitions { trigger toState allowed blockers reasonRequired } }
  ... on AgendaItem { availableTransitions { trigger toState allowed blockers } }
  ... on Resolution { availableTransitions { trigger toState allowed blockers mutation } }
  ... on Commitment { availableTransitions { trigger toState allowed blockers } }
} }
"""
HISTORY = """
query($id: ID!) { node(id: $id) { ... on CoordinationBody {
  history { totalCount edges { node { fromState toState trigger by reason event { type } } } } } } }
"""
PLAN = "{ planSteps { key status achievedAt } }"
COUNTS = "{ events { totalCount } }"


async def advance(
    gql: GraphQLClient, subject_id: str, trigger: str, **extra: Any
) -> dict[str, Any]:
    data = await gql.data(
        ADVANCE, {"input": {"subjectId": subject_id, "trigger": trigger, **extra}}
    )
    payload: dict[str, Any] = data["advanceWorkflow"]
    return payload


async def moved(gql: GraphQLClient, subject_id: str, trigger: str, **extra: Any) -> dict[str, Any]:
    payload = await advance(gql, subject_id, trigger, **extra)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


async def option(gql: GraphQLClient, subject_id: str, trigger: str) -> dict[str, Any]:
    node = (await gql.data(OPTIONS, {"id": subject_id}))["node"]
    found: dict[str, Any] = next(o for o in node["availableTransitions"] if o["trigger"] == trigger)
    return found


async def plan(gql: GraphQLClient) -> dict[str, str]:
    return {s["key"]: s["status"] for s in (await gql.data(PLAN))["planSteps"]}


async def member(
    gql: GraphQLClient, body: str, actor: dict[str, Any], role: str = "MEMBER"
) -> None:
    await ok(
        gql,
        "addMembership",
        "membership { id }",
        {"bodyId": body, "actorId": actor["id"], "role": role},
    )


async def test_a_body_walks_from_proposal_to_interagency_working_group(gql: GraphQLClient) -> None:
    belarus = await create_actor(gql, name="Belarus", kind="STATE", isoAlpha2="BY")
    unodc = await create_actor(gql, name="UNODC", kind="UN_ENTITY")
    ilo = await create_actor(gql, name="ILO", kind="UN_ENTITY")
    strada = await create_actor(gql, name="La Strada International", kind="NGO")
    body = (
        await ok(gql, "createCoordinationBody", "coordinationBody { id }", {"name": "Friends"})
    )["coordinationBody"]["id"]
    assert (await plan(gql))["core_group"] == "IN_PROGRESS"

    blocked = await option(gql, body, "convene_core_group")
    assert blocked["allowed"] is False
    assert [b.split(" among")[0] for b in blocked["blockers"]] == [
        "needs a state",
        "needs a UN entity",
        "needs an NGO",
    ]
    assert all("with addMembership" in b for b in blocked["blockers"])
    refused = await advance(gql, body, "convene_core_group")
    assert refused["userErrors"][0]["code"] == "GUARD_FAILED"
    assert "needs a state among its members" in refused["userErrors"][0]["message"]

    for actor in (belarus, unodc, strada):
        await member(gql, body, actor)
    core = await moved(gql, body, "convene_core_group", expectedVersion=1)
    assert core["subject"] == {"id": body, "state": "CORE_GROUP", "version": 2}
    assert core["event"]["type"] == "workflow.transitioned"
    assert core["event"]["milestone"] is True
    assert (await plan(gql))["core_group"] == "ACHIEVED"

    task_force = await option(gql, body, "establish_task_force")
    assert [b.split(":")[0] for b in task_force["blockers"]] == [
        "needs a meeting of the body recorded as HELD, on or before this date, whose outcome"
        " records the decision",
        "needs a mandate",
    ]
    meeting = (
        await ok(
            gql,
            "scheduleMeeting",
            "meeting { id }",
            {
                "bodyId": body,
                "title": "Vienna",
                "hub": "VIENNA",
                "startsAt": "2024-01-10T09:00:00Z",
            },
        )
    )["meeting"]["id"]
    await ok(
        gql,
        "recordMeetingHeld",
        "meeting { id }",
        {"meetingId": meeting, "outcome": "Decided to establish a task force."},
    )
    await ok(
        gql,
        "updateCoordinationBody",
        "coordinationBody { id }",
        {"id": body, "mandate": "Coordinate the partnership's action."},
    )
    await moved(gql, body, "establish_task_force")

    working_group = await option(gql, body, "constitute_working_group")
    assert [b.split(" (")[0].split(";")[0] for b in working_group["blockers"]] == [
        "an interagency group needs at least 2 UN entities among its members",
        "has no chair on this date",
    ]
    await member(gql, body, ilo)
    adviser = await appointed(gql, "A. Adviser", "SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL")
    await ok(
        gql,
        "appointBodyChair",
        "chair { id }",
        {"bodyId": body, "appointmentId": adviser, "since": "2024-02-01"},
    )
    final = await moved(gql, body, "constitute_working_group")
    assert final["subject"]["state"] == "INTERAGENCY_WORKING_GROUP"

    steps = await plan(gql)
    assert [steps[k] for k in ("core_group", "task_force", "interagency_working_group")] == [
        "ACHIEVED"
    ] * 3
    history = (await gql.data(HISTORY, {"id": body}))["node"]["history"]
    assert [(e["node"]["fromState"], e["node"]["toState"]) for e in history["edges"]] == [
        ("PROPOSED", "CORE_GROUP"),
        ("CORE_GROUP", "TASK_FORCE"),
        ("TASK_FORCE", "INTERAGENCY_WORKING_GROUP"),
    ]
    milestones = await gql.data(
        '{ events(types: ["plan_step.achieved"]) { edges { node { milestone data } } } }'
    )
    assert [e["node"]["data"]["key"] for e in milestones["events"]["edges"]] == [
        "core_group",
        "task_force",
        "interagency_working_group",
    ]


async def appointed(gql: GraphQLClient, name: str, kind: str, since: str = "2024-01-01") -> str:
    """A new person appointed to a new office of `kind`: the appointment's ID."""
    person = (await ok(gql, "createPerson", "person { id }", {"name": name}))["person"]["id"]
    office = (
        await ok(gql, "createOffice", "office { id }", {"title": f"Office of {name}", "kind": kind})
    )["office"]["id"]
    found: str = (
        await ok(
            gql,
            "appointPerson",
            "appointment { id }",
            {"personId": person, "officeId": office, "since": since},
        )
    )["appointment"]["id"]
    return found


async def test_suspend_needs_a_reason_and_resume_returns_to_the_stage_left(
    gql: GraphQLClient,
) -> None:
    body = await body_in_core_group(gql)
    before = (await gql.data(COUNTS))["events"]["totalCount"]

    refused = await advance(gql, body, "suspend")
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("REASON_REQUIRED", ["input", "reason"])
    ]
    assert (await gql.data(COUNTS))["events"]["totalCount"] == before

    await moved(gql, body, "suspend", reason="members withdrew")
    resumed = await moved(gql, body, "resume", reason="members returned")
    assert resumed["subject"]["state"] == "CORE_GROUP"
    history = (await gql.data(HISTORY, {"id": body}))["node"]["history"]["edges"]
    assert history[-1]["node"]["reason"] == "members returned"


async def body_in_core_group(gql: GraphQLClient) -> str:
    body: str = (
        await ok(gql, "createCoordinationBody", "coordinationBody { id }", {"name": "Core"})
    )["coordinationBody"]["id"]
    for name, code in (("Belarus", "BY"), ("Nigeria", "NG")):
        await member(gql, body, await create_actor(gql, name=name, kind="STATE", isoAlpha2=code))
    await member(gql, body, await create_actor(gql, name="La Strada", kind="NGO"))
    await member(gql, body, await create_actor(gql, name="UNODC", kind="UN_ENTITY"))
    await moved(gql, body, "convene_core_group")
    return body


async def test_refused_moves_give_their_code_and_write_nothing(gql: GraphQLClient) -> None:
    body = await body_in_core_group(gql)
    actor = await create_actor(gql, name="Someone", kind="NGO")
    before = (await gql.data(COUNTS))["events"]["totalCount"]
    cases = [
        ({"trigger": "fly"}, "INVALID_TRANSITION", ["input", "trigger"]),
        ({"trigger": "convene_core_group"}, "INVALID_TRANSITION", ["input", "trigger"]),
        ({"trigger": "establish_task_force"}, "GUARD_FAILED", ["input", "trigger"]),
        (
            {"trigger": "suspend", "reason": "x", "expectedVersion": 1},
            "VERSION_CONFLICT",
            ["input", "expectedVersion"],
        ),
        ({"trigger": "dissolve", "reason": " "}, "REASON_REQUIRED", ["input", "reason"]),
    ]
    for extra, code, field in cases:
        payload = await advance(gql, body, **extra)
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, field)], extra
        assert payload["subject"] is None
    for subject_id, code in [
        (actor["id"], "INVALID"),
        ("Q29vcmRpbmF0aW9uQm9keTo5OTk=", "NOT_FOUND"),
        ("garbage", "INVALID"),
    ]:
        payload = await advance(gql, subject_id, "suspend", reason="x")
        assert payload["userErrors"][0]["code"] == code
        assert payload["userErrors"][0]["field"] == ["input", "subjectId"]
    assert (await gql.data(COUNTS))["events"]["totalCount"] == before
    node = (await gql.data(OPTIONS, {"id": body}))["node"]
    assert (node["state"], node["version"]) == ("CORE_GROUP", 2)


async def test_a_replayed_idempotency_key_returns_the_first_result(gql: GraphQLClient) -> None:
    body = await body_in_core_group(gql)

    first = await moved(gql, body, "suspend", reason="pause", idempotencyKey="k-1")
    await moved(gql, body, "resume", reason="go on")
    replay = await moved(gql, body, "suspend", reason="pause", idempotencyKey="k-1")
    reused = await advance(gql, body, "dissolve", reason="x", idempotencyKey="k-1")

    assert replay["event"] == first["event"]
    assert replay["subject"]["state"] == "CORE_GROUP"
    assert reused["userErrors"][0]["code"] == "INVALID"
    history = (await gql.data(HISTORY, {"id": body}))["node"]["history"]
    assert history["totalCount"] == 3  # convene, suspend, resume: the replay wrote nothing


async def test_concurrent_moves_on_one_subject_let_exactly_one_win(
    client: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    body = await body_in_core_group(gql)

    async def suspend(n: int, expected: int | None) -> dict[str, Any]:
        response = await client.post(
            "/graphql",
            headers={"authorization": f"Bearer {gql.secret}"},
            json={
                "query": ADVANCE,
                "variables": {
                    "input": {
                        "subjectId": body,
                        "trigger": "suspend",
                        "reason": f"admin {n}",
                        **({"expectedVersion": expected} if expected else {}),
                    }
                },
            },
        )
        payload: dict[str, Any] = response.json()["data"]["advanceWorkflow"]
        return payload

    for expected in (2, None):
        if expected is None:
            await moved(gql, body, "resume", reason="reset")
        results = await asyncio.gather(*(suspend(n, expected) for n in range(6)))
        winners = [r for r in results if not r["userErrors"]]
        losers = [r["userErrors"][0]["code"] for r in results if r["userErrors"]]
        assert len(winners) == 1
        assert set(losers) <= {"VERSION_CONFLICT", "INVALID_TRANSITION"}
        assert len(losers) == 5
    history = (await gql.data(HISTORY, {"id": body}))["node"]["history"]
    assert [e["node"]["trigger"] for e in history["edges"]] == [
        "convene_core_group",
        "suspend",
        "resume",
        "suspend",
    ]


async def test_agenda_item_and_omnibus_resolution_reach_adoption(gql: GraphQLClient) -> None:
    belarus = await create_actor(
        gql, name="Belarus", kind="STATE", isoAlpha2="BY", unMemberSince="1945-10-24"
    )
    item = (
        await ok(
            gql,
            "createAgendaItem",
            "agendaItem { id }",
            {
                "title": "Trafficking in human beings",
                "session": 61,
                "proposerId": belarus["id"],
                "explanatoryMemorandum": "Why.",
                "topics": ["TRAFFICKING_IN_PERSONS"],
            },
        )
    )["agendaItem"]["id"]
    resolution = (
        await ok(
            gql,
            "createDraftResolution",
            "resolution { id }",
            {
                "agendaItemId": item,
                "title": "Omnibus",
                "omnibus": True,
                "forum": "THIRD_COMMITTEE",
            },
        )
    )["resolution"]["id"]
    assert (await plan(gql))["agenda_item"] == "IN_PROGRESS"

    await moved(gql, item, "recommend")
    assert (await plan(gql))["agenda_item"] == "IN_PROGRESS"
    await moved(gql, item, "include")
    assert (await plan(gql))["agenda_item"] == "ACHIEVED"
    submit = await option(gql, resolution, "submit")
    assert submit["blockers"] == [
        "its agenda item is not allocated to the Third Committee: allocate it"
        " (allocateAgendaItem; for the plenary, a decision to consider this draft directly"
        " in plenary names the draft)",
        "a draft of SPONSORS needs a Member State as MAIN sponsor (addSponsor), or another"
        " submitter (PRESIDENT, FACILITATORS, CHAIR, BUREAU)",
    ]
    assert submit["mutation"] == "submitDraft"
    await ok(
        gql,
        "allocateAgendaItem",
        "agendaItem { state }",
        {"agendaItemId": item, "forum": "THIRD_COMMITTEE", "decidedOn": "2006-09-15"},
    )
    await ok(
        gql,
        "addSponsor",
        "sponsorship { id }",
        {"resolutionId": resolution, "actorId": belarus["id"], "kind": "MAIN"},
    )
    await ok(
        gql,
        "submitDraft",
        "resolution { state }",
        {
            "resolutionId": resolution,
            "symbol": "A/C.3/61/L.17",
            "submitter": "SPONSORS",
            "submittedOn": "2006-10-20",
        },
    )
    await moved(gql, resolution, "introduce")
    await ok(
        gql,
        "takeAction",
        "resolution { state }",
        {
            "resolutionId": resolution,
            "outcome": "ADOPTED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2006-11-20",
        },
    )
    await ok(
        gql,
        "reportDraft",
        "resolution { state }",
        {"resolutionId": resolution, "reportSymbol": "A/61/444"},
    )
    assert (await option(gql, resolution, "adopt"))["mutation"] == "takeAction"
    await ok(
        gql,
        "takeAction",
        "resolution { state }",
        {
            "resolutionId": resolution,
            "outcome": "ADOPTED",
            "method": "RECORDED_VOTE",
            "yesCount": 121,
            "noCount": 1,
            "abstainCount": 51,
            "takenOn": "2006-12-20",
            "finalSymbol": "A/RES/61/180",
        },
    )
    found = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Resolution { state symbol } } }",
        {"id": resolution},
    )
    assert found["node"] == {"state": "ADOPTED", "symbol": "A/RES/61/180"}
    assert (await plan(gql))["omnibus_resolution"] == "ACHIEVED"
    concluded = await moved(gql, item, "conclude")
    assert concluded["subject"]["itemState"] == "CONCLUDED"


async def test_commitment_moves_and_lapse(gql: GraphQLClient) -> None:
    unodc = await create_actor(gql, name="UNODC", kind="UN_ENTITY")
    commitment = (
        await ok(
            gql,
            "createCommitment",
            "commitment { id }",
            {
                "actorId": unodc["id"],
                "determinants": ["PROTECTION"],
                "title": "Fund",
                "dueOn": "2020-01-01",
            },
        )
    )["commitment"]["id"]
    await ok(
        gql, "addDeliverable", "deliverable { id }", {"commitmentId": commitment, "title": "Report"}
    )

    await moved(gql, commitment, "start")
    assert (await option(gql, commitment, "deliver"))["blockers"] == [
        "1 deliverable(s) are neither DELIVERED nor DROPPED"
    ]
    lapsed = await moved(gql, commitment, "lapse")
    assert lapsed["event"]["milestone"] is True
    assert (await option(gql, commitment, "revive"))["allowed"] is False
    await ok(
        gql,
        "submitProgressReport",
        "progressReport { id }",
        {"commitmentId": commitment, "summary": "Back", "percentComplete": 50},
    )
    revived = await moved(gql, commitment, "revive")
    assert revived["subject"]["commitmentState"] == "IN_PROGRESS"


async def test_workflows_query_describes_every_definition(gql: GraphQLClient) -> None:
    data = await gql.data(
        "{ workflows { name version subjectType states { name initial milestone }"
        " transitions { trigger fromStates toStates guards { name description } reasonRequired }"
        " milestones mermaid } }"
    )
    by_name = {w["name"]: w for w in data["workflows"]}

    assert set(by_name) == {"coordination_body", "agenda_item", "resolution", "commitment"}
    body = by_name["coordination_body"]
    assert body["milestones"] == [
        "CORE_GROUP",
        "TASK_FORCE",
        "INTERAGENCY_WORKING_GROUP",
        "DISSOLVED",
    ]
    convene = next(t for t in body["transitions"] if t["trigger"] == "convene_core_group")
    assert convene["guards"][0]["name"] == "core_group_composition"
    assert body["mermaid"].startswith("stateDiagram-v2")


@pytest.mark.parametrize("subject", ["Actor"])
async def test_subjects_without_a_workflow_have_no_available_transitions(
    gql: GraphQLClient, subject: str
) -> None:
    body = await gql.post("{ actors { edges { node { availableTransitions { trigger } } } } }")
    assert (
        "Cannot query field 'availableTransitions' on type 'Actor'" in body["errors"][0]["message"]
    )
