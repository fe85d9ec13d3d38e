"""Webhook administration: inputs, payloads and the Mutation mixin."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gp_api.graphql import ids
from gp_api.graphql.common import INPUT, given
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.webhooks.types import TARGET, TYPES, WORKFLOWS, WebhookDelivery, WebhookEndpoint
from gp_api.graphql.write import mutate
from gp_api.webhooks import service


@strawberry.input(description="A new webhook endpoint.")
class CreateWebhookEndpointInput:
    url: str = strawberry.field(description=TARGET)
    event_types: list[str] | None = strawberry.field(default=None, description=TYPES)
    workflows: list[str] | None = strawberry.field(default=None, description=WORKFLOWS)
    description: str | None = strawberry.field(default=None, description="What it is for.")
    enabled: bool = strawberry.field(default=True, description="Start sending at once.")


@strawberry.type(description="Result of createWebhookEndpoint.")
class CreateWebhookEndpointPayload:
    webhook_endpoint: WebhookEndpoint | None = strawberry.field(description="The endpoint.")
    secret: str | None = strawberry.field(
        description="The signing secret (HMAC-SHA256); shown only now."
    )
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="Changes to an endpoint; fields left out stay as they are.")
class UpdateWebhookEndpointInput:
    id: strawberry.ID = strawberry.field(description="The endpoint.")
    url: str | None = strawberry.field(default=strawberry.UNSET, description=TARGET)
    event_types: list[str] | None = strawberry.field(default=strawberry.UNSET, description=TYPES)
    workflows: list[str] | None = strawberry.field(default=strawberry.UNSET, description=WORKFLOWS)
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="What it is for."
    )
    enabled: bool | None = strawberry.field(
        default=strawberry.UNSET, description="False: owe it nothing new (disable)."
    )


@strawberry.type(description="Result of updateWebhookEndpoint.")
class WebhookEndpointPayload:
    webhook_endpoint: WebhookEndpoint | None = strawberry.field(description="The endpoint.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="An endpoint to delete, with its deliveries and ledger.")
class DeleteWebhookEndpointInput:
    id: strawberry.ID = strawberry.field(description="The endpoint.")


@strawberry.type(description="Result of deleteWebhookEndpoint.")
class DeleteWebhookEndpointPayload:
    deleted_id: strawberry.ID | None = strawberry.field(description="ID of the deleted endpoint.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="A delivery to send again.")
class RedeliverWebhookInput:
    delivery_id: strawberry.ID = strawberry.field(description="The delivery.")


@strawberry.type(description="Result of redeliverWebhook.")
class WebhookDeliveryPayload:
    webhook_delivery: WebhookDelivery | None = strawberry.field(description="The delivery.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="Webhook administration.")
class WebhookMutations:
    @strawberry.mutation(
        permission_classes=[Allowed], description="Register a webhook endpoint (ADMIN)."
    )
    async def create_webhook_endpoint(
        self, info: Info, input: Annotated[CreateWebhookEndpointInput, INPUT]
    ) -> CreateWebhookEndpointPayload:
        return await mutate(
            info,
            lambda session, principal: service.create_endpoint(
                session,
                principal=principal,
                url=input.url,
                event_types=input.event_types,
                workflows=input.workflows,
                description=input.description,
                enabled=input.enabled,
                allow_private=info.context.webhook_allow_private,
            ),
            CreateWebhookEndpointPayload,
            webhook_endpoint=lambda created: WebhookEndpoint.from_row(created.endpoint),
            secret=lambda created: created.secret,
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Change or disable a webhook endpoint (ADMIN)."
    )
    async def update_webhook_endpoint(
        self, info: Info, input: Annotated[UpdateWebhookEndpointInput, INPUT]
    ) -> WebhookEndpointPayload:
        return await mutate(
            info,
            lambda session, principal: service.update_endpoint(
                session,
                principal=principal,
                endpoint_id=ids.decode_as(input.id, "WebhookEndpoint", "id"),
                changes=given(input),
                allow_private=info.context.webhook_allow_private,
            ),
            WebhookEndpointPayload,
            webhook_endpoint=WebhookEndpoint.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Delete a webhook endpoint (ADMIN)."
    )
    async def delete_webhook_endpoint(
        self, info: Info, input: Annotated[DeleteWebhookEndpointInput, INPUT]
    ) -> DeleteWebhookEndpointPayload:
        return await mutate(
            info,
            lambda session, principal: service.delete_endpoint(
                session,
                principal=principal,
                endpoint_id=ids.decode_as(input.id, "WebhookEndpoint", "id"),
            ),
            DeleteWebhookEndpointPayload,
            deleted_id=lambda _deleted: input.id,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Send a delivered or dead-lettered delivery again (ADMIN).",
    )
    async def redeliver_webhook(
        self, info: Info, input: Annotated[RedeliverWebhookInput, INPUT]
    ) -> WebhookDeliveryPayload:
        return await mutate(
            info,
            lambda session, principal: service.redeliver(
                session,
                principal=principal,
                delivery_id=ids.decode_as(input.delivery_id, "WebhookDelivery", "deliveryId"),
            ),
            WebhookDeliveryPayload,
            webhook_delivery=WebhookDelivery.from_row,
        )
