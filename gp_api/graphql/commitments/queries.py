"""Root query fields of commitments, deliverables and progress reports: the Query mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.commitments.models import Determinant
from gp_api.graphql.commitments.types import Commitment
from gp_api.graphql.context import Info
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    read_root,
)
from workflows.commitment import CommitmentState


@strawberry.type(description="Read commitments, deliverables and progress reports.")
class CommitmentQueries:
    @strawberry.field(description="Commitments, oldest first.")
    async def commitments(
        self,
        info: Info,
        actor_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Only these actors'.")
        ] = None,
        determinants: Annotated[
            list[Determinant] | None, strawberry.argument(description="Only these determinants.")
        ] = None,
        states: Annotated[
            list[CommitmentState] | None, strawberry.argument(description="Only these states.")
        ] = None,
        due_before: Annotated[
            dt.date | None, strawberry.argument(description="Due strictly before this date.")
        ] = None,
        due_after: Annotated[
            dt.date | None, strawberry.argument(description="Due strictly after this date.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Commitment]:
        arguments = {
            "actorIds": actor_ids,
            "determinants": determinants,
            "states": states,
            "dueBefore": due_before,
            "dueAfter": due_after,
        }
        return await read_root(
            info, "commitments", arguments, Commitment.from_row, first, after, last, before
        )
