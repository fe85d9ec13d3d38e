"""Mutations of General Assembly items, drafts, sponsors, adoptions: inputs, payloads, mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.ga import service as ga_service
from gp_api.ga.models import AdoptionForum, AdoptionMethod, Allocation, SponsorKind
from gp_api.graphql import ids
from gp_api.graphql.common import CONFIDENCE, ERRORS, INPUT, SOURCE_URL, described, optional_id
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.ga.types import Adoption, AgendaItem, Resolution, Sponsorship
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.write import mutate
from gp_api.models_common import Confidence
from gp_api.principal import Principal


@strawberry.input(description="A proposed General Assembly agenda item; it starts as PROPOSED.")
class CreateAgendaItemInput:
    title: str = strawberry.field(description="Title of the item.")
    session: int = strawberry.field(description="General Assembly session, e.g. 61.")
    item_number: int | None = described("Number on the session's agenda, unique per session.")
    proposer_id: strawberry.ID | None = described("The proposing actor.")
    explanatory_memorandum: str | None = described("Why the item is proposed.")
    allocated_to: Allocation | None = described("Plenary or main committee.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.type(description="Result of createAgendaItem.")
class AgendaItemPayload:
    agenda_item: AgendaItem | None = described("The item as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


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
        return await mutate(
            info,
            lambda session, principal: ga_service.create_agenda_item(
                session,
                principal=principal,
                title=input.title,
                session_number=input.session,
                item_number=input.item_number,
                proposer_id=optional_id(input.proposer_id, "Actor", "proposerId"),
                explanatory_memorandum=input.explanatory_memorandum,
                allocated_to=input.allocated_to,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            AgendaItemPayload,
            agenda_item=AgendaItem.from_row,
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
