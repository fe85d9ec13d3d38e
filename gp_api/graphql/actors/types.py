"""GraphQL types for actors and their nested lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

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
    page_args,
    read_children,
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

        return await read_children(
            info,
            "Actor",
            "commitments",
            self.pk,
            {"determinants": determinants, "states": states},
            page_args(first, after, last, before),
            Commitment.from_row,
        )

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
        from gp_api.graphql.bodies.types import Membership

        return await read_children(
            info,
            "Actor",
            "memberships",
            self.pk,
            {"current": current},
            page_args(first, after, last, before),
            Membership.from_row,
        )


async def load_actor(info: Info, pk: int) -> Actor:
    """The actor with this primary key, through the request's loader (one query per batch)."""
    row = await info.context.loaders.parent("Actor").load(pk)
    assert row is not None, "foreign key guarantees the actor"
    return Actor.from_row(row)
