"""Webhook leases: short, renewed while a request is in flight, reclaimed soon after the worker
holding one dies, and never a reason for a subject's deliveries to go out of order."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api import global_ids
from gp_api.config import PROJECT_ROOT
from gp_api.db import session_factory, utcnow
from gp_api.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from gp_api.webhooks.worker import client_for, work_once
from tests.webhook_receiver import FAST, Receiver, actors_and_updates, receiving, register

LEASE = 1.0


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as running:
        yield running


async def deliveries(engine: AsyncEngine) -> list[WebhookDelivery]:
    async with session_factory(engine)() as s:
        return list(await s.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


async def attempts(engine: AsyncEngine) -> list[WebhookAttempt]:
    async with session_factory(engine)() as s:
        return list(await s.scalars(select(WebhookAttempt)))


async def until(condition: Callable[[], object], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_a_live_worker_keeps_its_lease_while_the_receiver_is_slow(
    engine: AsyncEngine, receiver: Receiver
) -> None:
    settings = replace(FAST, lease=LEASE)
    await register(engine, receiver, event_types=["actor.created"])
    await actors_and_updates(engine, ["Slow"], updates=0)
    receiver.delay_first = 4 * LEASE
    sessions = session_factory(engine)

    async with client_for(settings) as first, client_for(settings) as second:
        sending = asyncio.create_task(work_once(sessions, first, settings))
        await until(lambda: receiver.calls, 10)
        await asyncio.sleep(2 * LEASE)  # the first lease has run out twice over
        [held] = await deliveries(engine)
        assert held.leased_until is not None
        assert held.leased_until > utcnow()
        assert await work_once(sessions, second, settings) == 0
        assert await sending == 1

    [delivery] = await deliveries(engine)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert len(receiver.calls) == 1


async def test_a_worker_that_lost_its_lease_abandons_the_request_and_records_nothing(
    engine: AsyncEngine, receiver: Receiver
) -> None:
    settings = replace(FAST, lease=LEASE)
    await register(engine, receiver, event_types=["actor.created"])
    await actors_and_updates(engine, ["Taken"], updates=0)
    receiver.delay_first = 10
    sessions = session_factory(engine)

    async with client_for(settings) as client:
        sending = asyncio.create_task(work_once(sessions, client, settings))
        await until(lambda: receiver.calls, 10)
        async with sessions() as s, s.begin():  # another worker takes the delivery over
            await s.execute(
                update(WebhookDelivery).values(leased_until=utcnow() + dt.timedelta(minutes=5))
            )
        await asyncio.wait_for(sending, 5 * LEASE)

    [delivery] = await deliveries(engine)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)
    assert await attempts(engine) == []


def start_worker(database_url: str, *, lease_seconds: int) -> subprocess.Popen[bytes]:
    """`gp-api worker` in a process of its own, allowed to send to loopback."""
    return subprocess.Popen(
        [sys.executable, "-m", "gp_api.cli", "worker"],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "GP_DATABASE_URL": database_url,
            "GP_WEBHOOK_ALLOW_PRIVATE": "true",
            "GP_WEBHOOK_LEASE_SECONDS": str(lease_seconds),
            "GP_WEBHOOK_BACKOFF_MS": "50",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_a_killed_workers_delivery_is_reclaimed_after_the_short_lease_in_order(
    engine: AsyncEngine, receiver: Receiver, database_url: str
) -> None:
    await register(engine, receiver)
    await actors_and_updates(engine, ["Victim"], updates=1)  # created, then updated
    receiver.delay_first = 60  # the first request hangs until the worker is killed
    worker = start_worker(database_url, lease_seconds=2)
    try:
        await until(lambda: receiver.calls, 30)
        first = receiver.calls[0]["delivery"]
        first_id = global_ids.decode(first)[1]
        leased = {d.id: d.leased_until for d in await deliveries(engine)}
        held = leased[first_id]
        assert held is not None
        assert held - utcnow() <= dt.timedelta(seconds=2)
        await asyncio.sleep(3)  # longer than the lease: the live worker renews it
        renewed = {d.id: d.leased_until for d in await deliveries(engine)}[first_id]
        assert renewed is not None
        assert renewed > utcnow()
        assert len(receiver.calls) == 1  # the subject's later delivery waits
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        killed = time.monotonic()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)

    settings = replace(FAST, lease=2.0)
    sessions = session_factory(engine)
    async with client_for(settings) as client:
        while len(receiver.calls) < 3 and time.monotonic() - killed < 15:
            if not await work_once(sessions, client, settings):
                await asyncio.sleep(0.05)
    reclaimed_after = time.monotonic() - killed

    order = [c["body"]["event"]["type"] for c in receiver.calls]
    assert order[0] == order[1] != order[2]  # the killed try, its retry, then the later one
    assert [c["delivery"] for c in receiver.calls][:2] == [first, first]
    assert len(receiver.calls) == 3
    assert reclaimed_after < 6, reclaimed_after


@contextlib.asynccontextmanager
async def trickling_receiver() -> AsyncIterator[str]:
    """Answers a status line, then one header byte at a time, never finishing: every read
    arrives well within httpx's timeout."""

    async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        writer.write(b"HTTP/1.1 200 OK\r\nx-slow: ")
        with contextlib.suppress(ConnectionError):
            for _ in range(600):
                writer.write(b"a")
                await writer.drain()
                await asyncio.sleep(0.1)
        writer.close()

    server = await asyncio.start_server(trickle, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/hook"
    finally:
        server.close()
        await server.wait_closed()


async def test_a_receiver_that_never_finishes_cannot_hold_the_lease(engine: AsyncEngine) -> None:
    settings = replace(FAST, lease=LEASE, timeout=1.5, max_attempts=1)
    async with trickling_receiver() as url:
        await register(engine, Receiver(url=url), event_types=["actor.created"])
        await actors_and_updates(engine, ["Trickle"], updates=0)
        sessions = session_factory(engine)
        started = time.monotonic()
        async with client_for(settings) as client:
            assert await asyncio.wait_for(work_once(sessions, client, settings), 10) == 1

    assert time.monotonic() - started < 5
    [delivery] = await deliveries(engine)
    assert delivery.status is DeliveryStatus.DEAD
    assert [a.error for a in await attempts(engine)] == ["connection failed"]
