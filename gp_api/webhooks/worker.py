"""The webhook worker: turns events into deliveries, then POSTs them, signed, with retries.

Dispatch: under a lock on the one cursor row, events past the cursor become deliveries for
every enabled endpoint whose filter they match, and the cursor moves, in one transaction: a
crash repeats nothing and loses nothing.

Sending: a worker leases due deliveries (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several
workers share the work), POSTs each outside any transaction, then records the attempt. A
delivery waits while an earlier one for the same endpoint and subject is pending, so each
subject's deliveries go out in event order. Failures back off exponentially with jitter and
dead-letter after the last attempt.

Leases are short (GP_WEBHOOK_LEASE_SECONDS) and renewed while the request is in flight, so a
worker that dies mid-send holds its delivery, and the subject's later ones, only that long:
the delivery is then sent again (receivers deduplicate by the delivery id header). A lease is
known by its expiry (each new one ends later than the last): a worker whose renewal finds
another expiry has lost the delivery, abandons its request and records nothing.

Requests go only to public addresses, checked on the address connected to (`targets`); the
ledger tells a refused target and a failed connection apart, never an open port from a closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import random
import time
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from gp_api import metrics
from gp_api.config import Settings
from gp_api.db import WRITE, utcnow
from gp_api.events import shape, stream
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
from gp_api.webhooks.service import RECEIVER_ROLE
from gp_api.webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)
from gp_api.webhooks.targets import REFUSED, PinnedTransport, TargetRefused

log = logging.getLogger("gp_api.webhooks")
DISPATCH_BATCH = 500
SEND_BATCH = 20


@dataclass(frozen=True)
class WorkerSettings:
    max_attempts: int = 8
    backoff: float = 10.0  # seconds before the second attempt; doubles each time
    max_backoff: float = 3600.0
    timeout: float = 10.0
    poll_interval: float = 1.0
    lease: float = 15.0  # seconds; renewed every third of it while a request is in flight
    allow_private: bool = False  # send to loopback, private and link-local addresses too


@dataclass
class Lease:
    delivery_id: int
    until: dt.datetime


def worker_settings(settings: Settings) -> WorkerSettings:
    return WorkerSettings(
        max_attempts=settings.webhook_max_attempts,
        backoff=settings.webhook_backoff_ms / 1000,
        lease=settings.webhook_lease_seconds,
        allow_private=settings.webhook_allow_private,
    )


def client_for(settings: WorkerSettings) -> httpx.AsyncClient:
    """The worker's HTTP client: pinned to allowed addresses, no redirects, no proxies."""
    return httpx.AsyncClient(
        transport=PinnedTransport(allow_private=settings.allow_private),
        timeout=settings.timeout,
        follow_redirects=False,
        trust_env=False,
    )


def selector(endpoint: WebhookEndpoint) -> stream.Selector:
    """The events an endpoint receives: those a RECEIVER_ROLE reader sees, of its types and
    workflows (each None: all)."""
    return stream.Selector(
        audience=RECEIVER_ROLE,
        types=None if endpoint.event_types is None else frozenset(endpoint.event_types),
        workflows=None if endpoint.workflows is None else frozenset(endpoint.workflows),
    )


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
        rows = await stream.after(session, cursor.last_event_id, limit=DISPATCH_BATCH)
        if not rows:
            return 0
        endpoints = list(
            await session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True)))
        )
        wants = [(endpoint, selector(endpoint)) for endpoint in endpoints]
        for event in rows:
            for endpoint, wanted in wants:
                if event.id > endpoint.after_event_id and wanted.matches(event):
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


async def _lease(session: AsyncSession, settings: WorkerSettings) -> list[Lease]:
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
        until = now + dt.timedelta(seconds=settings.lease)
        for delivery in leased:
            delivery.leased_until = until
        return [Lease(d.id, until) for d in leased]


async def _renew(sessions: async_sessionmaker[AsyncSession], lease: Lease, seconds: float) -> bool:
    """Extend the lease if it is still this worker's; False when another worker holds it."""
    until = utcnow() + dt.timedelta(seconds=seconds)
    async with sessions() as session, session.begin():
        await session.connection(execution_options=WRITE)
        renewed = await session.scalar(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id == lease.delivery_id,
                WebhookDelivery.status == DeliveryStatus.PENDING,
                WebhookDelivery.leased_until == lease.until,
            )
            .values(leased_until=until)
            .returning(WebhookDelivery.id)
        )
    if renewed is None:
        return False
    lease.until = until
    return True


async def _keep(
    sessions: async_sessionmaker[AsyncSession],
    lease: Lease,
    settings: WorkerSettings,
    done: asyncio.Event,
) -> None:
    """Renew the lease until `done` is set; returns early when the lease is lost (or cannot
    be renewed). Never cancelled mid-statement: it is told to stop."""
    while True:
        try:
            await asyncio.wait_for(done.wait(), settings.lease / 3)
            return
        except TimeoutError:
            pass
        try:
            if not await _renew(sessions, lease, settings.lease):
                log.warning("webhook delivery %s: lease lost to another worker", lease.delivery_id)
                return
        except Exception:
            log.exception("webhook delivery %s: lease renewal failed", lease.delivery_id)
            return


async def _post(
    client: httpx.AsyncClient,
    delivery_id: int,
    url: str,
    body: bytes,
    headers: dict[str, str],
    deadline: float,
) -> tuple[int | None, str | None]:
    """(status code, ledger error). Errors name no detail of the network: a refused target
    or a failed connection, whatever the cause, so that the ledger cannot map ports.

    The whole attempt ends at `deadline` seconds (httpx's timeouts bound each read, not a
    receiver that trickles bytes), and the response body is never read: the heartbeat would
    otherwise hold the lease, and the subject's later deliveries, for as long as it lasts.
    """
    try:
        async with (
            asyncio.timeout(deadline),
            client.stream("POST", url, content=body, headers=headers) as response,
        ):
            status_code = response.status_code
    except TargetRefused:
        return None, REFUSED
    except (httpx.TransportError, TimeoutError) as failure:
        log.info("webhook delivery %s: %r", delivery_id, failure)
        return None, "connection failed"
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as failure:  # IDNAError: a host
        # name httpx's IDNA cannot read (registration checks the stdlib's, which is laxer)
        log.info("webhook delivery %s: %r", delivery_id, failure)
        return None, "request failed"
    if 300 <= status_code < 400:
        return status_code, "redirects are not followed: point the endpoint at the final URL"
    if not 200 <= status_code < 300:
        return status_code, f"HTTP {status_code}"
    return status_code, None


def public_delivery_id(delivery: WebhookDelivery) -> str:
    """The delivery's global ID: the one redeliverWebhook and webhookDeliveries use."""
    return encode("WebhookDelivery", delivery.id)


def body_of(delivery: WebhookDelivery, event: Event) -> bytes:
    """The JSON a receiver gets: the event as a RECEIVER_ROLE reader sees it."""
    data = shape.shaped(event.type, event.subject_type, event.subject_id, event.data)
    payload = {
        "deliveryId": public_delivery_id(delivery),
        "event": {
            "id": encode("Event", event.id),
            "cursor": encode_cursor([event.id]),
            "type": event.type,
            "occurredAt": event.occurred_at.isoformat(),
            "subjectType": event.subject_type,
            "subjectId": encode(event.subject_type, event.subject_id),
            "milestone": event.milestone,
            "data": shape.for_role(RECEIVER_ROLE, event.type, data),
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
    lease: Lease,
    settings: WorkerSettings,
) -> None:
    async with sessions() as session:
        delivery = await session.get(WebhookDelivery, lease.delivery_id)
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
        DELIVERY_HEADER: public_delivery_id(delivery),
        EVENT_HEADER: event.type,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
    }
    started = time.perf_counter()
    finished = asyncio.Event()
    keeper = asyncio.create_task(_keep(sessions, lease, settings, finished))
    post = asyncio.create_task(
        _post(client, delivery.id, endpoint.url, body, headers, settings.timeout)
    )
    try:
        await asyncio.wait({post, keeper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        finished.set()
        await keeper
        if not post.done():  # the lease is gone: another worker may be sending it already
            post.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await post
    if post.cancelled():
        return
    status_code, error = post.result()
    duration_ms = int((time.perf_counter() - started) * 1000)
    async with sessions() as session, session.begin():
        await session.connection(execution_options=WRITE)
        delivery = await session.get(WebhookDelivery, lease.delivery_id, with_for_update=True)
        if delivery is None or delivery.leased_until != lease.until:
            return  # taken over meanwhile: the worker holding it records its own attempt
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
        leased = await _lease(session, settings)
    await asyncio.gather(*(_send_one(sessions, client, lease, settings) for lease in leased))
    return len(leased)


async def run_worker(sessions: async_sessionmaker[AsyncSession], settings: WorkerSettings) -> None:
    """The worker loop (inside `serve`, or alone with `gp-api worker`)."""
    async with client_for(settings) as client:
        while True:
            try:
                sent = await work_once(sessions, client, settings)
            except Exception:
                log.exception("webhook worker failed; retrying")
                sent = 0
            if not sent:
                await asyncio.sleep(settings.poll_interval)
