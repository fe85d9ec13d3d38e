"""Workflow moves: the advanceWorkflow input, payload and Mutation mixin."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.graphql import ids, nodes
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.events.types import Event
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.relay import Node
from gp_api.graphql.write import mutate
from gp_api.principal import Principal
from gp_api.workflow import service
from gp_api.workflow.service import Advanced


@strawberry.input(description="A move of a workflow subject.")
class AdvanceWorkflowInput:
    subject_id: strawberry.ID = strawberry.field(
        description="Global ID of a CoordinationBody, AgendaItem, Resolution or Commitment."
    )
    trigger: str = strawberry.field(description="The trigger, e.g. `convene_core_group`.")
    reason: str | None = strawberry.field(
        default=None, description="Why; required by some moves (suspend, dissolve, withdraw ...)."
    )
    expected_version: int | None = strawberry.field(
        default=None,
        description="The subject's `version` as the client saw it; a stale one is refused.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Sent again with the same input (even while the first attempt is still "
        "running), returns the first result and writes nothing new; sent with another input, "
        "the move is refused with INVALID.",
    )


@strawberry.type(description="Result of advanceWorkflow.")
class AdvanceWorkflowPayload:
    subject: Node | None = strawberry.field(description="The subject after the move.")
    event: Event | None = strawberry.field(description="The event that recorded the move.")
    user_errors: list[UserError] = strawberry.field(
        description="Why the move was refused; empty on success."
    )


@strawberry.type(description="Workflow moves.")
class WorkflowMutations:
    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Move a subject along its workflow. Refused moves (INVALID_TRANSITION, "
        "GUARD_FAILED with the blockers, VERSION_CONFLICT, REASON_REQUIRED, NOT_FOUND) write "
        "nothing.",
    )
    async def advance_workflow(
        self,
        info: Info,
        input: Annotated[
            AdvanceWorkflowInput, strawberry.argument(description="The move to make.")
        ],
    ) -> AdvanceWorkflowPayload:
        async def advance(session: AsyncSession, principal: Principal) -> Advanced:
            type_name, pk = ids.decode(input.subject_id, "subjectId")
            return await service.advance(
                session,
                principal=principal,
                subject_type=type_name,
                subject_id=pk,
                trigger=input.trigger,
                reason=input.reason,
                expected_version=input.expected_version,
                idempotency_key=input.idempotency_key,
            )

        return await mutate(
            info,
            advance,
            AdvanceWorkflowPayload,
            subject=lambda done: nodes.registry()[type(done.subject).__name__].convert(
                done.subject
            ),
            event=lambda done: Event.from_row(done.event),
        )
