"""Agenda items by the rules of procedure, over GraphQL: origins, the General Committee stage,
inclusion, allocations decided after inclusion and added later, one draft taken directly in
plenary, sub-items, deferral to a later session, corrections; every wrong step refused with a
blocker that says how to clear it, and nothing written."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient
from tests.graphql.test_actors import create_actor
from tests.graphql.test_workflows import advance, moved, option
from tests.graphql.test_writes import events, mutate, ok, refused

ITEM = """
query($id: ID!) { node(id: $id) { ... on AgendaItem {
  state version origin list mandatedBySymbol subItem topics itemNumber session
  continues { id session } continuedBy { id session origin state }
  parent { id } subItems { id subItem }
  allocations { forum decidedOn resolution { id } }
  history { edges { node { trigger toState reason } } }
} } }
"""


async def item(gql: GraphQLClient, item_id: str) -> dict[str, Any]:
    node: dict[str, Any] = (await gql.data(ITEM, {"id": item_id}))["node"]
    return node


async def create(gql: GraphQLClient, **fields: Any) -> str:
    payload = await ok(gql, "createAgendaItem", "agendaItem { id state origin }", fields)
    assert payload["agendaItem"]["state"] == "LISTED"
    item_id: str = payload["agendaItem"]["id"]
    return item_id


async def blocked(
    gql: GraphQLClient, name: str, fields: dict[str, Any], code: str, message: str
) -> None:
    """A refused move or correction: its code, a message saying how to clear it, no write."""
    before = await events(gql)
    payload = await mutate(gql, name, "__typename", fields)
    assert [e["code"] for e in payload["userErrors"]] == [code], payload
    assert message in payload["userErrors"][0]["message"], payload["userErrors"]
    assert await events(gql) == before


async def draft(gql: GraphQLClient, item_id: str, symbol: str) -> str:
    """A draft titled by the symbol it will have, before the forum that symbol names."""
    forum = "PLENARY" if symbol.split("/")[1][0].isdigit() else "SIXTH_COMMITTEE"
    if symbol.startswith("A/C.3/"):
        forum = "THIRD_COMMITTEE"
    payload = await ok(
        gql,
        "createDraftResolution",
        "resolution { id }",
        {"agendaItemId": item_id, "title": symbol, "forum": forum},
    )
    resolution_id: str = payload["resolution"]["id"]
    return resolution_id


async def test_a_recurring_item_allocated_after_inclusion_then_allocated_again(
    gql: GraphQLClient,
) -> None:
    recurring = await create(
        gql,
        title="Crime prevention and criminal justice",
        session=64,
        itemNumber=104,
        origin="MANDATED",
        list="PRELIMINARY",
        topics=["CRIME_PREVENTION_AND_CRIMINAL_JUSTICE"],
    )
    # Allocation comes after inclusion: from LISTED it is not a possible move.
    await blocked(
        gql,
        "allocateAgendaItem",
        {"agendaItemId": recurring, "forum": "THIRD_COMMITTEE"},
        "INVALID_TRANSITION",
        "'allocate' is not possible from LISTED",
    )
    await moved(gql, recurring, "recommend")
    # A MANDATED item is included once the mandating resolution is named.
    assert (await option(gql, recurring, "include"))["blockers"] == [
        "a MANDATED item needs the symbol of the resolution that mandates it: set"
        " mandatedBySymbol (e.g. A/RES/60/1) with updateAgendaItem"
    ]
    before = await events(gql)
    refusal = await advance(gql, recurring, "include")
    assert [e["code"] for e in refusal["userErrors"]] == ["GUARD_FAILED"]
    assert "set mandatedBySymbol" in refusal["userErrors"][0]["message"]
    assert await events(gql) == before
    await ok(
        gql,
        "updateAgendaItem",
        "agendaItem { mandatedBySymbol }",
        {"id": recurring, "mandatedBySymbol": "A/RES/60/1"},
    )
    included = await moved(gql, recurring, "include")
    assert included["subject"]["itemState"] == "INCLUDED"
    assert included["event"]["milestone"] is True

    # The move carries its data: advanceWorkflow names the mutation that makes it.
    assert (await option(gql, recurring, "allocate"))["allowed"] is True
    bare = await advance(gql, recurring, "allocate")
    assert [e["code"] for e in bare["userErrors"]] == ["INVALID"]
    assert "allocateAgendaItem" in bare["userErrors"][0]["message"]
    # Allocated after inclusion, then a second allocation added later: one draft of the item
    # taken directly in plenary while the item stays with the Third Committee.
    first = await ok(
        gql,
        "allocateAgendaItem",
        "agendaItem { state version } event { type data }",
        {
            "agendaItemId": recurring,
            "forum": "THIRD_COMMITTEE",
            "decidedOn": "2009-09-18",
            "expectedVersion": 4,
            "sourceUrl": "https://example.org/a-64-252",
            "confidence": "CONFIRMED",
        },
    )
    assert first["agendaItem"]["state"] == "ALLOCATED"
    assert first["event"]["data"]["toState"] == "ALLOCATED"
    # The move's event names the allocation that holds its data.
    data = first["event"]["data"]
    assert data["dataType"] == "AgendaItemAllocation"
    allocation = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on AgendaItemAllocation { forum decidedOn } } }",
        {"id": data["dataId"]},
    )
    assert allocation["node"] == {"forum": "THIRD_COMMITTEE", "decidedOn": "2009-09-18"}
    plan_draft = await draft(gql, recurring, "A/64/L.64")
    committee_draft = await draft(gql, recurring, "A/C.3/64/L.17")
    await ok(
        gql,
        "allocateAgendaItem",
        "agendaItem { state }",
        {
            "agendaItemId": recurring,
            "forum": "PLENARY",
            "decidedOn": "2010-07-30",
            "resolutionId": plan_draft,
        },
    )
    found = await item(gql, recurring)
    assert found["state"] == "ALLOCATED"
    assert found["allocations"] == [
        {"forum": "THIRD_COMMITTEE", "decidedOn": "2009-09-18", "resolution": None},
        {"forum": "PLENARY", "decidedOn": "2010-07-30", "resolution": {"id": plan_draft}},
    ]
    assert [e["node"]["trigger"] for e in found["history"]["edges"]] == [
        "recommend",
        "include",
        "allocate",
        "allocate",
    ]
    # The draft taken directly in plenary may be adopted there; the others go through the
    # Third Committee.
    belarus = await create_actor(
        gql, name="Belarus", kind="STATE", isoAlpha2="BY", unMemberSince="1945-10-24"
    )
    for resolution, symbol in ((plan_draft, "A/64/L.64"), (committee_draft, "A/C.3/64/L.17")):
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
                "symbol": symbol,
                "submitter": "SPONSORS",
                "submittedOn": "2010-07-20",
            },
        )
        await moved(gql, resolution, "introduce")
    assert (await option(gql, plan_draft, "adopt"))["blockers"] == []
    assert (await option(gql, committee_draft, "adopt"))["blockers"] == [
        "the draft is before the Third Committee: it acts first (adopt_in_committee)"
    ]
    assert (await option(gql, committee_draft, "adopt_in_committee"))["blockers"] == []

    # Wrong allocations are refused, saying how to clear them, and write nothing.
    await blocked(
        gql,
        "allocateAgendaItem",
        {"agendaItemId": recurring, "forum": "THIRD_COMMITTEE"},
        "GUARD_FAILED",
        "this allocation is already recorded",
    )
    await blocked(
        gql,
        "allocateAgendaItem",
        {"agendaItemId": recurring, "forum": "SIXTH_COMMITTEE", "resolutionId": committee_draft},
        "GUARD_FAILED",
        "give forum PLENARY with resolutionId",
    )
    other = await create(gql, title="Other", session=64, origin="MANDATED")
    foreign = await draft(gql, other, "A/C.6/64/L.1")
    await blocked(
        gql,
        "allocateAgendaItem",
        {"agendaItemId": recurring, "forum": "PLENARY", "resolutionId": foreign},
        "GUARD_FAILED",
        "resolutionId must be a draft under this agenda item",
    )
    await blocked(
        gql,
        "allocateAgendaItem",
        {"agendaItemId": recurring, "forum": "FIFTH_COMMITTEE", "expectedVersion": 1},
        "VERSION_CONFLICT",
        "reload it and decide again",
    )
    await blocked(
        gql,
        "allocateAgendaItem",
        {"agendaItemId": recurring, "forum": "FIFTH_COMMITTEE", "decidedOn": "2999-01-01"},
        "INVALID",
        "decidedOn must not be in the future",
    )
    await blocked(
        gql,
        "allocateAgendaItem",
        {"agendaItemId": recurring, "forum": "FIFTH_COMMITTEE", "resolutionId": recurring},
        "INVALID",
        "resolutionId",
    )
    # Concluding waits for every draft under it.
    assert (await option(gql, recurring, "conclude"))["blockers"] == [
        "2 draft(s) under it are not yet acted on or withdrawn: take action on each (or"
        " withdraw it) first"
    ]


async def test_a_requested_item_needs_its_proposer_and_memorandum(gql: GraphQLClient) -> None:
    belarus = await create_actor(gql, name="Belarus", kind="STATE", isoAlpha2="BY")
    requested = await create(
        gql, title="Trafficking in human beings", session=61, topics=["TRAFFICKING_IN_PERSONS"]
    )
    await blocked(
        gql,
        "advanceWorkflow",
        {"subjectId": requested, "trigger": "not_recommend"},
        "REASON_REQUIRED",
        "needs a reason",
    )
    await moved(gql, requested, "not_recommend", reason="The General Committee did not agree.")
    # The plenary may still include it, once the request is complete (rules 13-15, 20).
    assert (await option(gql, requested, "include"))["blockers"] == [
        "a REQUESTED item needs its proposer (rule 13-15): set proposerId with updateAgendaItem",
        "a REQUESTED item needs an explanatory memorandum (rule 20): set explanatoryMemorandum"
        " with updateAgendaItem",
    ]
    corrected = await ok(
        gql,
        "updateAgendaItem",
        "agendaItem { version proposer { name } explanatoryMemorandum }",
        {"id": requested, "proposerId": belarus["id"], "explanatoryMemorandum": "Why."},
    )
    assert corrected["agendaItem"]["proposer"] == {"name": "Belarus"}
    log = await gql.data(
        '{ events(last: 1, types: ["agenda_item.updated"]) { edges { node { type data } } } }'
    )
    data = log["events"]["edges"][0]["node"]["data"]
    assert data["changed"] == ["explanatoryMemorandum", "proposerId"]
    await moved(gql, requested, "include")
    assert (await item(gql, requested))["state"] == "INCLUDED"
    steps = {
        s["key"]: s["status"] for s in (await gql.data("{ planSteps { key status } }"))["planSteps"]
    }
    assert steps["agenda_item"] == "ACHIEVED"


async def test_deferral_continues_the_item_at_a_later_session(gql: GraphQLClient) -> None:
    listed = await create(
        gql, title="An item", session=64, origin="MANDATED", mandatedBySymbol="A/RES/60/1"
    )
    await blocked(
        gql,
        "deferAgendaItem",
        {"agendaItemId": listed, "toSession": 64, "reason": "No time."},
        "GUARD_FAILED",
        "toSession must be a session after 64",
    )
    await blocked(
        gql,
        "deferAgendaItem",
        {"agendaItemId": listed, "toSession": 65},
        "REASON_REQUIRED",
        "needs a reason",
    )
    payload = await ok(
        gql,
        "deferAgendaItem",
        "agendaItem { state } continuedBy { id session origin state continues { id } }"
        " event { type }",
        {"agendaItemId": listed, "toSession": 65, "reason": "Deferred to the 65th session."},
    )
    assert payload["agendaItem"]["state"] == "DEFERRED"
    later = payload["continuedBy"]
    assert (later["session"], later["origin"], later["state"]) == (65, "CARRIED_OVER", "LISTED")
    assert later["continues"] == {"id": listed}
    assert (await item(gql, listed))["continuedBy"] == [
        {"id": later["id"], "session": 65, "origin": "CARRIED_OVER", "state": "LISTED"}
    ]
    # The carried-over item's origin is complete: it is included at the later session.
    await moved(gql, later["id"], "recommend")
    await moved(gql, later["id"], "include")
    await blocked(
        gql,
        "deferAgendaItem",
        {"agendaItemId": listed, "toSession": 66, "reason": "Again."},
        "INVALID_TRANSITION",
        "'defer' is not possible from DEFERRED",
    )
    filtered = await gql.data(
        "{ agendaItems(origins: [CARRIED_OVER]) { totalCount edges { node { id } } } }"
    )
    assert filtered["agendaItems"]["edges"] == [{"node": {"id": later["id"]}}]


async def test_sub_items_and_corrections(gql: GraphQLClient) -> None:
    main = await create(gql, title="Main item", session=64, itemNumber=104, origin="MANDATED")
    sub = await create(
        gql, title="A sub-item", session=64, parentId=main, subItem="a", origin="MANDATED"
    )
    found = await item(gql, main)
    assert found["subItems"] == [{"id": sub, "subItem": "a"}]
    assert (await item(gql, sub))["parent"] == {"id": main}
    await refused(
        gql,
        "createAgendaItem",
        {"title": "Twice", "session": 64, "parentId": main, "subItem": "a"},
        "DUPLICATE",
        ["input", "subItem"],
    )
    await refused(
        gql,
        "createAgendaItem",
        {"title": "Numbered", "session": 64, "parentId": main, "subItem": "b", "itemNumber": 5},
        "INVALID",
        ["input", "itemNumber"],
    )
    await refused(
        gql,
        "createAgendaItem",
        {"title": "Other session", "session": 65, "parentId": main, "subItem": "b"},
        "INVALID",
        ["input", "parentId"],
    )
    await refused(
        gql,
        "createAgendaItem",
        {"title": "Letterless", "session": 64, "parentId": main},
        "REQUIRED",
        ["input", "subItem"],
    )
    await refused(
        gql,
        "createAgendaItem",
        {"title": "Later", "session": 63, "continuesId": main},
        "INVALID",
        ["input", "continuesId"],
    )
    await refused(
        gql,
        "createAgendaItem",
        {"title": "Bad", "session": 64, "mandatedBySymbol": "not a symbol"},
        "INVALID",
        ["input", "mandatedBySymbol"],
    )
    # Corrections: nothing to change, unknown ids, wrong values are refused and write nothing.
    await refused(gql, "updateAgendaItem", {"id": main, "title": "Main item"}, "INVALID", ["input"])
    await refused(gql, "updateAgendaItem", {"id": main}, "INVALID", ["input"])
    await refused(
        gql,
        "updateAgendaItem",
        {"id": "QWdlbmRhSXRlbTo5OTk5", "title": "X"},
        "NOT_FOUND",
        ["input", "id"],
    )
    await refused(
        gql,
        "updateAgendaItem",
        {"id": main, "proposerId": "QWN0b3I6OTk5OQ=="},
        "NOT_FOUND",
        ["input", "proposerId"],
    )
    await refused(
        gql,
        "updateAgendaItem",
        {"id": main, "itemNumber": 0},
        "OUT_OF_RANGE",
        ["input", "itemNumber"],
    )
    await refused(
        gql,
        "updateAgendaItem",
        {"id": main, "title": "X", "expectedVersion": 7},
        "VERSION_CONFLICT",
        ["input", "expectedVersion"],
    )
    corrected = await ok(
        gql,
        "updateAgendaItem",
        "agendaItem { title topics list version }",
        {
            "id": main,
            "title": "Crime prevention and criminal justice",
            "topics": ["CRIME_PREVENTION_AND_CRIMINAL_JUSTICE", "TRAFFICKING_IN_PERSONS"],
            "list": "SUPPLEMENTARY",
            "expectedVersion": 1,
        },
    )
    assert corrected["agendaItem"] == {
        "title": "Crime prevention and criminal justice",
        "topics": ["TRAFFICKING_IN_PERSONS", "CRIME_PREVENTION_AND_CRIMINAL_JUSTICE"],
        "list": "SUPPLEMENTARY",
        "version": 2,
    }
    filtered = await gql.data(
        "{ agendaItems(topic: TRAFFICKING_IN_PERSONS) { edges { node { id } } } }"
    )
    assert filtered["agendaItems"]["edges"] == [{"node": {"id": main}}]
