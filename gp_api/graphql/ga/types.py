"""GraphQL types for General Assembly agenda items, resolutions, sponsors and adoptions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.ga import computed
from gp_api.ga.models import Adoption as AdoptionRow
from gp_api.ga.models import AdoptionForum, AdoptionMethod, Allocation, SponsorKind
from gp_api.ga.models import AgendaItem as ItemRow
from gp_api.ga.models import Resolution as ResolutionRow
from gp_api.ga.models import Sponsorship as SponsorshipRow
from gp_api.graphql import ids
from gp_api.graphql.actors.types import load_actor
from gp_api.graphql.common import CONFIDENCE, SOURCE_URL
from gp_api.graphql.context import Info
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    page_args,
    read_children,
)
from gp_api.graphql.workflow.types import WorkflowSubject
from gp_api.models_common import Confidence
from workflows.agenda_item import AgendaItemState
from workflows.resolution import ResolutionState

if TYPE_CHECKING:
    from gp_api.graphql.actors.types import Actor

LazyActor = Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")]


@strawberry.type(description="A General Assembly agenda item.")
class AgendaItem(WorkflowSubject):
    proposer_pk: strawberry.Private[int | None]
    title: str = strawberry.field(description="Title of the item.")
    session: int = strawberry.field(description="General Assembly session, e.g. 61.")
    item_number: int | None = strawberry.field(description="Number on the session's agenda.")
    explanatory_memorandum: str | None = strawberry.field(
        description="The memorandum explaining why the item is proposed."
    )
    allocated_to: Allocation | None = strawberry.field(description="Plenary or main committee.")
    state: AgendaItemState = strawberry.field(description="Current stage (workflow state).")
    source_url: str | None = strawberry.field(description=SOURCE_URL)
    confidence: Confidence | None = strawberry.field(description=CONFIDENCE)

    @classmethod
    def from_row(cls, row: ItemRow) -> AgendaItem:
        return cls(
            id=strawberry.ID(ids.encode("AgendaItem", row.id)),
            pk=row.id,
            proposer_pk=row.proposer_id,
            title=row.title,
            session=row.session,
            item_number=row.item_number,
            explanatory_memorandum=row.explanatory_memorandum,
            allocated_to=row.allocated_to,
            state=row.state,
            version=row.version,
            source_url=row.source_url,
            confidence=row.confidence,
        )

    @strawberry.field(description="The actor that proposed the item.")
    async def proposer(self, info: Info) -> LazyActor | None:
        return None if self.proposer_pk is None else await load_actor(info, self.proposer_pk)

    @strawberry.field(description="Draft resolutions under this item.")
    async def resolutions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Resolution]:
        return await read_children(
            info,
            "AgendaItem",
            "resolutions",
            self.pk,
            {},
            page_args(first, after, last, before),
            Resolution.from_row,
        )


@strawberry.type(description="An actor sponsoring a draft resolution.")
class Sponsorship(Node):
    pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int]
    resolution_pk: strawberry.Private[int]
    kind: SponsorKind = strawberry.field(description="Main sponsor or co-sponsor.")
    joined_on: dt.date | None = strawberry.field(description="When the sponsor joined.")
    source_url: str | None = strawberry.field(description=SOURCE_URL)
    confidence: Confidence | None = strawberry.field(description=CONFIDENCE)

    @classmethod
    def from_row(cls, row: SponsorshipRow) -> Sponsorship:
        return cls(
            id=strawberry.ID(ids.encode("Sponsorship", row.id)),
            pk=row.id,
            actor_pk=row.actor_id,
            resolution_pk=row.resolution_id,
            kind=row.kind,
            joined_on=row.joined_on,
            source_url=row.source_url,
            confidence=row.confidence,
        )

    @strawberry.field(description="The sponsor.")
    async def actor(self, info: Info) -> LazyActor:
        return await load_actor(info, self.actor_pk)

    @strawberry.field(description="The sponsored resolution.")
    async def resolution(self, info: Info) -> Resolution:
        row = await info.context.loaders.parent("Resolution").load(self.resolution_pk)
        assert row is not None
        return Resolution.from_row(row)


@strawberry.type(description="How a forum took a draft: without a vote, or by recorded vote.")
class Adoption(Node):
    pk: strawberry.Private[int]
    forum: AdoptionForum = strawberry.field(description="Main committee or plenary.")
    method: AdoptionMethod = strawberry.field(description="Without a vote, or recorded.")
    yes_count: int | None = strawberry.field(description="Votes in favour (recorded vote).")
    no_count: int | None = strawberry.field(description="Votes against (recorded vote).")
    abstain_count: int | None = strawberry.field(description="Abstentions (recorded vote).")
    adopted_on: dt.date = strawberry.field(description="Date of the decision.")
    document_symbol: str | None = strawberry.field(
        description="Symbol of the report or resolution recording the decision."
    )
    passing: bool = strawberry.field(description="Whether the decision carries the draft.")
    source_url: str | None = strawberry.field(description=SOURCE_URL)
    confidence: Confidence | None = strawberry.field(description=CONFIDENCE)

    @classmethod
    def from_row(cls, row: AdoptionRow) -> Adoption:
        return cls(
            id=strawberry.ID(ids.encode("Adoption", row.id)),
            pk=row.id,
            forum=row.forum,
            method=row.method,
            yes_count=row.yes_count,
            no_count=row.no_count,
            abstain_count=row.abstain_count,
            adopted_on=row.adopted_on,
            document_symbol=row.document_symbol,
            passing=row.passing,
            source_url=row.source_url,
            confidence=row.confidence,
        )


@strawberry.type(description="A draft resolution on its way to adoption.")
class Resolution(WorkflowSubject):
    item_pk: strawberry.Private[int]
    title: str = strawberry.field(description="Title of the resolution.")
    omnibus: bool = strawberry.field(description="True for an omnibus resolution.")
    draft_symbol: str | None = strawberry.field(
        description="Symbol of the draft, e.g. A/C.3/61/L.17."
    )
    symbol: str | None = strawberry.field(description="Symbol once adopted, e.g. A/RES/61/180.")
    state: ResolutionState = strawberry.field(description="Current stage (workflow state).")
    source_url: str | None = strawberry.field(description=SOURCE_URL)
    confidence: Confidence | None = strawberry.field(description=CONFIDENCE)

    @classmethod
    def from_row(cls, row: ResolutionRow) -> Resolution:
        return cls(
            id=strawberry.ID(ids.encode("Resolution", row.id)),
            pk=row.id,
            item_pk=row.agenda_item_id,
            title=row.title,
            omnibus=row.omnibus,
            draft_symbol=row.draft_symbol,
            symbol=row.symbol,
            state=row.state,
            version=row.version,
            source_url=row.source_url,
            confidence=row.confidence,
        )

    @strawberry.field(description="The agenda item the draft is under.")
    async def agenda_item(self, info: Info) -> AgendaItem:
        row = await info.context.loaders.parent("AgendaItem").load(self.item_pk)
        assert row is not None
        return AgendaItem.from_row(row)

    @strawberry.field(description="Sponsors, in the order they joined.")
    async def sponsors(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Sponsorship]:
        return await read_children(
            info,
            "Resolution",
            "sponsors",
            self.pk,
            {},
            page_args(first, after, last, before),
            Sponsorship.from_row,
        )

    @strawberry.field(description="Every recorded adoption: in committee, then in plenary.")
    async def adoptions(self, info: Info) -> list[Adoption]:
        rows = await info.context.loaders.linked("Resolution", "adoptions").load(self.pk)
        return [Adoption.from_row(r) for r in rows]

    @strawberry.field(description="The latest adoption (the plenary's once it has decided).")
    async def adoption(self, info: Info) -> Adoption | None:
        chosen: Adoption | None = computed.latest(await self.adoptions(info))
        return chosen

    @strawberry.field(description="When the plenary adopted the resolution.")
    async def adopted_on(self, info: Info) -> dt.date | None:
        return computed.adopted_on(await self.adoptions(info))
