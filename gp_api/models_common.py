"""Columns that several models share: provenance, timestamps, workflow bookkeeping."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from gp_api.db import UTCDateTime, enum_column, utcnow


class Confidence(enum.Enum):
    CONFIRMED = "CONFIRMED"
    UNCONFIRMED = "UNCONFIRMED"


class SourcedMixin:
    """Where a record comes from: demo data cites a public source for every fact."""

    source_url: Mapped[str | None] = mapped_column(String(500))

    @declared_attr
    def confidence(cls) -> Mapped[Confidence | None]:
        return mapped_column(enum_column(Confidence, "confidence"))


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class WorkflowMixin:
    """A workflow subject: its state column is declared by the model, with its own enum."""

    version: Mapped[int] = mapped_column(Integer, default=1)
    workflow_version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
