"""Access control over GraphQL: who am I, API tokens (ADMIN), and the audit log (ADMIN)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.auth import service
from gp_api.auth.models import ApiToken as TokenRow
from gp_api.events import service as events_service
from gp_api.graphql import ids, nodes
from gp_api.graphql.actors.types import load_actor
from gp_api.graphql.context import Info
from gp_api.graphql.errors import PublicError, UserError
from gp_api.graphql.events.types import Event
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    decode_ids,
    page_args,
    root_connection,
)
from gp_api.graphql.write import mutate
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


INPUT = strawberry.argument(description="The change to make; see the input type.")


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


@strawberry.type(description="Identity, tokens and audit.")
class AuthQueries:
    @strawberry.field(description="Who this request acts as.")
    def viewer(self, info: Info) -> Viewer:
        p = info.context.principal
        return Viewer(name=p.name, role=p.role, actor_pk=p.actor_id)

    @strawberry.field(permission_classes=[Allowed], description="API tokens, oldest first (ADMIN).")
    async def api_tokens(
        self,
        info: Info,
        include_revoked: Annotated[
            bool, strawberry.argument(description="Also list revoked tokens.")
        ] = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ApiToken]:
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: service.list_tokens(s, a, include_revoked=include_revoked),
            lambda s: service.count_tokens(s, include_revoked=include_revoked),
            ApiToken.from_row,
        )

    @strawberry.field(
        permission_classes=[Allowed],
        description="Every change, with who made it, oldest first (ADMIN).",
    )
    async def audit_log(
        self,
        info: Info,
        principal_id: Annotated[
            str | None,
            strawberry.argument(description="Only by this principal, e.g. `token:3`, `system`."),
        ] = None,
        token_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only by this API token.")
        ] = None,
        subject_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only about this object.")
        ] = None,
        types: Annotated[
            list[str] | None, strawberry.argument(description="Only these event types.")
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
        if token_id is not None:
            token_pk = decode_ids([token_id], "ApiToken", "tokenId")
            assert token_pk is not None
            if principal_id is not None and principal_id != f"token:{token_pk[0]}":
                raise PublicError(
                    "principalId and tokenId name different principals", "BAD_USER_INPUT"
                )
            principal_id = f"token:{token_pk[0]}"
        subject_type, subject_pks = None, None
        if subject_id is not None:
            subject_type, pk = nodes.decode_node_id(subject_id)
            subject_pks = [pk]
        f = events_service.EventFilter(
            reader=Role.ADMIN,
            types=types,
            subject_type=subject_type,
            subject_ids=subject_pks,
            since=since,
            until=until,
            principal_id=principal_id,
        )
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: events_service.list_events(s, f, a),
            lambda s: events_service.count_events(s, f),
            Event.from_row,
        )
