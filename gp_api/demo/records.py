"""The shapes of the demo records: plain data, each citing its source and confidence."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from gp_api.actors.models import ActorKind, FlowRole
from gp_api.bodies.models import Hub, MembershipRole
from gp_api.commitments.models import Determinant, Pillar, Scope
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItemOrigin,
    Allocation,
    DraftKind,
    SponsorKind,
    Submitter,
    Topic,
    VotingMethod,
)
from gp_api.models_common import Confidence

CONFIRMED = Confidence.CONFIRMED
UNCONFIRMED = Confidence.UNCONFIRMED


@dataclass(frozen=True)
class ImportStep:
    """A subject entering a historical state through a dated import record."""

    to_state: enum.Enum
    on: dt.date
    reason: str
    source_url: str


@dataclass(frozen=True)
class SessionRecord:
    """A General Assembly session's dates as the sources give them."""

    number: int
    opens_on: dt.date
    closes_on: dt.date | None
    source_url: str
    confidence: Confidence = CONFIRMED


@dataclass(frozen=True)
class ActorRecord:
    name: str
    kind: ActorKind
    source_url: str
    confidence: Confidence = CONFIRMED
    short_name: str | None = None
    iso_alpha2: str | None = None
    website: str | None = None
    flow_roles: tuple[FlowRole, ...] = ()
    flow_roles_illustrative: bool = False
    un_member_since: dt.date | None = None


@dataclass(frozen=True)
class MembershipRecord:
    actor: str
    role: MembershipRole
    since: dt.date | None
    source_url: str
    confidence: Confidence = CONFIRMED


@dataclass(frozen=True)
class BodyRecord:
    name: str
    hubs: tuple[Hub, ...]
    founded_on: dt.date
    source_url: str
    confidence: Confidence
    members: tuple[MembershipRecord, ...]
    history: tuple[ImportStep, ...]
    # What the body is for, and the symbol of the resolution that gave the mandate.
    mandate: str | None = None
    mandate_symbol: str | None = None
    succeeds: str | None = None  # the name of the body it succeeds


@dataclass(frozen=True)
class MeetingRecord:
    title: str
    body: str | None
    hub: Hub
    location: str
    starts_on: dt.date
    source_url: str
    confidence: Confidence
    participants: tuple[str, ...] = ()
    outcome: str | None = None
    # The last day, when the record gives one; the actor that hosted it.
    ends_on: dt.date | None = None
    host: str | None = None


@dataclass(frozen=True)
class AllocationRecord:
    """An allocation of an item; with `draft_symbol`, that draft taken directly in plenary."""

    forum: Allocation
    source_url: str
    confidence: Confidence
    draft_symbol: str | None = None


@dataclass(frozen=True)
class AgendaItemRecord:
    session: int
    item_number: int | None
    title: str
    origin: AgendaItemOrigin
    topics: tuple[Topic, ...]
    allocations: tuple[AllocationRecord, ...]
    source_url: str
    confidence: Confidence
    history: tuple[ImportStep, ...]
    # The same recurring item at an earlier session of the record: its key.
    continues: tuple[int, int | None] | None = None

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.session, self.item_number)


@dataclass(frozen=True)
class SponsorRecord:
    actor: str
    kind: SponsorKind
    source_url: str
    confidence: Confidence = CONFIRMED


@dataclass(frozen=True)
class ActionRecord:
    """A forum's action on a draft, as the record has it."""

    forum: Allocation
    outcome: ActionOutcome
    method: VotingMethod
    taken_on: dt.date
    source_url: str
    confidence: Confidence = CONFIRMED
    # An adoption in plenary: the final symbol (A/RES/...), which the draft then carries.
    final_symbol: str | None = None


@dataclass(frozen=True)
class RevisionRecord:
    revised_on: dt.date
    source_url: str
    oral: bool = False
    symbol: str | None = None
    description: str | None = None
    confidence: Confidence = CONFIRMED


@dataclass(frozen=True)
class ResolutionRecord:
    agenda_item: tuple[int, int | None]
    title: str
    omnibus: bool
    forum: Allocation
    draft_symbol: str | None
    source_url: str
    confidence: Confidence
    sponsors: tuple[SponsorRecord, ...]
    actions: tuple[ActionRecord, ...]
    history: tuple[ImportStep, ...]
    submitter: Submitter | None = None
    facilitators: tuple[str, ...] = ()
    revisions: tuple[RevisionRecord, ...] = ()
    report_symbol: str | None = None
    kind: DraftKind = DraftKind.RESOLUTION

    @property
    def symbol(self) -> str | None:
        for action in self.actions:
            if action.final_symbol is not None:
                return action.final_symbol
        return None


@dataclass(frozen=True)
class ReportRecord:
    """A progress report on a commitment: what was published or announced, and when."""

    on: dt.date
    summary: str
    source_url: str
    confidence: Confidence


@dataclass(frozen=True)
class CommitmentRecord:
    actor: str
    determinants: tuple[Determinant, ...]
    title: str
    description: str
    starts_on: dt.date
    source_url: str
    confidence: Confidence
    history: tuple[ImportStep, ...]
    pillars: tuple[Pillar, ...] = ()
    sdg_targets: tuple[str, ...] = ()
    scope: Scope | None = None
    countries: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    reports: tuple[ReportRecord, ...] = ()
    # The document that mandated it (a symbol), when the record names one.
    mandate_symbol: str | None = None
