"""Appending to the event log (read through gp_api.reads). Every write of every service
appends here, in the caller's transaction, so the log is a transactional outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.db import Base, utcnow
from gp_api.events.chain import GENESIS, event_hash
from gp_api.events.models import Event
from gp_api.events.shape import shaped
from gp_api.lookup import snapshot
from gp_api.principal import Principal

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
