"""Mutations of General Assembly items, drafts, sponsors, adoptions: inputs, payloads, mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.documents.symbols import DocumentKind
from gp_api.ga import drafts, mandates
from gp_api.ga import items as ga_items
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItemOrigin,
    AgendaList,
    Allocation,
    Ballot,
    DraftKind,
    MandateKind,
    SponsorKind,
    Submitter,
    Topic,
    VotingMethod,
)
from gp_api.graphql import ids
from gp_api.graphql.common import (
    CONFIDENCE,
    ERRORS,
    INPUT,
    SOURCE_URL,
    described,
    given,
    optional_id,
)
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.events.types import Event
from gp_api.graphql.ga.types import (
    AgendaItem,
    Amendment,
    DraftAction,
    Mandate,
    Resolution,
    Sponsorship,
)
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
    return given(input, but=("id", "expected_version"), ids=_ITEM_IDS)


_ITEM_IDS = {
    "proposer_id": ("Actor", "proposerId"),
    "continues_id": ("AgendaItem", "continuesId"),
    "parent_id": ("AgendaItem", "parentId"),
}


@strawberry.input(
    description="A draft resolution or decision under an agenda item; it starts as DRAFTING"
    " (its symbol comes with submitDraft)."
)
class CreateDraftResolutionInput:
    agenda_item_id: strawberry.ID = strawberry.field(description="The agenda item.")
    title: str = strawberry.field(description="Title.")
    forum: Allocation = strawberry.field(
        description="Where it will be submitted: the plenary or a Main Committee."
    )
    kind: DraftKind = described("A draft resolution or a draft decision.", DraftKind.RESOLUTION)
    omnibus: bool = described("An omnibus resolution.", False)
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.type(description="Result of a change to a draft.")
class ResolutionPayload:
    resolution: Resolution | None = described("The draft as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="What every workflow move of a draft takes besides its data.")
class MoveInput:
    reason: str | None = described("Why; required by some moves (defer).")
    expected_version: int | None = described(
        "The draft's `version` as the client saw it; a stale one is refused."
    )
    idempotency_key: str | None = described(
        "Sent again with the same input, returns the first result and writes nothing new."
    )

    def options(self) -> drafts.MoveOptions:
        return drafts.MoveOptions(self.reason, self.expected_version, self.idempotency_key)


@strawberry.input(description="The `submit` move: the draft's symbol and who submits it.")
class SubmitDraftInput(MoveInput):
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    symbol: str = strawberry.field(
        description="The symbol the Secretariat gave it: A/C.3/64/L.17 in the Third Committee,"
        " A/64/L.64 in the plenary."
    )
    submitter: Submitter = strawberry.field(description="Who submits it.")
    submitted_on: dt.date = strawberry.field(description="When.")
    facilitator_ids: list[strawberry.ID] = described(
        "The facilitators (Member States) of a draft of FACILITATORS.", ()
    )


@strawberry.input(description="The `revise` move: a revised text (Rev.n) or an oral revision.")
class ReviseDraftInput(MoveInput):
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    revised_on: dt.date = strawberry.field(description="When.")
    oral: bool = described("An oral revision (then no symbol, and a description).", False)
    symbol: str | None = described("The revised text's symbol, e.g. A/C.3/74/L.10/Rev.1.")
    description: str | None = described("What was revised.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="One Member State's vote.")
class VoteInput:
    actor_id: strawberry.ID = strawberry.field(description="The Member State.")
    ballot: Ballot = strawberry.field(description="Yes, no, abstain, or absent.")


@strawberry.input(description="How a forum decided: the method and, for a vote, the votes.")
class DecisionInput:
    method: VotingMethod = strawberry.field(description="Without a vote, or how it voted.")
    taken_on: dt.date = strawberry.field(description="When.")
    votes: list[VoteInput] = described(
        "Each Member State's vote (recorded and roll-call votes); the counts follow from them.",
        (),
    )
    yes_count: int | None = described("Votes in favour, when the record has the counts alone.")
    no_count: int | None = described("Votes against, when the record has the counts alone.")
    abstain_count: int | None = described("Abstentions, when the record has the counts alone.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)

    def cast(self) -> list[drafts.VoteCast]:
        return [
            drafts.VoteCast(ids.decode_as(v.actor_id, "Actor", "votes"), v.ballot)
            for v in self.votes
        ]

    def counts(self) -> tuple[int | None, int | None, int | None]:
        return (self.yes_count, self.no_count, self.abstain_count)

    def provenance(self) -> drafts.Provenance:
        return drafts.Provenance(self.source_url, self.confidence)


@strawberry.input(
    description="The forum's action on a draft: the committee's while it is INTRODUCED before a"
    " Main Committee, the plenary's once REPORTED (or for a plenary draft)."
)
class TakeActionInput(MoveInput, DecisionInput):
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    outcome: ActionOutcome = strawberry.field(description="What the forum decided.")
    important_question: bool = described(
        "The plenary decides it as an important question (two thirds; Charter art. 18).", False
    )
    final_symbol: str | None = described(
        "For an adoption in plenary: A/RES/<session>/<n> (A/DEC/... for a decision)."
    )
    meeting_record_symbol: str | None = described("The meeting record, e.g. A/64/PV.109.")


@strawberry.type(description="Result of takeAction.")
class ActionPayload:
    resolution: Resolution | None = described("The draft after the action; null when refused.")
    action: DraftAction | None = described("The action as recorded; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="The `report` move: the committee's report to the plenary.")
class ReportDraftInput(MoveInput):
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    report_symbol: str = strawberry.field(description="The report's symbol, e.g. A/74/400.")


@strawberry.input(
    description="Rule 153: whether a draft involves expenditure, and the statements on it."
)
class RecordBudgetImplicationsInput:
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    involves_expenditure: bool = strawberry.field(
        description="The Secretary-General anticipates expenditure from the draft."
    )
    statement_symbol: str | None = described(
        "The Secretary-General's statement of programme budget implications (needed before a"
        " committee adopts a draft involving expenditure): a document of the Main Committee,"
        " or of the Fifth Committee for a plenary draft."
    )
    fifth_committee_symbol: str | None = described(
        "The Fifth Committee's report stating the effect on the budget estimates (needed"
        " before the plenary votes on a draft involving expenditure), A/<session>/<n>."
    )
    expected_version: int | None = described(
        "The draft's `version` as the client saw it; a stale one is refused."
    )


@strawberry.input(description="A Member State joining the sponsors of a draft.")
class AddSponsorInput:
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    actor_id: strawberry.ID = strawberry.field(description="The sponsor (a Member State).")
    kind: SponsorKind = described("Main sponsor or co-sponsor.", SponsorKind.CO_SPONSOR)
    joined_on: dt.date | None = described("When the sponsor joined.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="A sponsor withdrawing from a draft.")
class WithdrawSponsorInput:
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    actor_id: strawberry.ID = strawberry.field(description="The sponsor.")
    withdrawn_on: dt.date = strawberry.field(description="When it withdrew.")


@strawberry.type(description="Result of addSponsor / withdrawSponsor.")
class SponsorshipPayload:
    sponsorship: Sponsorship | None = described("The sponsorship as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="An amendment proposed to a draft before its forum acts on it.")
class ProposeAmendmentInput:
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    text: str = strawberry.field(description="What it proposes.")
    proposed_on: dt.date = strawberry.field(description="When.")
    proposer_ids: list[strawberry.ID] = strawberry.field(
        description="The Member States that propose it."
    )
    symbol: str | None = described("Its symbol, e.g. A/C.3/64/L.60 (none when oral).")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="The forum's decision on an amendment.")
class ActOnAmendmentInput(DecisionInput):
    amendment_id: strawberry.ID = strawberry.field(description="The amendment.")
    no_action: bool = described("A no-action motion on the amendment carried.", False)


@strawberry.input(
    description="A separate vote on a part of a draft (division, rules 89 and 129), before the"
    " forum's action on the draft."
)
class VoteOnPartInput(DecisionInput):
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    part: str = strawberry.field(description="The part voted on, e.g. 'operative paragraph 5'.")
    important_question: bool = described(
        "The plenary decides it as an important question (two thirds; Charter art. 18).", False
    )
    meeting_record_symbol: str | None = described("The meeting record, e.g. A/64/PV.109.")


@strawberry.input(description="An amendment withdrawn by its proposers.")
class WithdrawAmendmentInput:
    amendment_id: strawberry.ID = strawberry.field(description="The amendment.")


@strawberry.type(description="Result of a change to an amendment.")
class AmendmentPayload:
    amendment: Amendment | None = described("The amendment as saved; null when refused.")
    action: DraftAction | None = described("The action on it, for actOnAmendment.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


DUE = (
    "Give dueSession (due when that session opens, overdue after its main part closes) or"
    " dueOn (due that day, overdue after it), not both; neither when the record does not say."
)


@strawberry.input(description="What an adopted resolution asks for; it starts PENDING.")
class RecordMandateInput:
    resolution_id: strawberry.ID = strawberry.field(
        description="The adopted resolution (or decision) that asks: it has its final symbol."
    )
    addressee: str = strawberry.field(
        description="Whom it asks, as the resolution names them, e.g. Secretary-General."
    )
    request: str = strawberry.field(description="What is asked.")
    kind: MandateKind = described("What it asks for.", MandateKind.REPORT)
    paragraph: int | None = described("The operative paragraph that asks.")
    addressee_actor_id: strawberry.ID | None = described(
        "The actor asked, when it is one in the record."
    )
    due_session: int | None = described("The session it is due at. " + DUE)
    due_on: dt.date | None = described("The day it is due. " + DUE)
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(
    description="Corrections to a mandate's data; fields left out stay as they are. Its status"
    " moves by the sweep and by fulfilMandate (a corrected due may move an open one back)."
)
class UpdateMandateInput:
    id: strawberry.ID = strawberry.field(description="The mandate to correct.")
    addressee: str | None = described("Whom it asks.", strawberry.UNSET)
    request: str | None = described("What is asked.", strawberry.UNSET)
    kind: MandateKind | None = described("What it asks for.", strawberry.UNSET)
    paragraph: int | None = described("The operative paragraph that asks.", strawberry.UNSET)
    addressee_actor_id: strawberry.ID | None = described("The actor asked.", strawberry.UNSET)
    due_session: int | None = described("The session it is due at. " + DUE, strawberry.UNSET)
    due_on: dt.date | None = described("The day it is due. " + DUE, strawberry.UNSET)
    source_url: str | None = described(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = described(CONFIDENCE, strawberry.UNSET)


@strawberry.input(description="The document that fulfilled a mandate.")
class FulfilMandateInput:
    mandate_id: strawberry.ID = strawberry.field(description="The mandate.")
    symbol: str = strawberry.field(
        description="The document's symbol, e.g. A/76/120 (recorded when it is not yet)."
    )
    document_kind: DocumentKind | None = described(
        "The document's kind, when its symbol allows several (A/76/120: SG_REPORT)."
    )
    fulfilled_on: dt.date | None = described(
        "When it was fulfilled; by default the document's publication day."
    )
    source_url: str | None = described(
        "Public source of the document, when it is recorded here (the mandate keeps its own)."
    )
    confidence: Confidence | None = described(
        "How well the source confirms the document, when it is recorded here."
    )


@strawberry.type(description="Result of recordMandate, updateMandate and fulfilMandate.")
class MandatePayload:
    mandate: Mandate | None = described("The mandate as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _mandate_values(input: RecordMandateInput | UpdateMandateInput) -> dict[str, Any]:
    return given(input, ids={"addressee_actor_id": ("Actor", "addresseeActorId")})


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
        permission_classes=[Allowed], description="Start a draft under an agenda item."
    )
    async def create_draft_resolution(
        self, info: Info, input: Annotated[CreateDraftResolutionInput, INPUT]
    ) -> ResolutionPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.create_draft(
                session,
                principal=principal,
                agenda_item_id=ids.decode_as(input.agenda_item_id, "AgendaItem", "agendaItemId"),
                title=input.title,
                forum=input.forum,
                kind=input.kind,
                omnibus=input.omnibus,
                provenance=drafts.Provenance(input.source_url, input.confidence),
            ),
            ResolutionPayload,
            resolution=Resolution.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Submit a draft to its forum (the `submit` move): its symbol and submitter.",
    )
    async def submit_draft(
        self, info: Info, input: Annotated[SubmitDraftInput, INPUT]
    ) -> ResolutionPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.submit_draft(
                session,
                principal=principal,
                resolution_id=_draft(input.resolution_id),
                symbol=input.symbol,
                submitter=input.submitter,
                submitted_on=input.submitted_on,
                facilitator_ids=[
                    ids.decode_as(f, "Actor", "facilitatorIds") for f in input.facilitator_ids
                ],
                options=input.options(),
            ),
            ResolutionPayload,
            resolution=Resolution.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record a revision of a draft (the `revise` move): Rev.n or oral.",
    )
    async def revise_draft(
        self, info: Info, input: Annotated[ReviseDraftInput, INPUT]
    ) -> ResolutionPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.revise_draft(
                session,
                principal=principal,
                resolution_id=_draft(input.resolution_id),
                revised_on=input.revised_on,
                oral=input.oral,
                symbol=input.symbol,
                description=input.description,
                options=input.options(),
                provenance=drafts.Provenance(input.source_url, input.confidence),
            ),
            ResolutionPayload,
            resolution=Resolution.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record the forum's action on a draft (adopt, reject, no action, defer), as"
        " the workflow move whose guards check it.",
    )
    async def take_action(
        self, info: Info, input: Annotated[TakeActionInput, INPUT]
    ) -> ActionPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.take_action(
                session,
                principal=principal,
                resolution_id=_draft(input.resolution_id),
                outcome=input.outcome,
                method=input.method,
                taken_on=input.taken_on,
                votes=input.cast(),
                counts=input.counts(),
                important_question=input.important_question,
                final_symbol=input.final_symbol,
                meeting_record_symbol=input.meeting_record_symbol,
                options=input.options(),
                provenance=input.provenance(),
            ),
            ActionPayload,
            resolution=lambda done: Resolution.from_row(done[0]),
            action=lambda done: DraftAction.from_row(done[1]),
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record the committee's report carrying the draft to the plenary.",
    )
    async def report_draft(
        self, info: Info, input: Annotated[ReportDraftInput, INPUT]
    ) -> ResolutionPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.report_draft(
                session,
                principal=principal,
                resolution_id=_draft(input.resolution_id),
                report_symbol=input.report_symbol,
                options=input.options(),
            ),
            ResolutionPayload,
            resolution=Resolution.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record (or correct) a draft's programme budget implications (rule 153).",
    )
    async def record_budget_implications(
        self, info: Info, input: Annotated[RecordBudgetImplicationsInput, INPUT]
    ) -> ResolutionPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.record_budget_implications(
                session,
                principal=principal,
                resolution_id=_draft(input.resolution_id),
                involves_expenditure=input.involves_expenditure,
                statement_symbol=input.statement_symbol,
                fifth_committee_symbol=input.fifth_committee_symbol,
                expected_version=input.expected_version,
            ),
            ResolutionPayload,
            resolution=Resolution.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="A Member State joins the sponsors of a draft (until its forum acts).",
    )
    async def add_sponsor(
        self, info: Info, input: Annotated[AddSponsorInput, INPUT]
    ) -> SponsorshipPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.add_sponsor(
                session,
                principal=principal,
                resolution_id=_draft(input.resolution_id),
                actor_id=ids.decode_as(input.actor_id, "Actor", "actorId"),
                kind=input.kind,
                joined_on=input.joined_on,
                provenance=drafts.Provenance(input.source_url, input.confidence),
            ),
            SponsorshipPayload,
            sponsorship=Sponsorship.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="A sponsor withdraws from a draft (until its forum acts; kept with the day).",
    )
    async def withdraw_sponsor(
        self, info: Info, input: Annotated[WithdrawSponsorInput, INPUT]
    ) -> SponsorshipPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.withdraw_sponsor(
                session,
                principal=principal,
                resolution_id=_draft(input.resolution_id),
                actor_id=ids.decode_as(input.actor_id, "Actor", "actorId"),
                withdrawn_on=input.withdrawn_on,
            ),
            SponsorshipPayload,
            sponsorship=Sponsorship.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Propose an amendment to a draft."
    )
    async def propose_amendment(
        self, info: Info, input: Annotated[ProposeAmendmentInput, INPUT]
    ) -> AmendmentPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.propose_amendment(
                session,
                principal=principal,
                resolution_id=_draft(input.resolution_id),
                text=input.text,
                proposed_on=input.proposed_on,
                proposer_ids=[ids.decode_as(p, "Actor", "proposerIds") for p in input.proposer_ids],
                symbol=input.symbol,
                provenance=drafts.Provenance(input.source_url, input.confidence),
            ),
            AmendmentPayload,
            amendment=Amendment.from_row,
            action=lambda _: None,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record the forum's decision on an amendment (before the draft's, rule 90).",
    )
    async def act_on_amendment(
        self, info: Info, input: Annotated[ActOnAmendmentInput, INPUT]
    ) -> AmendmentPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.act_on_amendment(
                session,
                principal=principal,
                amendment_id=ids.decode_as(input.amendment_id, "Amendment", "amendmentId"),
                method=input.method,
                taken_on=input.taken_on,
                votes=input.cast(),
                counts=input.counts(),
                no_action=input.no_action,
                provenance=input.provenance(),
            ),
            AmendmentPayload,
            amendment=lambda done: Amendment.from_row(done[0]),
            action=lambda done: DraftAction.from_row(done[1]),
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record a separate vote on a part of a draft (rules 89 and 129): the part"
        " stays when the vote carries, else it is deleted; the draft does not move.",
    )
    async def vote_on_part(
        self, info: Info, input: Annotated[VoteOnPartInput, INPUT]
    ) -> ActionPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.vote_on_part(
                session,
                principal=principal,
                resolution_id=_draft(input.resolution_id),
                part=input.part,
                method=input.method,
                taken_on=input.taken_on,
                votes=input.cast(),
                counts=input.counts(),
                important_question=input.important_question,
                meeting_record_symbol=input.meeting_record_symbol,
                provenance=input.provenance(),
            ),
            ActionPayload,
            resolution=lambda done: Resolution.from_row(done[0]),
            action=lambda done: DraftAction.from_row(done[1]),
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="An amendment is withdrawn before action."
    )
    async def withdraw_amendment(
        self, info: Info, input: Annotated[WithdrawAmendmentInput, INPUT]
    ) -> AmendmentPayload:
        return await mutate(
            info,
            lambda session, principal: drafts.withdraw_amendment(
                session,
                principal=principal,
                amendment_id=ids.decode_as(input.amendment_id, "Amendment", "amendmentId"),
            ),
            AmendmentPayload,
            amendment=Amendment.from_row,
            action=lambda _: None,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record what an adopted resolution asks for (a `mandate.recorded` event).",
    )
    async def record_mandate(
        self, info: Info, input: Annotated[RecordMandateInput, INPUT]
    ) -> MandatePayload:
        async def record(session: AsyncSession, principal: Principal) -> Any:
            values = _mandate_values(input)
            values["resolution_id"] = _draft(input.resolution_id)
            return await mandates.record_mandate(session, principal=principal, **values)

        return await mutate(info, record, MandatePayload, mandate=Mandate.from_row)

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Correct a mandate's data (a `mandate.updated` event naming the fields);"
        " refused when nothing would change.",
    )
    async def update_mandate(
        self, info: Info, input: Annotated[UpdateMandateInput, INPUT]
    ) -> MandatePayload:
        return await mutate(
            info,
            lambda session, principal: mandates.update_mandate(
                session,
                principal=principal,
                mandate_id=ids.decode_as(input.id, "Mandate", "id"),
                changes=_mandate_values(input),
            ),
            MandatePayload,
            mandate=Mandate.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="A document fulfilled a mandate (a `mandate.fulfilled` event); the document"
        " is recorded by its symbol when it is not yet.",
    )
    async def fulfil_mandate(
        self, info: Info, input: Annotated[FulfilMandateInput, INPUT]
    ) -> MandatePayload:
        return await mutate(
            info,
            lambda session, principal: mandates.fulfil_mandate(
                session,
                principal=principal,
                mandate_id=ids.decode_as(input.mandate_id, "Mandate", "mandateId"),
                symbol=input.symbol,
                document_kind=input.document_kind,
                fulfilled_on=input.fulfilled_on,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            MandatePayload,
            mandate=Mandate.from_row,
        )


def _draft(value: strawberry.ID) -> int:
    return ids.decode_as(value, "Resolution", "resolutionId")
