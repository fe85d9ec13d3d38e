"""Bringing a subject to its historical state through dated import records by the system."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.bodies.models import CoordinationBody
from gp_api.commitments.models import Commitment
from gp_api.demo.records import ImportStep
from gp_api.events.models import TransitionRecord
from gp_api.ga.models import AgendaItem, Resolution
from gp_api.principal import SYSTEM
from gp_api.workflow.imports import import_state, midnight_utc
from gp_api.workflow.subjects import by_model

Subject = CoordinationBody | AgendaItem | Resolution | Commitment

__all__ = ["import_history", "midnight_utc"]


async def import_history(
    session: AsyncSession, subject: Subject, steps: Sequence[ImportStep]
) -> int:
    """Record the steps the subject has not taken yet, each through the import path (its
    guards evaluated at its date, every failure stored as a deviation); returns how many
    were recorded.

    The steps form a path from the workflow's initial state. A subject that has left that path
    since (suspended, withdrawn by an administrator) is left alone.
    """
    subject_type, kind = by_model(subject)
    path = [kind.definition.initial, *(step.to_state for step in steps)]
    if subject.state not in path:
        return 0
    reached = set(
        (
            await session.scalars(
                select(TransitionRecord.to_state).where(
                    TransitionRecord.subject_type == subject_type,
                    TransitionRecord.subject_id == subject.id,
                )
            )
        ).all()
    )
    recorded = 0
    for step in steps[path.index(subject.state) :]:
        if step.to_state.value in reached:
            continue
        await import_state(
            session,
            principal=SYSTEM,
            subject_type=subject_type,
            subject_id=subject.id,
            to_state=step.to_state.value,
            on=step.on,
            source_url=step.source_url,
            reason=step.reason,
        )
        recorded += 1
    return recorded
