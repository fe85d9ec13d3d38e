"""General Assembly sessions (numbered: the 64th session is id 64) and their parts."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, enum_column
from gp_api.models_common import SourcedMixin, TimestampMixin


class SessionPartKind(enum.Enum):
    """The main part of a session (September to December) or a resumed part."""

    MAIN = "MAIN"
    RESUMED = "RESUMED"


class Session(SourcedMixin, TimestampMixin, Base):
    """A regular session of the General Assembly; its primary key is its number."""

    __tablename__ = "ga_sessions"
    __table_args__ = (
        CheckConstraint("id >= 1", name="number_positive"),
        CheckConstraint(
            "closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on",
            name="closes_after_opening",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)


class SessionPart(SourcedMixin, Base):
    """One part of a session: the main part, or the n-th resumed part."""

    __tablename__ = "session_parts"
    __table_args__ = (
        UniqueConstraint("session_id", "part", "sequence"),
        CheckConstraint("sequence >= 1", name="sequence_positive"),
        CheckConstraint("closes_on IS NULL OR closes_on >= opens_on", name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("ga_sessions.id", ondelete="CASCADE"), index=True
    )
    part: Mapped[SessionPartKind] = mapped_column(enum_column(SessionPartKind, "part"))
    sequence: Mapped[int] = mapped_column(Integer, default=1)
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)
