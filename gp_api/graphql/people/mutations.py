"""Mutations of persons, offices and appointments: inputs, payloads, the mixin.

Inputs hold public roles only: there is no field for contact data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.graphql import ids
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
from gp_api.graphql.people.types import Appointment, Office, Person
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.write import mutate
from gp_api.models_common import Confidence
from gp_api.people import service as people_service
from gp_api.people.models import OfficeKind


@strawberry.input(description="A person in a public role.")
class CreatePersonInput:
    name: str = strawberry.field(description="Name, as the public record gives it; unique.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="Changes to a person; fields left out stay.")
class UpdatePersonInput:
    id: strawberry.ID = strawberry.field(description="The person.")
    name: str | None = described("Name.", strawberry.UNSET)
    source_url: str | None = described(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = described(CONFIDENCE, strawberry.UNSET)


@strawberry.type(description="Result of createPerson / updatePerson.")
class PersonPayload:
    person: Person | None = described("The person as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A public office.")
class CreateOfficeInput:
    title: str = strawberry.field(description="Title, unique, e.g. 'Executive Director, UNODC'.")
    kind: OfficeKind = strawberry.field(description="What the office is (guards read it).")
    actor_id: strawberry.ID | None = described("The actor it belongs to.")
    description: str | None = described("What the office is for, and what created it.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="Changes to an office; fields left out stay.")
class UpdateOfficeInput:
    id: strawberry.ID = strawberry.field(description="The office.")
    title: str | None = described("Title.", strawberry.UNSET)
    kind: OfficeKind | None = described("What the office is.", strawberry.UNSET)
    actor_id: strawberry.ID | None = described("The actor it belongs to.", strawberry.UNSET)
    description: str | None = described("What the office is for.", strawberry.UNSET)
    source_url: str | None = described(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = described(CONFIDENCE, strawberry.UNSET)


@strawberry.type(description="Result of createOffice / updateOffice.")
class OfficePayload:
    office: Office | None = described("The office as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A person appointed to an office for a period.")
class AppointPersonInput:
    person_id: strawberry.ID = strawberry.field(description="The person.")
    office_id: strawberry.ID = strawberry.field(description="The office.")
    since: dt.date | None = described("First day in office; null if the sources do not say.")
    until: dt.date | None = described("Last day in office; null while in office.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="The end of an appointment (it is kept, with its last day).")
class EndAppointmentInput:
    appointment_id: strawberry.ID = strawberry.field(description="The appointment.")
    until: dt.date = strawberry.field(description="Last day in office.")


@strawberry.type(description="Result of appointPerson / endAppointment.")
class AppointmentPayload:
    appointment: Appointment | None = described("The appointment as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Change persons, offices and appointments.")
class PeopleMutations:
    @strawberry.mutation(permission_classes=[Allowed], description="Record a person.")
    async def create_person(
        self, info: Info, input: Annotated[CreatePersonInput, INPUT]
    ) -> PersonPayload:
        return await mutate(
            info,
            lambda session, principal: people_service.create_person(
                session,
                principal=principal,
                name=input.name,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            PersonPayload,
            person=Person.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="Change a person.")
    async def update_person(
        self, info: Info, input: Annotated[UpdatePersonInput, INPUT]
    ) -> PersonPayload:
        return await mutate(
            info,
            lambda session, principal: people_service.update_person(
                session,
                principal=principal,
                person_id=ids.decode_as(input.id, "Person", "id"),
                changes=given(input),
            ),
            PersonPayload,
            person=Person.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="Record a public office.")
    async def create_office(
        self, info: Info, input: Annotated[CreateOfficeInput, INPUT]
    ) -> OfficePayload:
        return await mutate(
            info,
            lambda session, principal: people_service.create_office(
                session,
                principal=principal,
                title=input.title,
                kind=input.kind,
                actor_id=optional_id(input.actor_id, "Actor", "actorId"),
                description=input.description,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            OfficePayload,
            office=Office.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="Change an office.")
    async def update_office(
        self, info: Info, input: Annotated[UpdateOfficeInput, INPUT]
    ) -> OfficePayload:
        return await mutate(
            info,
            lambda session, principal: people_service.update_office(
                session,
                principal=principal,
                office_id=ids.decode_as(input.id, "Office", "id"),
                changes=given(input, ids={"actor_id": ("Actor", "actorId")}),
            ),
            OfficePayload,
            office=Office.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Appoint a person to an office for a period."
    )
    async def appoint_person(
        self, info: Info, input: Annotated[AppointPersonInput, INPUT]
    ) -> AppointmentPayload:
        return await mutate(
            info,
            lambda session, principal: people_service.appoint(
                session,
                principal=principal,
                person_id=ids.decode_as(input.person_id, "Person", "personId"),
                office_id=ids.decode_as(input.office_id, "Office", "officeId"),
                since=input.since,
                until=input.until,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            AppointmentPayload,
            appointment=Appointment.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="End an appointment.")
    async def end_appointment(
        self, info: Info, input: Annotated[EndAppointmentInput, INPUT]
    ) -> AppointmentPayload:
        return await mutate(
            info,
            lambda session, principal: people_service.end_appointment(
                session,
                principal=principal,
                appointment_id=ids.decode_as(input.appointment_id, "Appointment", "appointmentId"),
                until=input.until,
            ),
            AppointmentPayload,
            appointment=Appointment.from_row,
        )
