"""GraphQL type for events of the log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from gp_api.events.models import Event as EventRow
from gp_api.events.shape import for_role, shaped
from gp_api.graphql import ids, nodes
from gp_api.graphql.actors.types import load_actor
from gp_api.graphql.context import Info
from gp_api.graphql.relay import Node
from gp_api.pagination import encode_cursor

if TYPE_CHECKING:
    from gp_api.graphql.actors.types import Actor


@strawberry.type(description="One change to the partnership's record, in commit order.")
class Event(Node):
    pk: strawberry.Private[int]
    subject_pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int | None]
    cursor: str = strawberry.field(
        description="Opaque position in the event log: `after` for the events connection "
        "and subscriptions."
    )
    type: str = strawberry.field(description="What happened, e.g. `actor.created`.")
    occurred_at: dt.datetime = strawberry.field(description="When it was recorded.")
    subject_type: str = strawberry.field(description="GraphQL type name of the subject.")
    subject_id: strawberry.ID = strawberry.field(description="Global ID of the subject.")
    milestone: bool = strawberry.field(description="True for milestones integrators watch.")
    shaped_data: strawberry.Private[dict[str, Any]]
    by: str = strawberry.field(description="Name of the principal who made the change.")
    principal_id: str = strawberry.field(
        description="Who made the change: `token:<n>`, `system` or `anonymous`."
    )
    # The row's hash-chain link: names this event uniquely, even across databases.
    log_hash: strawberry.Private[str] = ""

    @classmethod
    def from_row(cls, row: EventRow) -> Event:
        return cls(
            id=strawberry.ID(ids.encode("Event", row.id)),
            pk=row.id,
            subject_pk=row.subject_id,
            actor_pk=row.on_behalf_of_actor_id,
            cursor=encode_cursor([row.id]),
            type=row.type,
            occurred_at=row.occurred_at,
            subject_type=row.subject_type,
            subject_id=strawberry.ID(ids.encode(row.subject_type, row.subject_id)),
            milestone=row.milestone,
            shaped_data=shaped(row.type, row.subject_type, row.subject_id, row.data),
            by=row.principal_name,
            principal_id=row.principal_id,
            log_hash=row.hash,
        )

    @strawberry.field(
        description="Details of the change: camelCase keys, global IDs; the keys of each type "
        "are listed in docs/integrators.md (Event types). Keys a reader may not see are left out."
    )
    def data(self, info: Info) -> JSON:
        return cast(JSON, for_role(info.context.principal.role, self.type, self.shaped_data))

    @strawberry.field(description="The object the event is about (null if it is gone).")
    async def subject(self, info: Info) -> Node | None:
        return await nodes.resolve(info, self.subject_type, self.subject_pk)

    @strawberry.field(description="The actor the principal acted for, if any.")
    async def on_behalf_of(
        self, info: Info
    ) -> Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")] | None:
        if self.actor_pk is None:
            return None
        return await load_actor(info, self.actor_pk)
