"""The read model of coordination bodies, memberships and meetings (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.bodies import indicators
from gp_api.bodies.models import BodyChair, CoordinationBody, Hub, Meeting, Membership
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    Computed,
    Parent,
    ReadModel,
    RootConnection,
    Through,
    compare,
    declare,
    global_id,
    in_force_on,
    one_of,
    only_null_if,
    search,
    workflow_subject,
)
from gp_api.workflow.service import available_transitions

IN_FORCE = in_force_on("since", "until")

BODY = ReadModel(
    "CoordinationBody",
    CoordinationBody,
    (CoordinationBody.name, CoordinationBody.id),
    {
        **workflow_subject("CoordinationBody"),
        "availableTransitions": available_transitions("CoordinationBody"),
        "name": Column("name", "text", description="Name of the body.", localized=True),
        "state": Column("state", "enum", description="Current stage (workflow state)."),
        "hubs": Column("hubs", "enum_list", description="Where the body consults.", enum_class=Hub),
        "mandate": Column("mandate", "text", description="What the body is for."),
        "mandateSymbol": Column(
            "mandate_symbol",
            "text",
            description="Symbol of the document or resolution that gave the mandate.",
        ),
        "foundedOn": Column("founded_on", "date", description="When the body was founded."),
        **SOURCED,
        "flowCoverage": Computed(
            "CoordinationBody.flowCoverage", ("id",), indicators.flow_coverage_batch
        ),
        "mandateDocument": Parent("Document", "mandate_symbol", key="symbol"),
        "succeeds": Parent("CoordinationBody", "succeeds_id"),
        "succeededBy": Children("CoordinationBody", "succeeds_id"),
        "members": Children("Membership", "body_id", {"current": only_null_if("until")}),
        "chairs": Children(
            "BodyChair", "body_id", {"current": only_null_if("until"), "on": IN_FORCE}
        ),
        "meetings": Children("Meeting", "body_id"),
    },
)
MEMBERSHIP = ReadModel(
    "Membership",
    Membership,
    (Membership.id,),
    {
        **NODE,
        "role": Column("role", "enum", description="Role in the body."),
        "since": Column("since", "date", description="First day of membership."),
        "until": Column("until", "date", description="Last day; null while current."),
        **SOURCED,
        "actor": Parent("Actor", "actor_id"),
        "body": Parent("CoordinationBody", "body_id"),
    },
)
BODY_CHAIR = ReadModel(
    "BodyChair",
    BodyChair,
    (BodyChair.id,),
    {
        **NODE,
        "since": Column("since", "date", description="First day as chair; null if unknown."),
        "until": Column("until", "date", description="Last day as chair; null while chairing."),
        **SOURCED,
        "body": Parent("CoordinationBody", "body_id"),
        "person": Parent("Person", "person_id"),
        "appointment": Parent("Appointment", "appointment_id"),
    },
)
MEETING = ReadModel(
    "Meeting",
    Meeting,
    (Meeting.starts_at, Meeting.id),
    {
        **NODE,
        "title": Column("title", "text", description="Title of the meeting."),
        "hub": Column("hub", "enum", description="Where: New York, Geneva, Vienna or elsewhere."),
        "location": Column("location", "text", description="Venue or city."),
        "startsAt": Column("starts_at", "datetime", description="Start (UTC)."),
        "endsAt": Column("ends_at", "datetime", description="End (UTC)."),
        "status": Column("status", "enum", description="Scheduled, held or cancelled."),
        "outcome": Column("outcome", "text", description="What the meeting concluded."),
        **SOURCED,
        "body": Parent("CoordinationBody", "body_id"),
        "host": Parent("Actor", "host_id"),
        "participants": Through("Actor", "meeting_participants", "meeting_id", "actor_id"),
    },
)

declare(
    BODY,
    MEMBERSHIP,
    BODY_CHAIR,
    MEETING,
    roots={
        "coordinationBodies": RootConnection(
            "CoordinationBody",
            {"states": one_of("state"), "search": search("name", named="CoordinationBody")},
        ),
        "meetings": RootConnection(
            "Meeting",
            {
                "bodyId": global_id("body_id", "CoordinationBody", "bodyId"),
                "statuses": one_of("status"),
                "hubs": one_of("hub"),
                "startsAfter": compare("starts_at", ">="),
                "startsBefore": compare("starts_at", "<"),
            },
        ),
    },
)
