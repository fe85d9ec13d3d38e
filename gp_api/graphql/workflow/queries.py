"""Root query fields of workflow definitions: the Query mixin."""

from __future__ import annotations

import strawberry

from gp_api.graphql.static import STATIC
from gp_api.graphql.workflow.types import WorkflowDefinition, workflow_definitions


@strawberry.type(description="Workflow definitions.")
class WorkflowQueries:
    @strawberry.field(
        description="Every workflow definition: states, transitions, guards, milestones, diagram.",
        metadata=STATIC,
    )
    def workflows(self) -> list[WorkflowDefinition]:
        return workflow_definitions()
