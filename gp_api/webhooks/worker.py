"""The webhook worker: turns events into deliveries, then POSTs them, signed, with retries.

Dispatch: under a lock on the one cursor row, events past the cursor become deliveries for
every enabled endpoint whose filter they match, and the cursor moves, in one transaction: a
crash repeats nothing and loses nothing.

Sending: a worker leases due deliveries (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several
workers share the work), POSTs each outside any transaction, then records the attempt. A
delivery waits while an earlier one for the same endpoint and subject is pending, so each
subject's deliveries go out in event order. Failures back off exponentially with jitter and
dead-letter after the last attempt. A worker that dies mid-send leaves a lease that expires:
the delivery is sent again (receivers deduplicate by the delivery id header).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import random
import time
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from gp_api import metrics
from gp_api.config import Settings
from gp_api.db import WRITE, utcnow
from gp_api.events.models import Event
from gp_api.global_ids import encode
from gp_api.pagination import encode_cursor
from gp_api.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookDispatchCursor,
    WebhookEndpoint,
)
from gp_api.webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)

log = logging.getLogger("gp_api.webhooks")
DISPATCH_BATCH = 500
SEND_BATCH = 20
LEASE = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class WorkerSettings:
    max_attempts: int = 8
    backoff: float = 10.0  # seconds before the second attempt; doubles each time
    max_backoff: float = 3600.0
    timeout: float = 10.0
    poll_interval: float = 1.0


def _workflow_of(event: Event) -> str | None:
    if event.type == "plan_step.achieved":
        return "plan"
    workflow = event.data.get("workflow") if isinstance(event.data, dict) else None
    return workflow if isinstance(workflow, str) else None


def worker_settings(settings: Settings) -> WorkerSettings:
    return WorkerSettings(
        max_attempts=settings.webhook_max_attempts, backoff=settings.webhook_backoff_ms / 1000
    )


def matches(endpoint: WebhookEndpoint, event: Event) -> bool:
    if event.id <= endpoint.after_event_id:
        return False
    if endpoint.event_types is not None and event.type not in endpoint.event_types:
        return False
    return endpoint.workflows is None or _workflow_of(event) in endpoint.workflows


async def dispatch(session: AsyncSession) -> int:
    """Turn the next batch of events into deliveries; returns how many events it read."""
    async with session.begin():
        await session.connection(execution_options=WRITE)
        cursor = await session.scalar(
            select(WebhookDispatchCursor).where(WebhookDispatchCursor.id == 1).with_for_update()
        )
        if cursor is None:
            cursor = WebhookDispatchCursor(id=1, last_event_id=0)
            session.add(cursor)
        rows = list(
            await session.scalars(
                select(Event)
                .where(Event.id > cursor.last_event_id)
                .order_by(Event.id)
                .limit(DISPATCH_BATCH)
            )
        )
        if not rows:
            return 0
        endpoints = list(
            await session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True)))
        )
        for event in rows:
            for endpoint in endpoints:
                if matches(endpoint, event):
                    session.add(
                        WebhookDelivery(
                            endpoint_id=endpoint.id,
                            event_id=event.id,
                            subject_type=event.subject_type,
                            subject_id=event.subject_id,
                            status=DeliveryStatus.PENDING,
                            next_attempt_at=utcnow(),
                        )
                    )
        cursor.last_event_id = rows[-1].id
    return len(rows)


async def _lease(session: AsyncSession) -> list[int]:
    """Lease due deliveries whose subject has no earlier pending delivery to the endpoint."""
    now = utcnow()
    earlier = aliased(WebhookDelivery)
    async with session.begin():
        await session.connection(execution_options=WRITE)
        stmt: Any = (
            select(WebhookDelivery)
            .where(
                WebhookDelivery.status == DeliveryStatus.PENDING,
                WebhookDelivery.next_attempt_at <= now,
                or_(WebhookDelivery.leased_until.is_(None), WebhookDelivery.leased_until < now),
                ~exists().where(
                    and_(
                        earlier.endpoint_id == WebhookDelivery.endpoint_id,
                        earlier.subject_type == WebhookDelivery.subject_type,
                        earlier.subject_id == WebhookDelivery.subject_id,
                        earlier.status == DeliveryStatus.PENDING,
                        earlier.id < WebhookDelivery.id,
                    )
                ),
            )
            .order_by(WebhookDelivery.id)
            .limit(SEND_BATCH)
            .with_for_update(skip_locked=True, of=WebhookDelivery)
        )
        leased = list(await session.scalars(stmt))
        for delivery in leased:
            delivery.leased_until = now + LEASE
        return [d.id for d in leased]


def body_of(delivery: WebhookDelivery, event: Event) -> bytes:
    payload = {
        "deliveryId": delivery.id,
        "event": {
            "id": encode("Event", event.id),
            "cursor": encode_cursor([event.id]),
            "type": event.type,
            "occurredAt": event.occurred_at.isoformat(),
            "subjectType": event.subject_type,
            "subjectId": encode(event.subject_type, event.subject_id),
            "milestone": event.milestone,
            "data": event.data,
            "by": event.principal_name,
        },
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def backoff(attempts: int, settings: WorkerSettings) -> dt.timedelta:
    """Exponential, with jitter so that failing receivers are not hit in lockstep."""
    base = min(settings.max_backoff, settings.backoff * 2 ** (attempts - 1))
    return dt.timedelta(seconds=base * random.uniform(0.5, 1.0))


async def _send_one(
    sessions: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    delivery_id: int,
    settings: WorkerSettings,
) -> None:
    async with sessions() as session:
        delivery = await session.get(WebhookDelivery, delivery_id)
        if delivery is None:
            return
        endpoint = await session.get(WebhookEndpoint, delivery.endpoint_id)
        event = await session.get(Event, delivery.event_id)
    if endpoint is None or event is None:
        return
    body = body_of(delivery, event)
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": "gp-api-webhooks/1",
        DELIVERY_HEADER: str(delivery.id),
        EVENT_HEADER: event.type,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
    }
    started = time.perf_counter()
    status_code: int | None = None
    error: str | None = None
    try:
        response = await client.post(endpoint.url, content=body, headers=headers)
        status_code = response.status_code
        if response.is_redirect:
            error = "redirects are not followed: point the endpoint at the final URL"
        elif not response.is_success:
            error = f"HTTP {status_code}"
    except httpx.HTTPError as failure:
        error = f"{type(failure).__name__}: {failure}"[:500]
    duration_ms = int((time.perf_counter() - started) * 1000)
    async with sessions() as session, session.begin():
        await session.connection(execution_options=WRITE)
        delivery = await session.get(WebhookDelivery, delivery_id, with_for_update=True)
        if delivery is None:
            return
        delivery.attempts += 1
        delivery.leased_until = None
        session.add(
            WebhookAttempt(
                delivery_id=delivery.id,
                attempted_at=utcnow(),
                status_code=status_code,
                duration_ms=duration_ms,
                error=error,
            )
        )
        if error is None:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = utcnow()
            metrics.WEBHOOK_DELIVERIES.labels("delivered").inc()
        elif delivery.attempts >= settings.max_attempts:
            delivery.status = DeliveryStatus.DEAD
            metrics.WEBHOOK_DELIVERIES.labels("dead").inc()
            log.warning(
                "webhook delivery %s dead after %s attempts", delivery.id, delivery.attempts
            )
        else:
            delivery.next_attempt_at = utcnow() + backoff(delivery.attempts, settings)
            metrics.WEBHOOK_DELIVERIES.labels("retried").inc()


async def work_once(
    sessions: async_sessionmaker[AsyncSession], client: httpx.AsyncClient, settings: WorkerSettings
) -> int:
    """Dispatch new events, then send what is due; returns how many deliveries were sent."""
    async with sessions() as session:
        while await dispatch(session) == DISPATCH_BATCH:
            pass
    async with sessions() as session:
        leased = await _lease(session)
    await asyncio.gather(*(_send_one(sessions, client, d, settings) for d in leased))
    return len(leased)


async def run_worker(sessions: async_sessionmaker[AsyncSession], settings: WorkerSettings) -> None:
    """The worker loop (inside `serve`, or alone with `gp-api worker`)."""
    async with httpx.AsyncClient(timeout=settings.timeout, follow_redirects=False) as client:
        while True:
            try:
                sent = await work_once(sessions, client, settings)
            except Exception:
                log.exception("webhook worker failed; retrying")
                sent = 0
            if not sent:
                await asyncio.sleep(settings.poll_interval)
