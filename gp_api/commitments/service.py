"""Commitments, deliverables and progress reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor
from gp_api.commitments.models import (
    Commitment,
    Deliverable,
    DeliverableStatus,
    Determinant,
    ProgressReport,
)
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.lookup import get_or_raise, snapshot
from gp_api.models_common import Confidence
from gp_api.principal import Principal
from workflows.commitment import CommitmentState

CLOSED = (CommitmentState.DELIVERED, CommitmentState.WITHDRAWN)


async def _open_commitment(session: AsyncSession, commitment_id: int) -> Commitment:
    commitment = await get_or_raise(session, Commitment, commitment_id, "commitmentId")
    if commitment.state in CLOSED:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the commitment is {commitment.state.value} and takes no more changes",
            ["commitmentId"],
        )
    return commitment


async def create_commitment(
    session: AsyncSession,
    *,
    principal: Principal,
    actor_id: int,
    determinant: Determinant,
    title: str,
    description: str | None = None,
    starts_on: dt.date | None = None,
    due_on: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Commitment:
    actor = await get_or_raise(session, Actor, actor_id, "actorId")
    validation.date_order(starts_on, due_on, "dueOn", "dueOn must not be before startsOn")
    commitment = Commitment(
        actor_id=actor.id,
        determinant=determinant,
        title=validation.required_text(title, "title", max_length=300),
        description=validation.text(description, "description", max_length=10_000, required=False),
        starts_on=starts_on,
        due_on=due_on,
        state=CommitmentState.PLEDGED,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(commitment)
    await events.append(session, principal=principal, type="commitment.created", subject=commitment)
    return commitment


async def add_deliverable(
    session: AsyncSession,
    *,
    principal: Principal,
    commitment_id: int,
    title: str,
    due_on: dt.date | None = None,
) -> Deliverable:
    commitment = await _open_commitment(session, commitment_id)
    deliverable = Deliverable(
        commitment_id=commitment.id,
        title=validation.required_text(title, "title", max_length=300),
        due_on=due_on,
        status=DeliverableStatus.PENDING,
    )
    session.add(deliverable)
    await events.append(session, principal=principal, type="deliverable.added", subject=deliverable)
    return deliverable


async def submit_progress_report(
    session: AsyncSession,
    *,
    principal: Principal,
    commitment_id: int,
    summary: str,
    percent_complete: int,
    submitted_at: dt.datetime | None = None,
) -> ProgressReport:
    commitment = await _open_commitment(session, commitment_id)
    validation.int_range(percent_complete, "percentComplete", minimum=0, maximum=100)
    at = validation.aware(submitted_at, "submittedAt") if submitted_at else None
    if at is not None and at > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
        raise DomainError(
            ErrorCode.INVALID, "submittedAt must not be in the future", ["submittedAt"]
        )
    report = ProgressReport(
        commitment_id=commitment.id,
        summary=validation.required_text(summary, "summary", max_length=10_000),
        percent_complete=percent_complete,
        submitted_at=at or dt.datetime.now(dt.UTC),
    )
    session.add(report)
    await events.append(
        session, principal=principal, type="progress_report.submitted", subject=report
    )
    return report


async def set_deliverable_status(
    session: AsyncSession, *, principal: Principal, deliverable_id: int, status: DeliverableStatus
) -> Deliverable:
    """Mark a deliverable delivered, dropped, or pending again (the commitment must be open)."""
    deliverable = await get_or_raise(session, Deliverable, deliverable_id, "deliverableId")
    await _open_commitment(session, deliverable.commitment_id)
    if deliverable.status is status:
        raise DomainError(
            ErrorCode.CONFLICT, f"the deliverable is already {status.value}", ["status"]
        )
    deliverable.status = status
    await events.append(
        session, principal=principal, type="deliverable.status_changed", subject=deliverable
    )
    return deliverable


async def owner_of_commitment(session: AsyncSession, commitment_id: int) -> int | None:
    """The actor whose commitment this is (None if there is no such commitment)."""
    return await session.scalar(select(Commitment.actor_id).where(Commitment.id == commitment_id))


async def owner_of_deliverable(session: AsyncSession, deliverable_id: int) -> int | None:
    return await session.scalar(
        select(Commitment.actor_id)
        .join(Deliverable, Deliverable.commitment_id == Commitment.id)
        .where(Deliverable.id == deliverable_id)
    )


async def update_commitment(
    session: AsyncSession,
    *,
    principal: Principal,
    commitment_id: int,
    changes: Mapping[str, Any],
) -> Commitment:
    """Change the given fields (title, description, determinant, starts_on, due_on,
    source_url, confidence) of an open commitment; its state moves only by workflow."""
    commitment = await _open_commitment(session, commitment_id)
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise DomainError(ErrorCode.INVALID, f"cannot change {sorted(unknown)}", None)
    if "title" in changes:
        commitment.title = validation.required_text(changes["title"], "title", max_length=300)
    if "description" in changes:
        commitment.description = validation.text(
            changes["description"], "description", max_length=10_000, required=False
        )
    if "determinant" in changes:
        if changes["determinant"] is None:
            raise DomainError(ErrorCode.REQUIRED, "determinant cannot be null", ["determinant"])
        commitment.determinant = changes["determinant"]
    if "starts_on" in changes:
        commitment.starts_on = changes["starts_on"]
    if "due_on" in changes:
        commitment.due_on = changes["due_on"]
    if "source_url" in changes:
        commitment.source_url = validation.url(changes["source_url"], "sourceUrl")
    if "confidence" in changes:
        commitment.confidence = changes["confidence"]
    validation.date_order(
        commitment.starts_on, commitment.due_on, "dueOn", "dueOn must not be before startsOn"
    )
    await events.append(
        session,
        principal=principal,
        type="commitment.updated",
        subject=commitment,
        data={"changed": sorted(changes), "commitment": snapshot(commitment)},
    )
    return commitment


UPDATABLE = {
    "title",
    "description",
    "determinant",
    "starts_on",
    "due_on",
    "source_url",
    "confidence",
}
