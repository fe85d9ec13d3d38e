"""Mutations of actors: inputs, payloads, the Mutation mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.actors import kinds as actor_kinds
from gp_api.actors import service as actors_service
from gp_api.actors.models import ActorKind, FlowRole
from gp_api.graphql import ids
from gp_api.graphql.actors.types import Actor
from gp_api.graphql.common import CONFIDENCE, ERRORS, INPUT, SOURCE_URL, described, given
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.write import mutate
from gp_api.models_common import Confidence


@strawberry.input(description="A new actor.")
class CreateActorInput:
    name: str = strawberry.field(description="Full name, unique.")
    kind: ActorKind = strawberry.field(description="Kind of participant.")
    short_name: str | None = described("Abbreviation.")
    iso_alpha2: str | None = described("ISO 3166-1 alpha-2 (states; any one code is enough).")
    iso_alpha3: str | None = described("ISO 3166-1 alpha-3 (states).")
    m49: int | None = described("UN M49 / ISO 3166-1 numeric (states).")
    flow_roles: list[FlowRole] | None = described("Origin, transit, destination (states).")
    flow_roles_illustrative: bool = described("The flow roles are illustrative only.", False)
    website: str | None = described("Official website, http(s).")
    un_member_since: dt.date | None = described("Admission to the United Nations (states).")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="Changes to an actor; fields left out stay as they are.")
class UpdateActorInput:
    id: strawberry.ID = strawberry.field(description="The actor to change.")
    name: str | None = described("Full name, unique.", strawberry.UNSET)
    kind: ActorKind | None = described("Kind of participant.", strawberry.UNSET)
    short_name: str | None = described("Abbreviation.", strawberry.UNSET)
    iso_alpha2: str | None = described("ISO 3166-1 alpha-2 (replaces the codes).", strawberry.UNSET)
    iso_alpha3: str | None = described("ISO 3166-1 alpha-3 (replaces the codes).", strawberry.UNSET)
    m49: int | None = described("UN M49 code (replaces the codes).", strawberry.UNSET)
    flow_roles: list[FlowRole] | None = described("Origin, transit, destination.", strawberry.UNSET)
    flow_roles_illustrative: bool | None = described(
        "Flow roles are illustrative.", strawberry.UNSET
    )
    website: str | None = described("Official website, http(s).", strawberry.UNSET)
    un_member_since: dt.date | None = described(
        "Admission to the United Nations (states).", strawberry.UNSET
    )
    source_url: str | None = described(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = described(CONFIDENCE, strawberry.UNSET)


@strawberry.input(
    description="What kind of participant an actor was for a period (same validFrom as a"
    " recorded period: that one is corrected). A period without an end is today's kind."
)
class RecordActorKindInput:
    actor_id: strawberry.ID = strawberry.field(description="The actor.")
    kind: ActorKind = strawberry.field(description="The kind in that period.")
    valid_from: dt.date | None = described("First day (null: from the start of the record).")
    valid_until: dt.date | None = described("Last day (null: still so).")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.type(description="Result of createActor / updateActor / recordActorKind.")
class ActorPayload:
    actor: Actor | None = described("The actor as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Change actors.")
class ActorMutations:
    @strawberry.mutation(permission_classes=[Allowed], description="Create an actor.")
    async def create_actor(
        self, info: Info, input: Annotated[CreateActorInput, INPUT]
    ) -> ActorPayload:
        return await mutate(
            info,
            lambda session, principal: actors_service.create_actor(
                session, principal=principal, values={k: getattr(input, k) for k in vars(input)}
            ),
            ActorPayload,
            actor=Actor.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record what kind of participant an actor was for a period (IOM: an"
        " intergovernmental organisation until 18 September 2016), with its source.",
    )
    async def record_actor_kind(
        self, info: Info, input: Annotated[RecordActorKindInput, INPUT]
    ) -> ActorPayload:
        return await mutate(
            info,
            lambda session, principal: actor_kinds.record_actor_kind(
                session,
                principal=principal,
                actor_id=ids.decode_as(input.actor_id, "Actor", "actorId"),
                kind=input.kind,
                valid_from=input.valid_from,
                valid_until=input.valid_until,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            ActorPayload,
            actor=Actor.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Change an actor; fields left out stay as they are.",
    )
    async def update_actor(
        self, info: Info, input: Annotated[UpdateActorInput, INPUT]
    ) -> ActorPayload:
        return await mutate(
            info,
            lambda session, principal: actors_service.update_actor(
                session,
                principal=principal,
                actor_id=ids.decode_as(input.id, "Actor", "id"),
                changes=given(input),
            ),
            ActorPayload,
            actor=Actor.from_row,
        )
