"""The read model of coordination bodies, memberships and meetings (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.bodies.models import CoordinationBody, Hub, Meeting, Membership
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    Parent,
    ReadModel,
    RootConnection,
    Through,
    compare,
    declare,
    global_id,
    one_of,
    only_null_if,
    search,
    workflow_subject,
)
from gp_api.workflow.service import available_transitions

BODY = ReadModel(
    "CoordinationBody",
    CoordinationBody,
    (CoordinationBody.name, CoordinationBody.id),
    {
        **workflow_subject("CoordinationBody"),
        "availableTransitions": available_transitions("CoordinationBody"),
        "name": Column("name", "text", description="Name of the body."),
        "state": Column("state", "enum", description="Current stage (workflow state)."),
        "hubs": Column("hubs", "enum_list", description="Where the body consults.", enum_class=Hub),
        "mandate": Column("mandate", "text", description="What the body is for."),
        "foundedOn": Column("founded_on", "date", description="When the body was founded."),
        **SOURCED,
        "members": Children("Membership", "body_id", {"current": only_null_if("until")}),
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
        "participants": Through("Actor", "meeting_participants", "meeting_id", "actor_id"),
    },
)

declare(
    BODY,
    MEMBERSHIP,
    MEETING,
    roots={
        "coordinationBodies": RootConnection(
            "CoordinationBody", {"states": one_of("state"), "search": search("name")}
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
