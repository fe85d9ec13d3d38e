"""Mutations of coordination bodies, memberships and meetings: inputs, payloads, the mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.bodies import service as bodies_service
from gp_api.bodies.models import Hub, MembershipRole
from gp_api.graphql import ids
from gp_api.graphql.bodies.types import BodyChair, CoordinationBody, Meeting, Membership
from gp_api.graphql.common import (
    CONFIDENCE,
    ERRORS,
    INPUT,
    SOURCE_URL,
    described,
    given,
    optional_id,
)
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.write import mutate
from gp_api.models_common import Confidence


@strawberry.input(description="A new coordination body; it starts as PROPOSED.")
class CreateCoordinationBodyInput:
    name: str = strawberry.field(description="Name, unique.")
    hubs: list[Hub] | None = described("Where it consults.")
    mandate: str | None = described("What it is for.")
    mandate_symbol: str | None = described(
        "Symbol of the document or resolution that gave the mandate, e.g. A/RES/61/180."
    )
    founded_on: dt.date | None = described("When it was founded.")
    succeeds_id: strawberry.ID | None = described("The body it succeeds.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(
    description="Changes to a coordination body's data (never its state); fields left out stay."
)
class UpdateCoordinationBodyInput:
    id: strawberry.ID = strawberry.field(description="The body.")
    hubs: list[Hub] | None = described("Where it consults.", strawberry.UNSET)
    mandate: str | None = described("What it is for.", strawberry.UNSET)
    mandate_symbol: str | None = described(
        "Symbol of the document or resolution that gave the mandate.", strawberry.UNSET
    )
    founded_on: dt.date | None = described("When it was founded.", strawberry.UNSET)
    succeeds_id: strawberry.ID | None = described("The body it succeeds.", strawberry.UNSET)
    source_url: str | None = described(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = described(CONFIDENCE, strawberry.UNSET)


@strawberry.input(description="A person chairing a body, under one of their appointments.")
class AppointBodyChairInput:
    body_id: strawberry.ID = strawberry.field(description="The body.")
    appointment_id: strawberry.ID = strawberry.field(
        description="The appointment (person and office) the chair serves under."
    )
    since: dt.date | None = described("First day as chair; null if the sources do not say.")
    until: dt.date | None = described("Last day as chair; null while chairing.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="The end of a chair's term (it is kept, with its last day).")
class EndBodyChairInput:
    chair_id: strawberry.ID = strawberry.field(description="The chair (a BodyChair).")
    until: dt.date = strawberry.field(description="Last day as chair.")


@strawberry.type(description="Result of appointBodyChair / endBodyChair.")
class BodyChairPayload:
    chair: BodyChair | None = described("The chair as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of createCoordinationBody / updateCoordinationBody.")
class CoordinationBodyPayload:
    coordination_body: CoordinationBody | None = described("The body as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="An actor joining a coordination body.")
class AddMembershipInput:
    body_id: strawberry.ID = strawberry.field(description="The body.")
    actor_id: strawberry.ID = strawberry.field(description="The actor joining.")
    role: MembershipRole = described("Role in the body.", MembershipRole.MEMBER)
    since: dt.date | None = described("First day of membership.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="Ending a membership (it is kept, with its end date).")
class RemoveMembershipInput:
    membership_id: strawberry.ID = strawberry.field(description="The membership to end.")
    until: dt.date | None = described("Last day of membership; today when left out.")


@strawberry.type(description="Result of addMembership / removeMembership.")
class MembershipPayload:
    membership: Membership | None = described("The membership as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A meeting to schedule.")
class ScheduleMeetingInput:
    title: str = strawberry.field(description="Title.")
    hub: Hub = strawberry.field(description="New York, Geneva, Vienna or other.")
    starts_at: dt.datetime = strawberry.field(description="Start, with a timezone offset.")
    body_id: strawberry.ID | None = described("The body meeting; null for a wider conference.")
    ends_at: dt.datetime | None = described("End, with a timezone offset.")
    location: str | None = described("Venue or city.")
    host_id: strawberry.ID | None = described("The actor that hosts it (e.g. a government).")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(
    description="Corrections to a meeting's record (never its body, status or participants);"
    " fields left out stay as they are."
)
class UpdateMeetingInput:
    id: strawberry.ID = strawberry.field(description="The meeting.")
    title: str | None = described("Title.", strawberry.UNSET)
    hub: Hub | None = described("New York, Geneva, Vienna or other.", strawberry.UNSET)
    starts_at: dt.datetime | None = described("Start, with a timezone offset.", strawberry.UNSET)
    ends_at: dt.datetime | None = described(
        "End, with a timezone offset; null when not recorded.", strawberry.UNSET
    )
    location: str | None = described("Venue or city.", strawberry.UNSET)
    host_id: strawberry.ID | None = described(
        "The actor that hosted it; null when none is recorded.", strawberry.UNSET
    )
    outcome: str | None = described(
        "What the meeting concluded (a HELD meeting only).", strawberry.UNSET
    )
    source_url: str | None = described(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = described(CONFIDENCE, strawberry.UNSET)


@strawberry.input(description="Recording that a scheduled meeting took place.")
class RecordMeetingHeldInput:
    meeting_id: strawberry.ID = strawberry.field(description="The meeting.")
    participant_ids: list[strawberry.ID] | None = described("Actors that took part.")
    outcome: str | None = described("What the meeting concluded.")


@strawberry.type(description="Result of scheduleMeeting / updateMeeting / recordMeetingHeld.")
class MeetingPayload:
    meeting: Meeting | None = described("The meeting as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Change coordination bodies, memberships and meetings.")
class BodyMutations:
    @strawberry.mutation(permission_classes=[Allowed], description="Propose a coordination body.")
    async def create_coordination_body(
        self, info: Info, input: Annotated[CreateCoordinationBodyInput, INPUT]
    ) -> CoordinationBodyPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.create_body(
                session,
                principal=principal,
                name=input.name,
                hubs=input.hubs,
                mandate=input.mandate,
                mandate_symbol=input.mandate_symbol,
                founded_on=input.founded_on,
                succeeds_id=optional_id(input.succeeds_id, "CoordinationBody", "succeedsId"),
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            CoordinationBodyPayload,
            coordination_body=CoordinationBody.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Change a coordination body's data: mandate, founding, predecessor, hubs.",
    )
    async def update_coordination_body(
        self, info: Info, input: Annotated[UpdateCoordinationBodyInput, INPUT]
    ) -> CoordinationBodyPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.update_body(
                session,
                principal=principal,
                body_id=ids.decode_as(input.id, "CoordinationBody", "id"),
                changes=given(input, ids={"succeeds_id": ("CoordinationBody", "succeedsId")}),
            ),
            CoordinationBodyPayload,
            coordination_body=CoordinationBody.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Make the person of an appointment chair of a body, for a period.",
    )
    async def appoint_body_chair(
        self, info: Info, input: Annotated[AppointBodyChairInput, INPUT]
    ) -> BodyChairPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.appoint_chair(
                session,
                principal=principal,
                body_id=ids.decode_as(input.body_id, "CoordinationBody", "bodyId"),
                appointment_id=ids.decode_as(input.appointment_id, "Appointment", "appointmentId"),
                since=input.since,
                until=input.until,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            BodyChairPayload,
            chair=BodyChair.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="End a chair's term.")
    async def end_body_chair(
        self, info: Info, input: Annotated[EndBodyChairInput, INPUT]
    ) -> BodyChairPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.end_chair(
                session,
                principal=principal,
                chair_id=ids.decode_as(input.chair_id, "BodyChair", "chairId"),
                until=input.until,
            ),
            BodyChairPayload,
            chair=BodyChair.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Add an actor to a coordination body."
    )
    async def add_membership(
        self, info: Info, input: Annotated[AddMembershipInput, INPUT]
    ) -> MembershipPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.add_membership(
                session,
                principal=principal,
                body_id=ids.decode_as(input.body_id, "CoordinationBody", "bodyId"),
                actor_id=ids.decode_as(input.actor_id, "Actor", "actorId"),
                role=input.role,
                since=input.since,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            MembershipPayload,
            membership=Membership.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="End a membership.")
    async def remove_membership(
        self, info: Info, input: Annotated[RemoveMembershipInput, INPUT]
    ) -> MembershipPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.remove_membership(
                session,
                principal=principal,
                membership_id=ids.decode_as(input.membership_id, "Membership", "membershipId"),
                until=input.until,
            ),
            MembershipPayload,
            membership=Membership.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="Schedule a meeting.")
    async def schedule_meeting(
        self, info: Info, input: Annotated[ScheduleMeetingInput, INPUT]
    ) -> MeetingPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.schedule_meeting(
                session,
                principal=principal,
                body_id=optional_id(input.body_id, "CoordinationBody", "bodyId"),
                title=input.title,
                hub=input.hub,
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                location=input.location,
                host_id=optional_id(input.host_id, "Actor", "hostId"),
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            MeetingPayload,
            meeting=Meeting.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Correct a meeting's record: title, hub, dates, location, host, outcome,"
        " source; fields left out stay as they are.",
    )
    async def update_meeting(
        self, info: Info, input: Annotated[UpdateMeetingInput, INPUT]
    ) -> MeetingPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.update_meeting(
                session,
                principal=principal,
                meeting_id=ids.decode_as(input.id, "Meeting", "id"),
                changes=given(input, ids={"host_id": ("Actor", "hostId")}),
            ),
            MeetingPayload,
            meeting=Meeting.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record that a scheduled meeting was held, and who came.",
    )
    async def record_meeting_held(
        self, info: Info, input: Annotated[RecordMeetingHeldInput, INPUT]
    ) -> MeetingPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.record_meeting_held(
                session,
                principal=principal,
                meeting_id=ids.decode_as(input.meeting_id, "Meeting", "meetingId"),
                participant_ids=[
                    ids.decode_as(p, "Actor", "participantIds") for p in input.participant_ids or []
                ],
                outcome=input.outcome,
            ),
            MeetingPayload,
            meeting=Meeting.from_row,
        )
