"""GraphQL types of webhooks (ADMIN): endpoints and the delivery ledger."""

from __future__ import annotations

import datetime as dt

import strawberry

from gp_api.events.models import Event as EventRow
from gp_api.graphql import ids
from gp_api.graphql.context import Info
from gp_api.graphql.events.types import Event
from gp_api.webhooks import service
from gp_api.webhooks.models import DeliveryStatus
from gp_api.webhooks.models import WebhookAttempt as AttemptRow
from gp_api.webhooks.models import WebhookDelivery as DeliveryRow
from gp_api.webhooks.models import WebhookEndpoint as EndpointRow

TARGET = (
    "Where to POST: an http(s) URL on a public address (a host that is, or resolves only to, "
    "a loopback, private, link-local, multicast or reserved address is refused unless the "
    "server sets GP_WEBHOOK_ALLOW_PRIVATE); redirects are not followed."
)
TYPES = "Only these event types; null for all."
WORKFLOWS = "Only events of these workflows (`workflows` query names, `plan`); null for all."


strawberry.enum(DeliveryStatus, description="Where a webhook delivery stands.")


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
