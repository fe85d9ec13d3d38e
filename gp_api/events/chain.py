"""The audit chain: each event's hash covers its content and the previous event's hash, so
editing, deleting or reordering a row behind the API's back breaks the chain from there on.

The chain alone cannot tell a log cut short, or one edited and then rehashed from there on with
`event_hash`, from an honest one: anyone who can write the table can recompute it. An `Anchor`
(an event's id and hash, kept outside the database as a checkpoint) closes that gap for every
event up to the anchored one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.events import stream
from gp_api.events.models import Event

GENESIS = "0" * 64


def event_hash(event: Event, prev_hash: str) -> str:
    content: dict[str, Any] = {
        "id": event.id,
        "occurredAt": event.occurred_at.isoformat(),
        "type": event.type,
        "subjectType": event.subject_type,
        "subjectId": event.subject_id,
        "milestone": event.milestone,
        "data": event.data,
        "principalId": event.principal_id,
        "principalName": event.principal_name,
        "onBehalfOf": event.on_behalf_of_actor_id,
        "prev": prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    event_id: int
    reason: str


@dataclass(frozen=True)
class Anchor:
    """An event as it was when a checkpoint was taken: its id and its link in the chain."""

    event_id: int
    hash: str


@dataclass(frozen=True)
class Verification:
    checked: int
    first_break: Break | None
    # The last event verified (None for an empty log): what a new checkpoint anchors.
    head: Anchor | None = None


async def _rows(session: AsyncSession, batch: int = 1000) -> AsyncIterator[Event]:
    last = 0
    while True:
        rows = await stream.after(session, last, limit=batch)
        if not rows:
            return
        for row in rows:
            yield row
        last = rows[-1].id
        session.expunge_all()


async def verify(session: AsyncSession, against: Anchor | None = None) -> Verification:
    """Walk the log in order; report the first row whose link or hash does not hold, or,
    given an anchor, where the log no longer holds the anchored event as it was."""
    prev_hash, prev_id, checked = GENESIS, 0, 0
    async for event in _rows(session):
        if event.prev_hash != prev_hash:
            return Verification(
                checked,
                Break(event.id, f"does not link to event {prev_id} (a row was deleted or moved)"),
            )
        if event.hash != event_hash(event, prev_hash):
            return Verification(
                checked, Break(event.id, "its content does not match its hash (edited)")
            )
        if against is not None and prev_id < against.event_id < event.id:
            return Verification(
                checked, _missing(against, f"jumps from event {prev_id} to {event.id}")
            )
        if against is not None and event.id == against.event_id and event.hash != against.hash:
            return Verification(
                checked,
                Break(
                    event.id,
                    "its hash differs from the checkpoint's: the log was rewritten at or "
                    "before this event (edited and rehashed, or cut and written again)",
                ),
            )
        prev_hash, prev_id, checked = event.hash, event.id, checked + 1
    if against is not None and prev_id < against.event_id:
        return Verification(checked, _missing(against, f"ends at event {prev_id} (truncated)"))
    return Verification(checked, None, Anchor(prev_id, prev_hash) if checked else None)


def _missing(anchor: Anchor, where: str) -> Break:
    return Break(anchor.event_id, f"the checkpoint's event is missing: the log {where}")
