"""The audit chain: each event's hash covers its content and the previous event's hash, so
editing, deleting or reordering a row behind the API's back breaks the chain from there on."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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
class Verification:
    checked: int
    first_break: Break | None


async def _rows(session: AsyncSession, batch: int = 1000) -> AsyncIterator[Event]:
    last = 0
    while True:
        rows = list(
            await session.scalars(
                select(Event).where(Event.id > last).order_by(Event.id).limit(batch)
            )
        )
        if not rows:
            return
        for row in rows:
            yield row
        last = rows[-1].id
        session.expunge_all()


async def verify(session: AsyncSession) -> Verification:
    """Walk the log in order; report the first row whose link or hash does not hold."""
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
        prev_hash, prev_id, checked = event.hash, event.id, checked + 1
    return Verification(checked, None)
