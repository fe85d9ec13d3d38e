"""GraphQL types for the plan of action and the partnership summary."""

from __future__ import annotations

import strawberry

from gp_api.actors.models import ActorKind
from gp_api.commitments.models import Determinant
from gp_api.graphql.context import Info
from gp_api.graphql.readtypes import ReadType, plain
from gp_api.graphql.relay import Node
from gp_api.plan import service
from gp_api.plan.steps import PlanStepStatus
from gp_api.summary import Summary
from workflows.commitment import CommitmentState
from workflows.coordination_body import BodyState


@strawberry.type(description="A step of the seed's plan of action; its status is derived.")
class PlanStep(Node, ReadType):
    @strawberry.field(description="Not started, in progress (a subject is on its way), achieved.")
    async def status(self, info: Info) -> PlanStepStatus:
        loader = info.context.loaders.values("plan_status", service.statuses)
        status: PlanStepStatus = await loader.load(plain(self, "key"))
        return status


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
