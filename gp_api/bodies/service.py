"""Coordination bodies, memberships and meetings: create, change (reads: gp_api.reads)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor
from gp_api.bodies.models import (
    CoordinationBody,
    Hub,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    meeting_participants,
)
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.lookup import get_or_raise
from gp_api.models_common import Confidence
from gp_api.principal import Principal
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
    founded_on: dt.date | None = None,
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
        founded_on=founded_on,
        state=BodyState.PROPOSED,
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
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Meeting:
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
