"""The read model of coordination bodies, memberships and meetings (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.bodies.models import CoordinationBody, Meeting, Membership
from gp_api.readmodel import (
    Children,
    Column,
    Parent,
    ReadModel,
    RootConnection,
    Through,
    compare,
    declare,
    global_id,
    history,
    one_of,
    only_null_if,
    search,
)

BODY = ReadModel(
    "CoordinationBody",
    CoordinationBody,
    (CoordinationBody.name, CoordinationBody.id),
    {
        "id": Column("id", "id"),
        "version": Column("version", "int"),
        "history": history("CoordinationBody"),
        "name": Column("name", "text"),
        "state": Column("state", "enum"),
        "hubs": Column("hubs", "enum_list"),
        "mandate": Column("mandate", "text"),
        "foundedOn": Column("founded_on", "date"),
        "sourceUrl": Column("source_url", "text"),
        "confidence": Column("confidence", "enum"),
        "members": Children("Membership", "body_id", {"current": only_null_if("until")}),
        "meetings": Children("Meeting", "body_id"),
    },
    computed=frozenset({"availableTransitions"}),
)
MEMBERSHIP = ReadModel(
    "Membership",
    Membership,
    (Membership.id,),
    {
        "id": Column("id", "id"),
        "role": Column("role", "enum"),
        "since": Column("since", "date"),
        "until": Column("until", "date"),
        "sourceUrl": Column("source_url", "text"),
        "confidence": Column("confidence", "enum"),
        "actor": Parent("Actor", "actor_id"),
        "body": Parent("CoordinationBody", "body_id"),
    },
)
MEETING = ReadModel(
    "Meeting",
    Meeting,
    (Meeting.starts_at, Meeting.id),
    {
        "id": Column("id", "id"),
        "title": Column("title", "text"),
        "hub": Column("hub", "enum"),
        "location": Column("location", "text"),
        "startsAt": Column("starts_at", "datetime"),
        "endsAt": Column("ends_at", "datetime"),
        "status": Column("status", "enum"),
        "outcome": Column("outcome", "text"),
        "sourceUrl": Column("source_url", "text"),
        "confidence": Column("confidence", "enum"),
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
