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
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import Column as SAColumn
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


class AgendaItemOrigin(enum.Enum):
    """How an item comes onto a session's agenda."""

    REQUESTED = "REQUESTED"  # rules 13-15: by a Member State or organ, with a memorandum (rule 20)
    MANDATED = "MANDATED"  # by an earlier resolution (a recurring item)
    CARRIED_OVER = "CARRIED_OVER"  # deferred from an earlier session, where the item was


class AgendaList(enum.Enum):
    """The list an item was placed on (rules 12-15)."""

    PRELIMINARY = "PRELIMINARY"
    SUPPLEMENTARY = "SUPPLEMENTARY"
    ADDITIONAL = "ADDITIONAL"


class Topic(enum.Enum):
    """What an item is about (the topics the plan of action follows)."""

    TRAFFICKING_IN_PERSONS = "TRAFFICKING_IN_PERSONS"
    CRIME_PREVENTION_AND_CRIMINAL_JUSTICE = "CRIME_PREVENTION_AND_CRIMINAL_JUSTICE"


# Each topic and the boolean column that holds it, in the order topics are listed.
TOPIC_FLAGS = {
    Topic.TRAFFICKING_IN_PERSONS: "topic_trafficking_in_persons",
    Topic.CRIME_PREVENTION_AND_CRIMINAL_JUSTICE: "topic_crime_prevention",
}


class SponsorKind(enum.Enum):
    MAIN = "MAIN"
    CO_SPONSOR = "CO_SPONSOR"


class DraftKind(enum.Enum):
    """What the draft becomes once adopted in plenary (A/RES/... or A/DEC/...)."""

    RESOLUTION = "RESOLUTION"
    DECISION = "DECISION"


class Submitter(enum.Enum):
    """Who puts a draft before its forum."""

    SPONSORS = "SPONSORS"
    PRESIDENT = "PRESIDENT"
    FACILITATORS = "FACILITATORS"
    CHAIR = "CHAIR"
    BUREAU = "BUREAU"


class ActionOutcome(enum.Enum):
    ADOPTED = "ADOPTED"
    REJECTED = "REJECTED"
    NO_ACTION = "NO_ACTION"
    DEFERRED = "DEFERRED"


class VotingMethod(enum.Enum):
    """Rules 87-88 and 128-129: without a vote, or by a vote that is recorded (each Member
    State's vote in the record), non-recorded (counts only) or by roll-call."""

    WITHOUT_A_VOTE = "WITHOUT_A_VOTE"
    RECORDED_VOTE = "RECORDED_VOTE"
    NON_RECORDED_VOTE = "NON_RECORDED_VOTE"
    ROLL_CALL = "ROLL_CALL"


class Ballot(enum.Enum):
    YES = "YES"
    NO = "NO"
    ABSTAIN = "ABSTAIN"
    ABSENT = "ABSENT"


class AmendmentOutcome(enum.Enum):
    PENDING = "PENDING"
    ADOPTED = "ADOPTED"
    REJECTED = "REJECTED"
    NO_ACTION = "NO_ACTION"
    WITHDRAWN = "WITHDRAWN"


class MandateKind(enum.Enum):
    """What a resolution asks for."""

    REPORT = "REPORT"  # a report (most often of the Secretary-General) to a later session
    OTHER = "OTHER"  # any other request; `request` says what


class MandateStatus(enum.Enum):
    """Where a mandate stands (gp_api.ga.mandates.status_on): PENDING until its due window
    opens, DUE in it, OVERDUE after it unfulfilled, FULFILLED once a document fulfils it."""

    PENDING = "PENDING"
    DUE = "DUE"
    OVERDUE = "OVERDUE"
    FULFILLED = "FULFILLED"


class AgendaItem(WorkflowMixin, SourcedMixin, TimestampMixin, Base):
    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("session", "item_number"),
        CheckConstraint("session >= 1", name="session_positive"),
        CheckConstraint("item_number IS NULL OR item_number >= 1", name="item_number_positive"),
        UniqueConstraint("parent_id", "sub_item"),
        # A sub-item (104 (a)) takes its number from its parent.
        CheckConstraint(
            "parent_id IS NULL OR (item_number IS NULL AND sub_item IS NOT NULL)",
            name="sub_item_numbered_by_parent",
        ),
        CheckConstraint("continues_id IS NULL OR continues_id <> id", name="continues_another"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    session: Mapped[int] = mapped_column(ForeignKey("ga_sessions.id", ondelete="RESTRICT"))
    item_number: Mapped[int | None] = mapped_column(Integer)
    proposer_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), index=True
    )
    explanatory_memorandum: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[AgendaItemOrigin] = mapped_column(
        enum_column(AgendaItemOrigin, "origin"), default=AgendaItemOrigin.REQUESTED
    )
    agenda_list: Mapped[AgendaList | None] = mapped_column(enum_column(AgendaList, "agenda_list"))
    # A UN symbol (A/RES/60/1); the link to its Document comes with the documents.
    mandated_by_symbol: Mapped[str | None] = mapped_column(String(40))
    # Self-references are checked at the end of each statement (NO ACTION), so that a
    # statement may remove an item together with those that refer to it.
    continues_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    sub_item: Mapped[str | None] = mapped_column(String(5))
    topic_trafficking_in_persons: Mapped[bool] = mapped_column(Boolean, default=False)
    topic_crime_prevention: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[AgendaItemState] = mapped_column(
        enum_column(AgendaItemState, "state"), default=AgendaItemState.LISTED
    )

    @property
    def topics(self) -> list[Topic]:
        return [topic for topic, column in TOPIC_FLAGS.items() if getattr(self, column)]


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
    """A draft resolution or decision under an agenda item, and once adopted in plenary the
    resolution (or decision) itself: `draft_symbol` is given at submission, `symbol` by the
    adoption."""

    __tablename__ = "resolutions"
    __table_args__ = (UniqueConstraint("draft_symbol"), UniqueConstraint("symbol"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    omnibus: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[DraftKind] = mapped_column(
        enum_column(DraftKind, "kind"), default=DraftKind.RESOLUTION
    )
    forum: Mapped[Allocation] = mapped_column(enum_column(Allocation, "forum"))
    submitter: Mapped[Submitter | None] = mapped_column(enum_column(Submitter, "submitter"))
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    draft_symbol: Mapped[str | None] = mapped_column(String(40))
    report_symbol: Mapped[str | None] = mapped_column(String(40))
    symbol: Mapped[str | None] = mapped_column(String(40))
    # Rule 153: whether the Secretary-General anticipates expenditure; his statement of
    # programme budget implications; the Fifth Committee's statement of the effect.
    involves_expenditure: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    budget_statement_symbol: Mapped[str | None] = mapped_column(String(40))
    fifth_committee_symbol: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[ResolutionState] = mapped_column(
        enum_column(ResolutionState, "state"), default=ResolutionState.DRAFTING
    )


class Sponsorship(SourcedMixin, Base):
    """A Member State sponsoring a draft, from the day it joined until it withdrew (if it did)."""

    __tablename__ = "sponsorships"
    __table_args__ = (UniqueConstraint("resolution_id", "actor_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[SponsorKind] = mapped_column(enum_column(SponsorKind, "kind"))
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)


draft_facilitators = Table(
    "draft_facilitators",
    Base.metadata,
    SAColumn("resolution_id", ForeignKey("resolutions.id", ondelete="CASCADE"), primary_key=True),
    SAColumn("actor_id", ForeignKey("actors.id", ondelete="RESTRICT"), primary_key=True),
)


class DraftRevision(SourcedMixin, Base):
    """A revised text (A/C.3/64/L.17/Rev.1) or an oral revision made when the draft was
    introduced or acted on."""

    __tablename__ = "draft_revisions"
    __table_args__ = (CheckConstraint("oral OR symbol IS NOT NULL", name="written_has_symbol"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    oral: Mapped[bool] = mapped_column(Boolean, default=False)
    symbol: Mapped[str | None] = mapped_column(String(40), unique=True)
    revised_on: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)


class Amendment(SourcedMixin, Base):
    """A proposal to amend a draft before a forum, acted on before the draft (rule 90)."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    forum: Mapped[Allocation] = mapped_column(enum_column(Allocation, "forum"))
    symbol: Mapped[str | None] = mapped_column(String(40), unique=True)
    text: Mapped[str] = mapped_column(Text)
    proposed_on: Mapped[dt.date] = mapped_column(Date)
    outcome: Mapped[AmendmentOutcome] = mapped_column(
        enum_column(AmendmentOutcome, "outcome"), default=AmendmentOutcome.PENDING
    )


amendment_proposers = Table(
    "amendment_proposers",
    Base.metadata,
    SAColumn("amendment_id", ForeignKey("amendments.id", ondelete="CASCADE"), primary_key=True),
    SAColumn("actor_id", ForeignKey("actors.id", ondelete="RESTRICT"), primary_key=True),
)


class DraftAction(SourcedMixin, Base):
    """What a forum decided on a draft (or on an amendment to it), and how: without a vote,
    or by a vote whose counts are derived from each Member State's vote when the record has
    them (`counts_only` when it has the counts alone)."""

    __tablename__ = "draft_actions"
    __table_args__ = (
        CheckConstraint(
            "(method = 'WITHOUT_A_VOTE' AND yes_count IS NULL AND no_count IS NULL"
            " AND abstain_count IS NULL)"
            " OR (method <> 'WITHOUT_A_VOTE' AND yes_count IS NOT NULL AND no_count IS NOT NULL"
            " AND abstain_count IS NOT NULL)",
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
    amendment_id: Mapped[int | None] = mapped_column(
        ForeignKey("amendments.id", ondelete="CASCADE"), index=True
    )
    forum: Mapped[Allocation] = mapped_column(enum_column(Allocation, "forum"))
    outcome: Mapped[ActionOutcome] = mapped_column(enum_column(ActionOutcome, "outcome"))
    method: Mapped[VotingMethod] = mapped_column(enum_column(VotingMethod, "method"))
    important_question: Mapped[bool] = mapped_column(Boolean, default=False)
    yes_count: Mapped[int | None] = mapped_column(Integer)
    no_count: Mapped[int | None] = mapped_column(Integer)
    abstain_count: Mapped[int | None] = mapped_column(Integer)
    counts_only: Mapped[bool] = mapped_column(Boolean, default=False)
    taken_on: Mapped[dt.date] = mapped_column(Date)
    meeting_record_symbol: Mapped[str | None] = mapped_column(String(40))
    # A separate vote on a part of the draft (rules 89 and 129), e.g. "operative paragraph 5":
    # ADOPTED keeps the part, REJECTED deletes it; the draft itself is acted on afterwards.
    part: Mapped[str | None] = mapped_column(String(200))


class Vote(Base):
    """One Member State's vote in a recorded or roll-call vote."""

    __tablename__ = "draft_votes"
    __table_args__ = (UniqueConstraint("action_id", "actor_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("draft_actions.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="RESTRICT"), index=True)
    ballot: Mapped[Ballot] = mapped_column(enum_column(Ballot, "ballot"))


class Mandate(SourcedMixin, TimestampMixin, Base):
    """What an adopted resolution asks for (a report of the Secretary-General to the 76th
    session), due at a session or on a date, fulfilled by a Document. `status` is kept by
    gp_api.ga.mandates: the sweep moves it to DUE and OVERDUE (one event each), a fulfilment
    to FULFILLED."""

    __tablename__ = "mandates"
    __table_args__ = (
        CheckConstraint("paragraph IS NULL OR paragraph >= 1", name="paragraph_positive"),
        CheckConstraint("due_session IS NULL OR due_on IS NULL", name="one_due"),
        CheckConstraint(
            "(fulfilled_by_id IS NULL) = (fulfilled_on IS NULL)", name="fulfilled_with_date"
        ),
        CheckConstraint(
            "(status = 'FULFILLED') = (fulfilled_by_id IS NOT NULL)", name="fulfilled_status"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="RESTRICT"), index=True
    )
    paragraph: Mapped[int | None] = mapped_column(Integer)
    addressee: Mapped[str] = mapped_column(String(200))
    addressee_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[MandateKind] = mapped_column(
        enum_column(MandateKind, "kind"), default=MandateKind.REPORT
    )
    request: Mapped[str] = mapped_column(Text)
    due_session: Mapped[int | None] = mapped_column(
        ForeignKey("ga_sessions.id", ondelete="RESTRICT"), index=True
    )
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    fulfilled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="RESTRICT"), index=True
    )
    fulfilled_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[MandateStatus] = mapped_column(
        enum_column(MandateStatus, "status"), default=MandateStatus.PENDING
    )
