"""Root query fields of persons, offices and appointments: the Query mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.graphql.context import Info
from gp_api.graphql.people.types import Appointment, Office, Person
from gp_api.graphql.relay import After, Before, Connection, First, Last, read_root
from gp_api.people.models import OfficeKind


@strawberry.type(description="Read persons, offices and appointments.")
class PeopleQueries:
    @strawberry.field(description="Persons in public roles, by name.")
    async def persons(
        self,
        info: Info,
        search: Annotated[str | None, strawberry.argument(description="Text in the name.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Person]:
        return await read_root(
            info, "persons", {"search": search}, Person.from_row, first, after, last, before
        )

    @strawberry.field(description="Public offices, by title.")
    async def offices(
        self,
        info: Info,
        kinds: Annotated[
            list[OfficeKind] | None, strawberry.argument(description="Only these kinds.")
        ] = None,
        actor_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this actor's offices.")
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Text in the title (any case; in any recorded language or period)."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Office]:
        arguments = {"kinds": kinds, "actorId": actor_id, "search": search}
        return await read_root(
            info, "offices", arguments, Office.from_row, first, after, last, before
        )

    @strawberry.field(
        description="Appointments, in the order recorded: who held an office when (`officeId` and"
        " `on`), or a person's offices."
    )
    async def appointments(
        self,
        info: Info,
        office_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only to this office.")
        ] = None,
        person_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only of this person.")
        ] = None,
        on: Annotated[
            dt.date | None,
            strawberry.argument(
                description="Only those in force that day (an unknown first day never matches)."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Appointment]:
        arguments = {"officeId": office_id, "personId": person_id, "on": on}
        return await read_root(
            info, "appointments", arguments, Appointment.from_row, first, after, last, before
        )
