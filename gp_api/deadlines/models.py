"""The notices the sweep has appended: one row per subject, kind and due date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, EventId, UTCDateTime, utcnow


class DeadlineNotice(Base):
    """A deadline notice appended (gp_api.deadlines.rules). The unique (subject, kind, due
    date) is what makes it once: the sweep inserts the row (ON CONFLICT DO NOTHING) before it
    appends the event, in one transaction, so a concurrent sweep waits on the first and then
    finds the row."""

    __tablename__ = "deadline_notices"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id", "kind", "due_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    # The event type of the notice (`commitment.due_soon`, `mandate.due`, ...).
    kind: Mapped[str] = mapped_column(String(80))
    # The deadline it is about: a commitment's dueOn, a meeting's first day, the day a mandate
    # fell due or overdue.
    due_on: Mapped[dt.date] = mapped_column(Date)
    # Null only inside the transaction that claimed the row and has not appended its event yet.
    event_id: Mapped[int | None] = mapped_column(
        EventId, ForeignKey("events.id", ondelete="RESTRICT")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
