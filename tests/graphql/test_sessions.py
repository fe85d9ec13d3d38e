"""General Assembly sessions over GraphQL: recorded by number with their main and resumed
parts, created bare when an agenda item names one not recorded yet, read by number and as the
agenda items' parent; bad input is a user error and writes nothing; the compiled reads answer
as the resolvers do."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.config import Settings
from gp_api.db import session_factory
from gp_api.events.models import Event
from gp_api.principal import Role
from gp_api.sessions.models import Session, SessionPart
from tests.conftest import GraphQLClient, make_token
from tests.graphql.test_compiled import _both
from tests.graphql.test_websocket import answer, server
from tests.ws_client import connect

SESSION = "id number opensOn closesOn sourceUrl confidence"
PART = "id part sequence opensOn closesOn sourceUrl confidence"
CREATE = f"""mutation($input: CreateSessionInput!) {{
  createSession(input: $input) {{ session {{ {SESSION} }} userErrors {{ code field message }} }}
}}"""
UPDATE = f"""mutation($input: UpdateSessionInput!) {{
  updateSession(input: $input) {{ session {{ {SESSION} }} userErrors {{ code field message }} }}
}}"""
ADD_PART = f"""mutation($input: AddSessionPartInput!) {{
  addSessionPart(input: $input) {{
    sessionPart {{ {PART} session {{ number }} }} userErrors {{ code field message }}
  }}
}}"""
CREATE_ITEM = """mutation($input: CreateAgendaItemInput!) {
  createAgendaItem(input: $input) {
    agendaItem { id session assemblySession { number opensOn confidence } }
    userErrors { code field }
  }
}"""
SOURCE = "https://www.un.org/en/ga/64/"


async def written(engine: AsyncEngine) -> tuple[int, int, int]:
    """(sessions, parts, events): what a refused mutation must leave as it was."""
    async with session_factory(engine)() as s:
        counts = [
            await s.scalar(select(func.count()).select_from(model))
            for model in (Session, SessionPart, Event)
        ]
    return (int(counts[0] or 0), int(counts[1] or 0), int(counts[2] or 0))


async def mutation(gql: GraphQLClient, query: str, name: str, **values: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await gql.data(query, {"input": values}))[name]
    return result


async def test_a_session_is_recorded_with_its_parts_in_order(gql: GraphQLClient) -> None:
    made = await mutation(
        gql,
        CREATE,
        "createSession",
        number=64,
        opensOn="2009-09-15",
        sourceUrl=SOURCE,
        confidence="CONFIRMED",
    )
    assert made["userErrors"] == []
    assert {k: v for k, v in made["session"].items() if k != "id"} == {
        "number": 64,
        "opensOn": "2009-09-15",
        "closesOn": None,
        "sourceUrl": SOURCE,
        "confidence": "CONFIRMED",
    }
    sequences = []
    for part, opens, closes in [
        ("MAIN", "2009-09-15", "2009-12-23"),
        ("RESUMED", "2010-03-01", None),
        ("RESUMED", "2010-07-30", "2010-09-13"),
    ]:
        added = await mutation(
            gql,
            ADD_PART,
            "addSessionPart",
            sessionNumber=64,
            part=part,
            opensOn=opens,
            closesOn=closes,
        )
        assert added["userErrors"] == []
        assert added["sessionPart"]["session"] == {"number": 64}
        sequences.append((part, added["sessionPart"]["sequence"]))
    assert sequences == [("MAIN", 1), ("RESUMED", 1), ("RESUMED", 2)]
    changed = await mutation(gql, UPDATE, "updateSession", number=64, closesOn="2010-09-13")
    assert changed["userErrors"] == []
    assert changed["session"]["closesOn"] == "2010-09-13"

    read = await gql.data(
        "{ session(number: 64) { number closesOn parts { part sequence opensOn } }"
        "  none: session(number: 65) { number } negative: session(number: -1) { number }"
        "  sessions { totalCount edges { node { number } } } }"
    )
    assert read["session"] == {
        "number": 64,
        "closesOn": "2010-09-13",
        "parts": [
            {"part": "MAIN", "sequence": 1, "opensOn": "2009-09-15"},
            {"part": "RESUMED", "sequence": 1, "opensOn": "2010-03-01"},
            {"part": "RESUMED", "sequence": 2, "opensOn": "2010-07-30"},
        ],
    }
    assert read["none"] is None
    assert read["negative"] is None
    assert read["sessions"] == {"totalCount": 1, "edges": [{"node": {"number": 64}}]}

    ids = await gql.data("{ session(number: 64) { id parts { id } } }")
    for node_id, typename in [
        (ids["session"]["id"], "Session"),
        (ids["session"]["parts"][0]["id"], "SessionPart"),
    ]:
        node = await gql.data(
            "query($id: ID!) { node(id: $id) { __typename id } }", {"id": node_id}
        )
        assert node["node"] == {"__typename": typename, "id": node_id}


async def test_an_agenda_item_on_a_session_not_recorded_records_it_bare(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    first = await mutation(gql, CREATE_ITEM, "createAgendaItem", title="Trafficking", session=65)
    second = await mutation(gql, CREATE_ITEM, "createAgendaItem", title="Other", session=65)

    for made in (first, second):
        assert made["userErrors"] == []
        assert made["agendaItem"]["assemblySession"] == {
            "number": 65,
            "opensOn": None,
            "confidence": "UNCONFIRMED",
        }
    assert (await written(engine))[0] == 1
    read = await gql.data(
        "{ session(number: 65) { agendaItems { totalCount edges { node { id } } } } }"
    )
    assert read["session"]["agendaItems"]["totalCount"] == 2
    assert [e["node"]["id"] for e in read["session"]["agendaItems"]["edges"]] == [
        first["agendaItem"]["id"],
        second["agendaItem"]["id"],
    ]
    refused = await mutation(gql, CREATE_ITEM, "createAgendaItem", title="T", session=0)
    assert [e["code"] for e in refused["userErrors"]] == ["OUT_OF_RANGE"]
    assert (await written(engine))[0] == 1


@pytest.mark.parametrize(
    ("query", "name", "values", "code", "field"),
    [
        (CREATE, "createSession", {"number": 64}, "DUPLICATE", "number"),
        (CREATE, "createSession", {"number": 0}, "OUT_OF_RANGE", "number"),
        (CREATE, "createSession", {"number": 1000}, "OUT_OF_RANGE", "number"),
        (
            CREATE,
            "createSession",
            {"number": 66, "opensOn": "2011-09-13", "closesOn": "2011-09-12"},
            "INVALID",
            "closesOn",
        ),
        (CREATE, "createSession", {"number": 66, "sourceUrl": "x"}, "INVALID", "sourceUrl"),
        (UPDATE, "updateSession", {"number": 67, "closesOn": "2012-01-01"}, "NOT_FOUND", "number"),
        (UPDATE, "updateSession", {"number": 64, "closesOn": "2009-09-14"}, "INVALID", "closesOn"),
        (
            ADD_PART,
            "addSessionPart",
            {"sessionNumber": 64, "part": "MAIN", "opensOn": "2009-09-16"},
            "DUPLICATE",
            "part",
        ),
        (
            ADD_PART,
            "addSessionPart",
            {"sessionNumber": 64, "part": "RESUMED", "opensOn": "2009-09-14"},
            "INVALID",
            "opensOn",
        ),
        (
            ADD_PART,
            "addSessionPart",
            {
                "sessionNumber": 64,
                "part": "RESUMED",
                "opensOn": "2010-03-02",
                "closesOn": "2010-03-01",
            },
            "INVALID",
            "closesOn",
        ),
        (
            ADD_PART,
            "addSessionPart",
            {"sessionNumber": 70, "part": "RESUMED", "opensOn": "2016-03-01"},
            "NOT_FOUND",
            "sessionNumber",
        ),
    ],
)
async def test_bad_input_is_a_user_error_and_writes_nothing(
    gql: GraphQLClient,
    engine: AsyncEngine,
    query: str,
    name: str,
    values: dict[str, Any],
    code: str,
    field: str,
) -> None:
    await mutation(gql, CREATE, "createSession", number=64, opensOn="2009-09-15")
    await mutation(
        gql, ADD_PART, "addSessionPart", sessionNumber=64, part="MAIN", opensOn="2009-09-15"
    )
    before = await written(engine)

    refused = await mutation(gql, query, name, **values)

    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [(code, ["input", field])]
    assert await written(engine) == before


async def test_the_compiled_reads_answer_as_the_resolvers_do(
    gql: GraphQLClient, app: Starlette, engine: AsyncEngine
) -> None:
    await mutation(gql, CREATE, "createSession", number=64, opensOn="2009-09-15")
    for opens in ("2009-09-15", "2010-03-01"):
        await mutation(
            gql,
            ADD_PART,
            "addSessionPart",
            sessionNumber=64,
            part="MAIN" if opens.startswith("2009") else "RESUMED",
            opensOn=opens,
        )
    item = await mutation(gql, CREATE_ITEM, "createAgendaItem", title="Item", session=64)
    await mutation(gql, CREATE_ITEM, "createAgendaItem", title="Item", session=61)
    query = f"""query($item: ID!) {{
      sessions(first: 5) {{ totalCount edges {{ cursor node {{ {SESSION}
        parts {{ {PART} session {{ number }} }}
        agendaItems(first: 1) {{ totalCount edges {{ node {{ title assemblySession {{ number }} }} }} }}
      }} }} }}
      node(id: $item) {{ ... on AgendaItem {{ assemblySession {{ {SESSION} }} }} }}
    }}"""

    resolved, compiled = await _both(
        app, engine, query, {"item": item["agendaItem"]["id"]}, Role.VIEWER
    )

    assert resolved.errors is None
    assert compiled is not None, "the compiled path should plan this read"
    assert compiled == {"data": resolved.data}
    assert [e["node"]["number"] for e in resolved.data["sessions"]["edges"]] == [61, 64]


async def test_sessions_are_read_over_a_websocket_too(
    settings: Settings, engine: AsyncEngine, gql: GraphQLClient
) -> None:
    await mutation(gql, CREATE, "createSession", number=64, opensOn="2009-09-15")
    secret = await make_token(engine, Role.VIEWER, name="ws reader")
    async with server(settings) as url, connect(url, secret) as ws:
        message = await answer(ws, "{ session(number: 64) { number opensOn } }", "s")

    assert message["payload"]["data"]["session"] == {"number": 64, "opensOn": "2009-09-15"}
