"""Plan steps: their derived status, and marking a step achieved when its target is reached."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.db import Base
from gp_api.events import service as events
from gp_api.global_ids import encode
from gp_api.plan.evidence import Evidence, evidence
from gp_api.plan.models import PlanStep
from gp_api.plan.steps import STEP_TARGETS, TARGETS_BY_KEY, PlanStepStatus, StepTarget
from gp_api.principal import Principal
from gp_api.workflow.deviations import stored_json

# A plan step as a plain row of its table (id, key, position, title, description, achieved_at).
StepRow = Any


async def list_steps(session: AsyncSession) -> list[StepRow]:
    """The steps in plan order, as plain rows: one statement."""
    return list(
        (await session.execute(select(PlanStep.__table__).order_by(PlanStep.position))).all()
    )


async def statuses(session: AsyncSession, keys: Sequence[str]) -> dict[str, PlanStepStatus]:
    """ACHIEVED once the target was reached (ACHIEVED_WITH_DEVIATIONS when the moves that
    reached it carry deviations); IN_PROGRESS while a subject is on its way."""
    return _statuses(await evidence(session, keys), await _under_way(session), keys)


@functools.cache
def _under_way_statement() -> Select[*tuple[Any, ...]]:
    """An EXISTS per step: a subject on its way to the step's target (built once)."""
    return select(
        *(
            exists(
                select(target.model.id).where(  # type: ignore[attr-defined]
                    target.state_column().in_(target.on_the_way), *target.conditions()
                )
            ).label(target.key)
            for target in STEP_TARGETS
        )
    )


async def _under_way(session: AsyncSession) -> set[str]:
    """The steps a subject is on its way to: one statement."""
    found = (await session.execute(_under_way_statement())).one()
    return {t.key for t, on in zip(STEP_TARGETS, found, strict=True) if on}


def _statuses(
    found: Mapping[str, Evidence | None], under_way: set[str], keys: Sequence[str]
) -> dict[str, PlanStepStatus]:
    def status(key: str) -> PlanStepStatus:
        reached = found.get(key)
        if reached is not None:
            if reached.deviations:
                return PlanStepStatus.ACHIEVED_WITH_DEVIATIONS
            return PlanStepStatus.ACHIEVED
        return PlanStepStatus.IN_PROGRESS if key in under_way else PlanStepStatus.NOT_STARTED

    return {key: status(key) for key in keys}


async def status_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Any]:
    """`PlanStep.status` of the steps keyed (key,), for the compiled reads."""
    found = await statuses(session, [key for (key,) in keys])
    return {(key,): status.value for key, status in found.items()}


async def evidence_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Any]:
    """`PlanStep.evidence` of the steps keyed (key,)."""
    found = await evidence(session, [key for (key,) in keys])
    return {(key,): [] if e is None else e.as_json() for key, e in found.items()}


async def deviations_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Any]:
    """`PlanStep.deviations` of the steps keyed (key,)."""
    found = await evidence(session, [key for (key,) in keys])
    return {
        (key,): [] if e is None else [stored_json(d) for d in e.deviations]
        for key, e in found.items()
    }


async def steps_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Any]:
    """`planSteps` for the compiled reads (gp_api.readmodel.ROOT_VALUES)."""
    steps = await list_steps(session)
    found = await evidence(session, [s.key for s in steps])
    status = _statuses(found, await _under_way(session), [s.key for s in steps])
    answer = []
    for s in steps:
        reached = found[s.key]
        answer.append(
            {
                "id": encode("PlanStep", s.id),
                "key": s.key,
                "position": s.position,
                "title": s.title,
                "description": s.description,
                "targetType": TARGETS_BY_KEY[s.key].subject_type,
                "targetState": TARGETS_BY_KEY[s.key].state.value,
                "achievedAt": None if s.achieved_at is None else s.achieved_at.isoformat(),
                "status": status[s.key].value,
                "evidence": [] if reached is None else reached.as_json(),
                "deviations": []
                if reached is None
                else [stored_json(d) for d in reached.deviations],
            }
        )
    return dict.fromkeys(keys, answer)


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
        step = await session.scalar(select(PlanStep).where(PlanStep.key == target.key))
        if step is None:
            continue
        if step.achieved_at is not None:
            # History imported later may show the target reached earlier: achievedAt is the
            # first date history gives (the milestone was announced once, when first known).
            if at < _aware(step.achieved_at) and await _matches(session, target, subject):
                step.achieved_at = at
            continue
        if not await _matches(session, target, subject):
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


async def _matches(session: AsyncSession, target: StepTarget, subject: Base) -> bool:
    """The subject meets the step's conditions (e.g. a REQUESTED item on the topic)."""
    model: Any = target.model
    found = await session.scalar(
        select(model.id).where(model.id == subject.id, *target.conditions())  # type: ignore[attr-defined]
    )
    return found is not None


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
