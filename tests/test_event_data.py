"""One convention for Event.data (camelCase keys, global IDs), declared per event type in the
catalog: new events are written in it, older rows are brought to it when read (their stored
JSON, which the audit chain's hashes cover, stays as it was), and the docs list it."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors.models import Actor
from gp_api.config import PROJECT_ROOT
from gp_api.db import session_factory, utcnow
from gp_api.events import catalog, docs, shape
from gp_api.events import service as events
from gp_api.events.chain import GENESIS, event_hash, verify
from gp_api.events.models import Event
from gp_api.principal import SYSTEM, Role
from tests.conftest import GraphQLClient


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


# Rows as the services wrote them before the convention: snake_case keys, raw ids, a null id
# in token and endpoint events, a webhook URL with its credentials.
LEGACY: list[tuple[str, str, int, dict[str, Any]]] = [
    (
        "actor.created",
        "Actor",
        7,
        {"id": 7, "name": "Old NGO", "short_name": "ON", "kind": "NGO", "is_origin": False},
    ),
    (
        "actor.updated",
        "Actor",
        7,
        {"changed": ["short_name"], "actor": {"id": 7, "short_name": "ONG"}},
    ),
    ("commitment.created", "Commitment", 3, {"id": 3, "actor_id": 7, "title": "Train"}),
    ("meeting.held", "Meeting", 2, {"meetingId": 2, "participantIds": [7, 8], "outcome": None}),
    (
        "plan_step.achieved",
        "PlanStep",
        1,
        {"key": "core_group", "bySubjectType": "CoordinationBody", "bySubjectId": 5},
    ),
    (
        "api_token.created",
        "ApiToken",
        4,
        {"id": None, "name": "robot", "role": "VIEWER", "actorId": 7, "prefix": "gp_ab"},
    ),
    (
        "webhook_endpoint.created",
        "WebhookEndpoint",
        6,
        {"id": None, "url": "https://u:p@h.example.org/in?k=1", "eventTypes": None},
    ),
    (
        "webhook_delivery.redelivery_requested",
        "WebhookDelivery",
        9,
        {"deliveryId": 9, "eventId": 1},
    ),
]
CONVERTED = [
    {
        "id": gid("Actor", 7),
        "name": "Old NGO",
        "shortName": "ON",
        "kind": "NGO",
        "isOrigin": False,
    },
    {"changed": ["shortName"], "actor": {"id": gid("Actor", 7), "shortName": "ONG"}},
    {"id": gid("Commitment", 3), "actorId": gid("Actor", 7), "title": "Train"},
    {
        "meetingId": gid("Meeting", 2),
        "participantIds": [gid("Actor", 7), gid("Actor", 8)],
        "outcome": None,
    },
    {
        "key": "core_group",
        "bySubjectType": "CoordinationBody",
        "bySubjectId": gid("CoordinationBody", 5),
    },
    {
        "id": gid("ApiToken", 4),
        "name": "robot",
        "role": "VIEWER",
        "actorId": gid("Actor", 7),
        "prefix": "gp_ab",
    },
    {"id": gid("WebhookEndpoint", 6), "url": "https://h.example.org/in", "eventTypes": None},
    {"deliveryId": gid("WebhookDelivery", 9), "eventId": gid("Event", 1)},
]


async def write_legacy_log(engine: AsyncEngine) -> list[int]:
    """The rows after the log's head, hash-chained as append() chained them; their ids."""
    async with session_factory(engine)() as session, session.begin():
        last = (
            await session.execute(select(Event.id, Event.hash).order_by(Event.id.desc()))
        ).first()
        head, prev = (last[0], last[1]) if last else (0, GENESIS)
        for number, (type_, subject_type, subject_id, data) in enumerate(LEGACY, start=head + 1):
            row = Event(
                id=number,
                occurred_at=utcnow(),
                type=type_,
                subject_type=subject_type,
                subject_id=subject_id,
                milestone=False,
                data=data,
                principal_id="system",
                principal_name="GP API system",
                on_behalf_of_actor_id=None,
                prev_hash=prev,
            )
            row.hash = prev = event_hash(row, prev)
            session.add(row)
    return list(range(head + 1, head + 1 + len(LEGACY)))


async def test_old_rows_read_in_the_convention_and_their_chain_still_verifies(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    written = await write_legacy_log(engine)

    async with session_factory(engine)() as session:
        checked = await verify(session)
    data = await gql.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Event { type data } } }",
        {"ids": [gid("Event", n) for n in written]},
    )

    assert (checked.checked, checked.first_break) == (written[-1], None)
    assert [n["data"] for n in data["nodes"]] == CONVERTED


def test_shaping_is_idempotent() -> None:
    for (type_, subject_type, subject_id, data), converted in zip(LEGACY, CONVERTED, strict=True):
        once = shape.shaped(type_, subject_type, subject_id, data)
        assert once == converted
        assert shape.shaped(type_, subject_type, subject_id, once) == once


def _keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [k for key, inner in value.items() for k in (key, *_keys(inner))]
    if isinstance(value, list):
        return [k for inner in value for k in _keys(inner)]
    return []


async def test_new_events_are_written_in_the_convention(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    actor = (
        await gql.data(
            'mutation { createActor(input: {name: "New NGO", kind: NGO}) { actor { id } } }'
        )
    )["createActor"]["actor"]["id"]
    await gql.data(
        "mutation($a: ID!) { createCommitment(input: {actorId: $a, determinants: [PROTECTION], "
        'title: "Train staff"}) { commitment { id } userErrors { code } } }',
        {"a": actor},
    )
    await gql.data(
        'mutation($a: ID!) { updateActor(input: {id: $a, shortName: "NN"}) { actor { id } } }',
        {"a": actor},
    )

    async with session_factory(engine)() as session:
        stored = {row.type: row.data for row in await session.scalars(select(Event))}

    assert stored["actor.created"]["id"] == actor
    assert stored["commitment.created"]["actorId"] == actor
    assert stored["actor.updated"]["changed"] == ["shortName"]
    assert stored["actor.updated"]["actor"]["shortName"] == "NN"
    for data in stored.values():
        assert [k for k in _keys(data) if "_" in k] == []


async def test_an_undeclared_type_or_key_is_refused_and_nothing_is_written(
    engine: AsyncEngine,
) -> None:
    async def write(type_: str, data: dict[str, Any]) -> None:
        async with session_factory(engine)() as session, session.begin():
            actor = Actor(name="Someone", kind="NGO")
            session.add(actor)
            await events.append(session, principal=SYSTEM, type=type_, subject=actor, data=data)

    with pytest.raises(shape.UndeclaredData, match=r"actor\.renamed"):
        await write("actor.renamed", {})
    with pytest.raises(shape.UndeclaredData, match="nickname"):
        await write("actor.created", {"nickname": "x"})
    async with session_factory(engine)() as session:
        assert await session.scalar(select(func.count()).select_from(Event)) == 0


def test_every_event_type_the_code_writes_is_declared() -> None:
    written = {
        match
        for path in (PROJECT_ROOT / "gp_api").rglob("*.py")
        for match in re.findall(r'type="([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8"))
    }

    assert len(written) >= 20
    assert written <= set(catalog.CATALOG)


def test_the_integrator_docs_list_every_event_type() -> None:
    committed = (PROJECT_ROOT / "docs" / "integrators.md").read_text(encoding="utf-8")

    assert committed.endswith("\n" + docs.markdown()), (
        "docs/integrators.md's Event types section is stale: run `make docs`"
    )
    assert docs.with_section(committed) == committed
    for name in catalog.CATALOG:
        assert f"### `{name}`" in committed


def test_url_credentials_never_survive() -> None:
    assert shape.url_without_secrets("https://u:p@[::1]:8443/a/b?x=1#f") == "https://[::1]:8443/a/b"


def test_a_reader_gets_only_the_data_its_role_may_see() -> None:
    endpoint = {"id": gid("WebhookEndpoint", 1), "url": "https://h.example.org/in"}

    assert shape.for_role(Role.VIEWER, "api_token.created", {"name": "x"}) == {}
    assert shape.for_role(None, "webhook_endpoint.created", endpoint) == {}
    assert shape.for_role(Role.VIEWER, "webhook_endpoint.created", endpoint) == {
        "id": gid("WebhookEndpoint", 1)
    }
    assert shape.for_role(Role.ADMIN, "webhook_endpoint.created", endpoint) == endpoint
    assert shape.for_role(Role.EDITOR, "not.declared", {"a": 1}) == {}


def test_a_url_keeps_only_scheme_host_and_path() -> None:
    assert shape.url_without_secrets("http://h.example.org:99999/p?q") == "http://h.example.org/p"
