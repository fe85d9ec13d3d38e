"""Root query fields of the event log: the Query mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.graphql import nodes
from gp_api.graphql.context import Info
from gp_api.graphql.errors import PublicError
from gp_api.graphql.events.types import Event
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    read_root,
)


@strawberry.type(description="Read the event log.")
class EventQueries:
    @strawberry.field(description="The event log, oldest first; `after` takes an Event.cursor.")
    async def events(
        self,
        info: Info,
        types: Annotated[
            list[str] | None, strawberry.argument(description="Only these event types.")
        ] = None,
        subject_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Only about these objects.")
        ] = None,
        milestone: Annotated[
            bool | None, strawberry.argument(description="Only milestones (or only others).")
        ] = None,
        since: Annotated[
            dt.datetime | None, strawberry.argument(description="Recorded at or after this time.")
        ] = None,
        until: Annotated[
            dt.datetime | None, strawberry.argument(description="Recorded before this time.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Event]:
        check_subjects(subject_ids)
        arguments = {
            "types": types,
            "subjectIds": subject_ids,
            "milestone": milestone,
            "since": since,
            "until": until,
        }
        return await read_root(
            info, "events", arguments, Event.from_row, first, after, last, before
        )


def check_subjects(subject_ids: list[strawberry.ID] | None) -> None:
    """Refuse IDs of no node type, or of several types, as node IDs are refused."""
    if subject_ids is not None:
        decoded = [nodes.decode_node_id(i) for i in subject_ids]
        if len({t for t, _ in decoded}) > 1:
            raise PublicError("subjectIds must all be of one type", "BAD_USER_INPUT")
