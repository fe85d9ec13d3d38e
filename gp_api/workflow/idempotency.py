"""Claiming an idempotency key for a workflow move, so that retries get the first result.

The key row is inserted before the move is made, with ON CONFLICT DO NOTHING on the unique
(principal, key). On PostgreSQL a retry running at the same time as the first attempt waits
there until that attempt ends: if it committed, the retry reads its result; if it rolled back,
the retry's own insert goes through and the retry makes the move. SQLite runs one write
transaction at a time, so there the claim simply sees the committed row."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.errors import DomainError, ErrorCode
from gp_api.workflow.models import IdempotencyKey


@dataclass(frozen=True)
class Move:
    """A move as the client sent it (after validation): what one key stands for."""

    subject_type: str
    subject_id: int
    trigger: str
    reason: str | None
    expected_version: int | None
    # The move's data (JSON), for moves that carry it.
    payload: str | None = None

    def digest(self) -> str:
        fields = [self.subject_type, self.subject_id, self.trigger, self.reason]
        extra = [self.payload] if self.payload is not None else []
        canonical = json.dumps([*fields, self.expected_version, *extra], separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


async def claim(session: AsyncSession, *, principal_id: str, key: str, move: Move) -> int | None:
    """Claim `key` for `move`. Returns None when the key is new (the caller makes the move and
    then calls `complete`), or the id of the event the first attempt recorded. Raises
    DomainError INVALID when the key was used for another move."""
    insert = (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert
    claimed = await session.scalar(
        insert(IdempotencyKey)
        .values(
            principal_id=principal_id,
            key=key,
            subject_type=move.subject_type,
            subject_id=move.subject_id,
            trigger=move.trigger,
            input_hash=move.digest(),
        )
        .on_conflict_do_nothing(index_elements=["principal_id", "key"])
        .returning(IdempotencyKey.id)
    )
    if claimed is not None:
        return None
    seen = await session.scalar(
        select(IdempotencyKey)
        .where(IdempotencyKey.principal_id == principal_id, IdempotencyKey.key == key)
        .execution_options(populate_existing=True)
    )
    if seen is None or seen.event_id is None:
        # Only if the row was removed between the two statements: nothing to replay.
        raise DomainError(
            ErrorCode.CONFLICT, "this idempotencyKey is in use: try again", ["idempotencyKey"]
        )
    if not _same_move(seen, move):
        raise DomainError(
            ErrorCode.INVALID,
            "this idempotencyKey was already used for a different move",
            ["idempotencyKey"],
        )
    return seen.event_id


async def complete(session: AsyncSession, *, principal_id: str, key: str, event_id: int) -> None:
    """Record the event of the move made under a key claimed in this transaction."""
    await session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.principal_id == principal_id, IdempotencyKey.key == key)
        .values(event_id=event_id)
    )


def _same_move(seen: IdempotencyKey, move: Move) -> bool:
    if seen.input_hash is not None:
        return seen.input_hash == move.digest()
    # Keys stored before input_hash existed: compare what they kept.
    return (seen.subject_type, seen.subject_id, seen.trigger) == (
        move.subject_type,
        move.subject_id,
        move.trigger,
    )
