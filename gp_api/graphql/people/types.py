"""GraphQL types of persons, offices and appointments (public roles only)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.graphql.actors.types import load_actor
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
from gp_api.people.models import OfficeKind

if TYPE_CHECKING:
    from gp_api.graphql.actors.types import Actor
    from gp_api.graphql.bodies.types import BodyChair

strawberry.enum(
    OfficeKind,
    description="What an office is: guards match the kind (e.g. a Special Adviser of the"
    " Secretary-General), never the title's text.",
)

LazyActor = Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")]
LazyBodyChair = Annotated["BodyChair", strawberry.lazy("gp_api.graphql.bodies.types")]
Current = Annotated[
    bool, strawberry.argument(description="Only those without an end date (still in office).")
]
On = Annotated[
    dt.date | None,
    strawberry.argument(
        description="Only those in office that day (first day on or before it, last day on or"
        " after it or none); an unknown first day never matches."
    ),
]


async def load_person(info: Info, pk: int) -> Person:
    row = await info.context.loaders.parent("Person").load(pk)
    assert row is not None, "foreign key guarantees the person"
    return Person.from_row(row)


async def load_appointment(info: Info, pk: int) -> Appointment:
    row = await info.context.loaders.parent("Appointment").load(pk)
    assert row is not None, "foreign key guarantees the appointment"
    return Appointment.from_row(row)


@strawberry.type(description="A person in an office for a period (both days included).")
class Appointment(Node, ReadType, extra={"person_pk": "person_id", "office_pk": "office_id"}):
    person_pk: strawberry.Private[int]
    office_pk: strawberry.Private[int]

    @strawberry.field(description="Who was appointed.")
    async def person(self, info: Info) -> Person:
        return await load_person(info, self.person_pk)

    @strawberry.field(description="The office.")
    async def office(self, info: Info) -> Office:
        row = await info.context.loaders.parent("Office").load(self.office_pk)
        assert row is not None, "foreign key guarantees the office"
        return Office.from_row(row)


@strawberry.type(
    description="A public office, e.g. 'Executive Director, UNODC' or 'Special Rapporteur on"
    " trafficking in persons, especially women and children'."
)
class Office(Node, ReadType, extra={"actor_pk": "actor_id"}):
    actor_pk: strawberry.Private[int | None]

    @strawberry.field(description="The actor the office belongs to, where one is recorded.")
    async def actor(self, info: Info) -> LazyActor | None:
        return None if self.actor_pk is None else await load_actor(info, self.actor_pk)

    @strawberry.field(
        description="Who held the office, in the order recorded (`on`: who held it that day)."
    )
    async def appointments(
        self,
        info: Info,
        current: Current = False,
        on: On = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Appointment]:
        return await read_children(
            info,
            "Office",
            "appointments",
            self.pk,
            {"current": current, "on": on},
            page_args(first, after, last, before),
            Appointment.from_row,
        )


@strawberry.type(
    description="A person in a public role (an official, a mandate holder, a chair). Public"
    " roles only: no personal contact data is recorded."
)
class Person(Node, ReadType):
    @strawberry.field(description="The person's appointments to offices, in the order recorded.")
    async def appointments(
        self,
        info: Info,
        current: Current = False,
        on: On = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Appointment]:
        return await read_children(
            info,
            "Person",
            "appointments",
            self.pk,
            {"current": current, "on": on},
            page_args(first, after, last, before),
            Appointment.from_row,
        )

    @strawberry.field(
        description="The coordination bodies the person chaired, in the order recorded."
    )
    async def chairs(
        self,
        info: Info,
        current: Current = False,
        on: On = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[LazyBodyChair]:
        from gp_api.graphql.bodies.types import BodyChair

        return await read_children(
            info,
            "Person",
            "chairs",
            self.pk,
            {"current": current, "on": on},
            page_args(first, after, last, before),
            BodyChair.from_row,
        )
