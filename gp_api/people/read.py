"""The read model of persons, offices and appointments (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.people.models import Appointment, Office, Person
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    Parent,
    ReadModel,
    RootConnection,
    declare,
    global_id,
    in_force_on,
    one_of,
    only_null_if,
    search,
)

IN_FORCE = in_force_on("since", "until")

PERSON = ReadModel(
    "Person",
    Person,
    (Person.name, Person.id),
    {
        **NODE,
        "name": Column("name", "text", description="Name, as the public record gives it."),
        **SOURCED,
        "appointments": Children(
            "Appointment", "person_id", {"current": only_null_if("until"), "on": IN_FORCE}
        ),
        "chairs": Children(
            "BodyChair", "person_id", {"current": only_null_if("until"), "on": IN_FORCE}
        ),
    },
)
OFFICE = ReadModel(
    "Office",
    Office,
    (Office.title, Office.id),
    {
        **NODE,
        "title": Column("title", "text", description="Title of the office.", localized=True),
        "kind": Column(
            "kind",
            "enum",
            description="What the office is (guards match the kind, never the title).",
        ),
        "description": Column(
            "description", "text", description="What the office is for, and what created it."
        ),
        **SOURCED,
        "actor": Parent("Actor", "actor_id"),
        "appointments": Children(
            "Appointment", "office_id", {"current": only_null_if("until"), "on": IN_FORCE}
        ),
    },
)
APPOINTMENT = ReadModel(
    "Appointment",
    Appointment,
    (Appointment.id,),
    {
        **NODE,
        "since": Column("since", "date", description="First day in office; null if unknown."),
        "until": Column("until", "date", description="Last day in office; null while in office."),
        **SOURCED,
        "person": Parent("Person", "person_id"),
        "office": Parent("Office", "office_id"),
    },
)

declare(
    PERSON,
    OFFICE,
    APPOINTMENT,
    roots={
        "persons": RootConnection("Person", {"search": search("name")}),
        "offices": RootConnection(
            "Office",
            {
                "kinds": one_of("kind"),
                "actorId": global_id("actor_id", "Actor", "actorId"),
                "search": search("title", named="Office"),
            },
        ),
        "appointments": RootConnection(
            "Appointment",
            {
                "officeId": global_id("office_id", "Office", "officeId"),
                "personId": global_id("person_id", "Person", "personId"),
                "on": IN_FORCE,
            },
        ),
    },
)
