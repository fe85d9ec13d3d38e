"""Root query fields of commitments, deliverables and progress reports: the Query mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.commitments.models import Determinant, Pillar, Scope
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
            list[Determinant] | None,
            strawberry.argument(description="Only those serving any of these determinants."),
        ] = None,
        pillars: Annotated[
            list[Pillar] | None,
            strawberry.argument(description="Only those serving any of these pillars."),
        ] = None,
        sdg_target: Annotated[
            str | None, strawberry.argument(description="Only those naming this SDG target.")
        ] = None,
        scopes: Annotated[
            list[Scope] | None, strawberry.argument(description="Only these scopes.")
        ] = None,
        country: Annotated[
            str | None,
            strawberry.argument(description="Only those covering this country (ISO alpha-2)."),
        ] = None,
        currencies: Annotated[
            list[str] | None,
            strawberry.argument(description="Only pledges in these ISO 4217 currencies."),
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
        search: Annotated[
            str | None,
            strawberry.argument(description="Text in the title or description (any case)."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Commitment]:
        arguments = {
            "actorIds": actor_ids,
            "determinants": determinants,
            "pillars": pillars,
            "sdgTarget": sdg_target,
            "scopes": scopes,
            "country": country,
            "currencies": currencies,
            "states": states,
            "dueBefore": due_before,
            "dueAfter": due_after,
            "search": search,
        }
        return await read_root(
            info, "commitments", arguments, Commitment.from_row, first, after, last, before
        )
