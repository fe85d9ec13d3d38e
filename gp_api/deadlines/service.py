"""Appending deadline notices once each (the rules: gp_api.deadlines.rules).

`notify` claims the notice's row (subject, kind, due date) with INSERT ... ON CONFLICT DO
NOTHING and appends its event in the caller's transaction; a row already there means the notice
was sent (or is being sent by a sweep that holds the row: the insert waits for it), and nothing
is appended. `sweep_deadlines` sends the notices of commitments and meetings, each in its own
transaction; the mandates' notices go through `notify` from the mandate sweep
(gp_api.ga.mandates), which moves their status with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gp_api.bodies.models import Meeting, MeetingStatus
from gp_api.commitments.models import Commitment
from gp_api.db import WRITE, Base
from gp_api.deadlines.models import DeadlineNotice
from gp_api.deadlines.rules import (
    DUE_SOON_DAYS,
    MEETING_TOMORROW,
    Deadline,
    commitment_notice,
    days_left,
    meeting_notice,
)
from gp_api.events import service as events
from gp_api.events.models import Event
from gp_api.principal import SYSTEM
from workflows.commitment import CommitmentState

# The commitments that may still be delivered get notices; LAPSED, DELIVERED and WITHDRAWN
# ones do not (a revived commitment gets them again).
OPEN_COMMITMENTS = (
    CommitmentState.PLEDGED,
    CommitmentState.IN_PROGRESS,
    CommitmentState.SUSPENDED,
)


async def notify(
    session: AsyncSession,
    *,
    deadline: Deadline,
    subject: Base,
    due_on: dt.date,
    data: Mapping[str, Any],
) -> Event | None:
    """Append `deadline`'s event about `subject` for the deadline `due_on`, unless it was
    appended before (None then). In the caller's transaction: the notice's row and its event
    commit together or not at all."""
    subject_type = events.type_name(subject)
    assert subject_type == deadline.subject, (subject_type, deadline)
    subject_id: int = subject.id  # type: ignore[attr-defined]
    insert = (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert
    claimed = await session.scalar(
        insert(DeadlineNotice)
        .values(
            subject_type=subject_type,
            subject_id=subject_id,
            kind=deadline.event,
            due_on=due_on,
            created_at=dt.datetime.now(dt.UTC),
        )
        .on_conflict_do_nothing(index_elements=["subject_type", "subject_id", "kind", "due_on"])
        .returning(DeadlineNotice.id)
    )
    if claimed is None:
        return None
    event = await events.append(
        session,
        principal=SYSTEM,
        type=deadline.event,
        subject=subject,
        data=dict(data),
        milestone=deadline.milestone,
    )
    await session.execute(
        update(DeadlineNotice).where(DeadlineNotice.id == claimed).values(event_id=event.id)
    )
    return event


@dataclass
class DeadlineSweep:
    # (event type, subject id) of every notice appended, in order.
    sent: list[tuple[str, int]] = field(default_factory=list)

    def count(self, event_type: str) -> int:
        return sum(1 for sent, _ in self.sent if sent == event_type)


async def _sent(
    session: AsyncSession, subject_type: str, ids: list[int]
) -> set[tuple[int, str, dt.date]]:
    if not ids:
        return set()
    rows = await session.execute(
        select(DeadlineNotice.subject_id, DeadlineNotice.kind, DeadlineNotice.due_on).where(
            DeadlineNotice.subject_type == subject_type, DeadlineNotice.subject_id.in_(ids)
        )
    )
    return {(r[0], r[1], r[2]) for r in rows}


async def _commitments_owed(session: AsyncSession, today: dt.date) -> list[int]:
    rows = (
        await session.execute(
            select(Commitment.id, Commitment.due_on)
            .where(
                Commitment.state.in_(OPEN_COMMITMENTS),
                Commitment.due_on.is_not(None),
                Commitment.due_on <= today + dt.timedelta(days=DUE_SOON_DAYS),
            )
            .order_by(Commitment.id)
        )
    ).all()
    sent = await _sent(session, "Commitment", [r[0] for r in rows])
    owed = []
    for commitment_id, due_on in rows:
        notice = commitment_notice(today, due_on)
        if notice is not None and (commitment_id, notice.event, due_on) not in sent:
            owed.append(commitment_id)
    return owed


async def _meetings_owed(session: AsyncSession, today: dt.date) -> list[int]:
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    rows = (
        await session.execute(
            select(Meeting.id, Meeting.starts_at)
            .where(
                Meeting.status == MeetingStatus.SCHEDULED,
                Meeting.starts_at >= tomorrow,
                Meeting.starts_at < tomorrow + dt.timedelta(days=1),
            )
            .order_by(Meeting.id)
        )
    ).all()
    sent = await _sent(session, "Meeting", [r[0] for r in rows])
    return [
        meeting_id
        for meeting_id, starts_at in rows
        if (meeting_id, MEETING_TOMORROW.event, starts_at.date()) not in sent
    ]


async def _commitment(session: AsyncSession, commitment_id: int, today: dt.date) -> str | None:
    commitment = await session.scalar(
        select(Commitment).where(Commitment.id == commitment_id).with_for_update()
    )
    if commitment is None or commitment.state not in OPEN_COMMITMENTS:
        return None  # moved meanwhile
    due_on = commitment.due_on
    notice = commitment_notice(today, due_on)
    if notice is None or due_on is None:
        return None  # its due date was corrected meanwhile
    sent = await notify(
        session,
        deadline=notice,
        subject=commitment,
        due_on=due_on,
        data={
            "commitmentId": commitment.id,
            "dueOn": due_on.isoformat(),
            "daysLeft": days_left(today, due_on),
        },
    )
    return None if sent is None else notice.event


async def _meeting(session: AsyncSession, meeting_id: int, today: dt.date) -> str | None:
    meeting = await session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).with_for_update()
    )
    if meeting is None or meeting.status is not MeetingStatus.SCHEDULED:
        return None
    starts_on = meeting.starts_at.date()
    notice = meeting_notice(today, starts_on)
    if notice is None:
        return None  # moved meanwhile
    sent = await notify(
        session,
        deadline=notice,
        subject=meeting,
        due_on=starts_on,
        data={
            "meetingId": meeting.id,
            "dueOn": starts_on.isoformat(),
            "daysLeft": days_left(today, starts_on),
            "startsAt": meeting.starts_at.isoformat(),
        },
    )
    return None if sent is None else notice.event


async def sweep_deadlines(
    sessions: async_sessionmaker[AsyncSession], now: dt.datetime | None = None
) -> DeadlineSweep:
    """Append the notices of commitments and meetings owed on `now`'s day (UTC), each once,
    each subject in its own transaction."""
    today = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).date()
    result = DeadlineSweep()
    async with sessions() as session:
        commitments = await _commitments_owed(session, today)
        meetings = await _meetings_owed(session, today)
    for owed, send in ((commitments, _commitment), (meetings, _meeting)):
        for subject_id in owed:
            async with sessions() as session, session.begin():
                await session.connection(execution_options=WRITE)
                sent = await send(session, subject_id, today)
            if sent is not None:
                result.sent.append((sent, subject_id))
    return result
