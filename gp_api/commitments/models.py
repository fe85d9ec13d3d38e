"""Commitments under the six determinants, their deliverables and progress reports."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, UTCDateTime, enum_column, utcnow
from gp_api.models_common import SourcedMixin, TimestampMixin, WorkflowMixin
from workflows.commitment import CommitmentState


class Determinant(enum.Enum):
    """The seed's six determinants."""

    CRIMINALISATION = "CRIMINALISATION"
    DEMAND_REDUCTION = "DEMAND_REDUCTION"
    PROTECTION = "PROTECTION"
    REINTEGRATION = "REINTEGRATION"
    ROOT_CAUSES = "ROOT_CAUSES"
    CAPACITY_BUILDING = "CAPACITY_BUILDING"


class DeliverableStatus(enum.Enum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    DROPPED = "DROPPED"


class Commitment(WorkflowMixin, SourcedMixin, TimestampMixin, Base):
    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint(
            "due_on IS NULL OR starts_on IS NULL OR due_on >= starts_on", name="due_after_start"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="RESTRICT"), index=True)
    determinant: Mapped[Determinant] = mapped_column(enum_column(Determinant, "determinant"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    state: Mapped[CommitmentState] = mapped_column(
        enum_column(CommitmentState, "state"), default=CommitmentState.PLEDGED
    )


class Deliverable(TimestampMixin, Base):
    __tablename__ = "deliverables"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[DeliverableStatus] = mapped_column(
        enum_column(DeliverableStatus, "status"), default=DeliverableStatus.PENDING
    )


class ProgressReport(Base):
    __tablename__ = "progress_reports"
    __table_args__ = (
        CheckConstraint("percent_complete >= 0 AND percent_complete <= 100", name="percent_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    summary: Mapped[str] = mapped_column(Text)
    percent_complete: Mapped[int] = mapped_column(Integer)
