"""The one reader of the event log (gp_api.events.stream), on the real database: events after
an id, the last id, and replay then live through a running broker, with commits landing while
the replay runs: every event once, in order, none lost, none twice."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.db import session_factory
from gp_api.events import stream
from gp_api.events.broker import Broker, Subscriber, wake_after_commit
from gp_api.events.models import Event
from gp_api.principal import SYSTEM, Role
from tests.conftest import make_token


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


@pytest.fixture
async def broker(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[Broker]:
    running = Broker(sessions, poll_interval=0.05)
    wake_after_commit(sessions, running.poke)
    await running.start()
    yield running
    await running.stop()


async def actors_created(sessions: async_sessionmaker[AsyncSession], *names: str) -> list[int]:
    """Commit one actor.created event per name; returns their event ids."""
    async with sessions() as s, s.begin():
        for name in names:
            await actors.create_actor(
                s, principal=SYSTEM, values={"name": name, "kind": ActorKind.NGO}
            )
    async with sessions() as s:
        last = await stream.last_id(s)
    return list(range(last - len(names) + 1, last + 1))


async def test_last_id_and_events_after_an_id_in_order_with_a_limit(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as s:
        assert await stream.last_id(s) == 0
        assert await stream.first_id(s) == 1  # an empty log: the next id to be written
        assert await stream.after(s, 0) == []
    ids = await actors_created(sessions, *(f"Actor {i}" for i in range(7)))
    assert ids == list(range(1, 8))
    async with sessions() as s:
        assert await stream.last_id(s) == 7
        assert [e.id for e in await stream.after(s, 0, limit=3)] == [1, 2, 3]
        assert [e.id for e in await stream.after(s, 3, limit=100)] == [4, 5, 6, 7]
        assert await stream.after(s, 7) == []


async def test_a_selector_filters_by_type_subject_milestone_and_audience(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    first, second = await actors_created(sessions, "Alpha", "Beta")
    await make_token(engine, Role.VIEWER, name="a token event, for admins only")
    async with sessions() as s:
        everything = await stream.after(s, 0)
        token_events = [e for e in everything if e.type.startswith("api_token.")]
        assert token_events, [e.type for e in everything]
        admin = stream.Selector()
        assert [e.id for e in await stream.after(s, 0, selector=admin)] == [
            e.id for e in everything
        ]
        viewer = stream.Selector(audience=Role.VIEWER)
        assert [e.id for e in await stream.after(s, 0, selector=viewer)] == [first, second]
        anonymous = stream.Selector(audience=None, types=frozenset({"actor.created"}))
        assert [e.id for e in await stream.after(s, 0, selector=anonymous)] == [first, second]
        beta = everything[1]
        about_beta = stream.Selector(subjects=frozenset({(beta.subject_type, beta.subject_id)}))
        assert [e.id for e in await stream.after(s, 0, selector=about_beta)] == [second]
        # Same id, other type: not the same subject.
        other = stream.Selector(subjects=frozenset({("CoordinationBody", beta.subject_id)}))
        assert await stream.after(s, 0, selector=other) == []
        assert await stream.after(s, 0, selector=stream.Selector(milestone=True)) == []
        # The window: with a selector, `after` reads ids (after, after + limit] only.
        assert [e.id for e in await stream.after(s, 0, limit=1, selector=viewer)] == [first]
        assert [e.id for e in await stream.after(s, 1, limit=1, selector=viewer)] == [second]
    assert stream.Selector(audience=Role.VIEWER).matches(everything[0])
    assert not stream.Selector(audience=Role.VIEWER).matches(token_events[0])


async def test_a_cursor_ahead_of_the_log_or_older_than_it_keeps_is_refused(
    sessions: async_sessionmaker[AsyncSession], broker: Broker
) -> None:
    await actors_created(sessions, *(f"Actor {i}" for i in range(4)))
    with pytest.raises(stream.CursorAhead) as ahead:
        await anext(stream.follow(sessions, broker, 5))
    assert (ahead.value.first, ahead.value.last) == (1, 4)
    async with sessions() as s:
        assert await stream.first_id(s) == 1
    async with sessions() as s, s.begin():  # the log cut at its start (kept: 3 and 4)
        await s.execute(delete(Event).where(Event.id <= 2))
    async with sessions() as s:
        assert await stream.first_id(s) == 3
    with pytest.raises(stream.CursorExpired) as expired:
        await anext(stream.follow(sessions, broker, 1))
    assert (expired.value.first, expired.value.last) == (3, 4)
    assert broker.subscribers == set()  # a refused reader leaves no inbox behind
    # Right before the first event kept is still a complete resume.
    follower = stream.follow(sessions, broker, 2)
    assert [(await anext(follower)).id, (await anext(follower)).id] == [3, 4]
    await follower.aclose()


async def collect(rows: AsyncIterator[Event], until: int) -> list[int]:
    seen: list[int] = []
    async for row in rows:
        seen.append(row.id)
        if row.id >= until:
            return seen
    return seen


async def test_replay_then_live_across_commits_made_during_the_replay(
    sessions: async_sessionmaker[AsyncSession], broker: Broker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "BATCH", 5)  # the replay takes several reads
    await actors_created(sessions, *(f"Old {i}" for i in range(12)))
    await asyncio.sleep(0.2)  # the broker has published them: they are the past
    assert broker.head == 12

    follower = stream.follow(sessions, broker, 3)
    first = await anext(follower)  # the replay is under way, the inbox open
    assert first.id == 4
    # Committed between two replay reads: the broker publishes them to the inbox too.
    await actors_created(sessions, "New 1", "New 2")
    await asyncio.sleep(0.2)
    assert broker.head == 14

    rest = await asyncio.wait_for(collect(follower, 14), 10)
    assert [first.id, *rest] == list(range(4, 15))

    # Then live: each later commit arrives once, in order.
    more = asyncio.create_task(collect(follower, 17))
    await asyncio.sleep(0.05)
    for name in ("Live 1", "Live 2", "Live 3"):
        await actors_created(sessions, name)
    assert await asyncio.wait_for(more, 10) == [15, 16, 17]
    await follower.aclose()
    assert broker.subscribers == set()


async def test_replay_then_live_while_a_writer_commits_concurrently(
    sessions: async_sessionmaker[AsyncSession], broker: Broker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "BATCH", 3)
    await actors_created(sessions, *(f"Old {i}" for i in range(10)))
    await asyncio.sleep(0.2)

    async def writer() -> None:
        for i in range(15):
            await actors_created(sessions, f"Concurrent {i}")
            await asyncio.sleep(0)

    follower = stream.follow(sessions, broker, 0)
    writing = asyncio.create_task(writer())
    try:
        seen = await asyncio.wait_for(collect(follower, 25), 20)
    finally:
        await writing
        await follower.aclose()
    assert seen == list(range(1, 26))  # nothing lost, nothing twice, in commit order


async def test_from_now_on_starts_after_the_last_published_event(
    sessions: async_sessionmaker[AsyncSession], broker: Broker
) -> None:
    await actors_created(sessions, "Before")
    await asyncio.sleep(0.2)
    follower = stream.follow(sessions, broker, None)
    nxt = asyncio.create_task(anext(follower))
    await asyncio.sleep(0.05)
    await actors_created(sessions, "After")
    row = await asyncio.wait_for(nxt, 10)
    assert row.id == 2
    with contextlib.suppress(StopAsyncIteration):
        await follower.aclose()


async def _published(broker: Broker, last: int) -> None:
    # The broker signals nothing when it has published; its head is polled.
    while broker.head < last:  # noqa: ASYNC110
        await asyncio.sleep(0.01)


async def test_a_follower_behind_the_broker_takes_what_its_inbox_holds_not_the_table(
    sessions: async_sessionmaker[AsyncSession], broker: Broker
) -> None:
    """A subscriber still busy with one event when the next ones are published finds them in
    its inbox: no query per subscriber (1,000 subscribers, 1,000 queries per milestone)."""
    opened = 0

    def counted() -> AsyncSession:
        nonlocal opened
        opened += 1
        return sessions()

    follower = stream.follow(counted, broker, None)  # type: ignore[arg-type]
    first = asyncio.create_task(anext(follower))
    await asyncio.sleep(0.1)  # started: waiting on its inbox
    assert opened == 1  # the log's last id, at the start
    ids = await actors_created(sessions, "One", "Two", "Three")
    await asyncio.wait_for(_published(broker, ids[-1]), 10)
    try:
        assert (await asyncio.wait_for(first, 10)).id == ids[0]
        # The broker is ahead of this follower now; the rest is queued.
        assert [(await anext(follower)).id for _ in ids[1:]] == ids[1:]
        assert opened == 1
    finally:
        await follower.aclose()


async def test_a_follower_whose_inbox_overflowed_reads_what_it_lost_from_the_table(
    sessions: async_sessionmaker[AsyncSession], broker: Broker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Subscriber.__init__, "__defaults__", (2,))  # an inbox of 2 events
    follower = stream.follow(sessions, broker, None)
    first = asyncio.create_task(anext(follower))
    await asyncio.sleep(0.1)
    ids = await actors_created(sessions, "A", "B", "C", "D", "E")
    await asyncio.wait_for(_published(broker, ids[-1]), 10)
    try:
        seen = [(await asyncio.wait_for(first, 10)).id]
        seen += [(await asyncio.wait_for(anext(follower), 10)).id for _ in ids[1:]]
        assert seen == ids  # the 2 queued, then the 3 the inbox had no room for: once, in order
        later = await actors_created(sessions, "F")
        assert (await asyncio.wait_for(anext(follower), 10)).id == later[0]
    finally:
        await follower.aclose()
