"""Subscriptions over a real WebSocket to a real server: replay from a cursor then live
events, with no gap and no duplicate; visibility and token rules apply."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
import websockets
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.app import create_app
from gp_api.auth import service as auth_service
from gp_api.config import Settings
from gp_api.db import session_factory
from gp_api.events.models import Event as EventRow
from gp_api.graphql import shared_events
from gp_api.principal import SYSTEM, Role
from tests.conftest import make_token
from tests.ws_client import closed, connect, serve, subscribe

EVENTS = """subscription($after: String, $types: [String!]) {
  events(after: $after, types: $types) { id type cursor milestone subjectId } }"""
MILESTONES = """subscription($after: String, $workflows: [String!]) {
  milestones(after: $after, workflows: $workflows) { type cursor data subject { id } } }"""


class Server:
    def __init__(self, host: str, admin: str) -> None:
        self.url = f"ws://{host}/graphql"
        self.http = httpx.AsyncClient(
            base_url=f"http://{host}", headers={"authorization": f"Bearer {admin}"}
        )
        self.admin = admin

    async def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = (
            await self.http.post("/graphql", json={"query": query, "variables": variables or {}})
        ).json()
        assert "errors" not in body, body
        return body["data"]

    async def actor(self, name: str) -> str:
        data = await self.gql(
            "mutation($n: String!) { createActor(input: {name: $n, kind: NGO}) { actor { id } } }",
            {"n": name},
        )
        actor_id: str = data["createActor"]["actor"]["id"]
        return actor_id


@pytest.fixture
async def server(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Server]:
    admin = await make_token(engine, Role.ADMIN, name="subscriber admin")
    app = create_app(replace(settings, rate_limit_address=0, rate_limit_token=0))
    async with serve(app) as host:
        s = Server(host, admin)
        yield s
        await s.http.aclose()


async def test_replays_missed_events_then_follows_live_ones(server: Server) -> None:
    async with connect(server.url, server.admin) as ws:
        live = await subscribe(ws, EVENTS, {"types": ["actor.created"]})
        await asyncio.sleep(0.1)
        await server.actor("First")
        [first] = await live.events(1)
    cursor = first["cursor"]

    await server.actor("Second")  # while nobody listens
    await server.actor("Third")
    async with connect(server.url, server.admin) as ws:
        resumed = await subscribe(ws, EVENTS, {"after": cursor, "types": ["actor.created"]})
        missed = await resumed.events(2)
        await server.actor("Fourth")
        [fourth] = await resumed.events(1)
        await resumed.nothing_for(0.5)

    names = [await name_of(server, e["subjectId"]) for e in [*missed, fourth]]
    assert names == ["Second", "Third", "Fourth"]


async def name_of(server: Server, actor_id: str) -> str:
    data = await server.gql(
        "query($id: ID!) { node(id: $id) { ... on Actor { name } } }", {"id": actor_id}
    )
    name: str = data["node"]["name"]
    return name


async def test_no_gap_and_no_duplicate_while_events_are_committed_during_replay(
    server: Server,
) -> None:
    async with connect(server.url, server.admin) as ws:
        start = await subscribe(ws, EVENTS)
        await asyncio.sleep(0.1)
        await server.actor("Origin")
        [origin] = await start.events(1)

    for i in range(30):
        await server.actor(f"Before {i}")

    async def writer() -> None:
        for i in range(30):
            await server.actor(f"During {i}")

    async with connect(server.url, server.admin) as ws:
        replay = await subscribe(ws, EVENTS, {"after": origin["cursor"]})
        writing = asyncio.create_task(writer())
        received = await replay.events(60, wait=20)
        await writing
        await replay.nothing_for(0.5)

    ids = [_event_number(e) for e in received]
    assert ids == list(range(ids[0], ids[0] + 60))
    assert ids[0] == _event_number(origin) + 1


def _event_number(event: dict[str, Any]) -> int:
    import base64

    number: int = int(base64.b64decode(event["id"]).decode().split(":")[1])
    return number


async def test_milestones_carry_plan_steps_and_can_be_filtered(server: Server) -> None:
    async with connect(server.url, server.admin) as ws:
        everything = await subscribe(ws, MILESTONES, op_id="all")
        plan_only = await subscribe(ws, MILESTONES, {"workflows": ["plan"]}, op_id="plan")
        await asyncio.sleep(0.1)
        body = (
            await server.gql(
                'mutation { createCoordinationBody(input: {name: "Core"}) { coordinationBody { id } } }'
            )
        )["createCoordinationBody"]["coordinationBody"]["id"]
        for i, code in enumerate(("BY", "NG")):
            actor = (
                await server.gql(
                    "mutation($n: String!, $c: String!) { createActor(input: {name: $n, kind: STATE, isoAlpha2: $c}) { actor { id } } }",
                    {"n": f"S{i}", "c": code},
                )
            )["createActor"]["actor"]["id"]
            await server.gql(
                "mutation($b: ID!, $a: ID!) { addMembership(input: {bodyId: $b, actorId: $a}) { membership { id } } }",
                {"b": body, "a": actor},
            )
        ngo = await server.actor("NGO")
        agency = (
            await server.gql(
                'mutation { createActor(input: {name: "UNODC", kind: UN_ENTITY}) { actor { id } } }'
            )
        )["createActor"]["actor"]["id"]
        for member in (ngo, agency):
            await server.gql(
                "mutation($b: ID!, $a: ID!) { addMembership(input: {bodyId: $b, actorId: $a}) { membership { id } } }",
                {"b": body, "a": member},
            )
        moved = await server.gql(
            'mutation($b: ID!) { advanceWorkflow(input: {subjectId: $b, trigger: "convene_core_group"}) { userErrors { code message } } }',
            {"b": body},
        )
        assert moved["advanceWorkflow"]["userErrors"] == []

        both = await everything.events(2)
        [plan] = await plan_only.events(1)

    assert [e["type"] for e in both] == ["workflow.transitioned", "plan_step.achieved"]
    assert both[0]["subject"]["id"] == body
    assert plan["data"]["key"] == "core_group"
    assert plan["data"]["bySubjectId"] == body  # a global ID, as everywhere in event data


async def test_bad_cursors_are_explicit_errors(server: Server) -> None:
    async with connect(server.url, server.admin) as ws:
        garbage = await subscribe(ws, EVENTS, {"after": "not-a-cursor"}, op_id="a")
        ahead = await subscribe(ws, EVENTS, {"after": "Wzk5OTk5XQ"}, op_id="b")  # [99999]
        bad = await garbage.next()
        far = await ahead.next()

    assert bad["type"] in ("error", "next")
    assert "after is not a cursor" in str(bad["payload"])
    assert "ahead of the event log" in str(far["payload"])


async def test_a_cursor_older_than_the_log_keeps_is_an_explicit_error(
    server: Server, engine: AsyncEngine
) -> None:
    await server.actor("First")
    await server.actor("Second")
    await server.actor("Third")
    async with session_factory(engine)() as s, s.begin():  # the log cut at its start
        await s.execute(delete(EventRow).where(EventRow.id <= 2))
    async with connect(server.url, server.admin) as ws:
        expired = await subscribe(ws, EVENTS, {"after": "WzFd"}, op_id="a")  # [1]
        refused = await expired.next()
        resumed = await subscribe(ws, EVENTS, {"after": "WzJd"}, op_id="b")  # [2]
        [third] = await resumed.events(1)

    assert refused["type"] in ("error", "next")
    assert "older than the event log keeps (its first event is 3)" in str(refused["payload"])
    assert third["type"] == "actor.created"
    assert third["cursor"] == "WzNd"


async def test_anonymous_subscribers_do_not_see_token_administration(
    server: Server, engine: AsyncEngine
) -> None:
    async with connect(server.url) as anonymous_ws, connect(server.url, server.admin) as admin_ws:
        anonymous = await subscribe(anonymous_ws, EVENTS)
        admin = await subscribe(admin_ws, EVENTS)
        await asyncio.sleep(0.1)
        await server.gql('mutation { createApiToken(input: {name: "x", role: VIEWER}) { secret } }')
        await server.actor("Visible")

        seen_by_admin = await admin.events(2)
        seen_anonymously = await anonymous.events(1)

    assert [e["type"] for e in seen_by_admin] == ["api_token.created", "actor.created"]
    assert [e["type"] for e in seen_anonymously] == ["actor.created"]


WITH_DATA = "subscription { events { type data } }"


async def test_each_subscriber_sees_the_events_and_data_its_role_may_see(
    server: Server, engine: AsyncEngine
) -> None:
    created = await server.gql(
        'mutation { createApiToken(input: {name: "watching viewer", role: VIEWER}) { secret } }'
    )
    viewer = created["createApiToken"]["secret"]
    async with (
        connect(server.url) as anonymous_ws,
        connect(server.url, viewer) as viewer_ws,
        connect(server.url, server.admin) as admin_ws,
    ):
        anonymous = await subscribe(anonymous_ws, WITH_DATA)
        viewing = await subscribe(viewer_ws, WITH_DATA)
        admin = await subscribe(admin_ws, WITH_DATA)
        await asyncio.sleep(0.1)
        await server.gql('mutation { createApiToken(input: {name: "x", role: VIEWER}) { secret } }')
        await server.gql(
            "mutation { createWebhookEndpoint(input: "
            '{url: "https://u:p@hooks.example.org/in?key=k"}) { secret } }'
        )
        await server.actor("Visible")

        seen_by_admin = await admin.events(3)
        seen_by_viewer = await viewing.events(2)
        seen_anonymously = await anonymous.events(1)

    assert [e["type"] for e in seen_by_admin] == [
        "api_token.created",
        "webhook_endpoint.created",
        "actor.created",
    ]
    assert seen_by_admin[1]["data"]["url"] == "https://hooks.example.org/in"
    assert [e["type"] for e in seen_by_viewer] == ["webhook_endpoint.created", "actor.created"]
    assert "url" not in seen_by_viewer[0]["data"]
    assert seen_by_viewer[0]["data"]["id"] is not None
    assert [e["type"] for e in seen_anonymously] == ["actor.created"]


async def test_revoking_a_token_closes_its_subscribers_sockets(
    server: Server, engine: AsyncEngine
) -> None:
    secret = await make_token(engine, Role.VIEWER, name="watcher")
    tokens = await server.gql("{ apiTokens { edges { node { id name } } } }")
    watcher = next(
        e["node"]["id"] for e in tokens["apiTokens"]["edges"] if e["node"]["name"] == "watcher"
    )

    async with connect(server.url, secret) as ws:
        await subscribe(ws, EVENTS)
        await asyncio.sleep(0.1)
        await server.gql(
            "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }",
            {"id": watcher},
        )
        ended = await closed(ws)

    assert ended.code == 4403
    assert "revoked" in ended.reason
    with pytest.raises(websockets.exceptions.ConnectionClosed) as refused:  # type: ignore[attr-defined]
        async with connect(server.url, secret):
            pass
    assert refused.value.rcvd is not None
    assert refused.value.rcvd.code == 4403


async def test_subscribers_asking_the_same_share_one_execution_per_event(
    server: Server, engine: AsyncEngine
) -> None:
    viewer = await make_token(engine, Role.VIEWER, name="another principal")
    shared_events._shared.clear()
    async with (
        connect(server.url, server.admin) as first_ws,
        connect(server.url, server.admin) as second_ws,
        connect(server.url, viewer) as viewer_ws,
    ):
        streams = [
            await subscribe(ws, EVENTS, {"types": ["actor.created"]})
            for ws in (first_ws, second_ws, viewer_ws)
        ]
        await asyncio.sleep(0.1)
        await server.actor("Seen by three")
        seen = [(await stream.events(1))[0] for stream in streams]

    assert seen[0] == seen[1] == seen[2]
    executions = [key for key in shared_events._shared if key[0] == seen[0]["id"]]
    # The admin's two subscribers shared one execution; the viewer, another principal, had its own.
    assert len(executions) == 2


async def test_a_token_that_expires_closes_its_subscribers_sockets(
    server: Server, engine: AsyncEngine
) -> None:
    soon = dt.datetime.now(dt.UTC) - dt.timedelta(days=1) + dt.timedelta(seconds=5)
    async with session_factory(engine)() as session, session.begin():
        created = await auth_service.create_token(
            session,
            principal=SYSTEM,
            name="short-lived",
            role=Role.VIEWER,
            expires_in_days=1,
            now=soon,
        )
    async with connect(server.url, created.secret) as ws:
        await subscribe(ws, EVENTS)
        ended = await closed(ws)  # nothing happens: the broker's tick notices

    assert ended.code == 4403
    assert "expired" in ended.reason


@pytest.mark.parametrize(
    "payload", [{"Authorization": 5}, {"authorization": ["Bearer x"]}, {"token": {"t": 1}}]
)
async def test_a_credential_that_is_not_text_is_refused_not_taken_for_anonymous(
    server: Server, payload: dict[str, Any]
) -> None:
    async with websockets.connect(server.url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ended = await closed(ws)

    assert ended.code == 4403


async def test_milestones_of_a_workflow_that_does_not_exist_are_refused(server: Server) -> None:
    async with connect(server.url) as ws:
        sub = await subscribe(ws, MILESTONES, {"workflows": ["coordination_body", "nope"]})
        message = await sub.next()

    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT", message
    assert "no workflow named 'nope'" in errors[0]["message"]
    assert "plan" in errors[0]["message"]  # it lists the names there are
