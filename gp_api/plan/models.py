"""The seed's plan of action: one row per step. Status is derived, never edited by hand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, EventId, UTCDateTime


class PlanStep(Base):
    __tablename__ = "plan_steps"
    __table_args__ = (UniqueConstraint("key"), UniqueConstraint("position"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    # Written only by the transition service when the step's target is first reached.
    achieved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    achieved_event_id: Mapped[int | None] = mapped_column(
        EventId, ForeignKey("events.id", ondelete="RESTRICT")
    )
