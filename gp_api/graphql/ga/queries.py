"""Root query fields of General Assembly agenda items and resolutions: the Query mixin."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gp_api.ga.models import AgendaItemOrigin, Ballot, DraftKind, MandateStatus, Topic
from gp_api.graphql.context import Info
from gp_api.graphql.ga.types import AgendaItem, Mandate, Resolution, Sponsorship, Vote
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    read_root,
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
        origins: Annotated[
            list[AgendaItemOrigin] | None,
            strawberry.argument(description="Only items of these origins."),
        ] = None,
        topic: Annotated[
            Topic | None, strawberry.argument(description="Only items about this topic.")
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Text in the title (any case; in any recorded language or period)."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[AgendaItem]:
        arguments = {
            "sessions": sessions,
            "states": states,
            "origins": origins,
            "topic": topic,
            "search": search,
        }
        return await read_root(
            info, "agendaItems", arguments, AgendaItem.from_row, first, after, last, before
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
        kinds: Annotated[
            list[DraftKind] | None,
            strawberry.argument(description="Only drafts of resolutions, or of decisions."),
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Text in the title (in any recorded language or period) or a symbol"
                " (draft, report, final; any case)."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Resolution]:
        arguments = {
            "states": states,
            "omnibus": omnibus,
            "agendaItemId": agenda_item_id,
            "sponsorId": sponsor_id,
            "kinds": kinds,
            "search": search,
        }
        return await read_root(
            info, "resolutions", arguments, Resolution.from_row, first, after, last, before
        )

    @strawberry.field(
        description="Sponsorships: who sponsored which drafts and when (e.g. a series over time)."
    )
    async def sponsorships(
        self,
        info: Info,
        actor_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this sponsor's.")
        ] = None,
        resolution_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Only of these drafts.")
        ] = None,
        current: Annotated[
            bool, strawberry.argument(description="Only sponsors that have not withdrawn.")
        ] = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Sponsorship]:
        arguments = {"actorId": actor_id, "resolutionIds": resolution_ids, "current": current}
        return await read_root(
            info, "sponsorships", arguments, Sponsorship.from_row, first, after, last, before
        )

    @strawberry.field(description="Member States' votes in recorded and roll-call votes.")
    async def votes(
        self,
        info: Info,
        actor_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only this Member State's (how it voted across drafts)."
            ),
        ] = None,
        ballots: Annotated[
            list[Ballot] | None, strawberry.argument(description="Only these votes.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Vote]:
        arguments = {"actorId": actor_id, "ballots": ballots}
        return await read_root(info, "votes", arguments, Vote.from_row, first, after, last, before)

    @strawberry.field(
        description="What adopted resolutions ask for, oldest recorded first (e.g. the reports"
        " due, or overdue, at a session)."
    )
    async def mandates(
        self,
        info: Info,
        status: Annotated[
            MandateStatus | None, strawberry.argument(description="Only mandates in this status.")
        ] = None,
        due_session: Annotated[
            int | None, strawberry.argument(description="Only those due at this session.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Mandate]:
        arguments = {"status": status, "dueSession": due_session}
        return await read_root(
            info, "mandates", arguments, Mandate.from_row, first, after, last, before
        )
