"""Persons, offices and appointments over GraphQL: who held an office when, which bodies a
person chaired, the chair guard that reads the office's kind at the date of the move, a body's
mandate document and predecessor, flow coverage as an indicator; bad input is a typed user
error and writes nothing; the compiled reads answer as the resolvers do."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.principal import Role
from tests.conftest import GraphQLClient
from tests.graphql.test_actors import create_actor
from tests.graphql.test_compiled import _both
from tests.graphql.test_workflows import member, moved, option
from tests.graphql.test_writes import events, ok, refused

UNODC_SOURCE = "https://www.unodc.org/unodc/en/speeches/2020/stafftownhall-100220.html"
WHO_HELD = """query($office: ID!, $on: Date) {
  appointments(officeId: $office, on: $on) {
    totalCount edges { node { since until person { name } office { title kind } } }
  }
}"""


async def person(gql: GraphQLClient, name: str) -> str:
    found: str = (await ok(gql, "createPerson", "person { id }", {"name": name}))["person"]["id"]
    return found


async def office(gql: GraphQLClient, title: str, kind: str, **extra: Any) -> str:
    found: str = (
        await ok(gql, "createOffice", "office { id }", {"title": title, "kind": kind, **extra})
    )["office"]["id"]
    return found


async def appoint(gql: GraphQLClient, who: str, where: str, since: str | None, **extra: Any) -> str:
    found: str = (
        await ok(
            gql,
            "appointPerson",
            "appointment { id }",
            {"personId": who, "officeId": where, "since": since, **extra},
        )
    )["appointment"]["id"]
    return found


async def directors(gql: GraphQLClient) -> str:
    """UNODC's Executive Directors, as the demo records them: the office's ID."""
    unodc = await create_actor(gql, name="UNODC", kind="UN_ENTITY")
    executive = await office(
        gql,
        "Executive Director, United Nations Office on Drugs and Crime",
        "EXECUTIVE_HEAD",
        actorId=unodc["id"],
        sourceUrl=UNODC_SOURCE,
        confidence="CONFIRMED",
    )
    await appoint(
        gql, await person(gql, "Antonio Maria Costa"), executive, "2002-01-01", until="2010-09-12"
    )
    await appoint(
        gql, await person(gql, "Yury Fedotov"), executive, "2010-09-13", until="2020-02-02"
    )
    await appoint(gql, await person(gql, "Ghada Waly"), executive, "2020-02-03")
    return executive


async def test_who_held_an_office_when(gql: GraphQLClient) -> None:
    executive = await directors(gql)

    async def held(on: str | None) -> list[str]:
        data = await gql.data(WHO_HELD, {"office": executive, "on": on})
        return [e["node"]["person"]["name"] for e in data["appointments"]["edges"]]

    assert await held(None) == ["Antonio Maria Costa", "Yury Fedotov", "Ghada Waly"]
    assert await held("2010-07-30") == ["Antonio Maria Costa"]
    assert await held("2010-09-13") == ["Yury Fedotov"]
    assert await held("2020-02-02") == ["Yury Fedotov"]
    assert await held("2026-01-01") == ["Ghada Waly"]
    data = await gql.data(
        """query($office: ID!) { node(id: $office) { ... on Office {
          title kind sourceUrl confidence actor { name }
          appointments(current: true) { edges { node { person { name
            appointments { totalCount } } } } } } } }""",
        {"office": executive},
    )
    node = data["node"]
    assert (node["kind"], node["actor"]["name"], node["confidence"]) == (
        "EXECUTIVE_HEAD",
        "UNODC",
        "CONFIRMED",
    )
    assert [e["node"]["person"]["name"] for e in node["appointments"]["edges"]] == ["Ghada Waly"]
    offices = await gql.data("{ offices(kinds: [EXECUTIVE_HEAD]) { totalCount } }")
    assert offices["offices"]["totalCount"] == 1
    assert (await gql.data("{ offices(kinds: [SPECIAL_RAPPORTEUR]) { totalCount } }"))["offices"][
        "totalCount"
    ] == 0


async def test_bad_appointments_are_refused_and_write_nothing(gql: GraphQLClient) -> None:
    executive = await directors(gql)
    waly = (await gql.data('{ persons(search: "waly") { edges { node { id } } } }'))["persons"][
        "edges"
    ][0]["node"]["id"]

    await refused(
        gql,
        "appointPerson",
        {"personId": waly, "officeId": executive, "since": "2021-01-01"},
        "CONFLICT",
        ["input", "since"],
    )
    await refused(
        gql,
        "appointPerson",
        {"personId": waly, "officeId": executive, "since": "2019-01-01", "until": "2018-01-01"},
        "INVALID",
        ["input", "until"],
    )
    await refused(gql, "createPerson", {"name": "ghada waly"}, "DUPLICATE", ["input", "name"])
    await refused(gql, "createPerson", {"name": "  "}, "REQUIRED", ["input", "name"])
    await refused(
        gql,
        "createOffice",
        {"title": "Executive Director, United Nations Office on Drugs and Crime", "kind": "OTHER"},
        "DUPLICATE",
        ["input", "title"],
    )
    await refused(
        gql,
        "appointPerson",
        {"personId": executive, "officeId": executive, "since": "2021-01-01"},
        "INVALID",
        ["input", "personId"],
    )
    before = await events(gql)
    wrong_kind = await gql.post(
        'mutation { createOffice(input: {title: "X", kind: ADVISER}) { userErrors { code } } }'
    )
    assert wrong_kind["errors"]
    assert await events(gql) == before


async def test_the_working_group_needs_a_special_adviser_as_chair_on_the_day(
    gql: GraphQLClient,
) -> None:
    body = (
        await ok(
            gql,
            "createCoordinationBody",
            "coordinationBody { id }",
            {"name": "Working group", "mandate": "Coordinate."},
        )
    )["coordinationBody"]["id"]
    for name, kind in (("Belarus", "STATE"), ("UNODC", "UN_ENTITY"), ("ILO", "UN_ENTITY")):
        extra = {"isoAlpha2": "BY"} if kind == "STATE" else {}
        await member(gql, body, await create_actor(gql, name=name, kind=kind, **extra))
    await member(gql, body, await create_actor(gql, name="La Strada", kind="NGO"))
    await moved(gql, body, "convene_core_group")
    meeting = (
        await ok(
            gql,
            "scheduleMeeting",
            "meeting { id }",
            {"bodyId": body, "title": "M", "hub": "GENEVA", "startsAt": "2024-01-10T09:00:00Z"},
        )
    )["meeting"]["id"]
    await ok(
        gql, "recordMeetingHeld", "meeting { id }", {"meetingId": meeting, "outcome": "Agreed."}
    )
    await moved(gql, body, "establish_task_force")

    # A chair whose office is not of the declared kind: its title says "Special Adviser", but
    # the guard reads the kind, never the title.
    envoy = await person(gql, "B. Envoy")
    lookalike = await office(gql, "Special Adviser (title only)", "OTHER")
    chair = (
        await ok(
            gql,
            "appointBodyChair",
            "chair { id since person { name } appointment { office { kind } } }",
            {
                "bodyId": body,
                "appointmentId": await appoint(gql, envoy, lookalike, "2024-01-01"),
                "since": "2024-01-01",
            },
        )
    )["chair"]
    blockers = (await option(gql, body, "constitute_working_group"))["blockers"]
    assert len(blockers) == 1
    assert blockers[0].startswith(
        "its chair on this date (B. Envoy) holds no office of kind"
        " SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL on this date"
    )
    await ok(
        gql, "endBodyChair", "chair { until }", {"chairId": chair["id"], "until": "2024-12-31"}
    )

    # A Special Adviser whose appointment ended before today does not count today.
    adviser = await person(gql, "A. Adviser")
    advisers = await office(
        gql, "Special Adviser on partnerships", "SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL"
    )
    past = await appoint(gql, adviser, advisers, "2025-01-01", until="2025-06-30")
    await ok(
        gql,
        "appointBodyChair",
        "chair { id }",
        {"bodyId": body, "appointmentId": past, "since": "2025-01-01", "until": "2025-06-30"},
    )
    blockers = (await option(gql, body, "constitute_working_group"))["blockers"]
    assert blockers[0].startswith("has no chair on this date")

    # Appointed again, and chairing today: the guard holds, and the move is made.
    current = await appoint(gql, adviser, advisers, "2025-07-01")
    await refused(
        gql,
        "appointBodyChair",
        {"bodyId": body, "appointmentId": current, "since": "2025-06-01"},
        "INVALID",
        ["input", "since"],
    )
    await ok(
        gql,
        "appointBodyChair",
        "chair { id }",
        {"bodyId": body, "appointmentId": current, "since": "2025-07-01"},
    )
    await refused(
        gql,
        "appointBodyChair",
        {"bodyId": body, "appointmentId": current, "since": "2025-08-01"},
        "CONFLICT",
        ["input", "since"],
    )
    assert (await option(gql, body, "constitute_working_group"))["allowed"] is True
    assert (await moved(gql, body, "constitute_working_group"))["subject"][
        "state"
    ] == "INTERAGENCY_WORKING_GROUP"

    data = await gql.data(
        """query($p: ID!, $b: ID!) {
          person: node(id: $p) { ... on Person { chairs { totalCount edges { node {
            since until body { name } appointment { office { title } } } } } } }
          body: node(id: $b) { ... on CoordinationBody {
            chairs(current: true) { edges { node { person { name } } } }
            onDay: chairs(on: "2025-03-01") { edges { node { until } } } } } }""",
        {"p": adviser, "b": body},
    )
    chaired = data["person"]["chairs"]
    assert chaired["totalCount"] == 2
    assert {e["node"]["body"]["name"] for e in chaired["edges"]} == {"Working group"}
    assert [e["node"]["person"]["name"] for e in data["body"]["chairs"]["edges"]] == ["A. Adviser"]
    assert [e["node"]["until"] for e in data["body"]["onDay"]["edges"]] == ["2025-06-30"]


async def test_a_body_records_its_mandate_document_and_predecessor(gql: GraphQLClient) -> None:
    first = (await ok(gql, "createCoordinationBody", "coordinationBody { id }", {"name": "First"}))[
        "coordinationBody"
    ]["id"]
    second = (
        await ok(
            gql,
            "createCoordinationBody",
            "coordinationBody { id succeeds { name } }",
            {"name": "Second", "succeedsId": first, "mandateSymbol": "a/res/61/180"},
        )
    )["coordinationBody"]
    assert second["succeeds"] == {"name": "First"}
    data = await gql.data(
        """query($id: ID!) { node(id: $id) { ... on CoordinationBody {
          mandateSymbol mandateDocument { symbol kind }
          succeeds { name succeededBy { edges { node { name } } } } } } }""",
        {"id": second["id"]},
    )
    node = data["node"]
    assert node["mandateSymbol"] == "A/RES/61/180"
    assert node["mandateDocument"] == {"symbol": "A/RES/61/180", "kind": "RESOLUTION"}
    assert node["succeeds"]["succeededBy"]["edges"] == [{"node": {"name": "Second"}}]

    await refused(
        gql,
        "updateCoordinationBody",
        {"id": first, "succeedsId": second["id"]},
        "INVALID",
        ["input", "succeedsId"],
    )
    await refused(
        gql,
        "updateCoordinationBody",
        {"id": first, "mandateSymbol": "A/64/100"},
        "REQUIRED",
        ["input", "mandateSymbol"],
    )
    await refused(
        gql,
        "updateCoordinationBody",
        {"id": first, "mandateSymbol": "not a symbol"},
        "INVALID",
        ["input", "mandateSymbol"],
    )
    await refused(gql, "updateCoordinationBody", {"id": first}, "INVALID", ["input"])
    changed = await ok(
        gql,
        "updateCoordinationBody",
        "coordinationBody { mandate hubs foundedOn }",
        {"id": first, "mandate": "Coordinate.", "hubs": ["VIENNA"], "foundedOn": "2007-03-01"},
    )
    assert changed["coordinationBody"] == {
        "mandate": "Coordinate.",
        "hubs": ["VIENNA"],
        "foundedOn": "2007-03-01",
    }
    event = await gql.data(
        '{ events(types: ["coordination_body.updated"]) { edges { node { data } } } }'
    )
    assert event["events"]["edges"][0]["node"]["data"]["changed"] == [
        "foundedOn",
        "hubs",
        "mandate",
    ]


async def test_flow_coverage_is_an_indicator_not_a_guard(gql: GraphQLClient) -> None:
    body = (await ok(gql, "createCoordinationBody", "coordinationBody { id }", {"name": "Core"}))[
        "coordinationBody"
    ]["id"]
    belarus = await create_actor(
        gql, name="Belarus", kind="STATE", isoAlpha2="BY", flowRoles=["TRANSIT"]
    )
    await member(gql, body, belarus)
    await member(gql, body, await create_actor(gql, name="UNODC", kind="UN_ENTITY"))
    await member(gql, body, await create_actor(gql, name="La Strada", kind="NGO"))
    coverage = await gql.data(
        """query($id: ID!) { node(id: $id) { ... on CoordinationBody {
          flowCoverage { covered missing stateMembers illustrative } } } }""",
        {"id": body},
    )
    assert coverage["node"]["flowCoverage"] == {
        "covered": ["TRANSIT"],
        "missing": ["ORIGIN", "DESTINATION"],
        "stateMembers": 1,
        "illustrative": False,
    }
    # Origin and destination are missing, and the core group is convened all the same.
    await moved(gql, body, "convene_core_group")


async def test_compiled_reads_of_people_answer_as_the_resolvers(
    app: Starlette, engine: AsyncEngine, gql: GraphQLClient
) -> None:
    executive = await directors(gql)
    people = """query($office: ID!) {
      persons(first: 5) { totalCount edges { cursor node { id name sourceUrl confidence
        appointments(on: "2015-01-01") { totalCount edges { node { since until
          office { title kind } } } } } } }
      appointments(officeId: $office, on: "2010-09-13") { edges { node { person { name } } } }
    }"""
    bodies = """{ coordinationBodies { edges { node { name mandateSymbol
      mandateDocument { symbol } succeeds { name } chairs { totalCount }
      flowCoverage { covered missing } } } } }"""

    for query, variables in ((people, {"office": executive}), (bodies, None)):
        resolved, compiled = await _both(app, engine, query, variables, Role.VIEWER)
        assert resolved.errors is None
        assert compiled is not None, "the compiled path should plan this read"
        assert compiled == {"data": resolved.data}
    resolved, _ = await _both(app, engine, people, {"office": executive}, Role.VIEWER)
    fedotov = [e for e in resolved.data["persons"]["edges"] if e["node"]["name"] == "Yury Fedotov"]
    assert fedotov[0]["node"]["appointments"]["totalCount"] == 1
