"""Names and titles per language and period: one table for every named subject.

A subject (an actor, a coordination body, an office, an agenda item, a resolution) keeps its
current English name in its own column, which orders and searches it; `localized_names` holds
the record of its names: one row per language (the six official languages of the UN) and
period, each with its source. One table keyed by the subject's type and id, rather than one
per subject type, because the rule is the same for all five (which name applies on a day, in
a language, and the fallback to English): one model, one batch read, one migration.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, enum_column
from gp_api.models_common import SourcedMixin, TimestampMixin


class LanguageCode(enum.Enum):
    """The six official languages of the United Nations."""

    AR = "AR"
    ZH = "ZH"
    EN = "EN"
    FR = "FR"
    RU = "RU"
    ES = "ES"


# The subject types that have names (their GraphQL type names), each with the event that
# records a new form of its name or title (declared in gp_api.events.catalog from here).
NAMED_SUBJECTS = {
    "Actor": "actor.name_recorded",
    "CoordinationBody": "coordination_body.name_recorded",
    "Office": "office.title_recorded",
    "AgendaItem": "agenda_item.title_recorded",
    "Resolution": "resolution.title_recorded",
}


class LocalizedName(SourcedMixin, TimestampMixin, Base):
    __tablename__ = "localized_names"
    __table_args__ = (
        CheckConstraint(
            "valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until",
            name="name_period_order",
        ),
        Index("ix_localized_names_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    language: Mapped[LanguageCode] = mapped_column(enum_column(LanguageCode, "language"))
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(60))
    # Both days included; null: not known to start (always, as far as the record goes) / open.
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
