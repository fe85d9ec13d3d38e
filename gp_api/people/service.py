"""Persons, offices and appointments: create, change, appoint, end (reads: gp_api.reads).

Public roles only: a person is a name and the offices they held, with sources; the service
accepts no contact data at all. Changes are evented (and so audited) like every write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.lookup import get_or_raise, snapshot
from gp_api.models_common import Confidence
from gp_api.people.models import Appointment, Office, OfficeKind, Person
from gp_api.principal import Principal

if TYPE_CHECKING:
    from gp_api.bodies.models import BodyChair

PERSON_FIELDS = {"name", "source_url", "confidence"}
OFFICE_FIELDS = {"title", "kind", "actor_id", "description", "source_url", "confidence"}


def _unknown(changes: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(ErrorCode.INVALID, f"cannot change {sorted(unknown)}", sorted(unknown))
    if not changes:
        raise DomainError(ErrorCode.INVALID, "nothing to change: give at least one field", [])


async def _unique(
    session: AsyncSession, column: Any, value: str, field: str, what: str, pk: int | None
) -> None:
    stmt = select(column.class_.id).where(func.lower(column) == value.lower())
    if pk is not None:
        stmt = stmt.where(column.class_.id != pk)
    if await session.scalar(stmt) is not None:
        raise DomainError(ErrorCode.DUPLICATE, f"{what} {value!r} is already recorded", [field])


async def find_person(session: AsyncSession, name: str) -> Person | None:
    found: Person | None = await session.scalar(
        select(Person).where(func.lower(Person.name) == name.strip().lower())
    )
    return found


async def find_office(session: AsyncSession, title: str) -> Office | None:
    found: Office | None = await session.scalar(
        select(Office).where(func.lower(Office.title) == title.strip().lower())
    )
    return found


async def create_person(
    session: AsyncSession,
    *,
    principal: Principal,
    name: str,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Person:
    clean = validation.required_text(name, "name", max_length=200)
    await _unique(session, Person.name, clean, "name", "a person named", None)
    person = Person(
        name=clean, source_url=validation.url(source_url, "sourceUrl"), confidence=confidence
    )
    session.add(person)
    await events.append(session, principal=principal, type="person.created", subject=person)
    return person


async def update_person(
    session: AsyncSession, *, principal: Principal, person_id: int, changes: Mapping[str, Any]
) -> Person:
    """Change the given attributes (name, source_url, confidence)."""
    person = await get_or_raise(session, Person, person_id, "id")
    _unknown(changes, PERSON_FIELDS)
    if "name" in changes:
        clean = validation.required_text(changes["name"], "name", max_length=200)
        await _unique(session, Person.name, clean, "name", "a person named", person.id)
        person.name = clean
    if "source_url" in changes:
        person.source_url = validation.url(changes["source_url"], "sourceUrl")
    if "confidence" in changes:
        person.confidence = changes["confidence"]
    await events.append(
        session,
        principal=principal,
        type="person.updated",
        subject=person,
        data={"changed": sorted(changes), "person": snapshot(person)},
    )
    return person


async def create_office(
    session: AsyncSession,
    *,
    principal: Principal,
    title: str,
    kind: OfficeKind,
    actor_id: int | None = None,
    description: str | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Office:
    clean = validation.required_text(title, "title", max_length=300)
    await _unique(session, Office.title, clean, "title", "an office titled", None)
    if actor_id is not None:
        await get_or_raise(session, Actor, actor_id, "actorId")
    office = Office(
        title=clean,
        kind=kind,
        actor_id=actor_id,
        description=validation.text(description, "description", max_length=2000, required=False),
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(office)
    await events.append(session, principal=principal, type="office.created", subject=office)
    return office


async def update_office(
    session: AsyncSession, *, principal: Principal, office_id: int, changes: Mapping[str, Any]
) -> Office:
    """Change the given attributes (title, kind, actor_id, description, source_url,
    confidence). A changed kind changes what the guards see from then on."""
    office = await get_or_raise(session, Office, office_id, "id")
    _unknown(changes, OFFICE_FIELDS)
    if "title" in changes:
        clean = validation.required_text(changes["title"], "title", max_length=300)
        await _unique(session, Office.title, clean, "title", "an office titled", office.id)
        office.title = clean
    if "kind" in changes:
        if changes["kind"] is None:
            raise DomainError(ErrorCode.REQUIRED, "kind must not be null", ["kind"])
        office.kind = changes["kind"]
    if "actor_id" in changes:
        if changes["actor_id"] is not None:
            await get_or_raise(session, Actor, changes["actor_id"], "actorId")
        office.actor_id = changes["actor_id"]
    if "description" in changes:
        office.description = validation.text(
            changes["description"], "description", max_length=2000, required=False
        )
    if "source_url" in changes:
        office.source_url = validation.url(changes["source_url"], "sourceUrl")
    if "confidence" in changes:
        office.confidence = changes["confidence"]
    await events.append(
        session,
        principal=principal,
        type="office.updated",
        subject=office,
        data={"changed": sorted(changes), "office": snapshot(office)},
    )
    return office


def _overlap(a: Appointment, since: dt.date | None, until: dt.date | None) -> bool:
    """Whether two periods share a day (an unknown start reaches back, an open end forward)."""
    starts_before_end = a.since is None or until is None or a.since <= until
    ends_after_start = a.until is None or since is None or a.until >= since
    return starts_before_end and ends_after_start


async def appoint(
    session: AsyncSession,
    *,
    principal: Principal,
    person_id: int,
    office_id: int,
    since: dt.date | None,
    until: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Appointment:
    """A person in an office for a period; refused (CONFLICT) when the same person already
    holds that office on a day of the period."""
    person = await get_or_raise(session, Person, person_id, "personId")
    office = await get_or_raise(session, Office, office_id, "officeId")
    validation.date_order(since, until, "until", "until must not be before since")
    held = (
        await session.scalars(
            select(Appointment).where(
                Appointment.person_id == person.id, Appointment.office_id == office.id
            )
        )
    ).all()
    if any(_overlap(a, since, until) for a in held):
        raise DomainError(
            ErrorCode.CONFLICT,
            f"{person.name} already holds the office {office.title!r} during this period",
            ["since"],
        )
    appointment = Appointment(
        person_id=person.id,
        office_id=office.id,
        since=since,
        until=until,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(appointment)
    await events.append(session, principal=principal, type="appointment.made", subject=appointment)
    return appointment


# The dated rows that end the same way (a body's chair is named for typing only: bodies depend
# on people, not the other way round).
Dated = TypeVar("Dated", Appointment, "BodyChair")


async def end_period(
    session: AsyncSession,
    *,
    principal: Principal,
    model: type[Dated],
    pk: int,
    field: str,
    until: dt.date,
    event: str,
) -> Dated:
    """Set the last day of a dated row still in force (an appointment, a body's chair): it is
    kept, with its end; `event` records it."""
    row = await get_or_raise(session, model, pk, field)
    what = field.removesuffix("Id")
    if row.until is not None:
        raise DomainError(
            ErrorCode.CONFLICT, f"this {what} already ended on {row.until.isoformat()}", [field]
        )
    validation.date_order(row.since, until, "until", "until must not be before since")
    row.until = until
    await events.append(session, principal=principal, type=event, subject=row)
    return row


async def end_appointment(
    session: AsyncSession, *, principal: Principal, appointment_id: int, until: dt.date
) -> Appointment:
    """Set the last day of an appointment still in office (it is kept, with its end)."""
    return await end_period(
        session,
        principal=principal,
        model=Appointment,
        pk=appointment_id,
        field="appointmentId",
        until=until,
        event="appointment.ended",
    )
