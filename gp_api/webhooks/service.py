"""Webhook endpoints (register, change, disable, delete) and the delivery ledger."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.db import utcnow
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import catalog, stream
from gp_api.events import service as events
from gp_api.lookup import get_or_raise
from gp_api.pagination import Page, PageArgs, count, paginate
from gp_api.principal import Principal, Role
from gp_api.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from gp_api.webhooks.signing import new_secret
from gp_api.webhooks.targets import check_url

MAX_FILTER = 50
# What a receiver is sent: the events, and the keys of their data, that a VIEWER sees. An
# endpoint is a third party's server, so it gets no token administration and no webhook URLs,
# whoever registered it.
RECEIVER_ROLE = Role.VIEWER


@dataclass(frozen=True)
class CreatedEndpoint:
    endpoint: WebhookEndpoint
    secret: str


def _filter(values: Sequence[str] | None, field: str) -> list[str] | None:
    if values is None:
        return None
    clean = sorted({validation.required_text(v, field, max_length=80) for v in values})
    if not clean or len(clean) > MAX_FILTER:
        raise DomainError(
            ErrorCode.INVALID, f"{field} takes 1 to {MAX_FILTER} names, or null for all", [field]
        )
    return clean


async def _target(url: str | None, *, allow_private: bool) -> str:
    """A valid http(s) URL that, unless `allow_private`, points to a public address."""
    clean = validation.url(url, "url")
    if clean is None:
        raise DomainError(ErrorCode.REQUIRED, "url is required", ["url"])
    if not allow_private:
        await check_url(clean, "url")
    return clean


def _workflows(values: Sequence[str] | None) -> list[str] | None:
    clean = _filter(values, "workflows")
    if unknown := catalog.unknown_workflows(clean):
        raise DomainError(
            ErrorCode.INVALID,
            f"workflows: no workflow named {', '.join(map(repr, unknown))}; there are: "
            + ", ".join(sorted(catalog.workflow_names())),
            ["workflows"],
        )
    return clean


def _event_types(values: Sequence[str] | None) -> list[str] | None:
    clean = _filter(values, "eventTypes")
    for name in clean or ():
        if name not in catalog.CATALOG:
            raise DomainError(
                ErrorCode.INVALID, f"eventTypes: {name!r} is not an event type", ["eventTypes"]
            )
        if not catalog.visible(RECEIVER_ROLE, name):
            raise DomainError(
                ErrorCode.INVALID,
                f"eventTypes: {name!r} events are never sent to webhooks",
                ["eventTypes"],
            )
    return clean


def _public(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "eventTypes": endpoint.event_types,
        "workflows": endpoint.workflows,
        "enabled": endpoint.enabled,
    }


async def create_endpoint(
    session: AsyncSession,
    *,
    principal: Principal,
    url: str,
    event_types: Sequence[str] | None = None,
    workflows: Sequence[str] | None = None,
    description: str | None = None,
    enabled: bool = True,
    allow_private: bool,
) -> CreatedEndpoint:
    """Register an endpoint; `allow_private` (GP_WEBHOOK_ALLOW_PRIVATE) lets its URL point to
    loopback, private or link-local addresses."""
    clean_url = await _target(url, allow_private=allow_private)
    head = await stream.last_id(session)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        url=clean_url,
        description=validation.text(description, "description", max_length=300, required=False),
        event_types=_event_types(event_types),
        workflows=_workflows(workflows),
        secret=secret,
        enabled=enabled,
        after_event_id=int(head or 0),
    )
    session.add(endpoint)
    created = await events.append(
        session,
        principal=principal,
        type="webhook_endpoint.created",
        subject=endpoint,
        data=_public(endpoint),
    )
    # Owed the events after its own creation, not that one.
    endpoint.after_event_id = created.id
    await session.flush()
    return CreatedEndpoint(endpoint, secret)


async def update_endpoint(
    session: AsyncSession,
    *,
    principal: Principal,
    endpoint_id: int,
    changes: Mapping[str, Any],
    allow_private: bool,
) -> WebhookEndpoint:
    """Change url, event_types, workflows, description or enabled; the secret stays."""
    endpoint = await get_or_raise(session, WebhookEndpoint, endpoint_id, "id")
    if "url" in changes:
        endpoint.url = await _target(changes["url"], allow_private=allow_private)
    if "event_types" in changes:
        endpoint.event_types = _event_types(changes["event_types"])
    if "workflows" in changes:
        endpoint.workflows = _workflows(changes["workflows"])
    if "description" in changes:
        endpoint.description = validation.text(
            changes["description"], "description", max_length=300, required=False
        )
    if "enabled" in changes:
        if changes["enabled"] is None:
            raise DomainError(ErrorCode.REQUIRED, "enabled cannot be null", ["enabled"])
        endpoint.enabled = bool(changes["enabled"])
    await events.append(
        session,
        principal=principal,
        type="webhook_endpoint.updated",
        subject=endpoint,
        data=_public(endpoint),
    )
    return endpoint


async def delete_endpoint(session: AsyncSession, *, principal: Principal, endpoint_id: int) -> int:
    """Delete an endpoint with its deliveries and their ledger."""
    endpoint = await get_or_raise(session, WebhookEndpoint, endpoint_id, "id")
    await events.append(
        session,
        principal=principal,
        type="webhook_endpoint.deleted",
        subject=endpoint,
        data=_public(endpoint),
    )
    await session.delete(endpoint)
    await session.flush()
    return endpoint_id


async def redeliver(
    session: AsyncSession, *, principal: Principal, delivery_id: int
) -> WebhookDelivery:
    """Send a delivery again (after it was delivered or dead-lettered); the ledger keeps the
    earlier attempts."""
    delivery = await get_or_raise(session, WebhookDelivery, delivery_id, "deliveryId")
    if delivery.status is DeliveryStatus.PENDING:
        raise DomainError(
            ErrorCode.CONFLICT, "the delivery is still pending: it will be sent", ["deliveryId"]
        )
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = utcnow()
    delivery.leased_until = None
    delivery.delivered_at = None
    await events.append(
        session,
        principal=principal,
        type="webhook_delivery.redelivery_requested",
        subject=delivery,
        data={"deliveryId": delivery.id, "eventId": delivery.event_id},
    )
    return delivery


def _endpoints() -> Select[WebhookEndpoint]:
    return select(WebhookEndpoint)


async def list_endpoints(session: AsyncSession, args: PageArgs) -> Page[WebhookEndpoint]:
    return await paginate(session, _endpoints(), [WebhookEndpoint.id], args)


async def count_endpoints(session: AsyncSession) -> int:
    return await count(session, _endpoints())


@dataclass(frozen=True)
class DeliveryFilter:
    endpoint_id: int | None = None
    statuses: Sequence[DeliveryStatus] | None = None
    event_id: int | None = None


def _deliveries(f: DeliveryFilter) -> Select[WebhookDelivery]:
    stmt = select(WebhookDelivery)
    if f.endpoint_id is not None:
        stmt = stmt.where(WebhookDelivery.endpoint_id == f.endpoint_id)
    if f.statuses:
        stmt = stmt.where(WebhookDelivery.status.in_(f.statuses))
    if f.event_id is not None:
        stmt = stmt.where(WebhookDelivery.event_id == f.event_id)
    return stmt


async def list_deliveries(
    session: AsyncSession, f: DeliveryFilter, args: PageArgs
) -> Page[WebhookDelivery]:
    return await paginate(session, _deliveries(f), [WebhookDelivery.id], args)


async def count_deliveries(session: AsyncSession, f: DeliveryFilter) -> int:
    return await count(session, _deliveries(f))


async def attempts_by_delivery(
    session: AsyncSession, delivery_ids: Sequence[Hashable]
) -> dict[Hashable, list[WebhookAttempt]]:
    rows = await session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id.in_(delivery_ids))
        .order_by(WebhookAttempt.id)
    )
    found: dict[Hashable, list[WebhookAttempt]] = {k: [] for k in delivery_ids}
    for attempt in rows:
        found[attempt.delivery_id].append(attempt)
    return found


async def oldest_pending_age(session: AsyncSession) -> float:
    """Seconds since the oldest delivery still waiting to go out was queued; 0 when none
    waits."""
    oldest = await session.scalar(
        select(func.min(WebhookDelivery.created_at)).where(
            WebhookDelivery.status == DeliveryStatus.PENDING
        )
    )
    if oldest is None:
        return 0.0
    return max(0.0, (utcnow() - oldest).total_seconds())
