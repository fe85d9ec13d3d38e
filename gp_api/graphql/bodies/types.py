"""GraphQL types for coordination bodies, memberships and meetings."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.bodies.models import CoordinationBody as BodyRow
from gp_api.bodies.models import Hub, MeetingStatus, MembershipRole
from gp_api.bodies.models import Meeting as MeetingRow
from gp_api.bodies.models import Membership as MembershipRow
from gp_api.graphql import ids
from gp_api.graphql.actors.types import Actor, load_actor
from gp_api.graphql.common import CONFIDENCE, SOURCE_URL
from gp_api.graphql.context import Info
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
from gp_api.models_common import Confidence
from workflows.coordination_body import BodyState

LazyActor = Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")]


@strawberry.type(description="An actor's membership of a coordination body.")
class Membership(Node):
    pk: strawberry.Private[int]
    body_pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int]
    role: MembershipRole = strawberry.field(description="Role in the body.")
    since: dt.date | None = strawberry.field(description="First day of membership.")
    until: dt.date | None = strawberry.field(description="Last day; null while current.")
    source_url: str | None = strawberry.field(description=SOURCE_URL)
    confidence: Confidence | None = strawberry.field(description=CONFIDENCE)

    @classmethod
    def from_row(cls, row: MembershipRow) -> Membership:
        return cls(
            id=strawberry.ID(ids.encode("Membership", row.id)),
            pk=row.id,
            body_pk=row.body_id,
            actor_pk=row.actor_id,
            role=row.role,
            since=row.since,
            until=row.until,
            source_url=row.source_url,
            confidence=row.confidence,
        )

    @strawberry.field(description="The member.")
    async def actor(self, info: Info) -> LazyActor:
        return await load_actor(info, self.actor_pk)

    @strawberry.field(description="The body.")
    async def body(self, info: Info) -> CoordinationBody:
        row = await info.context.loaders.parent("CoordinationBody").load(self.body_pk)
        assert row is not None
        return CoordinationBody.from_row(row)


@strawberry.type(description="A consultation: of a body, or a wider conference.")
class Meeting(Node):
    pk: strawberry.Private[int]
    body_pk: strawberry.Private[int | None]
    title: str = strawberry.field(description="Title of the meeting.")
    hub: Hub = strawberry.field(description="Where: New York, Geneva, Vienna or elsewhere.")
    location: str | None = strawberry.field(description="Venue or city.")
    starts_at: dt.datetime = strawberry.field(description="Start (UTC).")
    ends_at: dt.datetime | None = strawberry.field(description="End (UTC).")
    status: MeetingStatus = strawberry.field(description="Scheduled, held or cancelled.")
    outcome: str | None = strawberry.field(description="What the meeting concluded.")
    source_url: str | None = strawberry.field(description=SOURCE_URL)
    confidence: Confidence | None = strawberry.field(description=CONFIDENCE)

    @classmethod
    def from_row(cls, row: MeetingRow) -> Meeting:
        return cls(
            id=strawberry.ID(ids.encode("Meeting", row.id)),
            pk=row.id,
            body_pk=row.body_id,
            title=row.title,
            hub=row.hub,
            location=row.location,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            status=row.status,
            outcome=row.outcome,
            source_url=row.source_url,
            confidence=row.confidence,
        )

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
class CoordinationBody(WorkflowSubject):
    name: str = strawberry.field(description="Name of the body.")
    state: BodyState = strawberry.field(description="Current stage (workflow state).")
    hubs: list[Hub] = strawberry.field(description="Where the body consults.")
    mandate: str | None = strawberry.field(description="What the body is for.")
    founded_on: dt.date | None = strawberry.field(description="When the body was founded.")
    source_url: str | None = strawberry.field(description=SOURCE_URL)
    confidence: Confidence | None = strawberry.field(description=CONFIDENCE)

    @classmethod
    def from_row(cls, row: BodyRow) -> CoordinationBody:
        return cls(
            id=strawberry.ID(ids.encode("CoordinationBody", row.id)),
            pk=row.id,
            name=row.name,
            state=row.state,
            version=row.version,
            hubs=[Hub(h) for h in row.hubs],
            mandate=row.mandate,
            founded_on=row.founded_on,
            source_url=row.source_url,
            confidence=row.confidence,
        )

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
