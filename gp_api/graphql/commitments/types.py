"""GraphQL types for commitments, deliverables and progress reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.graphql.actors.types import load_actor
from gp_api.graphql.context import Info
from gp_api.graphql.documents.types import Document, load_document
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


@strawberry.type(description="Something a commitment promises to deliver.")
class Deliverable(Node, ReadType, extra={"commitment_pk": "commitment_id"}):
    commitment_pk: strawberry.Private[int]


@strawberry.type(description="A report on how far a commitment has come.")
class ProgressReport(Node, ReadType, extra={"commitment_pk": "commitment_id"}):
    commitment_pk: strawberry.Private[int]


@strawberry.type(
    description="An actor's commitment: the determinants, pillars and SDG targets it serves,"
    " its scope, pledge and evidence, its deliverables and progress reports."
)
class Commitment(
    WorkflowSubject, ReadType, extra={"actor_pk": "actor_id", "mandate_sym": "mandate_symbol"}
):
    actor_pk: strawberry.Private[int]
    mandate_sym: strawberry.Private[str | None]

    @strawberry.field(
        description="The document or resolution that mandated it, e.g. A/RES/64/293 for the"
        " Trust Fund; null when none is recorded."
    )
    async def mandate_document(self, info: Info) -> Document | None:
        return await load_document(info, self.mandate_sym)

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
