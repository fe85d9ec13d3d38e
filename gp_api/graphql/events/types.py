"""GraphQL type for events of the log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.graphql import nodes
from gp_api.graphql.actors.types import load_actor
from gp_api.graphql.context import Info
from gp_api.graphql.readtypes import ReadType, plain
from gp_api.graphql.relay import Node

if TYPE_CHECKING:
    from gp_api.graphql.actors.types import Actor


@strawberry.type(description="One change to the partnership's record, in commit order.")
class Event(
    Node,
    ReadType,
    extra={
        "subject_pk": "subject_id",
        "actor_pk": "on_behalf_of_actor_id",
        "log_hash": "hash",
    },
):
    subject_pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int | None]
    # The row's hash-chain link: names this event uniquely, even across databases.
    log_hash: strawberry.Private[str] = ""

    @strawberry.field(description="The object the event is about (null if it is gone).")
    async def subject(self, info: Info) -> Node | None:
        return await nodes.resolve(info, plain(self, "subject_type"), self.subject_pk)

    @strawberry.field(description="The actor the principal acted for, if any.")
    async def on_behalf_of(
        self, info: Info
    ) -> Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")] | None:
        if self.actor_pk is None:
            return None
        return await load_actor(info, self.actor_pk)
