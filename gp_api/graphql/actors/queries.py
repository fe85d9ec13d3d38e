"""Root query fields of actors: the Query mixin."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gp_api.actors.models import ActorKind, FlowRole
from gp_api.graphql.actors.types import Actor
from gp_api.graphql.context import Info
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    read_root,
)


@strawberry.type(description="Read actors.")
class ActorQueries:
    @strawberry.field(description="Actors, by name.")
    async def actors(
        self,
        info: Info,
        kinds: Annotated[
            list[ActorKind] | None, strawberry.argument(description="Only these kinds.")
        ] = None,
        flow_role: Annotated[
            FlowRole | None, strawberry.argument(description="Only states with this flow role.")
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Text in the name or short name (any case; in any recorded"
                " language or period)."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Actor]:
        arguments = {"kinds": kinds, "flowRole": flow_role, "search": search}
        return await read_root(
            info, "actors", arguments, Actor.from_row, first, after, last, before
        )
