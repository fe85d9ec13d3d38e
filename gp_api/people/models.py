"""Persons, the offices they hold and their dated appointments: the seed's "network of
contacts" and the chair it asks for. Public roles only: no personal contact data is kept."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, enum_column
from gp_api.models_common import SourcedMixin, TimestampMixin


class OfficeKind(enum.Enum):
    """What an office is, declared (guards match the kind, never the title's text)."""

    SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL = "SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL"
    SPECIAL_RAPPORTEUR = "SPECIAL_RAPPORTEUR"
    EXECUTIVE_HEAD = "EXECUTIVE_HEAD"
    PERMANENT_REPRESENTATIVE = "PERMANENT_REPRESENTATIVE"
    CO_FACILITATOR = "CO_FACILITATOR"
    OTHER = "OTHER"


class Person(SourcedMixin, TimestampMixin, Base):
    __tablename__ = "persons"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Office(SourcedMixin, TimestampMixin, Base):
    """A public office, e.g. "Executive Director, UNODC"; it belongs to an actor where one is
    recorded (a mandate of the Human Rights Council belongs to no actor of the record)."""

    __tablename__ = "offices"
    __table_args__ = (UniqueConstraint("title"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[OfficeKind] = mapped_column(enum_column(OfficeKind, "kind"))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)


class Appointment(SourcedMixin, TimestampMixin, Base):
    """A person in an office from `since` to `until` (both days included; null `until`: in
    office; null `since`: the start is not known, so the appointment proves nothing at a date)."""

    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint(
            "until IS NULL OR since IS NULL OR until >= since", name="until_after_since"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), index=True
    )
    office_id: Mapped[int] = mapped_column(
        ForeignKey("offices.id", ondelete="RESTRICT"), index=True
    )
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)
