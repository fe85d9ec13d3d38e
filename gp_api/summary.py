"""The partnership at a glance: what a dashboard shows on its first screen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.actors.models import Actor, ActorKind
from gp_api.bodies.models import CoordinationBody
from gp_api.commitments.models import Commitment, Determinant
from gp_api.plan.models import PlanStep
from workflows.commitment import CommitmentState
from workflows.coordination_body import BodyState


@dataclass(frozen=True)
class Summary:
    actors_by_kind: dict[ActorKind, int]
    commitments: dict[tuple[Determinant, CommitmentState], int]
    bodies_by_state: dict[BodyState, int]
    plan_steps_total: int
    plan_steps_achieved: int


async def partnership(session: AsyncSession) -> Summary:
    actors = dict(
        (await session.execute(select(Actor.kind, func.count()).group_by(Actor.kind))).all()
    )
    commitments = {
        (d, s): n
        for d, s, n in (
            await session.execute(
                select(Commitment.determinant, Commitment.state, func.count()).group_by(
                    Commitment.determinant, Commitment.state
                )
            )
        )
    }
    bodies = dict(
        (
            await session.execute(
                select(CoordinationBody.state, func.count()).group_by(CoordinationBody.state)
            )
        ).all()
    )
    total, achieved = (
        await session.execute(
            select(func.count(), func.count(PlanStep.achieved_at)).select_from(PlanStep)
        )
    ).one()
    return Summary(
        actors_by_kind={k: actors.get(k, 0) for k in ActorKind},
        commitments=commitments,
        bodies_by_state={s: bodies.get(s, 0) for s in BodyState},
        plan_steps_total=int(total),
        plan_steps_achieved=int(achieved),
    )
