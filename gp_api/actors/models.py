"""Actors: states, UN entities, intergovernmental organisations and NGOs."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, enum_column
from gp_api.models_common import SourcedMixin, TimestampMixin


class ActorKind(enum.Enum):
    STATE = "STATE"
    UN_ENTITY = "UN_ENTITY"
    INTERGOVERNMENTAL_ORGANIZATION = "INTERGOVERNMENTAL_ORGANIZATION"
    NGO = "NGO"
    OTHER = "OTHER"


class FlowRole(enum.Enum):
    """The seed's countries of origin, transit and destination."""

    ORIGIN = "ORIGIN"
    TRANSIT = "TRANSIT"
    DESTINATION = "DESTINATION"


class Actor(SourcedMixin, TimestampMixin, Base):
    __tablename__ = "actors"
    __table_args__ = (
        UniqueConstraint("name"),
        UniqueConstraint("iso_alpha2"),
        UniqueConstraint("iso_alpha3"),
        UniqueConstraint("m49"),
        CheckConstraint(
            "kind = 'STATE' OR (iso_alpha2 IS NULL AND iso_alpha3 IS NULL AND m49 IS NULL)",
            name="iso_codes_only_for_states",
        ),
        CheckConstraint("m49 IS NULL OR (m49 >= 1 AND m49 <= 999)", name="m49_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(60))
    kind: Mapped[ActorKind] = mapped_column(enum_column(ActorKind, "kind"))
    iso_alpha2: Mapped[str | None] = mapped_column(String(2))
    iso_alpha3: Mapped[str | None] = mapped_column(String(3))
    m49: Mapped[int | None] = mapped_column(Integer)
    is_origin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_transit: Mapped[bool] = mapped_column(Boolean, default=False)
    is_destination: Mapped[bool] = mapped_column(Boolean, default=False)
    flow_roles_illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    website: Mapped[str | None] = mapped_column(String(500))
    # A state's admission to the United Nations: only Member States sponsor and vote.
    un_member_since: Mapped[dt.date | None] = mapped_column(Date)

    @property
    def flow_roles(self) -> list[FlowRole]:
        return [role for role, column in FLOW_FLAGS.items() if getattr(self, column)]


# Each flow role and the boolean column that holds it, in the order roles are listed.
FLOW_FLAGS = {
    FlowRole.ORIGIN: "is_origin",
    FlowRole.TRANSIT: "is_transit",
    FlowRole.DESTINATION: "is_destination",
}


class ActorKindPeriod(SourcedMixin, TimestampMixin, Base):
    """What kind of participant an actor was for a period (IOM: an intergovernmental
    organisation until it joined the UN system as a related organisation on 19 September
    2016). `Actor.kind` is the kind today; guards read the kind on the day of the move."""

    __tablename__ = "actor_kinds"
    __table_args__ = (
        CheckConstraint(
            "valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until",
            name="kind_period_order",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ActorKind] = mapped_column(enum_column(ActorKind, "kind"))
    # Both days included; null: from the start of the record / still so.
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
