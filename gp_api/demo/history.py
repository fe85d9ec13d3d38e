"""Bringing a subject to its historical state through dated import records by the system."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.bodies.models import CoordinationBody
from gp_api.commitments.models import Commitment
from gp_api.db import Base
from gp_api.demo.records import ImportStep
from gp_api.events import service as events
from gp_api.events.models import TransitionRecord
from gp_api.ga.models import AgendaItem, Resolution
from gp_api.principal import SYSTEM
from gp_api.workflow.service import record_transition
from workflows import agenda_item, commitment, coordination_body, resolution
from workflows.base import Definition

Subject = CoordinationBody | AgendaItem | Resolution | Commitment

DEFINITIONS: dict[type[Base], Definition[Any]] = {
    CoordinationBody: coordination_body.DEFINITION,
    AgendaItem: agenda_item.DEFINITION,
    Resolution: resolution.DEFINITION,
    Commitment: commitment.DEFINITION,
}


def midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


async def import_history(
    session: AsyncSession, subject: Subject, steps: Sequence[ImportStep]
) -> int:
    """Record the steps the subject has not taken yet; returns how many were recorded.

    The steps form a path from the workflow's initial state. A subject that has left that path
    since (suspended, withdrawn by an administrator) is left alone.
    """
    definition = DEFINITIONS[type(subject)]
    path = [definition.initial, *(step.to_state for step in steps)]
    if subject.state not in path:
        return 0
    reached = set(
        (
            await session.scalars(
                select(TransitionRecord.to_state).where(
                    TransitionRecord.subject_type == events.type_name(subject),
                    TransitionRecord.subject_id == subject.id,
                )
            )
        ).all()
    )
    recorded = 0
    for step in steps[path.index(subject.state) :]:
        if step.to_state.value in reached:
            continue
        await record_transition(
            session,
            subject=subject,
            workflow=definition.name,
            workflow_version=definition.version,
            to_state=step.to_state,
            trigger="import",
            principal=SYSTEM,
            at=midnight_utc(step.on),
            milestone=step.to_state in definition.milestones,
            reason=step.reason,
            source_url=step.source_url,
        )
        recorded += 1
    return recorded
