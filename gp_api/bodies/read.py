"""The read model of coordination bodies, memberships and meetings (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.bodies.models import CoordinationBody, Meeting, Membership
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
        "name": Column("name", "text"),
        "state": Column("state", "enum"),
        "hubs": Column("hubs", "enum_list"),
        "mandate": Column("mandate", "text"),
        "foundedOn": Column("founded_on", "date"),
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
        "role": Column("role", "enum"),
        "since": Column("since", "date"),
        "until": Column("until", "date"),
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
        "title": Column("title", "text"),
        "hub": Column("hub", "enum"),
        "location": Column("location", "text"),
        "startsAt": Column("starts_at", "datetime"),
        "endsAt": Column("ends_at", "datetime"),
        "status": Column("status", "enum"),
        "outcome": Column("outcome", "text"),
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
