"""GraphQL type for workflow history (TransitionRecord)."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.graphql.actors.types import load_actor
from gp_api.graphql.context import Info
from gp_api.graphql.events.types import Event
from gp_api.graphql.readtypes import ReadType
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    page_args,
    read_children,
)
from gp_api.principal import Role
from gp_api.workflow import service as workflow_service
from gp_api.workflow.deviations import importable_guards
from gp_api.workflow.service import Move
from gp_api.workflow.subjects import SUBJECTS

if TYPE_CHECKING:
    from gp_api.graphql.actors.types import Actor


@strawberry.type(
    description="One way an imported move departed from its workflow: a guard that failed at"
    " the import's date, or a stage that was skipped. Stored with the move, never hidden."
)
class TransitionDeviation(Node, ReadType):
    pass


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
        row = await info.context.loaders.parent("Event").load(self.event_pk)
        assert row is not None
        return Event.from_row(row)

    @strawberry.field(
        description="For an import (trigger `import`): how it departed from the workflow, in"
        " path order (each stage skipped, each guard that failed against the facts of its"
        " date); empty for a guarded move and for an import that met every guard."
    )
    async def deviations(self, info: Info) -> list[TransitionDeviation]:
        rows = await info.context.loaders.linked("TransitionRecord", "deviations").load(self.pk)
        return [TransitionDeviation.from_row(r) for r in rows]


@strawberry.type(description="A move a workflow subject could make from its current state.")
class AvailableTransition:
    trigger: str = strawberry.field(description="The trigger to pass to advanceWorkflow.")
    to_state: str = strawberry.field(description="The state the move leads to.")
    allowed: bool = strawberry.field(description="True when nothing blocks the move now.")
    blockers: list[str] = strawberry.field(description="Why the move is blocked; empty if allowed.")
    reason_required: bool = strawberry.field(description="The move needs a reason.")
    mutation: str = strawberry.field(
        description="The mutation that makes the move: advanceWorkflow, or the one that carries"
        " the move's data (e.g. allocateAgendaItem)."
    )
    required_role: Role = strawberry.field(
        description="The least role that may make the move: ADMIN, or EDITOR for a commitment"
        " of the token's own actor."
    )
    deviations: list[TransitionDeviation] = strawberry.field(
        description="The deviations the subject carries in the state this move leaves: those"
        " of the move that brought it there (an import that skipped a stage or failed a"
        " guard); the same on every move of the subject, empty when the state was reached as"
        " the workflow says."
    )


async def available_transitions(
    info: Info, subject_type: str, pk: int
) -> list[AvailableTransition]:
    """The subject's options; those the principal may not take say which role they need.
    One batch per request and subject type (the facts of every subject at once)."""
    principal = info.context.principal

    def moves(session: AsyncSession, ids: Sequence[int]) -> Awaitable[dict[int, list[Move]]]:
        return workflow_service.available_moves(session, principal, subject_type, ids)

    found: list[Move] = await info.context.loaders.values(
        f"availableTransitions:{subject_type}", moves
    ).load(pk)
    return [
        AvailableTransition(
            trigger=m.trigger,
            to_state=m.to_state,
            allowed=m.allowed,
            blockers=list(m.blockers),
            reason_required=m.reason_required,
            mutation=m.mutation,
            required_role=m.required_role,
            deviations=[TransitionDeviation.from_row(d) for d in m.deviations],
        )
        for m in found
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
    deviable: bool = strawberry.field(
        description="An import (importWorkflowState) through a transition checking it records"
        " it as a deviation when it fails, instead of refusing the move."
    )


@strawberry.type(description="A move of a workflow definition.")
class WorkflowTransition:
    trigger: str = strawberry.field(description="The trigger that fires it.")
    from_states: list[str] = strawberry.field(description="States it can be fired from.")
    to_states: list[str] = strawberry.field(
        description="Where it leads (several for a move back to a stage left, e.g. resume)."
    )
    guards: list[WorkflowGuard] = strawberry.field(description="Rules it checks.")
    reason_required: bool = strawberry.field(description="It needs a reason.")
    mutation: str = strawberry.field(
        description="The mutation that makes it: advanceWorkflow, or the one carrying its data."
    )


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
        deviable = set(importable_guards(d))
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
                            WorkflowGuard(
                                name=g,
                                description=d.guards[g].description,
                                deviable=g in deviable,
                            )
                            for g in t.guards
                        ],
                        reason_required=t.reason_required,
                        mutation=t.mutation,
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
        return await read_children(
            info,
            type(self).__name__,
            "history",
            self.pk,
            {},
            page_args(first, after, last, before),
            TransitionRecord.from_row,
        )

    @strawberry.field(
        description="Every move from the current state, allowed or not, with what blocks it."
    )
    async def available_transitions(self, info: Info) -> list[AvailableTransition]:
        return await available_transitions(info, type(self).__name__, self.pk)
