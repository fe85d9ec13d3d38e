"""Root query fields of coordination bodies, memberships and meetings: the Query mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.bodies.models import Hub, MeetingStatus
from gp_api.graphql.bodies.types import CoordinationBody, Meeting
from gp_api.graphql.context import Info
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    read_root,
)
from workflows.coordination_body import BodyState


@strawberry.type(description="Read coordination bodies, memberships and meetings.")
class BodyQueries:
    @strawberry.field(description="Coordination bodies, by name.")
    async def coordination_bodies(
        self,
        info: Info,
        states: Annotated[
            list[BodyState] | None, strawberry.argument(description="Only bodies at these stages.")
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Text in the name (any case; in any recorded language or period)."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[CoordinationBody]:
        arguments = {"states": states, "search": search}
        return await read_root(
            info,
            "coordinationBodies",
            arguments,
            CoordinationBody.from_row,
            first,
            after,
            last,
            before,
        )

    @strawberry.field(description="Meetings, earliest first.")
    async def meetings(
        self,
        info: Info,
        body_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this body's meetings.")
        ] = None,
        statuses: Annotated[
            list[MeetingStatus] | None, strawberry.argument(description="Only these statuses.")
        ] = None,
        hubs: Annotated[
            list[Hub] | None, strawberry.argument(description="Only at these hubs.")
        ] = None,
        starts_after: Annotated[
            dt.datetime | None, strawberry.argument(description="Starting at or after this time.")
        ] = None,
        starts_before: Annotated[
            dt.datetime | None, strawberry.argument(description="Starting before this time.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Meeting]:
        arguments = {
            "bodyId": body_id,
            "statuses": statuses,
            "hubs": hubs,
            "startsAfter": starts_after,
            "startsBefore": starts_before,
        }
        return await read_root(
            info, "meetings", arguments, Meeting.from_row, first, after, last, before
        )
