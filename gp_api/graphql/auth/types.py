"""GraphQL types of access control: who am I (Viewer) and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.auth.models import ApiToken as TokenRow
from gp_api.graphql import ids
from gp_api.graphql.actors.types import load_actor
from gp_api.graphql.context import Info
from gp_api.principal import Role

if TYPE_CHECKING:
    from gp_api.graphql.actors.types import Actor

LazyActor = Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")]
strawberry.enum(Role, description="What a token may do: read, edit its actor's data, or all.")


@strawberry.type(description="Who the request acts as.")
class Viewer:
    name: str = strawberry.field(description="The token's name, or `anonymous`.")
    role: Role | None = strawberry.field(description="The token's role; null when anonymous.")
    actor_pk: strawberry.Private[int | None]

    @strawberry.field(description="The actor an EDITOR token acts for.")
    async def actor(self, info: Info) -> LazyActor | None:
        return None if self.actor_pk is None else await load_actor(info, self.actor_pk)


@strawberry.type(description="An API token; its secret is shown only once, at creation.")
class ApiToken:
    id: strawberry.ID = strawberry.field(description="Global ID of the token.")
    pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int | None]
    name: str = strawberry.field(description="What the token is for.")
    role: Role = strawberry.field(description="What it may do.")
    prefix: str = strawberry.field(
        description="The secret's first characters, to tell tokens apart."
    )
    created_at: dt.datetime = strawberry.field(description="When it was created.")
    expires_at: dt.datetime | None = strawberry.field(description="When it stops working.")
    last_used_at: dt.datetime | None = strawberry.field(
        description="When it was last used (to the minute)."
    )
    revoked_at: dt.datetime | None = strawberry.field(description="When it was revoked.")

    @classmethod
    def from_row(cls, row: TokenRow) -> ApiToken:
        return cls(
            id=strawberry.ID(ids.encode("ApiToken", row.id)),
            pk=row.id,
            actor_pk=row.actor_id,
            name=row.name,
            role=row.role,
            prefix=row.prefix,
            created_at=row.created_at,
            expires_at=row.expires_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
        )

    @strawberry.field(description="The actor an EDITOR token acts for.")
    async def actor(self, info: Info) -> LazyActor | None:
        return None if self.actor_pk is None else await load_actor(info, self.actor_pk)
