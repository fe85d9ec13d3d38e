"""GraphQL types for actors and their nested lists."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.actors import kinds as actor_kinds
from gp_api.actors.models import ActorKind, ActorKindPeriod
from gp_api.commitments.models import Determinant
from gp_api.graphql.context import Info
from gp_api.graphql.readtypes import ReadType, plain
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
from gp_api.models_common import Confidence
from workflows.commitment import CommitmentState

if TYPE_CHECKING:
    from gp_api.graphql.bodies.types import Membership
    from gp_api.graphql.commitments.types import Commitment


@strawberry.type(description="What kind of participant an actor was for a period.")
class KindPeriod:
    kind: ActorKind = strawberry.field(description="The kind in that period.")
    valid_from: dt.date | None = strawberry.field(
        description="First day (null: from the start of the record)."
    )
    valid_until: dt.date | None = strawberry.field(description="Last day (null: still so).")
    source_url: str | None = strawberry.field(description="Public source of the period.")
    confidence: Confidence | None = strawberry.field(
        description="How well the source confirms the period."
    )


async def _periods(info: Info, pk: int) -> list[ActorKindPeriod]:
    loader = info.context.loaders.lists("actorKinds", actor_kinds.periods_of)
    found: list[ActorKindPeriod] = await loader.load(pk)
    return found


@strawberry.type(
    description="A participant: a state, UN entity, intergovernmental organisation or NGO."
)
class Actor(Node, ReadType):
    @strawberry.field(
        description="The kind of participant the actor was on a day (IOM: an"
        " intergovernmental organisation until 18 September 2016); `kind` is today's."
    )
    async def kind_on(
        self,
        info: Info,
        date: Annotated[dt.date, strawberry.argument(description="The day.")],
    ) -> ActorKind:
        return actor_kinds.kind_on(await _periods(info, self.pk), plain(self, "kind"), date)

    @strawberry.field(description="The actor's kinds, period by period, oldest first.")
    async def kinds(self, info: Info) -> list[KindPeriod]:
        return [
            KindPeriod(
                kind=p.kind,
                valid_from=p.valid_from,
                valid_until=p.valid_until,
                source_url=p.source_url,
                confidence=p.confidence,
            )
            for p in await _periods(info, self.pk)
        ]

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
