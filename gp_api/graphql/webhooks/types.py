"""Webhooks over GraphQL (ADMIN): endpoints, the delivery ledger, redelivery."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.events.models import Event as EventRow
from gp_api.graphql import ids
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
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
from gp_api.webhooks import service
from gp_api.webhooks.models import DeliveryStatus
from gp_api.webhooks.models import WebhookAttempt as AttemptRow
from gp_api.webhooks.models import WebhookDelivery as DeliveryRow
from gp_api.webhooks.models import WebhookEndpoint as EndpointRow

strawberry.enum(DeliveryStatus, description="Where a webhook delivery stands.")
INPUT = strawberry.argument(description="The change to make; see the input type.")
TYPES = "Only these event types; null for all."
WORKFLOWS = "Only events of these workflows (`workflows` query names, `plan`); null for all."


@strawberry.type(description="A URL that receives signed POSTs of matching events.")
class WebhookEndpoint:
    id: strawberry.ID = strawberry.field(description="Global ID of the endpoint.")
    url: str = strawberry.field(description="Where events are POSTed (http or https).")
    description: str | None = strawberry.field(description="What the endpoint is for.")
    event_types: list[str] | None = strawberry.field(description=TYPES)
    workflows: list[str] | None = strawberry.field(description=WORKFLOWS)
    enabled: bool = strawberry.field(description="Disabled endpoints are owed nothing new.")
    created_at: dt.datetime = strawberry.field(description="When it was registered.")

    @classmethod
    def from_row(cls, row: EndpointRow) -> WebhookEndpoint:
        return cls(
            id=strawberry.ID(ids.encode("WebhookEndpoint", row.id)),
            url=row.url,
            description=row.description,
            event_types=row.event_types,
            workflows=row.workflows,
            enabled=row.enabled,
            created_at=row.created_at,
        )


@strawberry.type(description="One try at sending a delivery.")
class WebhookAttempt:
    attempted_at: dt.datetime = strawberry.field(description="When it was tried.")
    status_code: int | None = strawberry.field(description="HTTP status; null if none came.")
    duration_ms: int = strawberry.field(description="How long it took.")
    error: str | None = strawberry.field(description="Why it failed; null on success.")

    @classmethod
    def from_row(cls, row: AttemptRow) -> WebhookAttempt:
        return cls(
            attempted_at=row.attempted_at,
            status_code=row.status_code,
            duration_ms=row.duration_ms,
            error=row.error,
        )


@strawberry.type(description="An event owed to an endpoint, with every attempt to send it.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(
        description="Global ID, sent as the X-GP-Delivery header and the payload's deliveryId."
    )
    pk: strawberry.Private[int]
    event_pk: strawberry.Private[int]
    endpoint_pk: strawberry.Private[int]
    status: DeliveryStatus = strawberry.field(description="Pending, delivered or dead-lettered.")
    attempt_count: int = strawberry.field(description="How many times it was tried.")
    next_attempt_at: dt.datetime | None = strawberry.field(
        description="When it is tried next, while pending."
    )
    delivered_at: dt.datetime | None = strawberry.field(description="When it was delivered.")

    @classmethod
    def from_row(cls, row: DeliveryRow) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(ids.encode("WebhookDelivery", row.id)),
            pk=row.id,
            event_pk=row.event_id,
            endpoint_pk=row.endpoint_id,
            status=row.status,
            attempt_count=row.attempts,
            next_attempt_at=row.next_attempt_at if row.status is DeliveryStatus.PENDING else None,
            delivered_at=row.delivered_at,
        )

    @strawberry.field(description="The event being delivered.")
    async def event(self, info: Info) -> Event:
        row = await info.context.loaders.rows(EventRow).load(self.event_pk)
        assert row is not None
        return Event.from_row(row)

    @strawberry.field(description="The endpoint it goes to.")
    async def endpoint(self, info: Info) -> WebhookEndpoint:
        row = await info.context.loaders.rows(EndpointRow).load(self.endpoint_pk)
        assert row is not None
        return WebhookEndpoint.from_row(row)

    @strawberry.field(description="Every attempt, oldest first (the ledger).")
    async def attempts(self, info: Info) -> list[WebhookAttempt]:
        rows = await info.context.loaders.lists("attempts", service.attempts_by_delivery).load(
            self.pk
        )
        return [WebhookAttempt.from_row(r) for r in rows]


TARGET = (
    "Where to POST: an http(s) URL on a public address (a host that is, or resolves only to, "
    "a loopback, private, link-local, multicast or reserved address is refused unless the "
    "server sets GP_WEBHOOK_ALLOW_PRIVATE); redirects are not followed."
)


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
                changes={
                    k: v for k, v in vars(input).items() if k != "id" and v is not strawberry.UNSET
                },
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


@strawberry.type(description="Webhook endpoints and the delivery ledger.")
class WebhookQueries:
    @strawberry.field(permission_classes=[Allowed], description="Webhook endpoints (ADMIN).")
    async def webhook_endpoints(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[WebhookEndpoint]:
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: service.list_endpoints(s, a),
            service.count_endpoints,
            WebhookEndpoint.from_row,
        )

    @strawberry.field(
        permission_classes=[Allowed],
        description="Deliveries with every attempt, oldest first (ADMIN).",
    )
    async def webhook_deliveries(
        self,
        info: Info,
        endpoint_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only to this endpoint.")
        ] = None,
        statuses: Annotated[
            list[DeliveryStatus] | None, strawberry.argument(description="Only these statuses.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[WebhookDelivery]:
        endpoint = decode_ids(
            [endpoint_id] if endpoint_id else None, "WebhookEndpoint", "endpointId"
        )
        f = service.DeliveryFilter(endpoint_id=endpoint[0] if endpoint else None, statuses=statuses)
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: service.list_deliveries(s, f, a),
            lambda s: service.count_deliveries(s, f),
            WebhookDelivery.from_row,
        )
