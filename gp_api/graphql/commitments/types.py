"""GraphQL types for commitments, deliverables and progress reports."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.commitments import service
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
    connection,
    page_args,
)
from gp_api.graphql.workflow.types import WorkflowSubject

if TYPE_CHECKING:
    from gp_api.graphql.actors.types import Actor

NO_FILTER: Hashable = None


@strawberry.type(description="Something a commitment promises to deliver.")
class Deliverable(Node, ReadType, extra={"commitment_pk": "commitment_id"}):
    commitment_pk: strawberry.Private[int]


@strawberry.type(description="A report on how far a commitment has come.")
class ProgressReport(Node, ReadType, extra={"commitment_pk": "commitment_id"}):
    commitment_pk: strawberry.Private[int]


@strawberry.type(description="An actor's pledge under one of the six determinants.")
class Commitment(WorkflowSubject, ReadType, extra={"actor_pk": "actor_id"}):
    actor_pk: strawberry.Private[int]

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
        loaders = info.context.loaders
        page = await loaders.pages(
            "deliverables", lambda s, keys, a: service.deliverables_by_commitment(s, keys, a)
        ).load((self.pk, page_args(first, after, last, before)))
        counts = loaders.counts(
            "deliverables", lambda s, keys, _: service.count_deliverables_by_commitment(s, keys)
        )
        return connection(page, Deliverable.from_row, lambda: counts.load((self.pk, NO_FILTER)))

    @strawberry.field(description="Progress reports, oldest first.")
    async def progress_reports(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ProgressReport]:
        loaders = info.context.loaders
        page = await loaders.pages(
            "reports", lambda s, keys, a: service.reports_by_commitment(s, keys, a)
        ).load((self.pk, page_args(first, after, last, before)))
        counts = loaders.counts(
            "reports", lambda s, keys, _: service.count_reports_by_commitment(s, keys)
        )
        return connection(page, ProgressReport.from_row, lambda: counts.load((self.pk, NO_FILTER)))
