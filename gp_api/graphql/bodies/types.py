"""GraphQL types for coordination bodies, memberships and meetings."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gp_api.graphql.actors.types import Actor, load_actor
from gp_api.graphql.context import Info
from gp_api.graphql.readtypes import ReadType
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    page_args,
    read_children,
)
from gp_api.graphql.workflow.types import WorkflowSubject

LazyActor = Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")]


@strawberry.type(description="An actor's membership of a coordination body.")
class Membership(Node, ReadType, extra={"body_pk": "body_id", "actor_pk": "actor_id"}):
    body_pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int]

    @strawberry.field(description="The member.")
    async def actor(self, info: Info) -> LazyActor:
        return await load_actor(info, self.actor_pk)

    @strawberry.field(description="The body.")
    async def body(self, info: Info) -> CoordinationBody:
        row = await info.context.loaders.parent("CoordinationBody").load(self.body_pk)
        assert row is not None
        return CoordinationBody.from_row(row)


@strawberry.type(description="A consultation: of a body, or a wider conference.")
class Meeting(Node, ReadType, extra={"body_pk": "body_id"}):
    body_pk: strawberry.Private[int | None]

    @strawberry.field(description="The body that met; null for a wider conference.")
    async def body(self, info: Info) -> CoordinationBody | None:
        if self.body_pk is None:
            return None
        row = await info.context.loaders.parent("CoordinationBody").load(self.body_pk)
        return CoordinationBody.from_row(row) if row else None

    @strawberry.field(description="Actors that took part (recorded when the meeting is held).")
    async def participants(self, info: Info) -> list[LazyActor]:
        rows = await info.context.loaders.linked("Meeting", "participants").load(self.pk)
        return [Actor.from_row(r) for r in rows]


@strawberry.type(
    description="A coordination mechanism of the partnership: core group, task force, "
    "interagency working group."
)
class CoordinationBody(WorkflowSubject, ReadType):
    @strawberry.field(description="Members of the body.")
    async def members(
        self,
        info: Info,
        current: Annotated[
            bool, strawberry.argument(description="Only memberships that have not ended.")
        ] = True,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Membership]:
        return await read_children(
            info,
            "CoordinationBody",
            "members",
            self.pk,
            {"current": current},
            page_args(first, after, last, before),
            Membership.from_row,
        )

    @strawberry.field(description="Meetings of the body, earliest first.")
    async def meetings(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Meeting]:
        return await read_children(
            info,
            "CoordinationBody",
            "meetings",
            self.pk,
            {},
            page_args(first, after, last, before),
            Meeting.from_row,
        )
