"""The partnership at a glance: what a dashboard shows on its first screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, literal, null, select, true, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.actors.models import Actor, ActorKind
from gp_api.bodies.models import CoordinationBody
from gp_api.commitments.models import Commitment, Determinant
from gp_api.db import json_elements
from gp_api.plan.models import PlanStep
from gp_api.principal import Principal
from workflows.commitment import CommitmentState
from workflows.coordination_body import BodyState


@dataclass(frozen=True)
class Summary:
    actors_by_kind: dict[ActorKind, int]
    commitments: dict[tuple[Determinant, CommitmentState], int]
    bodies_by_state: dict[BodyState, int]
    plan_steps_total: int
    plan_steps_achieved: int

    def commitment_counts(self) -> list[tuple[Determinant, CommitmentState, int]]:
        """The non-zero (determinant, state) pairs, in the enums' order."""
        determinants, states = list(Determinant), list(CommitmentState)
        return sorted(
            ((d, s, n) for (d, s), n in self.commitments.items()),
            key=lambda t: (determinants.index(t[0]), states.index(t[1])),
        )

    def as_json(self) -> dict[str, Any]:
        """As the GraphQL type `Partnership` answers it."""
        return {
            "actorsByKind": [{"kind": k.value, "count": n} for k, n in self.actors_by_kind.items()],
            "commitmentsByDeterminantAndState": [
                {"determinant": d.value, "state": s.value, "count": n}
                for d, s, n in self.commitment_counts()
            ],
            "bodiesByState": [
                {"state": k.value, "count": n} for k, n in self.bodies_by_state.items()
            ],
            "planStepsTotal": self.plan_steps_total,
            "planStepsAchieved": self.plan_steps_achieved,
        }


async def partnership(session: AsyncSession) -> Summary:
    """One aggregate statement, no row loaded: each count is a row (what it counts, the
    values it is counted for, the count)."""
    text = String()
    none = cast(null(), text)  # typed, so that the union's columns agree on PostgreSQL
    # Commitments grouped by their determinants as written (a few hundred sets, whatever the
    # number of commitments), then each group counted once under each of its determinants:
    # the JSON of a set is read once, not that of every commitment (12,500 commitments: 40
    # ms -> 15 ms on PostgreSQL).
    written = cast(Commitment.determinants, text)
    sets = (
        select(written.label("determinants"), Commitment.state, func.count().label("n"))
        .group_by(written, Commitment.state)
        .subquery()
    )
    determinant = json_elements(sets.c.determinants).table_valued("value")
    counted = union_all(
        select(literal("actors"), cast(Actor.kind, text), none, func.count()).group_by(Actor.kind),
        # A commitment counts once under each of its determinants.
        select(
            literal("commitments"),
            cast(determinant.c.value, text),
            cast(sets.c.state, text),
            func.sum(sets.c.n),
        )
        .select_from(sets)
        .join(determinant, true())
        .group_by(determinant.c.value, sets.c.state),
        select(literal("bodies"), cast(CoordinationBody.state, text), none, func.count()).group_by(
            CoordinationBody.state
        ),
        select(literal("steps"), none, none, func.count()).select_from(PlanStep),
        select(literal("achieved"), none, none, func.count(PlanStep.achieved_at)),
    )
    actors: dict[ActorKind, int] = {}
    commitments: dict[tuple[Determinant, CommitmentState], int] = {}
    bodies: dict[BodyState, int] = {}
    totals: dict[str, int] = {}
    for what, first, second, n in await session.execute(counted):
        if what == "actors":
            actors[ActorKind(first)] = int(n)
        elif what == "commitments":
            commitments[Determinant(first), CommitmentState(second)] = int(n)
        elif what == "bodies":
            bodies[BodyState(first)] = int(n)
        else:
            totals[what] = int(n)
    return Summary(
        actors_by_kind={k: actors.get(k, 0) for k in ActorKind},
        commitments=commitments,
        bodies_by_state={s: bodies.get(s, 0) for s in BodyState},
        plan_steps_total=int(totals["steps"]),
        plan_steps_achieved=int(totals["achieved"]),
    )


async def partnership_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Any]:
    """`partnership` for the compiled reads (gp_api.readmodel.ROOT_VALUES)."""
    summary = (await partnership(session)).as_json()
    return dict.fromkeys(keys, summary)
