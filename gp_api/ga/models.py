"""General Assembly agenda items, resolutions, their sponsors and adoptions."""

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
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, enum_column
from gp_api.models_common import SourcedMixin, TimestampMixin, WorkflowMixin
from workflows.agenda_item import AgendaItemState
from workflows.resolution import ResolutionState


class Allocation(enum.Enum):
    """Where the General Assembly sends an item: the plenary or one of its main committees."""

    PLENARY = "PLENARY"
    FIRST_COMMITTEE = "FIRST_COMMITTEE"
    SECOND_COMMITTEE = "SECOND_COMMITTEE"
    THIRD_COMMITTEE = "THIRD_COMMITTEE"
    FOURTH_COMMITTEE = "FOURTH_COMMITTEE"
    FIFTH_COMMITTEE = "FIFTH_COMMITTEE"
    SIXTH_COMMITTEE = "SIXTH_COMMITTEE"


class SponsorKind(enum.Enum):
    MAIN = "MAIN"
    CO_SPONSOR = "CO_SPONSOR"


class AdoptionMethod(enum.Enum):
    WITHOUT_A_VOTE = "WITHOUT_A_VOTE"
    RECORDED = "RECORDED"


class AdoptionForum(enum.Enum):
    """A draft is adopted in a main committee first, then in the plenary."""

    COMMITTEE = "COMMITTEE"
    PLENARY = "PLENARY"


class AgendaItem(WorkflowMixin, SourcedMixin, TimestampMixin, Base):
    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("session", "item_number"),
        CheckConstraint("session >= 1", name="session_positive"),
        CheckConstraint("item_number IS NULL OR item_number >= 1", name="item_number_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    session: Mapped[int] = mapped_column(ForeignKey("ga_sessions.id", ondelete="RESTRICT"))
    item_number: Mapped[int | None] = mapped_column(Integer)
    proposer_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), index=True
    )
    explanatory_memorandum: Mapped[str | None] = mapped_column(Text)
    allocated_to: Mapped[Allocation | None] = mapped_column(enum_column(Allocation, "allocated_to"))
    state: Mapped[AgendaItemState] = mapped_column(
        enum_column(AgendaItemState, "state"), default=AgendaItemState.PROPOSED
    )


class AgendaItemAllocation(SourcedMixin, Base):
    """The plenary's decision to allocate an item to a forum (rule 97 ff.: to the plenary or a
    Main Committee), with the day it was decided. An item may have several, added later; one
    with `resolution_id` set is the decision to consider that one draft directly in plenary
    ("without reference to a Main Committee") while the item stays with its committee."""

    __tablename__ = "agenda_item_allocations"
    __table_args__ = (UniqueConstraint("agenda_item_id", "forum", "resolution_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    forum: Mapped[Allocation] = mapped_column(enum_column(Allocation, "forum"))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    resolution_id: Mapped[int | None] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )


class Resolution(WorkflowMixin, SourcedMixin, TimestampMixin, Base):
    __tablename__ = "resolutions"
    __table_args__ = (UniqueConstraint("draft_symbol"), UniqueConstraint("symbol"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    omnibus: Mapped[bool] = mapped_column(Boolean, default=False)
    draft_symbol: Mapped[str | None] = mapped_column(String(40))
    symbol: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[ResolutionState] = mapped_column(
        enum_column(ResolutionState, "state"), default=ResolutionState.DRAFTING
    )


class Sponsorship(SourcedMixin, Base):
    __tablename__ = "sponsorships"
    __table_args__ = (UniqueConstraint("resolution_id", "actor_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[SponsorKind] = mapped_column(enum_column(SponsorKind, "kind"))
    joined_on: Mapped[dt.date | None] = mapped_column(Date)


class Adoption(SourcedMixin, Base):
    __tablename__ = "adoptions"
    __table_args__ = (
        UniqueConstraint("resolution_id", "forum"),
        CheckConstraint(
            "(method = 'RECORDED' AND yes_count IS NOT NULL AND no_count IS NOT NULL"
            " AND abstain_count IS NOT NULL)"
            " OR (method = 'WITHOUT_A_VOTE' AND yes_count IS NULL AND no_count IS NULL"
            " AND abstain_count IS NULL)",
            name="counts_match_method",
        ),
        CheckConstraint(
            "yes_count IS NULL OR (yes_count >= 0 AND no_count >= 0 AND abstain_count >= 0)",
            name="counts_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    forum: Mapped[AdoptionForum] = mapped_column(enum_column(AdoptionForum, "forum"))
    method: Mapped[AdoptionMethod] = mapped_column(enum_column(AdoptionMethod, "method"))
    yes_count: Mapped[int | None] = mapped_column(Integer)
    no_count: Mapped[int | None] = mapped_column(Integer)
    abstain_count: Mapped[int | None] = mapped_column(Integer)
    adopted_on: Mapped[dt.date] = mapped_column(Date)
    document_symbol: Mapped[str | None] = mapped_column(String(40))

    @property
    def passing(self) -> bool:
        return adoption_passes(self.method, self.yes_count, self.no_count)


def adoption_passes(
    method: AdoptionMethod | str, yes_count: int | None, no_count: int | None
) -> bool:
    """Whether a decision carries the draft: adopted without a vote, or more yes than no
    (`method` as the enum or its stored name, for plain rows and the compiled reads)."""
    if method in (AdoptionMethod.WITHOUT_A_VOTE, AdoptionMethod.WITHOUT_A_VOTE.value):
        return True
    return (yes_count or 0) > (no_count or 0)
