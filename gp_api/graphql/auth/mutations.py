"""API token mutations: inputs, payloads and the Mutation mixin."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gp_api.auth import service
from gp_api.graphql import ids
from gp_api.graphql.auth.types import ApiToken
from gp_api.graphql.common import INPUT
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.write import mutate
from gp_api.principal import Role


@strawberry.input(description="A new API token.")
class CreateApiTokenInput:
    name: str = strawberry.field(description="What the token is for.")
    role: Role = strawberry.field(description="ADMIN, EDITOR (needs actorId) or VIEWER.")
    actor_id: strawberry.ID | None = strawberry.field(
        default=None, description="The actor an EDITOR token acts for."
    )
    expires_in_days: int | None = strawberry.field(
        default=None, description="Days until it expires; never when left out."
    )


@strawberry.type(description="Result of createApiToken.")
class CreateApiTokenPayload:
    api_token: ApiToken | None = strawberry.field(description="The token as saved.")
    secret: str | None = strawberry.field(
        description="The token to send as `Authorization: Bearer <secret>`; shown only now."
    )
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="A token to revoke.")
class RevokeApiTokenInput:
    id: strawberry.ID = strawberry.field(description="Global ID of the token.")


@strawberry.type(description="Result of revokeApiToken.")
class RevokeApiTokenPayload:
    api_token: ApiToken | None = strawberry.field(description="The token, now revoked.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="API token administration.")
class AuthMutations:
    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Create an API token (ADMIN); returns its secret once.",
    )
    async def create_api_token(
        self, info: Info, input: Annotated[CreateApiTokenInput, INPUT]
    ) -> CreateApiTokenPayload:
        return await mutate(
            info,
            lambda session, principal: service.create_token(
                session,
                principal=principal,
                name=input.name,
                role=input.role,
                actor_id=None
                if input.actor_id is None
                else ids.decode_as(input.actor_id, "Actor", "actorId"),
                expires_in_days=input.expires_in_days,
            ),
            CreateApiTokenPayload,
            api_token=lambda created: ApiToken.from_row(created.token),
            secret=lambda created: created.secret,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Revoke an API token (ADMIN): every later request with it is refused.",
    )
    async def revoke_api_token(
        self, info: Info, input: Annotated[RevokeApiTokenInput, INPUT]
    ) -> RevokeApiTokenPayload:
        return await mutate(
            info,
            lambda session, principal: service.revoke_token(
                session, principal=principal, token_id=ids.decode_as(input.id, "ApiToken", "id")
            ),
            RevokeApiTokenPayload,
            api_token=ApiToken.from_row,
        )
