"""Workflow moves: the advanceWorkflow input, payload and Mutation mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.graphql import ids, nodes
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.events.types import Event
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.relay import Node
from gp_api.graphql.workflow.types import TransitionRecord
from gp_api.graphql.write import mutate
from gp_api.principal import Principal
from gp_api.workflow import imports, service
from gp_api.workflow.imports import Imported
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


@strawberry.input(
    description="History entering the record: a subject reached a state on a past date, as a"
    " public source shows."
)
class ImportWorkflowStateInput:
    subject_id: strawberry.ID = strawberry.field(
        description="Global ID of a CoordinationBody, AgendaItem, Resolution or Commitment."
    )
    to_state: str = strawberry.field(
        description="The state history reached; it must be reachable from the subject's state"
        " by the workflow's transitions (stages may be skipped: each is a deviation)."
    )
    on: dt.date = strawberry.field(
        description="When it was reached (not in the future, not before the subject's last"
        " recorded move); the record is dated at midnight UTC that day."
    )
    source_url: str = strawberry.field(description="Public source that shows it (http/https).")
    reason: str | None = strawberry.field(
        default=None,
        description="What the source says; required when the path passes a move that needs a"
        " reason (suspend, dissolve, withdraw ...).",
    )
    expected_version: int | None = strawberry.field(
        default=None,
        description="The subject's `version` as the client saw it; a stale one is refused.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Sent again with the same input, returns the first result and writes"
        " nothing new; sent with another input, the import is refused with INVALID.",
    )


@strawberry.type(description="Result of importWorkflowState.")
class ImportWorkflowStatePayload:
    subject: Node | None = strawberry.field(description="The subject after the import.")
    transition: TransitionRecord | None = strawberry.field(
        description="The import record, with its deviations."
    )
    event: Event | None = strawberry.field(description="The event that recorded the import.")
    user_errors: list[UserError] = strawberry.field(
        description="Why the import was refused; empty on success."
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

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="ADMIN: record that a subject reached a state on a past date, citing its"
        " source (trigger `import`, recorded as the caller). The guards of every transition on"
        " the way are evaluated against the facts as of that date where they are dated (a"
        " body's memberships and meetings), else as they are today; each failing guard and"
        " each skipped stage is stored as a deviation (in `history`, `availableTransitions`"
        " and the plan), never refused. Refused: an unreachable state (INVALID_TRANSITION), a"
        " future date or one before the last recorded move, no sourceUrl (INVALID, REQUIRED),"
        " VERSION_CONFLICT, REASON_REQUIRED, NOT_FOUND; nothing is written then.",
    )
    async def import_workflow_state(
        self,
        info: Info,
        input: Annotated[
            ImportWorkflowStateInput, strawberry.argument(description="What history shows.")
        ],
    ) -> ImportWorkflowStatePayload:
        async def run(session: AsyncSession, principal: Principal) -> Imported:
            type_name, pk = ids.decode(input.subject_id, "subjectId")
            return await imports.import_state(
                session,
                principal=principal,
                subject_type=type_name,
                subject_id=pk,
                to_state=input.to_state,
                on=input.on,
                source_url=input.source_url,
                reason=input.reason,
                expected_version=input.expected_version,
                idempotency_key=input.idempotency_key,
            )

        return await mutate(
            info,
            run,
            ImportWorkflowStatePayload,
            subject=lambda done: nodes.registry()[type(done.subject).__name__].convert(
                done.subject
            ),
            transition=lambda done: TransitionRecord.from_row(done.record),
            event=lambda done: Event.from_row(done.event),
        )
