"""The Mutation root. Each mutation takes one `input` and returns its subject and userErrors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.actors import service as actors_service
from gp_api.actors.models import ActorKind, FlowRole
from gp_api.bodies import service as bodies_service
from gp_api.bodies.models import Hub, MembershipRole
from gp_api.commitments import service as commitments_service
from gp_api.commitments.models import DeliverableStatus, Determinant
from gp_api.ga import service as ga_service
from gp_api.ga.models import AdoptionForum, AdoptionMethod, Allocation, SponsorKind
from gp_api.graphql import ids
from gp_api.graphql.actors.types import Actor
from gp_api.graphql.auth.types import AuthMutations
from gp_api.graphql.bodies.types import CoordinationBody, Meeting, Membership
from gp_api.graphql.commitments.types import Commitment, Deliverable, ProgressReport
from gp_api.graphql.common import CONFIDENCE, SOURCE_URL
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.ga.types import Adoption, AgendaItem, Resolution, Sponsorship
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.webhooks.types import WebhookMutations
from gp_api.graphql.workflow.mutations import WorkflowMutations
from gp_api.graphql.write import mutate
from gp_api.models_common import Confidence
from gp_api.principal import Principal

INPUT = strawberry.argument(description="The change to make; see the input type.")
ERRORS = "Why the input was refused; empty on success (then something was written)."


def _f(description: str, default: Any = None) -> Any:
    return strawberry.field(description=description, default=default)


# ---- actors -------------------------------------------------------------------------------


@strawberry.input(description="A new actor.")
class CreateActorInput:
    name: str = strawberry.field(description="Full name, unique.")
    kind: ActorKind = strawberry.field(description="Kind of participant.")
    short_name: str | None = _f("Abbreviation.")
    iso_alpha2: str | None = _f("ISO 3166-1 alpha-2 (states; any one code is enough).")
    iso_alpha3: str | None = _f("ISO 3166-1 alpha-3 (states).")
    m49: int | None = _f("UN M49 / ISO 3166-1 numeric (states).")
    flow_roles: list[FlowRole] | None = _f("Origin, transit, destination (states).")
    flow_roles_illustrative: bool = _f("The flow roles are illustrative only.", False)
    website: str | None = _f("Official website, http(s).")
    source_url: str | None = _f(SOURCE_URL)
    confidence: Confidence | None = _f(CONFIDENCE)


@strawberry.input(description="Changes to an actor; fields left out stay as they are.")
class UpdateActorInput:
    id: strawberry.ID = strawberry.field(description="The actor to change.")
    name: str | None = _f("Full name, unique.", strawberry.UNSET)
    kind: ActorKind | None = _f("Kind of participant.", strawberry.UNSET)
    short_name: str | None = _f("Abbreviation.", strawberry.UNSET)
    iso_alpha2: str | None = _f("ISO 3166-1 alpha-2 (replaces the codes).", strawberry.UNSET)
    iso_alpha3: str | None = _f("ISO 3166-1 alpha-3 (replaces the codes).", strawberry.UNSET)
    m49: int | None = _f("UN M49 code (replaces the codes).", strawberry.UNSET)
    flow_roles: list[FlowRole] | None = _f("Origin, transit, destination.", strawberry.UNSET)
    flow_roles_illustrative: bool | None = _f("Flow roles are illustrative.", strawberry.UNSET)
    website: str | None = _f("Official website, http(s).", strawberry.UNSET)
    source_url: str | None = _f(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = _f(CONFIDENCE, strawberry.UNSET)


@strawberry.type(description="Result of createActor / updateActor.")
class ActorPayload:
    actor: Actor | None = _f("The actor as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


# ---- bodies -------------------------------------------------------------------------------


@strawberry.input(description="A new coordination body; it starts as PROPOSED.")
class CreateCoordinationBodyInput:
    name: str = strawberry.field(description="Name, unique.")
    hubs: list[Hub] | None = _f("Where it consults.")
    mandate: str | None = _f("What it is for.")
    founded_on: dt.date | None = _f("When it was founded.")
    source_url: str | None = _f(SOURCE_URL)
    confidence: Confidence | None = _f(CONFIDENCE)


@strawberry.type(description="Result of createCoordinationBody.")
class CoordinationBodyPayload:
    coordination_body: CoordinationBody | None = _f("The body as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="An actor joining a coordination body.")
class AddMembershipInput:
    body_id: strawberry.ID = strawberry.field(description="The body.")
    actor_id: strawberry.ID = strawberry.field(description="The actor joining.")
    role: MembershipRole = _f("Role in the body.", MembershipRole.MEMBER)
    since: dt.date | None = _f("First day of membership.")
    source_url: str | None = _f(SOURCE_URL)
    confidence: Confidence | None = _f(CONFIDENCE)


@strawberry.input(description="Ending a membership (it is kept, with its end date).")
class RemoveMembershipInput:
    membership_id: strawberry.ID = strawberry.field(description="The membership to end.")
    until: dt.date | None = _f("Last day of membership; today when left out.")


@strawberry.type(description="Result of addMembership / removeMembership.")
class MembershipPayload:
    membership: Membership | None = _f("The membership as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A meeting to schedule.")
class ScheduleMeetingInput:
    title: str = strawberry.field(description="Title.")
    hub: Hub = strawberry.field(description="New York, Geneva, Vienna or other.")
    starts_at: dt.datetime = strawberry.field(description="Start, with a timezone offset.")
    body_id: strawberry.ID | None = _f("The body meeting; null for a wider conference.")
    ends_at: dt.datetime | None = _f("End, with a timezone offset.")
    location: str | None = _f("Venue or city.")
    source_url: str | None = _f(SOURCE_URL)
    confidence: Confidence | None = _f(CONFIDENCE)


@strawberry.input(description="Recording that a scheduled meeting took place.")
class RecordMeetingHeldInput:
    meeting_id: strawberry.ID = strawberry.field(description="The meeting.")
    participant_ids: list[strawberry.ID] | None = _f("Actors that took part.")
    outcome: str | None = _f("What the meeting concluded.")


@strawberry.type(description="Result of scheduleMeeting / recordMeetingHeld.")
class MeetingPayload:
    meeting: Meeting | None = _f("The meeting as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


# ---- commitments --------------------------------------------------------------------------


@strawberry.input(description="An actor's new commitment; it starts as PLEDGED.")
class CreateCommitmentInput:
    actor_id: strawberry.ID = strawberry.field(description="The actor committing.")
    determinant: Determinant = strawberry.field(description="The determinant it serves.")
    title: str = strawberry.field(description="Short title.")
    description: str | None = _f("What is promised.")
    starts_on: dt.date | None = _f("When work starts.")
    due_on: dt.date | None = _f("When it is due.")
    source_url: str | None = _f(SOURCE_URL)
    confidence: Confidence | None = _f(CONFIDENCE)


@strawberry.input(description="Changes to an open commitment; fields left out stay as they are.")
class UpdateCommitmentInput:
    id: strawberry.ID = strawberry.field(description="The commitment to change.")
    title: str | None = _f("Short title.", strawberry.UNSET)
    description: str | None = _f("What is promised.", strawberry.UNSET)
    determinant: Determinant | None = _f("The determinant it serves.", strawberry.UNSET)
    starts_on: dt.date | None = _f("When work starts.", strawberry.UNSET)
    due_on: dt.date | None = _f("When it is due.", strawberry.UNSET)
    source_url: str | None = _f(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = _f(CONFIDENCE, strawberry.UNSET)


@strawberry.type(description="Result of createCommitment / updateCommitment.")
class CommitmentPayload:
    commitment: Commitment | None = _f("The commitment as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A deliverable for an open commitment.")
class AddDeliverableInput:
    commitment_id: strawberry.ID = strawberry.field(description="The commitment.")
    title: str = strawberry.field(description="What is to be delivered.")
    due_on: dt.date | None = _f("When it is due.")


@strawberry.input(description="A deliverable's new status.")
class SetDeliverableStatusInput:
    deliverable_id: strawberry.ID = strawberry.field(description="The deliverable.")
    status: DeliverableStatus = strawberry.field(description="Pending, delivered or dropped.")


@strawberry.type(description="Result of addDeliverable / setDeliverableStatus.")
class DeliverablePayload:
    deliverable: Deliverable | None = _f("The deliverable as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A progress report on an open commitment.")
class SubmitProgressReportInput:
    commitment_id: strawberry.ID = strawberry.field(description="The commitment.")
    summary: str = strawberry.field(description="What was done.")
    percent_complete: int = strawberry.field(description="Progress, 0 to 100.")
    submitted_at: dt.datetime | None = _f("When it was submitted; now when left out.")


@strawberry.type(description="Result of submitProgressReport.")
class ProgressReportPayload:
    progress_report: ProgressReport | None = _f("The report as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


# ---- General Assembly ---------------------------------------------------------------------


@strawberry.input(description="A proposed General Assembly agenda item; it starts as PROPOSED.")
class CreateAgendaItemInput:
    title: str = strawberry.field(description="Title of the item.")
    session: int = strawberry.field(description="General Assembly session, e.g. 61.")
    item_number: int | None = _f("Number on the session's agenda, unique per session.")
    proposer_id: strawberry.ID | None = _f("The proposing actor.")
    explanatory_memorandum: str | None = _f("Why the item is proposed.")
    allocated_to: Allocation | None = _f("Plenary or main committee.")
    source_url: str | None = _f(SOURCE_URL)
    confidence: Confidence | None = _f(CONFIDENCE)


@strawberry.type(description="Result of createAgendaItem.")
class AgendaItemPayload:
    agenda_item: AgendaItem | None = _f("The item as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A draft resolution under an agenda item; it starts as DRAFTING.")
class CreateDraftResolutionInput:
    agenda_item_id: strawberry.ID = strawberry.field(description="The agenda item.")
    title: str = strawberry.field(description="Title.")
    omnibus: bool = _f("An omnibus resolution.", False)
    draft_symbol: str | None = _f("Symbol of the draft, e.g. A/C.3/61/L.17.")
    source_url: str | None = _f(SOURCE_URL)
    confidence: Confidence | None = _f(CONFIDENCE)


@strawberry.type(description="Result of createDraftResolution.")
class ResolutionPayload:
    resolution: Resolution | None = _f("The resolution as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="An actor sponsoring a draft.")
class AddSponsorInput:
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    actor_id: strawberry.ID = strawberry.field(description="The sponsor.")
    kind: SponsorKind = _f("Main sponsor or co-sponsor.", SponsorKind.CO_SPONSOR)
    joined_on: dt.date | None = _f("When the sponsor joined.")
    source_url: str | None = _f(SOURCE_URL)
    confidence: Confidence | None = _f(CONFIDENCE)


@strawberry.type(description="Result of addSponsor.")
class SponsorshipPayload:
    sponsorship: Sponsorship | None = _f("The sponsorship as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="How a forum took a draft.")
class RecordAdoptionInput:
    resolution_id: strawberry.ID = strawberry.field(description="The draft.")
    forum: AdoptionForum = strawberry.field(description="Main committee or plenary.")
    method: AdoptionMethod = strawberry.field(description="Without a vote, or recorded.")
    adopted_on: dt.date = strawberry.field(description="Date of the decision.")
    yes_count: int | None = _f("Votes in favour (recorded vote only).")
    no_count: int | None = _f("Votes against (recorded vote only).")
    abstain_count: int | None = _f("Abstentions (recorded vote only).")
    document_symbol: str | None = _f("In plenary, the resolution's symbol (A/RES/...).")
    source_url: str | None = _f(SOURCE_URL)
    confidence: Confidence | None = _f(CONFIDENCE)


@strawberry.type(description="Result of recordAdoption.")
class AdoptionPayload:
    adoption: Adoption | None = _f("The adoption as saved; null when refused.")
    resolution: Resolution | None = _f("The resolution, with its symbol once adopted.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _opt_id(value: strawberry.ID | None, type_name: str, field: str) -> int | None:
    return None if value is None else ids.decode_as(value, type_name, field)


def _set(value: Any) -> bool:
    return value is not strawberry.UNSET


@strawberry.type(description="Change the partnership's record.")
class Mutation(WorkflowMutations, AuthMutations, WebhookMutations):
    @strawberry.mutation(permission_classes=[Allowed], description="Create an actor.")
    async def create_actor(
        self, info: Info, input: Annotated[CreateActorInput, INPUT]
    ) -> ActorPayload:
        return await mutate(
            info,
            lambda session, principal: actors_service.create_actor(
                session, principal=principal, values={k: getattr(input, k) for k in vars(input)}
            ),
            ActorPayload,
            actor=Actor.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Change an actor; fields left out stay as they are.",
    )
    async def update_actor(
        self, info: Info, input: Annotated[UpdateActorInput, INPUT]
    ) -> ActorPayload:
        return await mutate(
            info,
            lambda session, principal: actors_service.update_actor(
                session,
                principal=principal,
                actor_id=ids.decode_as(input.id, "Actor", "id"),
                changes={k: v for k, v in vars(input).items() if k != "id" and _set(v)},
            ),
            ActorPayload,
            actor=Actor.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="Propose a coordination body.")
    async def create_coordination_body(
        self, info: Info, input: Annotated[CreateCoordinationBodyInput, INPUT]
    ) -> CoordinationBodyPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.create_body(
                session,
                principal=principal,
                name=input.name,
                hubs=input.hubs,
                mandate=input.mandate,
                founded_on=input.founded_on,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            CoordinationBodyPayload,
            coordination_body=CoordinationBody.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Add an actor to a coordination body."
    )
    async def add_membership(
        self, info: Info, input: Annotated[AddMembershipInput, INPUT]
    ) -> MembershipPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.add_membership(
                session,
                principal=principal,
                body_id=ids.decode_as(input.body_id, "CoordinationBody", "bodyId"),
                actor_id=ids.decode_as(input.actor_id, "Actor", "actorId"),
                role=input.role,
                since=input.since,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            MembershipPayload,
            membership=Membership.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="End a membership.")
    async def remove_membership(
        self, info: Info, input: Annotated[RemoveMembershipInput, INPUT]
    ) -> MembershipPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.remove_membership(
                session,
                principal=principal,
                membership_id=ids.decode_as(input.membership_id, "Membership", "membershipId"),
                until=input.until,
            ),
            MembershipPayload,
            membership=Membership.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="Schedule a meeting.")
    async def schedule_meeting(
        self, info: Info, input: Annotated[ScheduleMeetingInput, INPUT]
    ) -> MeetingPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.schedule_meeting(
                session,
                principal=principal,
                body_id=_opt_id(input.body_id, "CoordinationBody", "bodyId"),
                title=input.title,
                hub=input.hub,
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                location=input.location,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            MeetingPayload,
            meeting=Meeting.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record that a scheduled meeting was held, and who came.",
    )
    async def record_meeting_held(
        self, info: Info, input: Annotated[RecordMeetingHeldInput, INPUT]
    ) -> MeetingPayload:
        return await mutate(
            info,
            lambda session, principal: bodies_service.record_meeting_held(
                session,
                principal=principal,
                meeting_id=ids.decode_as(input.meeting_id, "Meeting", "meetingId"),
                participant_ids=[
                    ids.decode_as(p, "Actor", "participantIds") for p in input.participant_ids or []
                ],
                outcome=input.outcome,
            ),
            MeetingPayload,
            meeting=Meeting.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="Record an actor's commitment.")
    async def create_commitment(
        self, info: Info, input: Annotated[CreateCommitmentInput, INPUT]
    ) -> CommitmentPayload:
        return await mutate(
            info,
            lambda session, principal: commitments_service.create_commitment(
                session,
                principal=principal,
                actor_id=ids.decode_as(input.actor_id, "Actor", "actorId"),
                determinant=input.determinant,
                title=input.title,
                description=input.description,
                starts_on=input.starts_on,
                due_on=input.due_on,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            CommitmentPayload,
            commitment=Commitment.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Change an open commitment; fields left out stay as they are.",
    )
    async def update_commitment(
        self, info: Info, input: Annotated[UpdateCommitmentInput, INPUT]
    ) -> CommitmentPayload:
        return await mutate(
            info,
            lambda session, principal: commitments_service.update_commitment(
                session,
                principal=principal,
                commitment_id=ids.decode_as(input.id, "Commitment", "id"),
                changes={k: v for k, v in vars(input).items() if k != "id" and _set(v)},
            ),
            CommitmentPayload,
            commitment=Commitment.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Add a deliverable to an open commitment."
    )
    async def add_deliverable(
        self, info: Info, input: Annotated[AddDeliverableInput, INPUT]
    ) -> DeliverablePayload:
        return await mutate(
            info,
            lambda session, principal: commitments_service.add_deliverable(
                session,
                principal=principal,
                commitment_id=ids.decode_as(input.commitment_id, "Commitment", "commitmentId"),
                title=input.title,
                due_on=input.due_on,
            ),
            DeliverablePayload,
            deliverable=Deliverable.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Mark a deliverable delivered, dropped or pending.",
    )
    async def set_deliverable_status(
        self, info: Info, input: Annotated[SetDeliverableStatusInput, INPUT]
    ) -> DeliverablePayload:
        return await mutate(
            info,
            lambda session, principal: commitments_service.set_deliverable_status(
                session,
                principal=principal,
                deliverable_id=ids.decode_as(input.deliverable_id, "Deliverable", "deliverableId"),
                status=input.status,
            ),
            DeliverablePayload,
            deliverable=Deliverable.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Submit a progress report on an open commitment."
    )
    async def submit_progress_report(
        self, info: Info, input: Annotated[SubmitProgressReportInput, INPUT]
    ) -> ProgressReportPayload:
        return await mutate(
            info,
            lambda session, principal: commitments_service.submit_progress_report(
                session,
                principal=principal,
                commitment_id=ids.decode_as(input.commitment_id, "Commitment", "commitmentId"),
                summary=input.summary,
                percent_complete=input.percent_complete,
                submitted_at=input.submitted_at,
            ),
            ProgressReportPayload,
            progress_report=ProgressReport.from_row,
        )

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
                proposer_id=_opt_id(input.proposer_id, "Actor", "proposerId"),
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
