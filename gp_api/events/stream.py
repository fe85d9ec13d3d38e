"""The one reader of the event log: events after an id, the last id, and replay then live.

Every reader of the log goes through here: the broker's relay (what is new since it last
published), the webhook worker (what is new since its dispatch cursor), the subscriptions
(replay from a client's cursor, then follow the broker). Ids are gap-free and in commit order
(see events.service.append), so "after id N" is a complete, ordered answer, and a reader that
remembers the last id it handled never misses or repeats an event.

Retention: the log may be cut at its start (the audit chain is anchored by checkpoints, see
events.checkpoint); a cursor from before the first event kept cannot be resumed without a gap,
so it is refused with CursorExpired instead of silently skipping what was cut.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gp_api.events import catalog
from gp_api.events.models import Event
from gp_api.principal import Role

if TYPE_CHECKING:
    from gp_api.events.broker import Broker

BATCH = 200


class CursorError(Exception):
    """A position in the log that cannot be resumed from."""

    def __init__(self, after_id: int, first: int, last: int) -> None:
        self.after_id, self.first, self.last = after_id, first, last
        super().__init__(after_id, first, last)


class CursorAhead(CursorError):
    """The position is past the last event written."""


class CursorExpired(CursorError):
    """The position is before the first event kept: the events in between are gone."""


@dataclass(frozen=True, kw_only=True)
class Selector:
    """Which events a reader wants, as the catalog declares them: types, subjects, milestones,
    workflows and the audience (the role whose view it is; None: anonymous). Applied in SQL
    by `after` where it can be (all but workflows), and to single rows by `matches`."""

    audience: Role | None = Role.ADMIN
    types: frozenset[str] | None = None
    subjects: frozenset[tuple[str, int]] | None = None
    milestone: bool | None = None
    workflows: frozenset[str] | None = None

    def where(self, stmt: Select[Event]) -> Select[Event]:
        if self.types is not None:
            stmt = stmt.where(Event.type.in_(sorted(self.types)))
        if self.milestone is not None:
            stmt = stmt.where(Event.milestone.is_(self.milestone))
        if self.subjects is not None:  # narrows the scan; `matches` pairs type and id
            stmt = stmt.where(
                Event.subject_type.in_(sorted({t for t, _ in self.subjects})),
                Event.subject_id.in_(sorted({i for _, i in self.subjects})),
            )
        visible = catalog.visible_types(self.audience)
        if visible is not None:
            stmt = stmt.where(Event.type.in_(sorted(visible)))
        return stmt

    def matches(self, row: Event) -> bool:
        return (
            (self.types is None or row.type in self.types)
            and (self.milestone is None or row.milestone == self.milestone)
            and catalog.visible(self.audience, row.type)
            and (self.subjects is None or (row.subject_type, row.subject_id) in self.subjects)
            and (
                self.workflows is None or catalog.workflow_of(row.type, row.data) in self.workflows
            )
        )


async def last_id(session: AsyncSession) -> int:
    """The id of the last event written (0 for an empty log)."""
    return int(await session.scalar(select(func.coalesce(func.max(Event.id), 0))) or 0)


async def first_id(session: AsyncSession) -> int:
    """The id of the first event kept (the next id to be written for an empty log)."""
    first = await session.scalar(select(func.min(Event.id)))
    return int(first) if first is not None else await last_id(session) + 1


async def after(
    session: AsyncSession,
    after_id: int,
    *,
    limit: int = BATCH,
    selector: Selector | None = None,
) -> list[Event]:
    """Up to `limit` events with an id above `after_id`, in id order, that `selector` wants.

    With a selector the rows come from the window of ids (after_id, after_id + limit]: ids are
    gap-free, so a reader advances to `after_id + limit` (or the last id) whatever matched."""
    stmt = select(Event).where(Event.id > after_id).order_by(Event.id)
    if selector is None:
        return list(await session.scalars(stmt.limit(limit)))
    stmt = selector.where(stmt.where(Event.id <= after_id + limit))
    return [row for row in await session.scalars(stmt) if selector.matches(row)]


async def check_cursor(session: AsyncSession, after_id: int) -> int:
    """Refuse a position that cannot be resumed without a gap; returns the last id."""
    first, last = (await session.execute(select(func.min(Event.id), func.max(Event.id)))).one()
    last = int(last or 0)
    first = int(first) if first is not None else last + 1
    if after_id > last:
        raise CursorAhead(after_id, first, last)
    if after_id < first - 1:
        raise CursorExpired(after_id, first, last)
    return last


async def _after(sessions: async_sessionmaker[AsyncSession], after_id: int) -> list[Event]:
    async with sessions() as session:
        return await after(session, after_id)


async def follow(
    sessions: async_sessionmaker[AsyncSession],
    broker: Broker,
    after_id: int | None,
    *,
    idle: Callable[[], None] | None = None,
) -> AsyncGenerator[Event, None]:
    """Every event after `after_id` (None: from now on), in id order, exactly once, forever:
    from the table until caught up with the broker, then from the broker, filling any hole
    (a subscriber that fell behind and lost queued events) from the table.

    The inbox is opened before the position is checked, so an event committed while the
    replay runs is either in the replay or in the inbox (and dropped there as already seen).
    `idle` is called on each broker tick and after each batch; it may raise to stop."""
    inbox = broker.subscribe()
    try:
        async with sessions() as session:
            if after_id is not None:
                await check_cursor(session, after_id)
                last = after_id
            else:
                # Now: the log's last event, which the broker may not have heard of yet (an
                # event committed just before the subscription is not one of its events).
                last = max(broker.head, await last_id(session))
        while True:
            if last < broker.head and inbox.queue.empty():
                # Behind, with nothing queued: the inbox lost what is missing (it was full),
                # or it was published before the inbox opened. The table has it.
                rows = await _after(sessions, last)
            else:
                # The inbox first, even when behind: it holds every event published since it
                # opened, in id order, until it overflows. (Going to the table whenever the
                # broker was ahead sent every subscriber still busy with one event when the
                # next was published to the database: a query each, under a burst of commits.)
                live = await inbox.queue.get()
                if live is None:  # the broker's tick: no timer per wait (1,000 subscribers)
                    if idle is not None:
                        idle()
                    continue
                if live.id <= last:
                    continue  # already seen (replayed from the table)
                # The next one, else the inbox lost some (full): the table has them.
                rows = [live] if live.id == last + 1 else await _after(sessions, last)
            for row in rows:
                last = row.id
                yield row
            if idle is not None:
                idle()
    finally:
        broker.unsubscribe(inbox)
