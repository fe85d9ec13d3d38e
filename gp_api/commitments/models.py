"""Commitments under the six determinants, their deliverables and progress reports.

A commitment serves one or more determinants and pillars, names the SDG targets it advances,
its scope (national, with its countries; regional; global), an optional pledge (a decimal
amount in an ISO 4217 currency) and the evidence (links) that it is real. Lists are JSON
arrays, in the order given, without repeats (gp_api.commitments.service checks them).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text
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


class Pillar(enum.Enum):
    """The four pillars of the United Nations Global Plan of Action (A/RES/64/293)."""

    PREVENTION = "PREVENTION"
    PROTECTION = "PROTECTION"
    PROSECUTION = "PROSECUTION"
    PARTNERSHIP = "PARTNERSHIP"


class Scope(enum.Enum):
    """Where a commitment applies: in named countries, in a region, or worldwide."""

    NATIONAL = "NATIONAL"
    REGIONAL = "REGIONAL"
    GLOBAL = "GLOBAL"


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
        CheckConstraint(
            "(pledge_amount IS NULL) = (pledge_currency IS NULL)", name="pledge_amount_currency"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    # Determinant values, one or more (JSON array).
    determinants: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Pillar values (JSON array, possibly empty).
    pillars: Mapped[list[str]] = mapped_column(JSON, default=list)
    # SDG target codes such as "8.7" (JSON array, possibly empty).
    sdg_targets: Mapped[list[str]] = mapped_column(JSON, default=list)
    scope: Mapped[Scope | None] = mapped_column(enum_column(Scope, "scope"))
    # ISO 3166-1 alpha-2 codes of the countries a NATIONAL (or REGIONAL) commitment covers.
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The pledged amount as an exact decimal string ("2000000", "281871.50"), and its ISO 4217
    # currency: both or neither.
    pledge_amount: Mapped[str | None] = mapped_column(String(40))
    pledge_currency: Mapped[str | None] = mapped_column(String(3), index=True)
    # Links (http(s) URLs) that show the commitment is real (JSON array, possibly empty).
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # The document or resolution that mandated it (a Document's symbol), e.g. A/RES/64/293.
    mandate_symbol: Mapped[str | None] = mapped_column(String(100))
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


class ProgressReport(SourcedMixin, Base):
    """A report on a commitment (an edition of a programme's report, a grant round...), with
    its public source when there is one."""

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
    # None when the report states no share of completion (a running programme's edition).
    percent_complete: Mapped[int | None] = mapped_column(Integer)
