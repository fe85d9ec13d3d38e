"""The append-only event log (the transactional outbox) and its workflow view."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, EventId, UTCDateTime, enum_column, utcnow


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_subject", "subject_type", "subject_id", "id"),
        Index("ix_events_type", "type", "id"),
    )

    # Assigned by append() under the log's lock: gap-free and in commit order.
    id: Mapped[int] = mapped_column(EventId, primary_key=True, autoincrement=False)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    type: Mapped[str] = mapped_column(String(80))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    milestone: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    principal_id: Mapped[str] = mapped_column(String(80))
    principal_name: Mapped[str] = mapped_column(String(200))
    on_behalf_of_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT")
    )
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class TransitionRecord(Base):
    __tablename__ = "transition_records"
    __table_args__ = (Index("ix_transition_records_subject", "subject_type", "subject_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(
        EventId, ForeignKey("events.id", ondelete="RESTRICT"), unique=True
    )
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    workflow: Mapped[str] = mapped_column(String(40))
    workflow_version: Mapped[int] = mapped_column(Integer)
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    trigger: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str | None] = mapped_column(Text)
    principal_id: Mapped[str] = mapped_column(String(80))
    principal_name: Mapped[str] = mapped_column(String(200))
    on_behalf_of_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT")
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    source_url: Mapped[str | None] = mapped_column(String(500))


class DeviationKind(enum.Enum):
    """How an imported move departed from its workflow."""

    # A guard of a transition on the way failed against the facts as of the import's date.
    GUARD_FAILED = "GUARD_FAILED"
    # The subject entered a later stage without a recorded stop at this one.
    STAGE_SKIPPED = "STAGE_SKIPPED"
    # Imported before guards were evaluated at import (revision 0014): never checked.
    NOT_EVALUATED = "NOT_EVALUATED"


class TransitionDeviation(Base):
    """One way reality did not satisfy the workflow when a subject's state was imported:
    stored with the move, in the order found (the path's transitions, each one's guards)."""

    __tablename__ = "transition_deviations"
    __table_args__ = (Index("ix_transition_deviations_record", "transition_record_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transition_record_id: Mapped[int] = mapped_column(
        ForeignKey("transition_records.id", ondelete="RESTRICT")
    )
    kind: Mapped[DeviationKind] = mapped_column(enum_column(DeviationKind, "kind"))
    # The transition of the definition it concerns (the one skipped, or whose guard failed).
    transition_trigger: Mapped[str | None] = mapped_column(String(60))
    # The state that transition leads to (for STAGE_SKIPPED: the stage skipped).
    stage: Mapped[str | None] = mapped_column(String(40))
    guard: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text)
    blocker: Mapped[str] = mapped_column(Text)
