"""GraphQL types for coordination bodies, memberships and meetings."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.actors.models import FlowRole
from gp_api.graphql.actors.types import Actor, load_actor
from gp_api.graphql.context import Info
from gp_api.graphql.documents.types import load_document
from gp_api.graphql.people.types import Appointment, Person, load_appointment, load_person
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

if TYPE_CHECKING:
    from gp_api.graphql.documents.types import Document

LazyActor = Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")]
LazyDocument = Annotated["Document", strawberry.lazy("gp_api.graphql.documents.types")]


@strawberry.type(
    description="A person chairing a coordination body for a period, under one of their"
    " appointments to an office."
)
class BodyChair(
    Node,
    ReadType,
    extra={"body_pk": "body_id", "person_pk": "person_id", "appointment_pk": "appointment_id"},
):
    body_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int]
    appointment_pk: strawberry.Private[int]

    @strawberry.field(description="The body chaired.")
    async def body(self, info: Info) -> CoordinationBody:
        row = await info.context.loaders.parent("CoordinationBody").load(self.body_pk)
        assert row is not None
        return CoordinationBody.from_row(row)

    @strawberry.field(description="The chair.")
    async def person(self, info: Info) -> Person:
        return await load_person(info, self.person_pk)

    @strawberry.field(description="The appointment (person and office) the chair serves under.")
    async def appointment(self, info: Info) -> Appointment:
        return await load_appointment(info, self.appointment_pk)


@strawberry.type(
    description="Which of the seed's roles (countries of origin, transit and destination) the"
    " body's current state members cover: an indicator, not a guard (no licensed source"
    " provides these roles)."
)
class FlowCoverage:
    covered: list[FlowRole] = strawberry.field(description="Roles some state member has.")
    missing: list[FlowRole] = strawberry.field(description="Roles no state member has.")
    state_members: int = strawberry.field(description="Current members that are states.")
    illustrative: bool = strawberry.field(
        description="Whether a role counted rests on flow roles marked illustrative."
    )


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
class Meeting(Node, ReadType, extra={"body_pk": "body_id", "host_pk": "host_id"}):
    body_pk: strawberry.Private[int | None]
    host_pk: strawberry.Private[int | None]

    @strawberry.field(description="The actor that hosted it, when the record says.")
    async def host(self, info: Info) -> LazyActor | None:
        if self.host_pk is None:
            return None
        row = await info.context.loaders.parent("Actor").load(self.host_pk)
        return Actor.from_row(row) if row else None

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
class CoordinationBody(
    WorkflowSubject, ReadType, extra={"succeeds_pk": "succeeds_id", "mandate_sym": "mandate_symbol"}
):
    succeeds_pk: strawberry.Private[int | None]
    mandate_sym: strawberry.Private[str | None]

    @strawberry.field(description="Flow coverage of the current state members (an indicator).")
    async def flow_coverage(self, info: Info) -> FlowCoverage:
        found = await info.context.loaders.computed("CoordinationBody", "flowCoverage").load(
            (self.pk,)
        )
        return FlowCoverage(
            covered=[FlowRole(r) for r in found["covered"]],
            missing=[FlowRole(r) for r in found["missing"]],
            state_members=found["stateMembers"],
            illustrative=found["illustrative"],
        )

    @strawberry.field(description="The document or resolution that gave the mandate.")
    async def mandate_document(self, info: Info) -> LazyDocument | None:
        return await load_document(info, self.mandate_sym)

    @strawberry.field(description="The body this one succeeds, if any.")
    async def succeeds(self, info: Info) -> CoordinationBody | None:
        if self.succeeds_pk is None:
            return None
        row = await info.context.loaders.parent("CoordinationBody").load(self.succeeds_pk)
        return None if row is None else CoordinationBody.from_row(row)

    @strawberry.field(description="The bodies that succeed this one.")
    async def succeeded_by(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[CoordinationBody]:
        return await read_children(
            info,
            "CoordinationBody",
            "succeededBy",
            self.pk,
            {},
            page_args(first, after, last, before),
            CoordinationBody.from_row,
        )

    @strawberry.field(
        description="The body's chairs, each dated and under an appointment to an office,"
        " in the order recorded."
    )
    async def chairs(
        self,
        info: Info,
        current: Annotated[
            bool, strawberry.argument(description="Only the chair without an end date.")
        ] = False,
        on: Annotated[
            dt.date | None,
            strawberry.argument(description="Only the chair in office that day."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[BodyChair]:
        return await read_children(
            info,
            "CoordinationBody",
            "chairs",
            self.pk,
            {"current": current, "on": on},
            page_args(first, after, last, before),
            BodyChair.from_row,
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
