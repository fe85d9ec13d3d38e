"""Idempotency keys of workflow moves: a replayed key returns the first result.

A key row is inserted first, before the move is made (its `event_id` is filled in when the
move is recorded, in the same transaction): the unique (principal, key) makes a concurrent
retry wait on the first attempt and then see its result, or take over if it rolled back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, EventId, UTCDateTime, utcnow


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("principal_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    principal_id: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(200))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(String(60))
    # SHA-256 of the whole move as sent (see workflow.service); null for keys stored before it.
    input_hash: Mapped[str | None] = mapped_column(String(64))
    # Null only inside the transaction that claimed the key and has not recorded its move yet.
    event_id: Mapped[int | None] = mapped_column(
        EventId, ForeignKey("events.id", ondelete="RESTRICT")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
