"""The shapes of the demo records: plain data, each citing its source and confidence."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from gp_api.actors.models import ActorKind, FlowRole
from gp_api.bodies.models import Hub, MembershipRole
from gp_api.commitments.models import Determinant
from gp_api.ga.models import (
    AdoptionForum,
    AdoptionMethod,
    AgendaItemOrigin,
    Allocation,
    SponsorKind,
    Topic,
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
class AdoptionRecord:
    forum: AdoptionForum
    method: AdoptionMethod
    adopted_on: dt.date
    # In the plenary: the final symbol (A/RES/...), which the resolution then carries.
    document_symbol: str | None
    source_url: str
    confidence: Confidence = CONFIRMED


@dataclass(frozen=True)
class ResolutionRecord:
    agenda_item: tuple[int, int | None]
    title: str
    omnibus: bool
    draft_symbol: str | None
    source_url: str
    confidence: Confidence
    sponsors: tuple[SponsorRecord, ...]
    adoptions: tuple[AdoptionRecord, ...]
    history: tuple[ImportStep, ...]

    @property
    def symbol(self) -> str | None:
        for adoption in self.adoptions:
            if adoption.forum is AdoptionForum.PLENARY:
                return adoption.document_symbol
        return None


@dataclass(frozen=True)
class CommitmentRecord:
    actor: str
    determinant: Determinant
    title: str
    description: str
    starts_on: dt.date
    source_url: str
    confidence: Confidence
    history: tuple[ImportStep, ...]
