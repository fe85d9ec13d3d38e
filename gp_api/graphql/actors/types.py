"""GraphQL types for actors and their nested lists."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.actors.models import Actor as ActorRow
from gp_api.actors.models import ActorKind, FlowRole
from gp_api.commitments.models import Determinant
from gp_api.graphql import ids
from gp_api.graphql.common import CONFIDENCE, SOURCE_URL
from gp_api.graphql.context import Info
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


@strawberry.type(
    description="A participant: a state, UN entity, intergovernmental organisation or NGO."
)
class Actor(Node):
    pk: strawberry.Private[int]
    name: str = strawberry.field(description="Full name.")
    short_name: str | None = strawberry.field(description="Abbreviation, e.g. UNODC.")
    kind: ActorKind = strawberry.field(description="Kind of participant.")
    iso_alpha2: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code (states).")
    iso_alpha3: str | None = strawberry.field(description="ISO 3166-1 alpha-3 code (states).")
    m49: int | None = strawberry.field(description="UN M49 / ISO 3166-1 numeric code (states).")
    flow_roles: list[FlowRole] = strawberry.field(
        description="Roles in trafficking flows: origin, transit, destination (states)."
    )
    flow_roles_illustrative: bool = strawberry.field(
        description="True when the flow roles are illustrative, not from a licensed data set."
    )
    website: str | None = strawberry.field(description="Official website.")
    source_url: str | None = strawberry.field(description=SOURCE_URL)
    confidence: Confidence | None = strawberry.field(description=CONFIDENCE)
    created_at: dt.datetime = strawberry.field(description="When the record was created.")
    updated_at: dt.datetime = strawberry.field(description="When the record last changed.")

    @classmethod
    def from_row(cls, row: ActorRow) -> Actor:
        return cls(
            id=strawberry.ID(ids.encode("Actor", row.id)),
            pk=row.id,
            name=row.name,
            short_name=row.short_name,
            kind=row.kind,
            iso_alpha2=row.iso_alpha2,
            iso_alpha3=row.iso_alpha3,
            m49=row.m49,
            flow_roles=row.flow_roles,
            flow_roles_illustrative=row.flow_roles_illustrative,
            website=row.website,
            source_url=row.source_url,
            confidence=row.confidence,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

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
