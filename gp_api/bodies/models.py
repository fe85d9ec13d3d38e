"""Coordination bodies, their members and their meetings."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, UTCDateTime, enum_column
from gp_api.models_common import SourcedMixin, TimestampMixin, WorkflowMixin
from workflows.coordination_body import BodyState


class Hub(enum.Enum):
    NEW_YORK = "NEW_YORK"
    GENEVA = "GENEVA"
    VIENNA = "VIENNA"
    OTHER = "OTHER"


class MembershipRole(enum.Enum):
    MEMBER = "MEMBER"
    FOUNDING_MEMBER = "FOUNDING_MEMBER"
    CHAIR = "CHAIR"
    COORDINATOR = "COORDINATOR"
    OBSERVER = "OBSERVER"


class MeetingStatus(enum.Enum):
    SCHEDULED = "SCHEDULED"
    HELD = "HELD"
    CANCELLED = "CANCELLED"


class CoordinationBody(WorkflowMixin, SourcedMixin, TimestampMixin, Base):
    __tablename__ = "coordination_bodies"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[BodyState] = mapped_column(
        enum_column(BodyState, "state"), default=BodyState.PROPOSED
    )
    suspended_from: Mapped[BodyState | None] = mapped_column(
        enum_column(BodyState, "suspended_from")
    )
    hubs: Mapped[list[str]] = mapped_column(JSON, default=list)
    mandate: Mapped[str | None] = mapped_column(Text)
    # The document or resolution that gave the mandate (a Document's symbol).
    mandate_symbol: Mapped[str | None] = mapped_column(String(100))
    founded_on: Mapped[dt.date | None] = mapped_column(Date)
    succeeds_id: Mapped[int | None] = mapped_column(
        ForeignKey("coordination_bodies.id", ondelete="SET NULL"), index=True
    )


class Membership(SourcedMixin, TimestampMixin, Base):
    __tablename__ = "memberships"
    __table_args__ = (
        Index(
            "uq_memberships_current",
            "body_id",
            "actor_id",
            unique=True,
            sqlite_where=text("until IS NULL"),
            postgresql_where=text("until IS NULL"),
        ),
        CheckConstraint(
            "until IS NULL OR since IS NULL OR until >= since", name="until_after_since"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(
        ForeignKey("coordination_bodies.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="RESTRICT"), index=True)
    role: Mapped[MembershipRole] = mapped_column(enum_column(MembershipRole, "role"))
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)


class BodyChair(SourcedMixin, TimestampMixin, Base):
    """A person chairing a body from `since` to `until` (days included; null: still chairing),
    under one of their appointments to an office (the office the guards look at). The person
    is the appointment's, kept here too so that "which bodies a person chaired" is one lookup."""

    __tablename__ = "body_chairs"
    __table_args__ = (
        CheckConstraint(
            "until IS NULL OR since IS NULL OR until >= since", name="until_after_since"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(
        ForeignKey("coordination_bodies.id", ondelete="CASCADE"), index=True
    )
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), index=True
    )
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)


meeting_participants = Table(
    "meeting_participants",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Meeting(SourcedMixin, TimestampMixin, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="ends_after_start"),
        # The order of every list of meetings (gp_api.bodies.read): a page is an index scan.
        Index("ix_meetings_order", "starts_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int | None] = mapped_column(
        ForeignKey("coordination_bodies.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    hub: Mapped[Hub] = mapped_column(enum_column(Hub, "hub"))
    location: Mapped[str | None] = mapped_column(String(200))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "status"), default=MeetingStatus.SCHEDULED
    )
    outcome: Mapped[str | None] = mapped_column(Text)
    # The actor that hosted it (e.g. the Government of Japan in Tokyo), when the record says.
    host_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), index=True
    )
