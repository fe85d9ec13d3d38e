"""Mutations of General Assembly items, drafts, sponsors, adoptions: inputs, payloads, mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.ga import items as ga_items
from gp_api.ga import service as ga_service
from gp_api.ga.models import (
    AdoptionForum,
    AdoptionMethod,
    AgendaItemOrigin,
    AgendaList,
    Allocation,
    SponsorKind,
    Topic,
)
from gp_api.graphql import ids
from gp_api.graphql.common import (
    CONFIDENCE,
    ERRORS,
    INPUT,
    SOURCE_URL,
    described,
    is_set,
    optional_id,
)
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.events.types import Event
from gp_api.graphql.ga.types import Adoption, AgendaItem, Resolution, Sponsorship
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.write import mutate
from gp_api.models_common import Confidence
from gp_api.principal import Principal

ORIGIN = (
    "REQUESTED (rules 13-15: needs proposerId and explanatoryMemorandum to be included),"
    " MANDATED by an earlier resolution (needs mandatedBySymbol), or CARRIED_OVER from an"
    " earlier session (needs continuesId)."
)
MOVE_VERSION = "The item's `version` as the client saw it; a stale one is refused."
MOVE_KEY = (
    "Sent again with the same input, returns the first result and writes nothing new; sent"
    " with another input, the move is refused with INVALID."
)


@strawberry.input(description="A General Assembly agenda item; it starts as LISTED.")
class CreateAgendaItemInput:
    title: str = strawberry.field(description="Title of the item.")
    session: int = strawberry.field(description="General Assembly session, e.g. 61.")
    item_number: int | None = described("Number on the session's agenda, unique per session.")
    origin: AgendaItemOrigin = described(ORIGIN, AgendaItemOrigin.REQUESTED)
    agenda_list: AgendaList | None = strawberry.field(
        name="list", description="The list it is placed on (rules 12-15).", default=None
    )
    proposer_id: strawberry.ID | None = described("The proposing actor (a REQUESTED item).")
    explanatory_memorandum: str | None = described("Why the item is requested (rule 20).")
    mandated_by_symbol: str | None = described(
        "Symbol of the resolution that mandates a MANDATED item, e.g. A/RES/60/1."
    )
    continues_id: strawberry.ID | None = described("The item of an earlier session it continues.")
    parent_id: strawberry.ID | None = described("The main item of a sub-item (same session).")
    sub_item: str | None = described("The letter of a sub-item: a for 104 (a).")
    topics: list[Topic] | None = described("What the item is about.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(
    description="Corrections to an agenda item's data; fields left out stay as they are. Its"
    " state moves only by its workflow."
)
class UpdateAgendaItemInput:
    id: strawberry.ID = strawberry.field(description="The agenda item to correct.")
    expected_version: int | None = described(MOVE_VERSION)
    title: str | None = described("Title of the item.", strawberry.UNSET)
    session: int | None = described("General Assembly session.", strawberry.UNSET)
    item_number: int | None = described("Number on the session's agenda.", strawberry.UNSET)
    origin: AgendaItemOrigin | None = described(ORIGIN, strawberry.UNSET)
    agenda_list: AgendaList | None = strawberry.field(
        name="list", description="The list it is placed on.", default=strawberry.UNSET
    )
    proposer_id: strawberry.ID | None = described("The proposing actor.", strawberry.UNSET)
    explanatory_memorandum: str | None = described(
        "Why the item is requested (rule 20).", strawberry.UNSET
    )
    mandated_by_symbol: str | None = described(
        "Symbol of the mandating resolution.", strawberry.UNSET
    )
    continues_id: strawberry.ID | None = described(
        "The item of an earlier session it continues.", strawberry.UNSET
    )
    parent_id: strawberry.ID | None = described("The main item of a sub-item.", strawberry.UNSET)
    sub_item: str | None = described("The letter of a sub-item.", strawberry.UNSET)
    topics: list[Topic] | None = described("What the item is about.", strawberry.UNSET)
    source_url: str | None = described(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = described(CONFIDENCE, strawberry.UNSET)


@strawberry.type(description="Result of createAgendaItem and updateAgendaItem.")
class AgendaItemPayload:
    agenda_item: AgendaItem | None = described("The item as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(
    description="The `allocate` move with its data: one more allocation of an INCLUDED or"
    " ALLOCATED item."
)
class AllocateAgendaItemInput:
    agenda_item_id: strawberry.ID = strawberry.field(description="The agenda item.")
    forum: Allocation = strawberry.field(
        description="The plenary or the Main Committee (PLENARY with resolutionId)."
    )
    decided_on: dt.date | None = described("When the plenary decided the allocation.")
    resolution_id: strawberry.ID | None = described(
        "A draft under the item, taken directly in plenary (without reference to a Main"
        " Committee) while the item stays where it is allocated."
    )
    reason: str | None = described("Why, or the decision's wording.")
    expected_version: int | None = described(MOVE_VERSION)
    idempotency_key: str | None = described(MOVE_KEY)
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(
    description="The `defer` move with its data: the item is deferred to a later session and"
    " continues there as a new item (LISTED, CARRIED_OVER)."
)
class DeferAgendaItemInput:
    agenda_item_id: strawberry.ID = strawberry.field(description="The agenda item.")
    to_session: int = strawberry.field(description="The later session it is deferred to.")
    reason: str | None = described("Why (required).")
    expected_version: int | None = described(MOVE_VERSION)
    idempotency_key: str | None = described(MOVE_KEY)
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.type(description="Result of allocateAgendaItem.")
class AllocateAgendaItemPayload:
    agenda_item: AgendaItem | None = described(
        "The item after the move, with its allocations; null when refused."
    )
    event: Event | None = described("The event that recorded the move.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of deferAgendaItem.")
class DeferAgendaItemPayload:
    agenda_item: AgendaItem | None = described("The item after the move (DEFERRED).")
    continued_by: AgendaItem | None = described("The item that continues it at the later session.")
    event: Event | None = described("The event that recorded the move.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _item_values(input: Any) -> dict[str, Any]:
    """Model attribute names of the input's item fields (those sent: UNSET left out)."""
    found: dict[str, Any] = {}
    for key, value in vars(input).items():
        if key in ("id", "expected_version") or not is_set(value):
            continue
        if key == "proposer_id":
            value = optional_id(value, "Actor", "proposerId")
        elif key in ("continues_id", "parent_id"):
            value = optional_id(value, "AgendaItem", "continuesId" if key[0] == "c" else "parentId")
        found[key] = value
    return found


@strawberry.input(description="A draft resolution under an agenda item; it starts as DRAFTING.")
class CreateDraftResolutionInput:
    agenda_item_id: strawberry.ID = strawberry.field(description="The agenda item.")
    title: str = strawberry.field(description="Title.")
    omnibus: bool = described("An omnibus resolution.", False)
    draft_symbol: str | None = described("Symbol of the draft, e.g. A/C.3/61/L.17.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.type(description="Result of createDraftResolution.")
class ResolutionPayload:
    resolution: Resolution | None = described("The resolution as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="An actor sponsoring a draft.")
class AddSponsorInput:
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    actor_id: strawberry.ID = strawberry.field(description="The sponsor.")
    kind: SponsorKind = described("Main sponsor or co-sponsor.", SponsorKind.CO_SPONSOR)
    joined_on: dt.date | None = described("When the sponsor joined.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.type(description="Result of addSponsor.")
class SponsorshipPayload:
    sponsorship: Sponsorship | None = described("The sponsorship as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="How a forum took a draft.")
class RecordAdoptionInput:
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    forum: AdoptionForum = strawberry.field(description="Main committee or plenary.")
    method: AdoptionMethod = strawberry.field(description="Without a vote, or recorded.")
    adopted_on: dt.date = strawberry.field(description="Date of the decision.")
    yes_count: int | None = described("Votes in favour (recorded vote only).")
    no_count: int | None = described("Votes against (recorded vote only).")
    abstain_count: int | None = described("Abstentions (recorded vote only).")
    document_symbol: str | None = described("In plenary, the resolution's symbol (A/RES/...).")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.type(description="Result of recordAdoption.")
class AdoptionPayload:
    adoption: Adoption | None = described("The adoption as saved; null when refused.")
    resolution: Resolution | None = described("The resolution, with its symbol once adopted.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(
    description="Change General Assembly agenda items, resolutions, sponsors and adoptions."
)
class GeneralAssemblyMutations:
    @strawberry.mutation(
        permission_classes=[Allowed], description="Propose a General Assembly agenda item."
    )
    async def create_agenda_item(
        self, info: Info, input: Annotated[CreateAgendaItemInput, INPUT]
    ) -> AgendaItemPayload:
        async def create(session: AsyncSession, principal: Principal) -> Any:
            values = _item_values(input)
            values["session_number"] = values.pop("session")
            values["topics"] = values.get("topics") or ()
            return await ga_items.create_agenda_item(session, principal=principal, **values)

        return await mutate(info, create, AgendaItemPayload, agenda_item=AgendaItem.from_row)

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Correct an agenda item's data (audited by an `agenda_item.updated` event);"
        " refused when nothing would change.",
    )
    async def update_agenda_item(
        self, info: Info, input: Annotated[UpdateAgendaItemInput, INPUT]
    ) -> AgendaItemPayload:
        return await mutate(
            info,
            lambda session, principal: ga_items.update_agenda_item(
                session,
                principal=principal,
                item_id=ids.decode_as(input.id, "AgendaItem", "id"),
                changes=_item_values(input),
                expected_version=input.expected_version,
            ),
            AgendaItemPayload,
            agenda_item=AgendaItem.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Allocate an INCLUDED or ALLOCATED agenda item (the `allocate` move with"
        " its data): to the plenary or a Main Committee, or one draft directly in plenary."
        " Refused moves write nothing.",
    )
    async def allocate_agenda_item(
        self, info: Info, input: Annotated[AllocateAgendaItemInput, INPUT]
    ) -> AllocateAgendaItemPayload:
        return await mutate(
            info,
            lambda session, principal: ga_items.allocate_agenda_item(
                session,
                principal=principal,
                item_id=ids.decode_as(input.agenda_item_id, "AgendaItem", "agendaItemId"),
                forum=input.forum,
                decided_on=input.decided_on,
                resolution_id=optional_id(input.resolution_id, "Resolution", "resolutionId"),
                reason=input.reason,
                expected_version=input.expected_version,
                idempotency_key=input.idempotency_key,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            AllocateAgendaItemPayload,
            agenda_item=lambda done: AgendaItem.from_row(done.subject),
            event=lambda done: Event.from_row(done.event),
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Defer an agenda item to a later session (the `defer` move with its data):"
        " it continues there as a new item. Refused moves write nothing.",
    )
    async def defer_agenda_item(
        self, info: Info, input: Annotated[DeferAgendaItemInput, INPUT]
    ) -> DeferAgendaItemPayload:
        async def defer(session: AsyncSession, principal: Principal) -> Any:
            item_id = ids.decode_as(input.agenda_item_id, "AgendaItem", "agendaItemId")
            done = await ga_items.defer_agenda_item(
                session,
                principal=principal,
                item_id=item_id,
                to_session=input.to_session,
                reason=input.reason,
                expected_version=input.expected_version,
                idempotency_key=input.idempotency_key,
                source_url=input.source_url,
                confidence=input.confidence,
            )
            return done, await ga_items.continued_by(session, item_id, input.to_session)

        return await mutate(
            info,
            defer,
            DeferAgendaItemPayload,
            agenda_item=lambda done: AgendaItem.from_row(done[0].subject),
            continued_by=lambda done: None if done[1] is None else AgendaItem.from_row(done[1]),
            event=lambda done: Event.from_row(done[0].event),
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Start a draft resolution under an agenda item."
    )
    async def create_draft_resolution(
        self, info: Info, input: Annotated[CreateDraftResolutionInput, INPUT]
    ) -> ResolutionPayload:
        return await mutate(
            info,
            lambda session, principal: ga_service.create_draft_resolution(
                session,
                principal=principal,
                agenda_item_id=ids.decode_as(input.agenda_item_id, "AgendaItem", "agendaItemId"),
                title=input.title,
                omnibus=input.omnibus,
                draft_symbol=input.draft_symbol,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            ResolutionPayload,
            resolution=Resolution.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Add a sponsor to a draft resolution."
    )
    async def add_sponsor(
        self, info: Info, input: Annotated[AddSponsorInput, INPUT]
    ) -> SponsorshipPayload:
        return await mutate(
            info,
            lambda session, principal: ga_service.add_sponsor(
                session,
                principal=principal,
                resolution_id=ids.decode_as(input.resolution_id, "Resolution", "resolutionId"),
                actor_id=ids.decode_as(input.actor_id, "Actor", "actorId"),
                kind=input.kind,
                joined_on=input.joined_on,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            SponsorshipPayload,
            sponsorship=Sponsorship.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record how a committee or the plenary took a draft.",
    )
    async def record_adoption(
        self, info: Info, input: Annotated[RecordAdoptionInput, INPUT]
    ) -> AdoptionPayload:
        async def adopt(session: AsyncSession, principal: Principal) -> Any:
            adoption = await ga_service.record_adoption(
                session,
                principal=principal,
                resolution_id=ids.decode_as(input.resolution_id, "Resolution", "resolutionId"),
                forum=input.forum,
                method=input.method,
                adopted_on=input.adopted_on,
                yes_count=input.yes_count,
                no_count=input.no_count,
                abstain_count=input.abstain_count,
                document_symbol=input.document_symbol,
                source_url=input.source_url,
                confidence=input.confidence,
            )
            return adoption, await ga_service.resolution_of(session, adoption)

        return await mutate(
            info,
            adopt,
            AdoptionPayload,
            adoption=lambda done: Adoption.from_row(done[0]),
            resolution=lambda done: Resolution.from_row(done[1]),
        )
