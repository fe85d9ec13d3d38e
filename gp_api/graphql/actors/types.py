"""GraphQL types for actors and their nested lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.actors.models import Actor as ActorRow
from gp_api.commitments import service as commitments_service
from gp_api.commitments.models import Determinant
from gp_api.graphql.context import Info
from gp_api.graphql.readtypes import ReadType
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    connection,
    page_args,
)
from workflows.commitment import CommitmentState

if TYPE_CHECKING:
    from gp_api.graphql.bodies.types import Membership
    from gp_api.graphql.commitments.types import Commitment


@strawberry.type(
    description="A participant: a state, UN entity, intergovernmental organisation or NGO."
)
class Actor(Node, ReadType):
    @strawberry.field(description="The actor's commitments, oldest first.")
    async def commitments(
        self,
        info: Info,
        determinants: Annotated[
            list[Determinant] | None, strawberry.argument(description="Only these determinants.")
        ] = None,
        states: Annotated[
            list[CommitmentState] | None, strawberry.argument(description="Only these states.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Annotated["Commitment", strawberry.lazy("gp_api.graphql.commitments.types")]]:
        from gp_api.graphql.commitments.types import Commitment

        f = commitments_service.CommitmentFilter(
            determinants=tuple(determinants or ()) or None, states=tuple(states or ()) or None
        )
        args = page_args(first, after, last, before)
        loaders = info.context.loaders
        page = await loaders.pages(
            "commitments_by_actor",
            lambda s, keys, extra: commitments_service.commitments_by_actor(s, keys, *extra),
        ).load((self.pk, (f, args)))
        counts = loaders.counts(
            "commitments_by_actor",
            lambda s, keys, extra: commitments_service.count_commitments_by_actor(s, keys, extra),
        )
        return connection(page, Commitment.from_row, lambda: counts.load((self.pk, f)))

    @strawberry.field(description="The actor's memberships of coordination bodies.")
    async def memberships(
        self,
        info: Info,
        current: Annotated[
            bool, strawberry.argument(description="Only memberships that have not ended.")
        ] = True,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Annotated["Membership", strawberry.lazy("gp_api.graphql.bodies.types")]]:
        from gp_api.graphql.bodies.types import membership_connection

        return await membership_connection(
            info, "actor_id", self.pk, current, page_args(first, after, last, before)
        )


async def load_actor(info: Info, pk: int) -> Actor:
    """The actor with this primary key, through the request's loader (one query per batch)."""
    row = await info.context.loaders.rows(ActorRow).load(pk)
    assert row is not None, "foreign key guarantees the actor"
    return Actor.from_row(row)
