"""Appending to and reading the event log. Every write of every service appends here, in the
caller's transaction, so the log is a transactional outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.db import Base, utcnow
from gp_api.events.catalog import visible_types
from gp_api.events.chain import GENESIS, event_hash
from gp_api.events.models import Event, TransitionRecord
from gp_api.events.shape import shaped
from gp_api.lookup import snapshot
from gp_api.pagination import Page, PageArgs, count, paginate, paginate_grouped
from gp_api.principal import Principal, Role

# The NOTIFY channel the relay of every server process LISTENs on.
CHANNEL = "gp_events"


async def append(
    session: AsyncSession,
    *,
    principal: Principal,
    type: str,
    subject: Base,
    data: dict[str, Any] | None = None,
    milestone: bool = False,
) -> Event:
    """Append one event about `subject` (flushed, so it has its id). Data defaults to a
    snapshot of the subject's columns; either way it is shaped by the type's declaration in
    the catalog (camelCase keys, global IDs), and an undeclared type or key raises
    UndeclaredData.

    Appends are serialised (a PostgreSQL advisory lock held to commit; SQLite writes one
    transaction at a time), so ids are gap-free in commit order and each row's hash links
    to the row before it."""
    await session.flush()
    await _lock_log(session)
    last = (
        await session.execute(select(Event.id, Event.hash).order_by(Event.id.desc()).limit(1))
    ).first()
    subject_id: int = subject.id  # type: ignore[attr-defined]
    raw = snapshot(subject) if data is None else data
    event = Event(
        id=(last[0] + 1) if last else 1,
        occurred_at=utcnow(),
        type=type,
        subject_type=type_name(subject),
        subject_id=subject_id,
        milestone=milestone,
        data=shaped(type, type_name(subject), subject_id, raw, strict=True),
        principal_id=principal.id,
        principal_name=principal.name,
        on_behalf_of_actor_id=principal.actor_id,
    )
    event.prev_hash = last[1] if last else GENESIS
    event.hash = event_hash(event, event.prev_hash)
    session.add(event)
    await session.flush()
    # Wake the relay of every process once this commits (PostgreSQL sends NOTIFY on commit
    # only; the in-process broker is poked by an after-commit hook, see events.broker).
    session.info["events_written"] = True
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_notify(CHANNEL, str(event.id))))
    return event


LOG_LOCK = 0x6770_6C6F67  # "gplog"


async def _lock_log(session: AsyncSession) -> None:
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(LOG_LOCK)))


def type_name(subject: Base) -> str:
    return type(subject).__name__


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    reader: Role | None  # whose view: the types this role may not see are left out
    types: Sequence[str] | None = None
    subject_type: str | None = None
    subject_ids: Sequence[int] | None = None
    milestone: bool | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    principal_id: str | None = None


def _events(f: EventFilter) -> Select[Event]:
    stmt = select(Event)
    if f.types:
        stmt = stmt.where(Event.type.in_(f.types))
    if f.subject_type is not None:
        stmt = stmt.where(Event.subject_type == f.subject_type)
    if f.subject_ids is not None:
        stmt = stmt.where(Event.subject_id.in_(f.subject_ids))
    if f.milestone is not None:
        stmt = stmt.where(Event.milestone.is_(f.milestone))
    if f.since is not None:
        stmt = stmt.where(Event.occurred_at >= f.since)
    if f.until is not None:
        stmt = stmt.where(Event.occurred_at < f.until)
    if f.principal_id is not None:
        stmt = stmt.where(Event.principal_id == f.principal_id)
    types = visible_types(f.reader)
    if types is not None:
        stmt = stmt.where(Event.type.in_(types))
    return stmt


async def list_events(session: AsyncSession, f: EventFilter, args: PageArgs) -> Page[Event]:
    return await paginate(session, _events(f), [Event.id], args)


async def count_events(session: AsyncSession, f: EventFilter) -> int:
    return await count(session, _events(f))


async def history(
    session: AsyncSession, subject_type: str, subject_ids: Sequence[Hashable], args: PageArgs
) -> dict[Hashable, Page[TransitionRecord]]:
    """Each subject's transition records, oldest first."""
    stmt = select(TransitionRecord).where(TransitionRecord.subject_type == subject_type)
    pages = await paginate_grouped(
        session,
        TransitionRecord,
        stmt,
        TransitionRecord.subject_id,
        list(subject_ids),
        [TransitionRecord.id],
        args,
    )
    return pages


async def count_history(session: AsyncSession, subject_type: str, subject_id: int) -> int:
    stmt = select(TransitionRecord).where(
        TransitionRecord.subject_type == subject_type, TransitionRecord.subject_id == subject_id
    )
    return await count(session, stmt)
