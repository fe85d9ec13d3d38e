"""GraphQL types for the plan of action and the partnership summary."""

from __future__ import annotations

import datetime as dt

import strawberry

from gp_api.actors.models import ActorKind
from gp_api.commitments.models import Determinant
from gp_api.global_ids import encode
from gp_api.graphql.context import Info
from gp_api.graphql.readtypes import ReadType, plain
from gp_api.graphql.relay import Node
from gp_api.graphql.workflow.types import TransitionDeviation
from gp_api.plan import service
from gp_api.plan.evidence import Evidence, evidence
from gp_api.plan.steps import PlanStepStatus
from gp_api.summary import Summary
from workflows.commitment import CommitmentState
from workflows.coordination_body import BodyState


@strawberry.type(
    description="One move of the subject that achieved a plan step, as history records it."
)
class PlanStepEvidence:
    subject_type: str = strawberry.field(description="GraphQL type of the subject.")
    subject_id: strawberry.ID = strawberry.field(description="Global ID of the subject.")
    transition_id: strawberry.ID = strawberry.field(
        description="Global ID of the move (a TransitionRecord)."
    )
    event_id: strawberry.ID = strawberry.field(description="Global ID of the move's Event.")
    from_state: str | None = strawberry.field(description="State before the move.")
    to_state: str = strawberry.field(description="State after the move.")
    trigger: str = strawberry.field(description="The trigger; `import` for imported history.")
    at: dt.datetime = strawberry.field(description="When the move took effect.")
    source_url: str | None = strawberry.field(description="Public source of an import.")
    deviations: list[TransitionDeviation] = strawberry.field(
        description="How this move departed from the workflow (see TransitionRecord.deviations)."
    )


@strawberry.type(description="A step of the seed's plan of action; its status is derived.")
class PlanStep(Node, ReadType):
    @strawberry.field(
        description="Not started, in progress (a subject is on its way), achieved, or achieved"
        " with deviations (the moves that reached it carry deviations: see `deviations`)."
    )
    async def status(self, info: Info) -> PlanStepStatus:
        loader = info.context.loaders.values("plan_status", service.statuses)
        status: PlanStepStatus = await loader.load(plain(self, "key"))
        return status

    @strawberry.field(
        description="What achieved the step: the first subject (by the date history gives) to"
        " reach its target, with its moves up to that one, oldest first; empty until reached."
    )
    async def evidence(self, info: Info) -> list[PlanStepEvidence]:
        found = await _evidence(info, plain(self, "key"))
        if found is None:
            return []
        by_move: dict[int, list[TransitionDeviation]] = {}
        for d in found.deviations:
            by_move.setdefault(d.transition_record_id, []).append(TransitionDeviation.from_row(d))
        return [
            PlanStepEvidence(
                subject_type=m.subject_type,
                subject_id=strawberry.ID(encode(m.subject_type, m.subject_id)),
                transition_id=strawberry.ID(encode("TransitionRecord", m.id)),
                event_id=strawberry.ID(encode("Event", m.event_id)),
                from_state=m.from_state,
                to_state=m.to_state,
                trigger=m.trigger,
                at=m.at,
                source_url=m.source_url,
                deviations=by_move.get(m.id, []),
            )
            for m in found.moves
        ]

    @strawberry.field(
        description="Every deviation of the evidence's moves, in path order: how reality"
        " reached the step otherwise than the plan and the workflow say. Empty when achieved"
        " as planned or not achieved."
    )
    async def deviations(self, info: Info) -> list[TransitionDeviation]:
        found = await _evidence(info, plain(self, "key"))
        return [] if found is None else [TransitionDeviation.from_row(d) for d in found.deviations]


async def _evidence(info: Info, key: str) -> Evidence | None:
    loader = info.context.loaders.values("plan_evidence", evidence)
    found: Evidence | None = await loader.load(key)
    return found


@strawberry.type(description="How many actors there are of one kind.")
class KindCount:
    kind: ActorKind = strawberry.field(description="Kind of actor.")
    count: int = strawberry.field(description="Number of actors.")


@strawberry.type(description="How many commitments one determinant has in one state.")
class CommitmentCount:
    determinant: Determinant = strawberry.field(description="The determinant.")
    state: CommitmentState = strawberry.field(description="The state.")
    count: int = strawberry.field(description="Number of commitments.")


@strawberry.type(description="How many coordination bodies are at one stage.")
class BodyStateCount:
    state: BodyState = strawberry.field(description="The stage.")
    count: int = strawberry.field(description="Number of bodies.")


@strawberry.type(description="The partnership at a glance, for a dashboard's first screen.")
class Partnership:
    actors_by_kind: list[KindCount] = strawberry.field(description="Actors per kind.")
    commitments_by_determinant_and_state: list[CommitmentCount] = strawberry.field(
        description="Commitments per determinant and state (only non-zero pairs); a commitment"
        " counts under each of its determinants."
    )
    bodies_by_state: list[BodyStateCount] = strawberry.field(description="Bodies per stage.")
    plan_steps_total: int = strawberry.field(description="Steps in the plan of action.")
    plan_steps_achieved: int = strawberry.field(description="Steps achieved so far.")

    @classmethod
    def from_summary(cls, s: Summary) -> Partnership:
        return cls(
            actors_by_kind=[KindCount(kind=k, count=n) for k, n in s.actors_by_kind.items()],
            commitments_by_determinant_and_state=[
                CommitmentCount(determinant=d, state=st, count=n)
                for d, st, n in s.commitment_counts()
            ],
            bodies_by_state=[
                BodyStateCount(state=k, count=n) for k, n in s.bodies_by_state.items()
            ],
            plan_steps_total=s.plan_steps_total,
            plan_steps_achieved=s.plan_steps_achieved,
        )
