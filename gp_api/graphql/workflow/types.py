"""GraphQL type for workflow history (TransitionRecord)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.events import service as events_service
from gp_api.events.models import Event as EventRow
from gp_api.graphql.actors.types import load_actor
from gp_api.graphql.context import Info
from gp_api.graphql.events.types import Event
from gp_api.graphql.permissions import may_advance
from gp_api.graphql.readtypes import ReadType
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    connection,
    page_args,
)
from gp_api.pagination import PageArgs
from gp_api.workflow import service as workflow_service
from gp_api.workflow.subjects import SUBJECTS
from workflows.base import Option

if TYPE_CHECKING:
    from gp_api.graphql.actors.types import Actor


@strawberry.type(description="One move of a subject along its workflow: who, when, why.")
class TransitionRecord(
    Node,
    ReadType,
    extra={"event_pk": "event_id", "actor_pk": "on_behalf_of_actor_id"},
):
    event_pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int | None]

    @strawberry.field(description="The actor the principal acted for, if any.")
    async def on_behalf_of(
        self, info: Info
    ) -> Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")] | None:
        if self.actor_pk is None:
            return None
        return await load_actor(info, self.actor_pk)

    @strawberry.field(description="The event that recorded this move.")
    async def event(
        self, info: Info
    ) -> Annotated["Event", strawberry.lazy("gp_api.graphql.events.types")]:
        row = await info.context.loaders.rows(EventRow).load(self.event_pk)
        assert row is not None
        return Event.from_row(row)


async def history_connection(
    info: Info, subject_type: str, pk: int, args: PageArgs
) -> Connection[TransitionRecord]:
    loaders = info.context.loaders

    async def count() -> int:
        return await info.context.run(
            lambda session: events_service.count_history(session, subject_type, pk)
        )

    page = await loaders.pages(
        f"history:{subject_type}",
        lambda s, keys, a: events_service.history(s, subject_type, keys, a),
    ).load((pk, args))
    return connection(page, TransitionRecord.from_row, count)


@strawberry.type(description="A move a workflow subject could make from its current state.")
class AvailableTransition:
    trigger: str = strawberry.field(description="The trigger to pass to advanceWorkflow.")
    to_state: str = strawberry.field(description="The state the move leads to.")
    allowed: bool = strawberry.field(description="True when nothing blocks the move now.")
    blockers: list[str] = strawberry.field(description="Why the move is blocked; empty if allowed.")
    reason_required: bool = strawberry.field(description="The move needs a reason.")


async def available_transitions(
    info: Info, subject_type: str, pk: int
) -> list[AvailableTransition]:
    """The subject's options; those the principal may not take say which role they need."""

    async def options(session: AsyncSession) -> tuple[list[Option], int | None]:
        return await workflow_service.options_of(session, subject_type, pk)

    found, owner = await info.context.run(options)
    denied = may_advance(info.context.principal, subject_type, owner)
    return [
        AvailableTransition(
            trigger=o.trigger,
            to_state=o.to_state.value,
            allowed=o.allowed and denied is None,
            blockers=([denied] if denied else []) + o.blockers,
            reason_required=o.reason_required,
        )
        for o in found
    ]


@strawberry.type(description="A state of a workflow.")
class WorkflowState:
    name: str = strawberry.field(description="The state's name.")
    initial: bool = strawberry.field(description="New subjects start here.")
    milestone: bool = strawberry.field(description="Entering it is a milestone event.")


@strawberry.type(description="A rule a transition checks, with the reason shown when it blocks.")
class WorkflowGuard:
    name: str = strawberry.field(description="The guard's name.")
    description: str = strawberry.field(description="What the guard requires.")


@strawberry.type(description="A move of a workflow definition.")
class WorkflowTransition:
    trigger: str = strawberry.field(description="The trigger that fires it.")
    from_states: list[str] = strawberry.field(description="States it can be fired from.")
    to_states: list[str] = strawberry.field(
        description="Where it leads (several for a move back to a stage left, e.g. resume)."
    )
    guards: list[WorkflowGuard] = strawberry.field(description="Rules it checks.")
    reason_required: bool = strawberry.field(description="It needs a reason.")


@strawberry.type(description="A workflow definition, as the server enforces it.")
class WorkflowDefinition:
    name: str = strawberry.field(description="Name, e.g. `coordination_body`.")
    version: int = strawberry.field(description="Version of the definition.")
    subject_type: str = strawberry.field(description="GraphQL type of its subjects.")
    description: str = strawberry.field(description="What the workflow is.")
    states: list[WorkflowState] = strawberry.field(description="Its states.")
    transitions: list[WorkflowTransition] = strawberry.field(description="Its moves.")
    milestones: list[str] = strawberry.field(description="States whose entry is a milestone.")
    mermaid: str = strawberry.field(description="A Mermaid state diagram of it.")


def workflow_definitions() -> list[WorkflowDefinition]:
    result = []
    for subject_type, subject in SUBJECTS.items():
        d = subject.definition
        result.append(
            WorkflowDefinition(
                name=d.name,
                version=d.version,
                subject_type=subject_type,
                description=d.description,
                states=[
                    WorkflowState(name=s.value, initial=s is d.initial, milestone=s in d.milestones)
                    for s in d.states
                ],
                transitions=[
                    WorkflowTransition(
                        trigger=t.trigger,
                        from_states=[s.value for s in t.sources],
                        to_states=[s.value for s in ((t.dest,) if t.dest else t.returns_to)],
                        guards=[
                            WorkflowGuard(name=g, description=d.guards[g].description)
                            for g in t.guards
                        ],
                        reason_required=t.reason_required,
                    )
                    for t in d.transitions
                ],
                milestones=[s.value for s in d.states if s in d.milestones],
                mermaid=d.mermaid(),
            )
        )
    return result


@strawberry.interface(
    description="An object that moves along a workflow: coordination body, agenda item, "
    "resolution, commitment."
)
class WorkflowSubject(Node):
    pk: strawberry.Private[int]
    version: int = strawberry.field(
        description="Changes with every move; pass it as expectedVersion to advanceWorkflow."
    )

    @strawberry.field(description="Recorded workflow moves, oldest first.")
    async def history(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[TransitionRecord]:
        return await history_connection(
            info, type(self).__name__, self.pk, page_args(first, after, last, before)
        )

    @strawberry.field(
        description="Every move from the current state, allowed or not, with what blocks it."
    )
    async def available_transitions(self, info: Info) -> list[AvailableTransition]:
        return await available_transitions(info, type(self).__name__, self.pk)
