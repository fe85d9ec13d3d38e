"""GraphQL types for General Assembly agenda items, resolutions, sponsors and adoptions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.ga import computed
from gp_api.graphql.actors.types import load_actor
from gp_api.graphql.context import Info
from gp_api.graphql.readtypes import ReadType
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

if TYPE_CHECKING:
    from gp_api.graphql.actors.types import Actor
    from gp_api.graphql.sessions.types import Session

LazyActor = Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")]
LazySession = Annotated["Session", strawberry.lazy("gp_api.graphql.sessions.types")]


@strawberry.type(
    description="A General Assembly agenda item of one session, by the rules of procedure."
)
class AgendaItem(
    WorkflowSubject,
    ReadType,
    extra={
        "proposer_pk": "proposer_id",
        "session_pk": "session",
        "continues_pk": "continues_id",
        "parent_pk": "parent_id",
    },
):
    proposer_pk: strawberry.Private[int | None]
    session_pk: strawberry.Private[int]
    continues_pk: strawberry.Private[int | None]
    parent_pk: strawberry.Private[int | None]

    @strawberry.field(description="The General Assembly session the item is on.")
    async def assembly_session(self, info: Info) -> LazySession:
        from gp_api.graphql.sessions.types import Session

        row = await info.context.loaders.parent("Session").load(self.session_pk)
        assert row is not None
        return Session.from_row(row)

    @strawberry.field(description="The actor that proposed the item (a REQUESTED item).")
    async def proposer(self, info: Info) -> LazyActor | None:
        return None if self.proposer_pk is None else await load_actor(info, self.proposer_pk)

    @strawberry.field(description="The same item at an earlier session, which this one continues.")
    async def continues(self, info: Info) -> AgendaItem | None:
        return await _item(info, self.continues_pk)

    @strawberry.field(description="The items that continue this one at later sessions.")
    async def continued_by(self, info: Info) -> list[AgendaItem]:
        rows = await info.context.loaders.linked("AgendaItem", "continuedBy").load(self.pk)
        return [AgendaItem.from_row(r) for r in rows]

    @strawberry.field(description="The main item of a sub-item (104 for 104 (a)).")
    async def parent(self, info: Info) -> AgendaItem | None:
        return await _item(info, self.parent_pk)

    @strawberry.field(description="The item's sub-items, e.g. 104 (a), 104 (b).")
    async def sub_items(self, info: Info) -> list[AgendaItem]:
        rows = await info.context.loaders.linked("AgendaItem", "subItems").load(self.pk)
        return [AgendaItem.from_row(r) for r in rows]

    @strawberry.field(
        description="Where the plenary sent the item, in the order decided: one or more"
        " allocations, each dated; one with a resolution takes that draft directly in plenary."
    )
    async def allocations(self, info: Info) -> list[AgendaItemAllocation]:
        rows = await info.context.loaders.linked("AgendaItem", "allocations").load(self.pk)
        return [AgendaItemAllocation.from_row(r) for r in rows]

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


async def _item(info: Info, pk: int | None) -> AgendaItem | None:
    if pk is None:
        return None
    row = await info.context.loaders.parent("AgendaItem").load(pk)
    return None if row is None else AgendaItem.from_row(row)


@strawberry.type(
    description="The plenary's decision to allocate an agenda item to the plenary or a Main"
    " Committee (rule 97 ff.), or to take one draft under it directly in plenary."
)
class AgendaItemAllocation(Node, ReadType, extra={"resolution_pk": "resolution_id"}):
    resolution_pk: strawberry.Private[int | None]

    @strawberry.field(
        description='The draft taken directly in plenary ("without reference to a Main'
        ' Committee"); null for an allocation of the whole item.'
    )
    async def resolution(self, info: Info) -> Resolution | None:
        if self.resolution_pk is None:
            return None
        row = await info.context.loaders.parent("Resolution").load(self.resolution_pk)
        return None if row is None else Resolution.from_row(row)


@strawberry.type(description="An actor sponsoring a draft resolution.")
class Sponsorship(Node, ReadType, extra={"actor_pk": "actor_id", "resolution_pk": "resolution_id"}):
    actor_pk: strawberry.Private[int]
    resolution_pk: strawberry.Private[int]

    @strawberry.field(description="The sponsor.")
    async def actor(self, info: Info) -> LazyActor:
        return await load_actor(info, self.actor_pk)

    @strawberry.field(description="The sponsored resolution.")
    async def resolution(self, info: Info) -> Resolution:
        row = await info.context.loaders.parent("Resolution").load(self.resolution_pk)
        assert row is not None
        return Resolution.from_row(row)


@strawberry.type(description="How a forum took a draft: without a vote, or by recorded vote.")
class Adoption(Node, ReadType):
    """Every field is plain or shaped from the row (gp_api.ga.read)."""


@strawberry.type(description="A draft resolution on its way to adoption.")
class Resolution(WorkflowSubject, ReadType, extra={"item_pk": "agenda_item_id"}):
    item_pk: strawberry.Private[int]

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
