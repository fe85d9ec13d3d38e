"""Coordination bodies, memberships and meetings: create, change (reads: gp_api.reads)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor
from gp_api.bodies.models import (
    BodyChair,
    CoordinationBody,
    Hub,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    meeting_participants,
)
from gp_api.documents import service as documents
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.lookup import get_or_raise, snapshot
from gp_api.models_common import Confidence
from gp_api.people import service as people
from gp_api.people.models import Appointment
from gp_api.principal import Principal
from workflows import coordination_body
from workflows.coordination_body import BodyState


def _hubs(hubs: Sequence[Hub] | None) -> list[str]:
    return sorted({h.value for h in hubs or ()}, key=[h.value for h in Hub].index)


async def create_body(
    session: AsyncSession,
    *,
    principal: Principal,
    name: str,
    hubs: Sequence[Hub] | None = None,
    mandate: str | None = None,
    mandate_symbol: str | None = None,
    founded_on: dt.date | None = None,
    succeeds_id: int | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> CoordinationBody:
    clean_name = validation.required_text(name, "name", max_length=200)
    clash = await session.scalar(
        select(CoordinationBody.id).where(func.lower(CoordinationBody.name) == clean_name.lower())
    )
    if clash is not None:
        raise DomainError(
            ErrorCode.DUPLICATE,
            f"a coordination body named {clean_name!r} already exists",
            ["name"],
        )
    body = CoordinationBody(
        name=clean_name,
        hubs=_hubs(hubs),
        mandate=validation.text(mandate, "mandate", max_length=10_000, required=False),
        mandate_symbol=await documents.mandate_document(session, principal, mandate_symbol),
        founded_on=founded_on,
        succeeds_id=await _predecessor(session, None, succeeds_id),
        state=BodyState.PROPOSED,
        workflow_version=coordination_body.VERSION,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(body)
    await events.append(
        session, principal=principal, type="coordination_body.created", subject=body
    )
    return body


async def add_membership(
    session: AsyncSession,
    *,
    principal: Principal,
    body_id: int,
    actor_id: int,
    role: MembershipRole,
    since: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Membership:
    body = await get_or_raise(session, CoordinationBody, body_id, "bodyId")
    actor = await get_or_raise(session, Actor, actor_id, "actorId")
    if body.state is BodyState.DISSOLVED:
        raise DomainError(ErrorCode.CONFLICT, f"{body.name} is dissolved", ["bodyId"])
    current = await session.scalar(
        select(Membership.id).where(
            Membership.body_id == body.id,
            Membership.actor_id == actor.id,
            Membership.until.is_(None),
        )
    )
    if current is not None:
        raise DomainError(
            ErrorCode.DUPLICATE, f"{actor.name} is already a member of {body.name}", ["actorId"]
        )
    membership = Membership(
        body_id=body.id,
        actor_id=actor.id,
        role=role,
        since=since,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(membership)
    await events.append(session, principal=principal, type="membership.added", subject=membership)
    return membership


async def remove_membership(
    session: AsyncSession,
    *,
    principal: Principal,
    membership_id: int,
    until: dt.date | None = None,
) -> Membership:
    """End a membership (kept, with its end date, so the body's history stays whole)."""
    membership = await get_or_raise(session, Membership, membership_id, "membershipId")
    if membership.until is not None:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"this membership already ended on {membership.until.isoformat()}",
            ["membershipId"],
        )
    end = until or dt.datetime.now(dt.UTC).date()
    validation.date_order(membership.since, end, "until", "until must not be before since")
    membership.until = end
    await events.append(session, principal=principal, type="membership.removed", subject=membership)
    return membership


async def schedule_meeting(
    session: AsyncSession,
    *,
    principal: Principal,
    body_id: int | None,
    title: str,
    hub: Hub,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    location: str | None = None,
    host_id: int | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Meeting:
    if host_id is not None:
        await get_or_raise(session, Actor, host_id, "hostId")
    if body_id is not None:
        body = await get_or_raise(session, CoordinationBody, body_id, "bodyId")
        if body.state is BodyState.DISSOLVED:
            raise DomainError(ErrorCode.CONFLICT, f"{body.name} is dissolved", ["bodyId"])
    starts = validation.aware(starts_at, "startsAt")
    ends = validation.aware(ends_at, "endsAt") if ends_at is not None else None
    if ends is not None and ends < starts:
        raise DomainError(ErrorCode.INVALID, "endsAt must not be before startsAt", ["endsAt"])
    meeting = Meeting(
        body_id=body_id,
        title=validation.required_text(title, "title", max_length=300),
        hub=hub,
        location=validation.text(location, "location", max_length=200, required=False),
        starts_at=starts,
        ends_at=ends,
        host_id=host_id,
        status=MeetingStatus.SCHEDULED,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(meeting)
    await events.append(session, principal=principal, type="meeting.scheduled", subject=meeting)
    return meeting


async def record_meeting_held(
    session: AsyncSession,
    *,
    principal: Principal,
    meeting_id: int,
    participant_ids: Sequence[int],
    outcome: str | None = None,
) -> Meeting:
    meeting = await get_or_raise(session, Meeting, meeting_id, "meetingId")
    if meeting.status is not MeetingStatus.SCHEDULED:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"only a SCHEDULED meeting can be recorded as held; this one is {meeting.status.value}",
            ["meetingId"],
        )
    unique_ids = list(dict.fromkeys(participant_ids))
    found = set((await session.scalars(select(Actor.id).where(Actor.id.in_(unique_ids)))).all())
    for index, actor_id in enumerate(participant_ids):
        if actor_id not in found:
            raise DomainError(
                ErrorCode.NOT_FOUND,
                "no Actor with the id given in participantIds",
                ["participantIds", str(index)],
            )
    meeting.status = MeetingStatus.HELD
    meeting.outcome = validation.text(outcome, "outcome", max_length=10_000, required=False)
    if unique_ids:
        await session.execute(
            meeting_participants.insert(),
            [{"meeting_id": meeting.id, "actor_id": a} for a in unique_ids],
        )
    await events.append(
        session,
        principal=principal,
        type="meeting.held",
        subject=meeting,
        data={"meetingId": meeting.id, "participantIds": unique_ids, "outcome": meeting.outcome},
    )
    return meeting


MEETING_FIELDS = {
    "title",
    "hub",
    "location",
    "starts_at",
    "ends_at",
    "host_id",
    "outcome",
    "source_url",
    "confidence",
}


async def update_meeting(
    session: AsyncSession, *, principal: Principal, meeting_id: int, changes: Mapping[str, Any]
) -> Meeting:
    """Correct a meeting's record (see MEETING_FIELDS): never its body, status or
    participants, which `recordMeetingHeld` sets. Every change is checked, the dates together,
    before the row changes: a refusal writes nothing. An outcome belongs to a HELD meeting."""
    meeting = await get_or_raise(session, Meeting, meeting_id, "id")
    unknown = set(changes) - MEETING_FIELDS
    if unknown:
        raise DomainError(ErrorCode.INVALID, f"cannot change {sorted(unknown)}", sorted(unknown))
    if not changes:
        raise DomainError(ErrorCode.INVALID, "nothing to change: give at least one field", [])
    for field, name in (("title", "title"), ("hub", "hub"), ("starts_at", "startsAt")):
        if field in changes and changes[field] is None:
            raise DomainError(ErrorCode.REQUIRED, f"{name} cannot be null", [name])
    new: dict[str, Any] = {}
    if "title" in changes:
        new["title"] = validation.required_text(changes["title"], "title", max_length=300)
    if "hub" in changes:
        new["hub"] = changes["hub"]
    if "location" in changes:
        new["location"] = validation.text(
            changes["location"], "location", max_length=200, required=False
        )
    if "starts_at" in changes:
        new["starts_at"] = validation.aware(changes["starts_at"], "startsAt")
    if "ends_at" in changes:
        ends = changes["ends_at"]
        new["ends_at"] = None if ends is None else validation.aware(ends, "endsAt")
    starts, ends = new.get("starts_at", meeting.starts_at), new.get("ends_at", meeting.ends_at)
    if ends is not None and ends < starts:
        raise DomainError(ErrorCode.INVALID, "endsAt must not be before startsAt", ["endsAt"])
    if "host_id" in changes:
        if changes["host_id"] is not None:
            await get_or_raise(session, Actor, changes["host_id"], "hostId")
        new["host_id"] = changes["host_id"]
    if "outcome" in changes:
        if meeting.status is not MeetingStatus.HELD and changes["outcome"] is not None:
            raise DomainError(
                ErrorCode.CONFLICT,
                f"only a HELD meeting has an outcome; this one is {meeting.status.value}"
                " (record it as held with recordMeetingHeld)",
                ["outcome"],
            )
        new["outcome"] = validation.text(
            changes["outcome"], "outcome", max_length=10_000, required=False
        )
    if "source_url" in changes:
        new["source_url"] = validation.url(changes["source_url"], "sourceUrl")
    if "confidence" in changes:
        new["confidence"] = changes["confidence"]
    for field, value in new.items():
        setattr(meeting, field, value)
    await events.append(
        session,
        principal=principal,
        type="meeting.updated",
        subject=meeting,
        data={"changed": sorted(changes), "meeting": snapshot(meeting)},
    )
    return meeting


BODY_FIELDS = {
    "hubs",
    "mandate",
    "mandate_symbol",
    "founded_on",
    "succeeds_id",
    "source_url",
    "confidence",
}


async def _predecessor(
    session: AsyncSession, body_id: int | None, succeeds_id: int | None
) -> int | None:
    """The body this one succeeds, checked: it exists, and the chain has no cycle."""
    if succeeds_id is None:
        return None
    previous = await get_or_raise(session, CoordinationBody, succeeds_id, "succeedsId")
    seen = {body_id}
    current: CoordinationBody | None = previous
    while current is not None:
        if current.id in seen:
            raise DomainError(
                ErrorCode.INVALID,
                "a body cannot succeed itself, directly or through its successors",
                ["succeedsId"],
            )
        seen.add(current.id)
        current = (
            None
            if current.succeeds_id is None
            else await session.get(CoordinationBody, current.succeeds_id)
        )
    return previous.id


async def update_body(
    session: AsyncSession, *, principal: Principal, body_id: int, changes: Mapping[str, Any]
) -> CoordinationBody:
    """Change the given attributes (hubs, mandate, mandate_symbol, founded_on, succeeds_id,
    source_url, confidence); never the state, which moves only through its workflow."""
    body = await get_or_raise(session, CoordinationBody, body_id, "id")
    unknown = set(changes) - BODY_FIELDS
    if unknown:
        raise DomainError(ErrorCode.INVALID, f"cannot change {sorted(unknown)}", sorted(unknown))
    if not changes:
        raise DomainError(ErrorCode.INVALID, "nothing to change: give at least one field", [])
    if "hubs" in changes:
        body.hubs = _hubs(changes["hubs"])
    if "mandate" in changes:
        body.mandate = validation.text(
            changes["mandate"], "mandate", max_length=10_000, required=False
        )
    if "mandate_symbol" in changes:
        body.mandate_symbol = await documents.mandate_document(
            session, principal, changes["mandate_symbol"]
        )
    if "founded_on" in changes:
        body.founded_on = changes["founded_on"]
    if "succeeds_id" in changes:
        body.succeeds_id = await _predecessor(session, body.id, changes["succeeds_id"])
    if "source_url" in changes:
        body.source_url = validation.url(changes["source_url"], "sourceUrl")
    if "confidence" in changes:
        body.confidence = changes["confidence"]
    await events.append(
        session,
        principal=principal,
        type="coordination_body.updated",
        subject=body,
        data={"changed": sorted(changes), "coordinationBody": snapshot(body)},
    )
    return body


async def appoint_chair(
    session: AsyncSession,
    *,
    principal: Principal,
    body_id: int,
    appointment_id: int,
    since: dt.date | None,
    until: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> BodyChair:
    """The person of an appointment chairs the body for a period, under that appointment.

    Refused: a dissolved body (CONFLICT); a period outside the appointment's (INVALID: one
    chairs under an office only while holding it); a period sharing a day with another chair
    of the body (CONFLICT: end that one first with endBodyChair)."""
    body = await get_or_raise(session, CoordinationBody, body_id, "bodyId")
    appointment = await get_or_raise(session, Appointment, appointment_id, "appointmentId")
    if body.state is BodyState.DISSOLVED:
        raise DomainError(ErrorCode.CONFLICT, f"{body.name} is dissolved", ["bodyId"])
    validation.date_order(since, until, "until", "until must not be before since")
    if appointment.since is not None and (since is None or since < appointment.since):
        raise DomainError(
            ErrorCode.INVALID,
            "since must not be before the appointment's first day"
            f" ({appointment.since.isoformat()})",
            ["since"],
        )
    if appointment.until is not None and (until is None or until > appointment.until):
        raise DomainError(
            ErrorCode.INVALID,
            "the chair must end by the appointment's last day"
            f" ({appointment.until.isoformat()}): give until",
            ["until"],
        )
    for other in (
        await session.scalars(select(BodyChair).where(BodyChair.body_id == body.id))
    ).all():
        starts_before_end = other.since is None or until is None or other.since <= until
        ends_after_start = other.until is None or since is None or other.until >= since
        if starts_before_end and ends_after_start:
            raise DomainError(
                ErrorCode.CONFLICT,
                f"{body.name} has another chair during this period: end it first"
                " (endBodyChair) or give other dates",
                ["since"],
            )
    chair = BodyChair(
        body_id=body.id,
        appointment_id=appointment.id,
        person_id=appointment.person_id,
        since=since,
        until=until,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(chair)
    await events.append(session, principal=principal, type="body_chair.appointed", subject=chair)
    return chair


async def end_chair(
    session: AsyncSession, *, principal: Principal, chair_id: int, until: dt.date
) -> BodyChair:
    """Set the last day of a chair still in office (it is kept, with its end)."""
    return await people.end_period(
        session,
        principal=principal,
        model=BodyChair,
        pk=chair_id,
        field="chairId",
        until=until,
        event="body_chair.ended",
    )
