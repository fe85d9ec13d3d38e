"""GraphQL types for General Assembly agenda items, drafts and resolutions, sponsors,
revisions, amendments, actions and votes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from gp_api.graphql.actors.types import load_actor
from gp_api.graphql.context import Info
from gp_api.graphql.documents.types import load_document
from gp_api.graphql.readtypes import ReadType, plain
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
    from gp_api.graphql.documents.types import Document
    from gp_api.graphql.sessions.types import Session

LazyActor = Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")]
LazyDocument = Annotated["Document", strawberry.lazy("gp_api.graphql.documents.types")]
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


@strawberry.type(description="A Member State sponsoring a draft, from joining to withdrawing.")
class Sponsorship(Node, ReadType, extra={"actor_pk": "actor_id", "resolution_pk": "resolution_id"}):
    actor_pk: strawberry.Private[int]
    resolution_pk: strawberry.Private[int]

    @strawberry.field(description="The sponsor.")
    async def actor(self, info: Info) -> LazyActor:
        return await load_actor(info, self.actor_pk)

    @strawberry.field(description="The sponsored draft.")
    async def resolution(self, info: Info) -> Resolution:
        return await _resolution(info, self.resolution_pk)


def _actor(row: Any) -> Actor:
    from gp_api.graphql.actors.types import Actor

    return Actor.from_row(row)


async def _resolution(info: Info, pk: int) -> Resolution:
    row = await info.context.loaders.parent("Resolution").load(pk)
    assert row is not None, "foreign key guarantees the draft"
    return Resolution.from_row(row)


@strawberry.type(description="A revision of a draft: a revised text (Rev.n) or an oral one.")
class DraftRevision(Node, ReadType, extra={"resolution_pk": "resolution_id"}):
    resolution_pk: strawberry.Private[int]

    @strawberry.field(description="The revised draft.")
    async def resolution(self, info: Info) -> Resolution:
        return await _resolution(info, self.resolution_pk)

    @strawberry.field(description="The revised text's document (none for an oral revision).")
    async def document(self, info: Info) -> LazyDocument | None:
        return await load_document(info, plain(self, "symbol"))


@strawberry.type(description="One Member State's vote in a recorded or roll-call vote.")
class Vote(Node, ReadType, extra={"actor_pk": "actor_id", "action_pk": "action_id"}):
    actor_pk: strawberry.Private[int]
    action_pk: strawberry.Private[int]

    @strawberry.field(description="The Member State.")
    async def actor(self, info: Info) -> LazyActor:
        return await load_actor(info, self.actor_pk)

    @strawberry.field(description="The action voted on.")
    async def action(self, info: Info) -> DraftAction:
        row = await info.context.loaders.parent("DraftAction").load(self.action_pk)
        assert row is not None, "foreign key guarantees the action"
        return DraftAction.from_row(row)


@strawberry.type(
    description="What a forum decided on a draft or an amendment, and how: without a vote, or"
    " by a vote with its counts (and each Member State's vote when the record has them)."
)
class DraftAction(
    Node,
    ReadType,
    extra={"resolution_pk": "resolution_id", "amendment_pk": "amendment_id"},
):
    resolution_pk: strawberry.Private[int]
    amendment_pk: strawberry.Private[int | None]

    @strawberry.field(description="The draft.")
    async def resolution(self, info: Info) -> Resolution:
        return await _resolution(info, self.resolution_pk)

    @strawberry.field(description="The amendment acted on; null for an action on the draft.")
    async def amendment(self, info: Info) -> Amendment | None:
        if self.amendment_pk is None:
            return None
        row = await info.context.loaders.parent("Amendment").load(self.amendment_pk)
        return None if row is None else Amendment.from_row(row)

    @strawberry.field(description="The meeting record's document.")
    async def meeting_record(self, info: Info) -> LazyDocument | None:
        return await load_document(info, plain(self, "meeting_record_symbol"))

    @strawberry.field(description="Each Member State's vote (recorded and roll-call votes).")
    async def votes(self, info: Info) -> list[Vote]:
        rows = await info.context.loaders.linked("DraftAction", "votes").load(self.pk)
        return [Vote.from_row(r) for r in rows]


@strawberry.type(description="A proposal to amend a draft, acted on before the draft (rule 90).")
class Amendment(Node, ReadType, extra={"resolution_pk": "resolution_id"}):
    resolution_pk: strawberry.Private[int]

    @strawberry.field(description="The draft it would amend.")
    async def resolution(self, info: Info) -> Resolution:
        return await _resolution(info, self.resolution_pk)

    @strawberry.field(description="Its document (none for an oral amendment).")
    async def document(self, info: Info) -> LazyDocument | None:
        return await load_document(info, plain(self, "symbol"))

    @strawberry.field(description="The Member States that proposed it.")
    async def proposers(self, info: Info) -> list[LazyActor]:
        rows = await info.context.loaders.linked("Amendment", "proposers").load(self.pk)
        return [_actor(r) for r in rows]

    @strawberry.field(description="The forum's action on it.")
    async def actions(self, info: Info) -> list[DraftAction]:
        rows = await info.context.loaders.linked("Amendment", "actions").load(self.pk)
        return [DraftAction.from_row(r) for r in rows]


@strawberry.type(
    description="A draft resolution or decision on its way to action; once adopted in plenary,"
    " the resolution (or decision) itself."
)
class Resolution(WorkflowSubject, ReadType, extra={"item_pk": "agenda_item_id"}):
    item_pk: strawberry.Private[int]

    @strawberry.field(description="The agenda item the draft is under.")
    async def agenda_item(self, info: Info) -> AgendaItem:
        row = await info.context.loaders.parent("AgendaItem").load(self.item_pk)
        assert row is not None
        return AgendaItem.from_row(row)

    @strawberry.field(description="The document of the draft as submitted (its L. symbol).")
    async def draft_document(self, info: Info) -> LazyDocument | None:
        return await load_document(info, plain(self, "draft_symbol"))

    @strawberry.field(description="The Main Committee's report that carried it to the plenary.")
    async def report_document(self, info: Info) -> LazyDocument | None:
        return await load_document(info, plain(self, "report_symbol"))

    @strawberry.field(
        description="The Secretary-General's statement of programme budget implications."
    )
    async def budget_statement(self, info: Info) -> LazyDocument | None:
        return await load_document(info, plain(self, "budget_statement_symbol"))

    @strawberry.field(description="The Fifth Committee's report on the effect on the budget.")
    async def fifth_committee_report(self, info: Info) -> LazyDocument | None:
        return await load_document(info, plain(self, "fifth_committee_symbol"))

    @strawberry.field(description="The resolution's (or decision's) document, once adopted.")
    async def document(self, info: Info) -> LazyDocument | None:
        return await load_document(info, plain(self, "symbol"))

    @strawberry.field(description="Sponsors, in the order they joined (withdrawn ones too).")
    async def sponsors(
        self,
        info: Info,
        current: Annotated[
            bool,
            strawberry.argument(description="Only the sponsors that have not withdrawn."),
        ] = False,
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
            {"current": current},
            page_args(first, after, last, before),
            Sponsorship.from_row,
        )

    @strawberry.field(description="The facilitators of a draft submitted by FACILITATORS.")
    async def facilitators(self, info: Info) -> list[LazyActor]:
        rows = await info.context.loaders.linked("Resolution", "facilitators").load(self.pk)
        return [_actor(r) for r in rows]

    @strawberry.field(description="Its revisions, in order.")
    async def revisions(self, info: Info) -> list[DraftRevision]:
        rows = await info.context.loaders.linked("Resolution", "revisions").load(self.pk)
        return [DraftRevision.from_row(r) for r in rows]

    @strawberry.field(description="Amendments proposed to it.")
    async def amendments(self, info: Info) -> list[Amendment]:
        rows = await info.context.loaders.linked("Resolution", "amendments").load(self.pk)
        return [Amendment.from_row(r) for r in rows]

    @strawberry.field(
        description="Every action on it and on its amendments, in order: in committee, then in"
        " plenary."
    )
    async def actions(self, info: Info) -> list[DraftAction]:
        rows = await info.context.loaders.linked("Resolution", "actions").load(self.pk)
        return [DraftAction.from_row(r) for r in rows]

    @strawberry.field(description="When the plenary adopted it.")
    async def adopted_on(self, info: Info) -> dt.date | None:
        found = await info.context.loaders.computed("Resolution", "adoptedOn").load((self.pk,))
        return None if found is None else dt.date.fromisoformat(found)

    @strawberry.field(description="What the adopted resolution asks for (its mandates).")
    async def mandates(self, info: Info) -> list[Mandate]:
        rows = await info.context.loaders.linked("Resolution", "mandates").load(self.pk)
        return [Mandate.from_row(r) for r in rows]


@strawberry.type(
    description="What an adopted resolution asks for (e.g. a report of the Secretary-General to"
    " a later session), due at a session or on a date, fulfilled by a document."
)
class Mandate(
    Node,
    ReadType,
    extra={
        "resolution_pk": "resolution_id",
        "actor_pk": "addressee_actor_id",
        "session_pk": "due_session",
        "document_pk": "fulfilled_by_id",
    },
):
    resolution_pk: strawberry.Private[int]
    actor_pk: strawberry.Private[int | None]
    session_pk: strawberry.Private[int | None]
    document_pk: strawberry.Private[int | None]

    @strawberry.field(description="The resolution that asks.")
    async def resolution(self, info: Info) -> Resolution:
        return await _resolution(info, self.resolution_pk)

    @strawberry.field(description="The actor asked, when it is one in the record.")
    async def addressee_actor(self, info: Info) -> LazyActor | None:
        return None if self.actor_pk is None else await load_actor(info, self.actor_pk)

    @strawberry.field(description="The session it is due at.")
    async def due_assembly_session(self, info: Info) -> LazySession | None:
        from gp_api.graphql.sessions.types import Session

        if self.session_pk is None:
            return None
        row = await info.context.loaders.parent("Session").load(self.session_pk)
        return None if row is None else Session.from_row(row)

    @strawberry.field(description="The document that fulfilled it.")
    async def fulfilled_by(self, info: Info) -> LazyDocument | None:
        from gp_api.graphql.documents.types import Document

        if self.document_pk is None:
            return None
        row = await info.context.loaders.parent("Document").load(self.document_pk)
        return None if row is None else Document.from_row(row)
