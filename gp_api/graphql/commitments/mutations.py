"""Mutations of commitments, deliverables and progress reports: inputs, payloads, the mixin."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Annotated

import strawberry

from gp_api.commitments import service as commitments_service
from gp_api.commitments.models import DeliverableStatus, Determinant, Pillar, Scope
from gp_api.graphql import ids
from gp_api.graphql.commitments.types import Commitment, Deliverable, ProgressReport
from gp_api.graphql.common import CONFIDENCE, ERRORS, INPUT, SOURCE_URL, described, given
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.write import mutate
from gp_api.models_common import Confidence

DETERMINANTS = "The determinants it serves: one or more of the six."
PILLARS = "The Global Plan of Action's pillars it serves."
SDG_TARGETS = "SDG targets it advances, e.g. 5.2, 8.7, 16.2 (targets of goals 5, 8, 10, 16 and 17)."
SCOPE = "NATIONAL (name its countries), REGIONAL or GLOBAL (no countries)."
COUNTRIES = "ISO 3166-1 alpha-2 codes of the countries it covers."
COUNTRY_ACTORS = "States (actors) it covers; their ISO codes join `countries`."
PLEDGE_AMOUNT = "Amount pledged: positive, at most 4 decimals (with pledgeCurrency)."
PLEDGE_CURRENCY = "ISO 4217 code of the pledge's currency, e.g. USD, EUR (with pledgeAmount)."
EVIDENCE = "Links (http(s) URLs) showing the commitment is real."
MANDATE = "Symbol of the document or resolution that mandated it, e.g. A/RES/64/293."


@strawberry.input(description="An actor's new commitment; it starts as PLEDGED.")
class CreateCommitmentInput:
    actor_id: strawberry.ID = strawberry.field(description="The actor committing.")
    determinants: list[Determinant] = strawberry.field(description=DETERMINANTS)
    title: str = strawberry.field(description="Short title.")
    description: str | None = described("What is promised.")
    pillars: list[Pillar] | None = described(PILLARS)
    sdg_targets: list[str] | None = described(SDG_TARGETS)
    scope: Scope | None = described(SCOPE)
    countries: list[str] | None = described(COUNTRIES)
    country_actor_ids: list[strawberry.ID] | None = described(COUNTRY_ACTORS)
    pledge_amount: decimal.Decimal | None = described(PLEDGE_AMOUNT)
    pledge_currency: str | None = described(PLEDGE_CURRENCY)
    evidence: list[str] | None = described(EVIDENCE)
    starts_on: dt.date | None = described("When work starts; silence is counted from it.")
    due_on: dt.date | None = described("When it is due.")
    mandate_symbol: str | None = described(MANDATE)
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(
    description="Changes to an open commitment; fields left out stay as they are (`countries`"
    " and `countryActorIds` together replace the countries)."
)
class UpdateCommitmentInput:
    id: strawberry.ID = strawberry.field(description="The commitment to change.")
    title: str | None = described("Short title.", strawberry.UNSET)
    description: str | None = described("What is promised.", strawberry.UNSET)
    determinants: list[Determinant] | None = described(DETERMINANTS, strawberry.UNSET)
    pillars: list[Pillar] | None = described(PILLARS, strawberry.UNSET)
    sdg_targets: list[str] | None = described(SDG_TARGETS, strawberry.UNSET)
    scope: Scope | None = described(SCOPE, strawberry.UNSET)
    countries: list[str] | None = described(COUNTRIES, strawberry.UNSET)
    country_actor_ids: list[strawberry.ID] | None = described(COUNTRY_ACTORS, strawberry.UNSET)
    pledge_amount: decimal.Decimal | None = described(PLEDGE_AMOUNT, strawberry.UNSET)
    pledge_currency: str | None = described(PLEDGE_CURRENCY, strawberry.UNSET)
    evidence: list[str] | None = described(EVIDENCE, strawberry.UNSET)
    starts_on: dt.date | None = described("When work starts.", strawberry.UNSET)
    due_on: dt.date | None = described("When it is due.", strawberry.UNSET)
    mandate_symbol: str | None = described(MANDATE, strawberry.UNSET)
    source_url: str | None = described(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = described(CONFIDENCE, strawberry.UNSET)


@strawberry.type(description="Result of createCommitment / updateCommitment.")
class CommitmentPayload:
    commitment: Commitment | None = described("The commitment as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A deliverable for an open commitment.")
class AddDeliverableInput:
    commitment_id: strawberry.ID = strawberry.field(description="The commitment.")
    title: str = strawberry.field(description="What is to be delivered.")
    due_on: dt.date | None = described("When it is due.")


@strawberry.input(description="A deliverable's new status.")
class SetDeliverableStatusInput:
    deliverable_id: strawberry.ID = strawberry.field(description="The deliverable.")
    status: DeliverableStatus = strawberry.field(description="Pending, delivered or dropped.")


@strawberry.type(description="Result of addDeliverable / setDeliverableStatus.")
class DeliverablePayload:
    deliverable: Deliverable | None = described("The deliverable as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A progress report on an open commitment.")
class SubmitProgressReportInput:
    commitment_id: strawberry.ID = strawberry.field(description="The commitment.")
    summary: str = strawberry.field(description="What was done.")
    percent_complete: int | None = described("Progress, 0 to 100; left out when not stated.")
    submitted_at: dt.datetime | None = described("When it was submitted; now when left out.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.type(description="Result of submitProgressReport.")
class ProgressReportPayload:
    progress_report: ProgressReport | None = described("The report as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _actor_ids(values: list[strawberry.ID] | None) -> list[int] | None:
    if values is None:
        return None
    return [ids.decode_as(v, "Actor", "countryActorIds") for v in values]


def _changes(input: UpdateCommitmentInput) -> dict[str, object]:
    changes = given(input)
    if "country_actor_ids" in changes:
        changes["country_actor_ids"] = _actor_ids(input.country_actor_ids)
    return changes


@strawberry.type(description="Change commitments, deliverables and progress reports.")
class CommitmentMutations:
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
                determinants=input.determinants,
                title=input.title,
                description=input.description,
                pillars=input.pillars,
                sdg_targets=input.sdg_targets,
                scope=input.scope,
                countries=input.countries,
                country_actor_ids=_actor_ids(input.country_actor_ids),
                pledge_amount=input.pledge_amount,
                pledge_currency=input.pledge_currency,
                evidence=input.evidence,
                starts_on=input.starts_on,
                due_on=input.due_on,
                mandate_symbol=input.mandate_symbol,
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
                changes=_changes(input),
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
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            ProgressReportPayload,
            progress_report=ProgressReport.from_row,
        )
