"""GraphQL types for commitments, deliverables and progress reports."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.commitments.models import Commitment as CommitmentRow
from gp_api.commitments.models import Deliverable as DeliverableRow
from gp_api.commitments.models import DeliverableStatus, Determinant
from gp_api.commitments.models import ProgressReport as ReportRow
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
from workflows.commitment import CommitmentState

if TYPE_CHECKING:
    from gp_api.graphql.actors.types import Actor


@strawberry.type(description="Something a commitment promises to deliver.")
class Deliverable(Node):
    pk: strawberry.Private[int]
    commitment_pk: strawberry.Private[int]
    title: str = strawberry.field(description="What is to be delivered.")
    due_on: dt.date | None = strawberry.field(description="When it is due.")
    status: DeliverableStatus = strawberry.field(description="Pending, delivered or dropped.")

    @classmethod
    def from_row(cls, row: DeliverableRow) -> Deliverable:
        return cls(
            id=strawberry.ID(ids.encode("Deliverable", row.id)),
            pk=row.id,
            commitment_pk=row.commitment_id,
            title=row.title,
            due_on=row.due_on,
            status=row.status,
        )


@strawberry.type(description="A report on how far a commitment has come.")
class ProgressReport(Node):
    pk: strawberry.Private[int]
    commitment_pk: strawberry.Private[int]
    submitted_at: dt.datetime = strawberry.field(description="When the report was submitted.")
    summary: str = strawberry.field(description="What was done.")
    percent_complete: int = strawberry.field(description="Progress, 0 to 100.")

    @classmethod
    def from_row(cls, row: ReportRow) -> ProgressReport:
        return cls(
            id=strawberry.ID(ids.encode("ProgressReport", row.id)),
            pk=row.id,
            commitment_pk=row.commitment_id,
            submitted_at=row.submitted_at,
            summary=row.summary,
            percent_complete=row.percent_complete,
        )


@strawberry.type(description="An actor's pledge under one of the six determinants.")
class Commitment(WorkflowSubject):
    actor_pk: strawberry.Private[int]
    determinant: Determinant = strawberry.field(description="The determinant it serves.")
    title: str = strawberry.field(description="Short title.")
    description: str | None = strawberry.field(description="What is promised.")
    starts_on: dt.date | None = strawberry.field(description="When work starts.")
    due_on: dt.date | None = strawberry.field(description="When it is due.")
    state: CommitmentState = strawberry.field(description="Current stage (workflow state).")
    source_url: str | None = strawberry.field(description=SOURCE_URL)
    confidence: Confidence | None = strawberry.field(description=CONFIDENCE)

    @classmethod
    def from_row(cls, row: CommitmentRow) -> Commitment:
        return cls(
            id=strawberry.ID(ids.encode("Commitment", row.id)),
            pk=row.id,
            actor_pk=row.actor_id,
            determinant=row.determinant,
            title=row.title,
            description=row.description,
            starts_on=row.starts_on,
            due_on=row.due_on,
            state=row.state,
            version=row.version,
            source_url=row.source_url,
            confidence=row.confidence,
        )

    @strawberry.field(description="The actor that made the commitment.")
    async def actor(
        self, info: Info
    ) -> Annotated["Actor", strawberry.lazy("gp_api.graphql.actors.types")]:
        return await load_actor(info, self.actor_pk)

    @strawberry.field(description="Deliverables, in the order they were added.")
    async def deliverables(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Deliverable]:
        return await read_children(
            info,
            "Commitment",
            "deliverables",
            self.pk,
            {},
            page_args(first, after, last, before),
            Deliverable.from_row,
        )

    @strawberry.field(description="Progress reports, oldest first.")
    async def progress_reports(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ProgressReport]:
        return await read_children(
            info,
            "Commitment",
            "progressReports",
            self.pk,
            {},
            page_args(first, after, last, before),
            ProgressReport.from_row,
        )
