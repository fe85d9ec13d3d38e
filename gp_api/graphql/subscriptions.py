"""Subscriptions over graphql-transport-ws: the event log as a stream that resumes from a
cursor with no gap and no duplicate."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import replace
from typing import Annotated

import strawberry

from gp_api.auth import service as auth_service
from gp_api.errors import DomainError
from gp_api.events import stream as event_stream
from gp_api.events.catalog import unknown_workflows, workflow_names
from gp_api.events.models import Event as EventRow
from gp_api.events.stream import Selector
from gp_api.fastpath import LRU
from gp_api.graphql import nodes
from gp_api.graphql.context import Context, Info
from gp_api.graphql.errors import PublicError, public
from gp_api.graphql.events.types import Event
from gp_api.pagination import decode_cursor

AFTER = (
    "Resume after this Event.cursor: the events since are replayed first, then live ones "
    "follow. Null: from now on."
)
SUBJECTS = "Only events about these objects (global IDs)."


def _after_id(after: str | None) -> int | None:
    if after is None:
        return None
    try:
        return int(decode_cursor(after, [EventRow.id], "after")[0])
    except DomainError as error:
        raise public(error) from None


def _subjects(subject_ids: list[strawberry.ID] | None) -> frozenset[tuple[str, int]] | None:
    if subject_ids is None:
        return None
    return frozenset(nodes.decode_node_id(i) for i in subject_ids)


async def stream(
    info: Info, after: str | None, selector: Selector
) -> AsyncGenerator[EventRow, None]:
    """Every event after `after` that `selector` wants, in id order, exactly once (see
    events.stream.follow); ends the subscription when the token is revoked or expires."""
    context = info.context
    broker, sessions = context.broker, context.sessions
    if broker is None or sessions is None:
        raise PublicError("subscriptions are served over WebSocket on /graphql", "BAD_REQUEST")
    principal = context.principal
    if principal.token_id is not None:
        async with sessions() as session:
            if not await auth_service.still_valid(session, principal.token_id):
                raise PublicError("the API token was revoked or has expired", "UNAUTHENTICATED")
    after_id = _after_id(after)
    selector = replace(selector, audience=principal.role)
    try:
        async with aclosing(
            event_stream.follow(sessions, broker, after_id, idle=lambda: _check_expiry(context))
        ) as rows:
            async for row in rows:
                if row.type == "api_token.revoked" and row.subject_id == principal.token_id:
                    raise PublicError("the API token was revoked", "UNAUTHENTICATED")
                if selector.matches(row):
                    yield row
                    # Give back the connection the resolvers of this event used.
                    await context.close()
                    context.forget_loaded()
    except event_stream.CursorAhead as error:
        raise PublicError(
            f"cursor {after!r} is ahead of the event log (its last event is {error.last})",
            "BAD_USER_INPUT",
        ) from None
    except event_stream.CursorExpired as error:
        raise PublicError(
            f"cursor {after!r} is older than the event log keeps (its first event is "
            f"{error.first}); start from null, or from a later cursor",
            "BAD_USER_INPUT",
        ) from None


_converted: LRU[tuple[int, str], Event] = LRU(1000)


def shared_event(row: EventRow) -> Event:
    """The Event for a row, built once for every subscriber it goes to (a cursor and global
    IDs to encode, 1,000 times per milestone otherwise). Keyed by id and hash-chain link."""
    key = (row.id, row.hash)
    event = _converted.get(key)
    if event is None:
        event = Event.from_row(row)
        _converted.put(key, event)
    return event


def _check_expiry(context: Context) -> None:
    expires = context.principal.expires_at
    if expires is not None and expires <= dt.datetime.now(dt.UTC):
        raise PublicError("the API token has expired", "UNAUTHENTICATED")


@strawberry.type(description="Live changes, resumable from a cursor without gaps.")
class Subscription:
    @strawberry.subscription(
        description="Every change (that the subscriber may see), in commit order."
    )
    async def events(
        self,
        info: Info,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        types: Annotated[
            list[str] | None, strawberry.argument(description="Only these event types.")
        ] = None,
        subject_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description=SUBJECTS)
        ] = None,
    ) -> AsyncGenerator[Event, None]:
        selector = Selector(
            types=frozenset(types) if types is not None else None,
            subjects=_subjects(subject_ids),
        )
        async for row in stream(info, after, selector):
            yield shared_event(row)

    @strawberry.subscription(
        description="Milestones only: a body reaching a stage, a resolution adopted, a plan "
        "step achieved ..."
    )
    async def milestones(
        self,
        info: Info,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        workflows: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Only these workflows (names from the `workflows` query; `plan` "
                "for plan steps)."
            ),
        ] = None,
        subject_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description=SUBJECTS)
        ] = None,
    ) -> AsyncGenerator[Event, None]:
        subjects = _subjects(subject_ids)
        if unknown := unknown_workflows(workflows):
            raise PublicError(
                f"workflows: no workflow named {', '.join(map(repr, unknown))}; there are: "
                + ", ".join(sorted(workflow_names())),
                "BAD_USER_INPUT",
            )
        selector = Selector(
            milestone=True,
            workflows=frozenset(workflows) if workflows is not None else None,
            subjects=subjects,
        )
        async for row in stream(info, after, selector):
            yield shared_event(row)
