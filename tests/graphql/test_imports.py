"""Importing history over GraphQL, as an administrator with the API alone: a body that skipped a
stage enters its state on its date; every guard that fails then is stored as a deviation with a
blocker, and the deviations show wherever the state does (the payload, history, the event,
availableTransitions, node(id), the plan). Refused imports give their code and write nothing.

The guards of coordination bodies are being rewritten: these tests read what the current
definition blocks on (availableTransitions of a twin body) instead of spelling its texts."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.principal import Role
from tests.conftest import GraphQLClient, make_token
from tests.graphql.test_actors import create_actor
from tests.graphql.test_agenda_items import create as create_item
from tests.graphql.test_workflows import member, moved, option
from tests.graphql.test_writes import events, ok

SOURCE = "https://www.unodc.org/unodc/en/human-trafficking/icat.html"
IMPORT = """
mutation($input: ImportWorkflowStateInput!) {
  importWorkflowState(input: $input) {
    subject { id ... on CoordinationBody { state version } ... on AgendaItem { itemState: state } }
    transition { id trigger fromState toState at by sourceUrl reason
      deviations { id kind transition stage guard description blocker } }
    event { type milestone data }
    userErrors { code message field }
  }
}
"""
DEVIATION = "id kind transition stage guard description blocker"
BODY = f"""
query($id: ID!) {{ node(id: $id) {{ ... on CoordinationBody {{
  state
  history {{ edges {{ node {{ id trigger toState deviations {{ {DEVIATION} }} }} }} }}
  availableTransitions {{ trigger blockers deviations {{ {DEVIATION} }} }}
}} }} }}
"""
PLAN = f"""{{ planSteps {{ key position status achievedAt
  evidence {{ subjectType subjectId transitionId eventId fromState toState trigger at sourceUrl
    deviations {{ {DEVIATION} }} }}
  deviations {{ {DEVIATION} }} }} }}"""
WORKFLOWS = "{ workflows { name transitions { trigger guards { name description deviable } } } }"


@pytest.fixture
async def viewer(gql: GraphQLClient, engine: AsyncEngine) -> GraphQLClient:
    return gql.as_(await make_token(engine, Role.VIEWER, name="reader"))


async def import_state(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = (await gql.data(IMPORT, {"input": fields}))["importWorkflowState"]
    return payload


async def imported(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    payload = await import_state(gql, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


async def agencies_only(gql: GraphQLClient, name: str) -> str:
    """A body of UN agencies only, as ICAT was: no state, no NGO, no meeting."""
    body: str = (
        await ok(gql, "createCoordinationBody", "coordinationBody { id }", {"name": name})
    )["coordinationBody"]["id"]
    for agency, role in (("UNODC", "COORDINATOR"), ("ILO", "MEMBER")):
        actor = await create_actor(gql, name=f"{agency} ({name})", kind="UN_ENTITY")
        await member(gql, body, actor, role)
    return body


def blockers(deviations: list[dict[str, Any]], transition: str) -> list[str]:
    return [
        d["blocker"]
        for d in deviations
        if d["kind"] == "GUARD_FAILED" and d["transition"] == transition
    ]


async def test_an_import_that_skips_a_stage_stores_every_failing_guard_and_the_stage(
    gql: GraphQLClient,
) -> None:
    # A twin reached CORE_GROUP the same way: what the current guards block on, stage by stage.
    twin = await agencies_only(gql, "Twin")
    core_blockers = (await option(gql, twin, "convene_core_group"))["blockers"]
    assert core_blockers, "a body of agencies only is no core group of the seed's plan"
    await imported(gql, subjectId=twin, toState="CORE_GROUP", on="2007-03-01", sourceUrl=SOURCE)
    task_force_blockers = (await option(gql, twin, "establish_task_force"))["blockers"]

    body = await agencies_only(gql, "Inter-Agency Coordination Group")
    payload = await imported(
        gql,
        subjectId=body,
        toState="TASK_FORCE",
        on="2007-03-01",
        sourceUrl=SOURCE,
        reason="Established in March 2007 with UNODC as coordinator.",
        expectedVersion=1,
    )

    assert payload["subject"] == {"id": body, "state": "TASK_FORCE", "version": 2}
    record = payload["transition"]
    assert (record["trigger"], record["fromState"], record["toState"]) == (
        "import",
        "PROPOSED",
        "TASK_FORCE",
    )
    assert record["at"] == "2007-03-01T00:00:00+00:00"
    assert record["by"] == "test admin"
    assert record["sourceUrl"] == SOURCE
    deviations = record["deviations"]
    skipped = [d for d in deviations if d["kind"] == "STAGE_SKIPPED"]
    assert [(d["transition"], d["stage"]) for d in skipped] == [
        ("convene_core_group", "CORE_GROUP")
    ]
    assert "importWorkflowState" in skipped[0]["blocker"], "a skipped stage says how to clear it"
    assert blockers(deviations, "convene_core_group") == core_blockers
    assert blockers(deviations, "establish_task_force") == task_force_blockers
    # Each failing guard is named with its description, as the workflows query declares it.
    definitions = (await gql.data(WORKFLOWS))["workflows"]
    body_guards = {
        (t["trigger"], g["name"]): g
        for d in definitions
        if d["name"] == "coordination_body"
        for t in d["transitions"]
        for g in t["guards"]
    }
    for d in deviations:
        assert d["blocker"].strip()
        if d["kind"] == "GUARD_FAILED":
            guard = body_guards[(d["transition"], d["guard"])]
            assert guard["deviable"] is True
            assert d["description"] == guard["description"]
    assert payload["event"]["type"] == "workflow.transitioned"
    assert payload["event"]["milestone"] is True
    assert payload["event"]["data"]["deviations"] == [
        {k: v for k, v in d.items() if k != "id"} for d in deviations
    ]


async def test_the_deviations_show_wherever_the_state_does(gql: GraphQLClient) -> None:
    body = await agencies_only(gql, "ICAT")
    record = (
        await imported(gql, subjectId=body, toState="TASK_FORCE", on="2007-03-01", sourceUrl=SOURCE)
    )["transition"]
    deviations = record["deviations"]
    assert deviations

    for _ in range(2):  # the second answer may come from the compiled reads: the same
        node = (await gql.data(BODY, {"id": body}))["node"]
        assert node["state"] == "TASK_FORCE"
        assert [e["node"]["deviations"] for e in node["history"]["edges"]] == [deviations]
        assert node["availableTransitions"]
        for move in node["availableTransitions"]:
            assert move["deviations"] == deviations
        steps = {s["key"]: s for s in (await gql.data(PLAN))["planSteps"]}
        step = steps["task_force"]
        assert step["status"] == "ACHIEVED_WITH_DEVIATIONS"
        assert step["achievedAt"] == "2007-03-01T00:00:00+00:00"
        assert step["deviations"] == deviations
        assert [(e["subjectId"], e["transitionId"], e["trigger"]) for e in step["evidence"]] == [
            (body, record["id"], "import")
        ]
        assert step["evidence"][0]["deviations"] == deviations
        assert step["evidence"][0]["sourceUrl"] == SOURCE
    one = await gql.data(
        f"query($id: ID!) {{ node(id: $id) {{ ... on TransitionDeviation {{ {DEVIATION} }} }} }}",
        {"id": deviations[0]["id"]},
    )
    assert one["node"] == deviations[0]


async def test_the_plan_reads_as_history_in_the_seeds_order(gql: GraphQLClient) -> None:
    # History: the task force (2007) came three years before the core group (2010).
    agencies = await agencies_only(gql, "Agencies")
    await imported(gql, subjectId=agencies, toState="TASK_FORCE", on="2007-03-01", sourceUrl=SOURCE)
    states = (
        await ok(gql, "createCoordinationBody", "coordinationBody { id }", {"name": "Friends"})
    )["coordinationBody"]["id"]
    for name, code in (("Belarus", "BY"), ("Philippines", "PH"), ("Qatar", "QA")):
        await member(gql, states, await create_actor(gql, name=name, kind="STATE", isoAlpha2=code))
    core = await option(gql, states, "convene_core_group")
    await imported(gql, subjectId=states, toState="CORE_GROUP", on="2010-03-10", sourceUrl=SOURCE)

    steps = (await gql.data(PLAN))["planSteps"]
    assert [s["key"] for s in steps][:4] == [
        "core_group",
        "task_force",
        "interagency_working_group",
        "agenda_item",
    ]
    assert [s["position"] for s in steps] == sorted(s["position"] for s in steps)
    by_key = {s["key"]: s for s in steps}
    assert by_key["core_group"]["achievedAt"] == "2010-03-10T00:00:00+00:00"
    assert by_key["task_force"]["achievedAt"] == "2007-03-01T00:00:00+00:00"
    # A body of states only: the core group deviates exactly when the guards block it.
    expected = "ACHIEVED_WITH_DEVIATIONS" if core["blockers"] else "ACHIEVED"
    assert by_key["core_group"]["status"] == expected
    assert [d["blocker"] for d in by_key["core_group"]["deviations"]] == core["blockers"]
    assert by_key["task_force"]["status"] == "ACHIEVED_WITH_DEVIATIONS"
    assert by_key["interagency_working_group"]["status"] == "IN_PROGRESS"
    assert by_key["interagency_working_group"]["evidence"] == []

    # A body convened later, by the rules, does not rewrite what history achieved first.
    await moved(gql, states, "dissolve", reason="test")
    after = {s["key"]: s for s in (await gql.data(PLAN))["planSteps"]}
    assert after["core_group"]["evidence"] == by_key["core_group"]["evidence"]


async def test_an_import_dated_earlier_than_the_achievement_moves_achieved_at_back(
    gql: GraphQLClient,
) -> None:
    later = await agencies_only(gql, "Later")
    await imported(gql, subjectId=later, toState="TASK_FORCE", on="2012-01-01", sourceUrl=SOURCE)
    earlier = await agencies_only(gql, "Earlier")
    await imported(gql, subjectId=earlier, toState="TASK_FORCE", on="2007-03-01", sourceUrl=SOURCE)
    step = {s["key"]: s for s in (await gql.data(PLAN))["planSteps"]}["task_force"]
    assert step["achievedAt"] == "2007-03-01T00:00:00+00:00"
    assert step["evidence"][-1]["subjectId"] == earlier


async def test_step_four_is_a_requested_item_on_trafficking_included(gql: GraphQLClient) -> None:
    mandated = await create_item(
        gql,
        title="Trafficking in human beings",
        session=64,
        origin="MANDATED",
        mandatedBySymbol="A/RES/63/194",
        topics=["TRAFFICKING_IN_PERSONS"],
    )
    await imported(gql, subjectId=mandated, toState="INCLUDED", on="2009-09-18", sourceUrl=SOURCE)
    other_topic = await create_item(
        gql, title="Crime prevention", session=64, topics=["CRIME_PREVENTION_AND_CRIMINAL_JUSTICE"]
    )
    await imported(
        gql, subjectId=other_topic, toState="INCLUDED", on="2009-09-18", sourceUrl=SOURCE
    )
    step = {s["key"]: s for s in (await gql.data(PLAN))["planSteps"]}["agenda_item"]
    assert step["status"] == "NOT_STARTED"
    assert step["evidence"] == []

    # The title says nothing: the declared origin and topic decide.
    requested = await create_item(
        gql, title="An item under another title", session=64, topics=["TRAFFICKING_IN_PERSONS"]
    )
    payload = await imported(
        gql, subjectId=requested, toState="INCLUDED", on="2009-09-18", sourceUrl=SOURCE
    )
    assert payload["subject"]["itemState"] == "INCLUDED"
    step = {s["key"]: s for s in (await gql.data(PLAN))["planSteps"]}["agenda_item"]
    assert step["status"] in ("ACHIEVED", "ACHIEVED_WITH_DEVIATIONS")
    assert step["evidence"][-1]["subjectId"] == requested
    skipped = [d for d in payload["transition"]["deviations"] if d["kind"] == "STAGE_SKIPPED"]
    assert [d["stage"] for d in skipped] == ["RECOMMENDED"]
    assert (step["status"] == "ACHIEVED_WITH_DEVIATIONS") == bool(step["deviations"])


async def test_refused_imports_give_their_code_and_write_nothing(
    gql: GraphQLClient, viewer: GraphQLClient
) -> None:
    body = await agencies_only(gql, "Refused")
    await imported(gql, subjectId=body, toState="CORE_GROUP", on="2010-03-10", sourceUrl=SOURCE)
    base = {"subjectId": body, "toState": "TASK_FORCE", "on": "2011-01-01", "sourceUrl": SOURCE}
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        ({"toState": "NOWHERE"}, "INVALID", ["input", "toState"]),
        ({"toState": "CORE_GROUP"}, "INVALID_TRANSITION", ["input", "toState"]),
        ({"toState": "PROPOSED"}, "INVALID_TRANSITION", ["input", "toState"]),
        ({"on": "2999-01-01"}, "INVALID", ["input", "on"]),
        ({"on": "2009-01-01"}, "INVALID", ["input", "on"]),
        ({"sourceUrl": " "}, "REQUIRED", ["input", "sourceUrl"]),
        ({"sourceUrl": "ftp://example.org/x"}, "INVALID", ["input", "sourceUrl"]),
        ({"expectedVersion": 1}, "VERSION_CONFLICT", ["input", "expectedVersion"]),
        ({"toState": "SUSPENDED"}, "REASON_REQUIRED", ["input", "reason"]),
        ({"subjectId": "QWN0b3I6MQ=="}, "INVALID", ["input", "subjectId"]),
    ]
    before = await events(gql)
    for change, code, field in cases:
        payload = await import_state(gql, **{**base, **change})
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, field)], (
            change,
            payload,
        )
        assert payload["userErrors"][0]["message"]
        assert payload["transition"] is None
    assert await events(gql) == before

    forbidden = await viewer.post(IMPORT, {"input": base})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await events(gql) == before


async def test_a_replayed_idempotency_key_returns_the_first_import(gql: GraphQLClient) -> None:
    body = await agencies_only(gql, "Replayed")
    move = {
        "subjectId": body,
        "toState": "TASK_FORCE",
        "on": "2007-03-01",
        "sourceUrl": SOURCE,
        "idempotencyKey": "icat-2007",
    }
    first = await imported(gql, **move)
    before = await events(gql)
    again = await imported(gql, **move)
    assert again["transition"] == first["transition"]
    assert await events(gql) == before
    other = await import_state(gql, **{**move, "on": "2007-04-01"})
    assert [e["code"] for e in other["userErrors"]] == ["INVALID"]
