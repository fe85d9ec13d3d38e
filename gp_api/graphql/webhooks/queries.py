"""Root query fields of webhook endpoints and deliveries: the Query mixin."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gp_api.graphql.context import Info
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
from gp_api.graphql.webhooks.types import WebhookDelivery, WebhookEndpoint
from gp_api.webhooks import service
from gp_api.webhooks.models import DeliveryStatus


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
