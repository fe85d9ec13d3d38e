"""GraphQL type for workflow history (TransitionRecord)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.events import service as events_service
from gp_api.events.models import Event as EventRow
from gp_api.events.models import TransitionRecord as RecordRow
from gp_api.graphql import ids
from gp_api.graphql.context import Context
from gp_api.graphql.relay import Connection, Node, connection
from gp_api.pagination import PageArgs

if TYPE_CHECKING:
    from gp_api.graphql.actors import Actor
    from gp_api.graphql.events import Event

Info = strawberry.Info[Context, None]


@strawberry.type(description="One move of a subject along its workflow: who, when, why.")
class TransitionRecord(Node):
    pk: strawberry.Private[int]
    event_pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int | None]
    workflow: str = strawberry.field(description="Name of the workflow definition.")
    workflow_version: int = strawberry.field(description="Version of the workflow definition.")
    from_state: str | None = strawberry.field(description="State before the move.")
    to_state: str = strawberry.field(description="State after the move.")
    trigger: str = strawberry.field(
        description="The trigger fired; `import` marks a dated historical import record."
    )
    by: str = strawberry.field(description="Name of the principal who made the move.")
    reason: str | None = strawberry.field(description="Why the move was made.")
    at: dt.datetime = strawberry.field(description="When the move took effect.")
    source_url: str | None = strawberry.field(description="Public source for an import record.")

    @classmethod
    def from_row(cls, row: RecordRow) -> TransitionRecord:
        return cls(
            id=strawberry.ID(ids.encode("TransitionRecord", row.id)),
            pk=row.id,
            event_pk=row.event_id,
            actor_pk=row.on_behalf_of_actor_id,
            workflow=row.workflow,
            workflow_version=row.workflow_version,
            from_state=row.from_state,
            to_state=row.to_state,
            trigger=row.trigger,
            by=row.principal_name,
            reason=row.reason,
            at=row.at,
            source_url=row.source_url,
        )

    @strawberry.field(description="The actor the principal acted for, if any.")
    async def on_behalf_of(
        self, info: Info
    ) -> Annotated["Actor", strawberry.lazy("gp_api.graphql.actors")] | None:
        if self.actor_pk is None:
            return None
        from gp_api.graphql.bodies import load_actor

        return await load_actor(info, self.actor_pk)

    @strawberry.field(description="The event that recorded this move.")
    async def event(
        self, info: Info
    ) -> Annotated["Event", strawberry.lazy("gp_api.graphql.events")]:
        from gp_api.graphql.events import Event

        row = await info.context.loaders.rows(EventRow).load(self.event_pk)
        assert row is not None
        return Event.from_row(row)


async def history_connection(
    info: Info, subject_type: str, pk: int, args: PageArgs
) -> Connection[TransitionRecord]:
    loaders = info.context.loaders

    async def count() -> int:
        return await info.context.run(
            lambda session: events_service.count_history(session, subject_type, pk)
        )

    page = await loaders.pages(
        f"history:{subject_type}",
        lambda s, keys, a: events_service.history(s, subject_type, keys, a),
    ).load((pk, args))
    return connection(page, TransitionRecord.from_row, count)
