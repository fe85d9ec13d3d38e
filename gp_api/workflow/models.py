"""Idempotency keys of workflow moves: a replayed key returns the first result."""

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
    event_id: Mapped[int] = mapped_column(EventId, ForeignKey("events.id", ondelete="RESTRICT"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
