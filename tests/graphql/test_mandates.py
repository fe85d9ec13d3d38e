"""Mandates over GraphQL: what an adopted resolution asks for, recorded, corrected and
fulfilled by a document; bad input is a user error and writes nothing; the status moves with
the sweep (an injected clock), each `mandate.due` and `mandate.overdue` appended once, also by
sweeps that run again or at the same time; subscribers receive them; the compiled reads answer
as the resolvers do."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.db import session_factory
from gp_api.documents.models import Document
from gp_api.events.models import Event
from gp_api.ga import drafts
from gp_api.ga import items as ga_items
from gp_api.ga.mandates import NEVER, Window, status_on, sweep_mandates, window
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItemAllocation,
    Allocation,
    Mandate,
    MandateStatus,
    SponsorKind,
    Submitter,
    VotingMethod,
)
from gp_api.global_ids import decode_as, encode
from gp_api.principal import SYSTEM, Role
from gp_api.sessions import service as sessions_service
from gp_api.sessions.models import Session, SessionPart, SessionPartKind
from gp_api.workflow import service as workflow
from gp_api.workflow.sweep import sweep
from tests.conftest import GraphQLClient, make_token
from tests.graphql.test_compiled import _both
from tests.ws_client import connect, serve, subscribe
from workflows.agenda_item import AgendaItemState

MANDATE = (
    "id paragraph addressee kind request dueSession dueOn fulfilledOn status sourceUrl"
    " confidence resolution { symbol } addresseeActor { name }"
    " dueAssemblySession { number opensOn } fulfilledBy { symbol kind }"
)
ERRORS = "userErrors { code field message }"
RECORD = f"""mutation($input: RecordMandateInput!) {{
  recordMandate(input: $input) {{ mandate {{ {MANDATE} }} {ERRORS} }}
}}"""
UPDATE = f"""mutation($input: UpdateMandateInput!) {{
  updateMandate(input: $input) {{ mandate {{ {MANDATE} }} {ERRORS} }}
}}"""
FULFIL = f"""mutation($input: FulfilMandateInput!) {{
  fulfilMandate(input: $input) {{ mandate {{ {MANDATE} }} {ERRORS} }}
}}"""
SOURCE = "https://example.org/a-76-120"
ADOPTED_ON = dt.date(2019, 12, 18)


async def setup_record(engine: AsyncEngine) -> dict[str, str]:
    """An adopted resolution (A/RES/74/176, adopted in plenary on 18 December 2019), a draft
    not adopted, the Secretary-General as an actor, and session 76 with its main part (test
    dates)."""
    async with session_factory(engine)() as s, s.begin():
        member = await actors.create_actor(
            s,
            principal=SYSTEM,
            values={
                "name": "Belarus",
                "kind": ActorKind.STATE,
                "iso_alpha2": "BY",
                "un_member_since": dt.date(1945, 10, 24),
            },
        )
        secretary = await actors.create_actor(
            s, principal=SYSTEM, values={"name": "Secretary-General", "kind": ActorKind.OTHER}
        )
        item = await ga_items.create_agenda_item(
            s, principal=SYSTEM, title="Crime prevention", session_number=74
        )
        item.state = AgendaItemState.ALLOCATED
        s.add(AgendaItemAllocation(agenda_item_id=item.id, forum=Allocation.PLENARY))
        await s.flush()

        async def draft(symbol: str) -> int:
            made = await drafts.create_draft(
                s, principal=SYSTEM, agenda_item_id=item.id, title="Draft", forum=Allocation.PLENARY
            )
            await s.flush()
            await drafts.add_sponsor(
                s,
                principal=SYSTEM,
                resolution_id=made.id,
                actor_id=member.id,
                kind=SponsorKind.MAIN,
            )
            await drafts.submit_draft(
                s,
                principal=SYSTEM,
                resolution_id=made.id,
                symbol=symbol,
                submitter=Submitter.SPONSORS,
                submitted_on=dt.date(2019, 11, 1),
            )
            await workflow.advance(
                s,
                principal=SYSTEM,
                subject_type="Resolution",
                subject_id=made.id,
                trigger="introduce",
            )
            return made.id

        adopted = await draft("A/74/L.5")
        await drafts.take_action(
            s,
            principal=SYSTEM,
            resolution_id=adopted,
            outcome=ActionOutcome.ADOPTED,
            method=VotingMethod.WITHOUT_A_VOTE,
            taken_on=ADOPTED_ON,
            final_symbol="A/RES/74/176",
        )
        pending = await draft("A/74/L.6")
        await sessions_service.create_session(
            s, principal=SYSTEM, number=76, opens_on=dt.date(2021, 9, 14)
        )
        await sessions_service.add_session_part(
            s,
            principal=SYSTEM,
            number=76,
            part=SessionPartKind.MAIN,
            opens_on=dt.date(2021, 9, 14),
            closes_on=dt.date(2021, 12, 23),
        )
    return {
        "adopted": encode("Resolution", adopted),
        "draft": encode("Resolution", pending),
        "secretary": encode("Actor", secretary.id),
    }


async def mutation(gql: GraphQLClient, query: str, name: str, **values: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await gql.data(query, {"input": values}))[name]
    return result


async def recorded(gql: GraphQLClient, ids: dict[str, str], **values: Any) -> dict[str, Any]:
    made = await mutation(
        gql,
        RECORD,
        "recordMandate",
        **{
            "resolutionId": ids["adopted"],
            "addressee": "Secretary-General",
            "request": "A report on the implementation of the resolution",
            **values,
        },
    )
    assert made["userErrors"] == [], made
    mandate: dict[str, Any] = made["mandate"]
    return mandate


async def written(engine: AsyncEngine) -> tuple[int, ...]:
    """(mandates, documents, sessions, events, the mandates' statuses): what a refused write
    must leave as it was."""
    async with session_factory(engine)() as s:
        counts = [
            int(await s.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Mandate, Document, Session, Event)
        ]
        statuses = hash(tuple(await s.scalars(select(Mandate.status).order_by(Mandate.id))))
    return (*counts, statuses)


async def event_types(engine: AsyncEngine, subject_id: int | None = None) -> list[str]:
    async with session_factory(engine)() as s:
        stmt = select(Event.type).where(Event.type.like("mandate.%")).order_by(Event.id)
        if subject_id is not None:
            stmt = stmt.where(Event.subject_type == "Mandate", Event.subject_id == subject_id)
        return list(await s.scalars(stmt))


def pk(global_id: str) -> int:
    return decode_as(global_id, "Mandate", "id")


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


async def test_a_mandate_is_recorded_corrected_and_fulfilled(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    ids = await setup_record(engine)

    made = await recorded(
        gql,
        ids,
        paragraph=30,
        addresseeActorId=ids["secretary"],
        dueSession=76,
        sourceUrl=SOURCE,
        confidence="UNCONFIRMED",
    )
    assert {k: v for k, v in made.items() if k != "id"} == {
        "paragraph": 30,
        "addressee": "Secretary-General",
        "kind": "REPORT",
        "request": "A report on the implementation of the resolution",
        "dueSession": 76,
        "dueOn": None,
        "fulfilledOn": None,
        "status": "PENDING",
        "sourceUrl": SOURCE,
        "confidence": "UNCONFIRMED",
        "resolution": {"symbol": "A/RES/74/176"},
        "addresseeActor": {"name": "Secretary-General"},
        "dueAssemblySession": {"number": 76, "opensOn": "2021-09-14"},
        "fulfilledBy": None,
    }

    corrected = await mutation(gql, UPDATE, "updateMandate", id=made["id"], paragraph=31)
    same = await mutation(gql, UPDATE, "updateMandate", id=made["id"], paragraph=31)
    assert corrected["userErrors"] == []
    assert corrected["mandate"]["paragraph"] == 31
    assert [e["code"] for e in same["userErrors"]] == ["INVALID"]

    fulfilled = await mutation(
        gql,
        FULFIL,
        "fulfilMandate",
        mandateId=made["id"],
        symbol="a/76/120",
        documentKind="SG_REPORT",
        fulfilledOn="2021-06-28",
        sourceUrl=SOURCE,
        confidence="CONFIRMED",
    )
    again = await mutation(
        gql,
        FULFIL,
        "fulfilMandate",
        mandateId=made["id"],
        symbol="A/76/120",
        documentKind="SG_REPORT",
        fulfilledOn="2021-06-28",
    )
    assert fulfilled["userErrors"] == []
    assert fulfilled["mandate"]["status"] == "FULFILLED"
    assert fulfilled["mandate"]["fulfilledOn"] == "2021-06-28"
    assert fulfilled["mandate"]["fulfilledBy"] == {"symbol": "A/76/120", "kind": "SG_REPORT"}
    assert fulfilled["mandate"]["confidence"] == "UNCONFIRMED"  # the mandate's own stays
    assert [(e["code"], e["field"]) for e in again["userErrors"]] == [
        ("CONFLICT", ["input", "mandateId"])
    ]

    read = await gql.data(
        """query($r: ID!) {
          node(id: $r) { ... on Resolution { mandates { id status } } }
          document(symbol: "A/76/120") {
            sourceUrl confidence fulfils { id resolution { symbol } }
          }
          mandates(status: FULFILLED) { totalCount }
          pending: mandates(status: PENDING) { totalCount }
          due76: mandates(dueSession: 76) { totalCount }
          due77: mandates(dueSession: 77) { totalCount }
        }""",
        {"r": ids["adopted"]},
    )
    assert read["node"]["mandates"] == [{"id": made["id"], "status": "FULFILLED"}]
    assert read["document"] == {
        "sourceUrl": SOURCE,
        "confidence": "CONFIRMED",
        "fulfils": [{"id": made["id"], "resolution": {"symbol": "A/RES/74/176"}}],
    }
    assert (read["mandates"]["totalCount"], read["pending"]["totalCount"]) == (1, 0)
    assert (read["due76"]["totalCount"], read["due77"]["totalCount"]) == (1, 0)
    assert await event_types(engine) == [
        "mandate.recorded",
        "mandate.updated",
        "mandate.fulfilled",
    ]
    async with session_factory(engine)() as s:
        data = await s.scalar(select(Event.data).where(Event.type == "mandate.updated"))
    assert data is not None
    assert data["changed"] == ["paragraph"]


async def test_a_mandate_due_at_a_session_not_recorded_records_it_bare(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    ids = await setup_record(engine)

    made = await recorded(gql, ids, dueSession=78)

    assert made["dueAssemblySession"] == {"number": 78, "opensOn": None}
    async with session_factory(engine)() as s:
        bare = await s.get(Session, 78)
    assert bare is not None
    assert bare.confidence is not None
    assert bare.confidence.value == "UNCONFIRMED"


BAD = [
    (RECORD, "recordMandate", {"resolutionId": "{unknown}"}, "NOT_FOUND", "resolutionId"),
    (RECORD, "recordMandate", {"resolutionId": "{draft}"}, "INVALID", "resolutionId"),
    (RECORD, "recordMandate", {"addressee": "  "}, "REQUIRED", "addressee"),
    (RECORD, "recordMandate", {"request": ""}, "REQUIRED", "request"),
    (RECORD, "recordMandate", {"paragraph": 0}, "OUT_OF_RANGE", "paragraph"),
    (RECORD, "recordMandate", {"dueSession": 76, "dueOn": "2021-07-01"}, "INVALID", "dueOn"),
    (RECORD, "recordMandate", {"dueSession": 73}, "INVALID", "dueSession"),
    (RECORD, "recordMandate", {"dueSession": 1000}, "OUT_OF_RANGE", "dueSession"),
    (RECORD, "recordMandate", {"dueOn": "2019-12-17"}, "INVALID", "dueOn"),
    (RECORD, "recordMandate", {"sourceUrl": "ftp://x"}, "INVALID", "sourceUrl"),
    (UPDATE, "updateMandate", {"id": "{mandate}", "addressee": None}, "REQUIRED", "addressee"),
    (UPDATE, "updateMandate", {"id": "{mandate}", "dueOn": "2021-07-01"}, "INVALID", "dueOn"),
    (UPDATE, "updateMandate", {"id": "{missing}", "paragraph": 2}, "NOT_FOUND", "id"),
    (FULFIL, "fulfilMandate", {"symbol": "A/76/XYZ"}, "INVALID", "symbol"),
    (
        FULFIL,
        "fulfilMandate",
        {"symbol": "A/76/120", "documentKind": None},
        "REQUIRED",
        "documentKind",
    ),
    (FULFIL, "fulfilMandate", {"symbol": "A/RES/76/1"}, "INVALID", "symbol"),
    (FULFIL, "fulfilMandate", {"fulfilledOn": None}, "REQUIRED", "fulfilledOn"),
    (FULFIL, "fulfilMandate", {"fulfilledOn": "2019-12-01"}, "INVALID", "fulfilledOn"),
]


@pytest.mark.parametrize(
    ("query", "name", "values", "code", "field"),
    BAD,
    ids=[f"{b[1]}-{b[4]}-{b[3]}" for b in BAD],
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
    ids = await setup_record(engine)
    mandate = await recorded(gql, ids, dueSession=76)
    places = {
        "{unknown}": encode("Resolution", 999),
        "{draft}": ids["draft"],
        "{mandate}": mandate["id"],
        "{missing}": encode("Mandate", 999),
    }
    base: dict[str, Any] = {
        "recordMandate": {
            "resolutionId": ids["adopted"],
            "addressee": "Secretary-General",
            "request": "A report",
        },
        "updateMandate": {},
        "fulfilMandate": {
            "mandateId": mandate["id"],
            "symbol": "A/76/120",
            "documentKind": "SG_REPORT",
            "fulfilledOn": "2021-06-28",
        },
    }[name]
    given = {**base, **{k: places.get(v, v) for k, v in values.items()}}
    before = await written(engine)

    refused = await mutation(gql, query, name, **given)

    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [(code, ["input", field])]
    assert refused["mandate"] is None
    assert await written(engine) == before


async def test_only_an_administrator_records_mandates(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    ids = await setup_record(engine)
    mandate = await recorded(gql, ids)
    secretary = decode_as(ids["secretary"], "Actor", "id")
    clients = [
        gql.as_(await make_token(engine, Role.VIEWER, name="viewer")),
        gql.as_(await make_token(engine, Role.EDITOR, name="editor", actor_id=secretary)),
    ]
    before = await written(engine)
    for client in clients:
        for query, values in (
            (RECORD, {"resolutionId": ids["adopted"], "addressee": "SG", "request": "R"}),
            (UPDATE, {"id": mandate["id"], "paragraph": 4}),
            (
                FULFIL,
                {
                    "mandateId": mandate["id"],
                    "symbol": "A/76/120",
                    "documentKind": "SG_REPORT",
                    "fulfilledOn": "2021-06-28",
                },
            ),
        ):
            body = await client.post(query, {"input": values})
            assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], body
    assert await written(engine) == before


def test_the_status_rule() -> None:
    main = SessionPart(
        session_id=76,
        part=SessionPartKind.MAIN,
        opens_on=dt.date(2021, 9, 14),
        closes_on=dt.date(2021, 12, 23),
    )
    session = Session(id=76, opens_on=dt.date(2021, 9, 14))
    unknown_close = replace_part(main, None)

    assert window(None, session, main) == Window(dt.date(2021, 9, 14), dt.date(2021, 12, 24))
    assert window(None, session, unknown_close) == Window(dt.date(2021, 9, 14), dt.date(2022, 1, 1))
    assert window(None, session, None) == Window(dt.date(2021, 9, 14), dt.date(2022, 1, 1))
    assert window(None, Session(id=90), None) == NEVER
    assert window(None, None, None) == NEVER
    assert window(dt.date(2021, 7, 1), None, None) == Window(
        dt.date(2021, 7, 1), dt.date(2021, 7, 2)
    )
    due = window(None, session, main)
    assert [
        status_on(day, False, due)
        for day in (
            dt.date(2021, 9, 13),
            dt.date(2021, 9, 14),
            dt.date(2021, 12, 23),
            dt.date(2021, 12, 24),
        )
    ] == [MandateStatus.PENDING, MandateStatus.DUE, MandateStatus.DUE, MandateStatus.OVERDUE]
    assert status_on(dt.date(2030, 1, 1), True, due) is MandateStatus.FULFILLED
    assert status_on(dt.date(2030, 1, 1), False, NEVER) is MandateStatus.PENDING


def replace_part(part: SessionPart, closes_on: dt.date | None) -> SessionPart:
    return SessionPart(
        session_id=part.session_id, part=part.part, opens_on=part.opens_on, closes_on=closes_on
    )


async def statuses(gql: GraphQLClient) -> dict[str, str]:
    read = await gql.data("{ mandates(first: 50) { edges { node { id status } } } }")
    return {e["node"]["id"]: e["node"]["status"] for e in read["mandates"]["edges"]}


async def test_the_sweep_moves_the_status_over_time_and_announces_each_step_once(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    ids = await setup_record(engine)
    at_session = (await recorded(gql, ids, dueSession=76))["id"]
    on_date = (await recorded(gql, ids, dueOn="2021-07-01"))["id"]
    open_ended = (await recorded(gql, ids))["id"]
    unknown_session = (await recorded(gql, ids, dueSession=90))["id"]
    fulfilled = (await recorded(gql, ids, dueOn="2021-07-01"))["id"]
    await mutation(
        gql,
        FULFIL,
        "fulfilMandate",
        mandateId=fulfilled,
        symbol="A/76/120",
        documentKind="SG_REPORT",
        fulfilledOn="2021-06-28",
    )
    sessions = session_factory(engine)
    steps = [
        (dt.date(2021, 6, 30), "PENDING", "PENDING", [], []),
        (dt.date(2021, 7, 1), "PENDING", "DUE", [on_date], []),
        (dt.date(2021, 7, 1), "PENDING", "DUE", [], []),  # the same day again: nothing
        (dt.date(2021, 9, 14), "DUE", "OVERDUE", [at_session], [on_date]),
        (dt.date(2021, 12, 23), "DUE", "OVERDUE", [], []),
        (dt.date(2021, 12, 24), "OVERDUE", "OVERDUE", [], [at_session]),
        (dt.date(2031, 1, 1), "OVERDUE", "OVERDUE", [], []),
    ]
    for day, session_status, date_status, due, overdue in steps:
        moved = await sweep_mandates(sessions, now=at(day))
        assert (sorted(moved.due), sorted(moved.overdue)) == (
            sorted(pk(i) for i in due),
            sorted(pk(i) for i in overdue),
        ), day
        now = await statuses(gql)
        assert (now[at_session], now[on_date]) == (session_status, date_status), day
        assert (now[open_ended], now[unknown_session], now[fulfilled]) == (
            "PENDING",
            "PENDING",
            "FULFILLED",
        )

    for mandate in (at_session, on_date):
        assert await event_types(engine, pk(mandate)) == [
            "mandate.recorded",
            "mandate.due",
            "mandate.overdue",
        ]
    for mandate in (open_ended, unknown_session):
        assert await event_types(engine, pk(mandate)) == ["mandate.recorded"]
    async with session_factory(engine)() as s:
        due_event = await s.scalar(
            select(Event).where(Event.type == "mandate.due", Event.subject_id == pk(at_session))
        )
    assert due_event is not None
    assert due_event.principal_id == "system"
    assert due_event.data["since"] == "2021-09-14"
    assert due_event.data["status"] == "DUE"
    assert due_event.data["dueSession"] == encode("Session", 76)

    overdue = await gql.data(
        "{ mandates(status: OVERDUE) { totalCount } due: mandates(status: DUE) { totalCount } }"
    )
    assert (overdue["mandates"]["totalCount"], overdue["due"]["totalCount"]) == (2, 0)


async def test_a_mandate_already_overdue_gets_both_events_in_order(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    ids = await setup_record(engine)
    made = await recorded(gql, ids, dueSession=76)

    moved = await sweep(session_factory(engine), now=at(dt.date(2026, 12, 1)))

    assert moved.mandates_due == moved.mandates_overdue == [pk(made["id"])]
    assert "1 fell due, 1 became overdue" in moved.summary()
    assert await event_types(engine, pk(made["id"])) == [
        "mandate.recorded",
        "mandate.due",
        "mandate.overdue",
    ]


async def test_concurrent_sweeps_announce_each_mandate_once(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    ids = await setup_record(engine)
    made = [(await recorded(gql, ids, dueOn=f"2021-07-{d:02d}"))["id"] for d in range(1, 7)]
    sessions = session_factory(engine)

    results = await asyncio.gather(
        *(sweep_mandates(sessions, now=at(dt.date(2022, 1, 1))) for _ in range(4))
    )

    assert sorted(m for r in results for m in r.due) == sorted(pk(i) for i in made)
    assert sorted(m for r in results for m in r.overdue) == sorted(pk(i) for i in made)
    for mandate in made:
        assert await event_types(engine, pk(mandate)) == [
            "mandate.recorded",
            "mandate.due",
            "mandate.overdue",
        ]


async def test_a_corrected_due_moves_an_open_mandate_back(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    ids = await setup_record(engine)
    made = await recorded(gql, ids, dueOn="2021-07-01")
    sessions = session_factory(engine)
    await sweep_mandates(sessions, now=at(dt.date(2021, 7, 1)))

    later = await mutation(gql, UPDATE, "updateMandate", id=made["id"], dueOn="2099-01-01")
    session_due = await mutation(
        gql, UPDATE, "updateMandate", id=made["id"], dueOn=None, dueSession=76
    )
    moved = await sweep_mandates(sessions, now=at(dt.date(2021, 10, 1)))

    assert later["mandate"]["status"] == "PENDING"
    assert session_due["mandate"]["status"] == "PENDING"
    assert moved.due == [pk(made["id"])]
    assert await event_types(engine, pk(made["id"])) == [
        "mandate.recorded",
        "mandate.due",
        "mandate.updated",
        "mandate.updated",
        "mandate.due",
    ]


async def test_the_compiled_reads_answer_as_the_resolvers_do(
    gql: GraphQLClient, app: Starlette, engine: AsyncEngine
) -> None:
    ids = await setup_record(engine)
    made = await recorded(gql, ids, dueSession=76, paragraph=2, addresseeActorId=ids["secretary"])
    await recorded(gql, ids, dueOn="2021-07-01")
    await mutation(
        gql,
        FULFIL,
        "fulfilMandate",
        mandateId=made["id"],
        symbol="A/76/120",
        documentKind="SG_REPORT",
        fulfilledOn="2021-06-28",
    )
    await sweep_mandates(session_factory(engine), now=at(dt.date(2021, 7, 1)))
    query = f"""query($r: ID!) {{
      all: mandates(first: 5) {{ totalCount edges {{ cursor node {{ {MANDATE} }} }} }}
      due: mandates(status: DUE) {{ totalCount edges {{ node {{ id dueOn }} }} }}
      at76: mandates(dueSession: 76, status: FULFILLED) {{ edges {{ node {{ id }} }} }}
      node(id: $r) {{ ... on Resolution {{ symbol mandates {{ {MANDATE} }} }} }}
      documents {{ edges {{ node {{ symbol fulfils {{ id status fulfilledBy {{ symbol }} }} }} }} }}
    }}"""

    resolved, compiled = await _both(app, engine, query, {"r": ids["adopted"]}, Role.VIEWER)

    assert resolved.errors is None
    assert compiled is not None, "the compiled path should plan this read"
    assert compiled == {"data": resolved.data}
    assert resolved.data["due"]["totalCount"] == 1
    assert resolved.data["at76"]["edges"] == [{"node": {"id": made["id"]}}]


@pytest.fixture
async def server(settings: Settings, engine: AsyncEngine) -> AsyncIterator[str]:
    app = create_app(replace(settings, rate_limit_address=0, rate_limit_token=0))
    async with serve(app) as host:
        yield f"ws://{host}/graphql"


async def test_subscribers_receive_due_and_overdue(
    gql: GraphQLClient, engine: AsyncEngine, server: str
) -> None:
    ids = await setup_record(engine)
    made = await recorded(gql, ids, dueOn="2021-07-01")
    reader = await make_token(engine, Role.VIEWER, name="subscriber")
    query = """subscription($types: [String!]) {
      events(types: $types) { type subjectId data } }"""
    async with connect(server, reader) as ws:
        live = await subscribe(ws, query, {"types": ["mandate.due", "mandate.overdue"]})
        await asyncio.sleep(0.1)
        await sweep_mandates(session_factory(engine), now=at(dt.date(2022, 1, 1)))
        await sweep_mandates(session_factory(engine), now=at(dt.date(2022, 1, 1)))
        received = await live.events(2)

    assert [(e["type"], e["subjectId"]) for e in received] == [
        ("mandate.due", made["id"]),
        ("mandate.overdue", made["id"]),
    ]
    assert [e["data"]["since"] for e in received] == ["2021-07-01", "2021-07-02"]


async def test_webhooks_receive_due_and_overdue(gql: GraphQLClient, engine: AsyncEngine) -> None:
    from tests.webhook_receiver import drain, receiving, register

    ids = await setup_record(engine)
    made = await recorded(gql, ids, dueSession=76)
    async with receiving() as receiver:
        await register(engine, receiver, event_types=["mandate.due", "mandate.overdue"])
        await sweep(session_factory(engine), now=at(dt.date(2021, 10, 1)))
        await sweep(session_factory(engine), now=at(dt.date(2022, 2, 1)))
        await sweep(session_factory(engine), now=at(dt.date(2022, 2, 1)))
        await drain(engine)
        bodies = [c["body"]["event"] for c in receiver.delivered()]

    assert [(b["type"], b["subjectId"], b["data"]["since"]) for b in bodies] == [
        ("mandate.due", made["id"], "2021-09-14"),
        ("mandate.overdue", made["id"], "2021-12-24"),
    ]


async def test_the_sweep_command_moves_mandates(scratch_database_url: str) -> None:
    from gp_api.db import create_engine
    from gp_api.ga import mandates
    from tests.conftest import migrate
    from tests.test_cli import run

    await migrate(scratch_database_url)
    engine = create_engine(scratch_database_url)
    try:
        ids = await setup_record(engine)
        async with session_factory(engine)() as s, s.begin():
            made = await mandates.record_mandate(
                s,
                principal=SYSTEM,
                resolution_id=decode_as(ids["adopted"], "Resolution", "id"),
                addressee="Secretary-General",
                request="A report",
                due_session=76,
            )
        env = {"GP_DATABASE_URL": scratch_database_url}

        first = await asyncio.to_thread(run, "workflows", "sweep", env=env)
        again = await asyncio.to_thread(run, "workflows", "sweep", env=env)

        assert first.returncode == 0, first.stderr
        assert "mandates: 1 fell due, 1 became overdue" in first.stdout
        assert "mandates: 0 fell due, 0 became overdue" in again.stdout
        assert await event_types(engine, made.id) == [
            "mandate.recorded",
            "mandate.due",
            "mandate.overdue",
        ]
    finally:
        await engine.dispose()
