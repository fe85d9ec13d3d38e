"""Plan steps: their derived status, and marking a step achieved when its target is reached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.db import Base
from gp_api.events import service as events
from gp_api.plan.models import PlanStep
from gp_api.plan.steps import STEP_TARGETS, TARGETS_BY_KEY, PlanStepStatus
from gp_api.principal import Principal


async def list_steps(session: AsyncSession) -> list[PlanStep]:
    return list((await session.scalars(select(PlanStep).order_by(PlanStep.position))).all())


async def statuses(session: AsyncSession, keys: Sequence[str]) -> dict[str, PlanStepStatus]:
    """ACHIEVED once the target was reached; IN_PROGRESS while a subject is on its way."""
    steps = {s.key: s for s in await list_steps(session)}
    result = {}
    for key in keys:
        step = steps[key]
        if step.achieved_at is not None:
            result[key] = PlanStepStatus.ACHIEVED
            continue
        target = TARGETS_BY_KEY[key]
        under_way = await session.scalar(
            select(target.model.id)  # type: ignore[attr-defined]
            .where(target.state_column().in_(target.on_the_way), *target.conditions())
            .limit(1)
        )
        result[key] = PlanStepStatus.IN_PROGRESS if under_way else PlanStepStatus.NOT_STARTED
    return result


async def on_state_reached(
    session: AsyncSession, *, subject: Base, at: dt.datetime, principal: Principal
) -> list[PlanStep]:
    """Mark achieved every step whose target `subject` has just reached; one milestone each."""
    achieved = []
    for target in STEP_TARGETS:
        if not isinstance(subject, target.model):
            continue
        if subject.state is not target.state:  # type: ignore[attr-defined]
            continue
        step = await session.scalar(
            select(PlanStep).where(PlanStep.key == target.key, PlanStep.achieved_at.is_(None))
        )
        if step is None:
            continue
        matches = await session.scalar(
            select(target.model.id).where(  # type: ignore[attr-defined]
                target.model.id == subject.id,  # type: ignore[attr-defined]
                *target.conditions(),
            )
        )
        if matches is None:
            continue
        step.achieved_at = at
        event = await events.append(
            session,
            principal=principal,
            type="plan_step.achieved",
            subject=step,
            milestone=True,
            data={
                "key": step.key,
                "title": step.title,
                "achievedAt": at.isoformat(),
                "bySubjectType": events.type_name(subject),
                "bySubjectId": subject.id,  # type: ignore[attr-defined]
            },
        )
        step.achieved_event_id = event.id
        achieved.append(step)
    return achieved
