"""Root query fields of General Assembly agenda items and resolutions: the Query mixin."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gp_api.ga import service as ga_service
from gp_api.graphql.context import Info
from gp_api.graphql.ga.types import AgendaItem, Resolution
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    decode_ids,
    page_args,
    root_connection,
)
from workflows.agenda_item import AgendaItemState
from workflows.resolution import ResolutionState


@strawberry.type(
    description="Read General Assembly agenda items, resolutions, sponsors and adoptions."
)
class GeneralAssemblyQueries:
    @strawberry.field(description="General Assembly agenda items, by session.")
    async def agenda_items(
        self,
        info: Info,
        sessions: Annotated[
            list[int] | None, strawberry.argument(description="Only these sessions.")
        ] = None,
        states: Annotated[
            list[AgendaItemState] | None, strawberry.argument(description="Only these states.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[AgendaItem]:
        f = ga_service.AgendaItemFilter(sessions=sessions, states=states)
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: ga_service.list_agenda_items(s, f, a),
            lambda s: ga_service.count_agenda_items(s, f),
            AgendaItem.from_row,
        )

    @strawberry.field(description="Draft and adopted resolutions, oldest first.")
    async def resolutions(
        self,
        info: Info,
        states: Annotated[
            list[ResolutionState] | None, strawberry.argument(description="Only these states.")
        ] = None,
        omnibus: Annotated[
            bool | None, strawberry.argument(description="Only omnibus (or only other) drafts.")
        ] = None,
        agenda_item_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only under this agenda item.")
        ] = None,
        sponsor_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only those this actor sponsors.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Resolution]:
        item_ids = decode_ids(
            [agenda_item_id] if agenda_item_id is not None else None, "AgendaItem", "agendaItemId"
        )
        sponsor_ids = decode_ids(
            [sponsor_id] if sponsor_id is not None else None, "Actor", "sponsorId"
        )
        f = ga_service.ResolutionFilter(
            states=states,
            omnibus=omnibus,
            agenda_item_id=item_ids[0] if item_ids else None,
            sponsor_id=sponsor_ids[0] if sponsor_ids else None,
        )
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: ga_service.list_resolutions(s, f, a),
            lambda s: ga_service.count_resolutions(s, f),
            Resolution.from_row,
        )
