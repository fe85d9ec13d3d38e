"""The relay from the events table to this process's subscribers.

The table is the source of truth. After a commit, a wake-up reaches the broker: on PostgreSQL
a NOTIFY (sent in the writing transaction, so delivered only once it commits) that every
server process LISTENs for; on SQLite an in-process poke after commit. The broker then reads
the rows past the last id it published and hands them to every subscriber, in id order. A
missed wake-up costs at most one poll interval, never an event: event ids are gap-free and in
commit order (see events.service.append).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy import event as sa_event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from gp_api.events import stream
from gp_api.events.models import Event
from gp_api.events.service import CHANNEL

log = logging.getLogger("gp_api.broker")

BATCH = 500


TICK = None  # offered to every subscriber now and then: time for its idle checks


class Subscriber:
    """One subscriber's inbox. Bounded: a subscriber that falls behind loses queued events
    but not the stream; it reads what it missed from the table by id. Besides events it
    receives a TICK every `tick_interval` seconds (cheaper than a timer on every wait)."""

    def __init__(self, size: int = 1000) -> None:
        self.queue: asyncio.Queue[Event | None] = asyncio.Queue(size)

    def offer(self, event: Event | None) -> None:
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(event)


class Broker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        listen_url: str | None = None,
        poll_interval: float = 1.0,
        tick_interval: float = 2.0,
    ) -> None:
        self.sessions = sessions
        self.listen_url = listen_url
        self.poll_interval = poll_interval
        self.tick_interval = tick_interval
        self._next_tick = 0.0
        self.head = 0
        self.subscribers: set[Subscriber] = set()
        self._wake = asyncio.Event()
        self._pump: asyncio.Task[None] | None = None
        self._listener: Any = None

    async def start(self) -> None:
        async with self.sessions() as session:
            self.head = await stream.last_id(session)
        if self.listen_url is not None:
            await self._listen()
        self._pump = asyncio.create_task(self._run(), name="gp-event-broker")

    async def stop(self) -> None:
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()

    async def _listen(self) -> None:
        assert self.listen_url is not None
        url = make_url(self.listen_url).set(drivername="postgresql")
        self._listener = await asyncpg.connect(url.render_as_string(hide_password=False))
        await self._listener.add_listener(CHANNEL, lambda *_args: self.poke())

    def poke(self) -> None:
        self._wake.set()

    def subscribe(self) -> Subscriber:
        subscriber = Subscriber()
        self.subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)
            self._wake.clear()
            self._tick()
            try:
                await self._publish_new()
                if self._listener is not None and self._listener.is_closed():
                    log.warning("LISTEN connection lost; reconnecting")
                    await self._listen()
            except Exception:
                log.exception("event relay failed; retrying")
                await asyncio.sleep(self.poll_interval)

    def _tick(self) -> None:
        now = asyncio.get_running_loop().time()
        if now < self._next_tick:
            return
        self._next_tick = now + self.tick_interval
        for subscriber in list(self.subscribers):
            subscriber.offer(TICK)

    async def _publish_new(self) -> None:
        while True:
            async with self.sessions() as session:
                rows = await stream.after(session, self.head, limit=BATCH)
            for row in rows:
                self.head = row.id
                for subscriber in list(self.subscribers):
                    subscriber.offer(row)
            if len(rows) < BATCH:
                return


def wake_after_commit(sessions: async_sessionmaker[AsyncSession], poke: Callable[[], None]) -> None:
    """Poke the broker after each commit of a session from `sessions` that appended events."""
    sessions.configure(info={"wake_broker": poke})


def _after_commit(session: Session) -> None:
    if session.info.pop("events_written", False):
        poke = session.info.get("wake_broker")
        if poke is not None:
            poke()


def _after_rollback(session: Session) -> None:
    session.info.pop("events_written", None)


sa_event.listen(Session, "after_commit", _after_commit)
sa_event.listen(Session, "after_rollback", _after_rollback)
