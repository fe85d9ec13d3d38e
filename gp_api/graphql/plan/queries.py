"""Root query fields of the plan and the partnership summary: the Query mixin."""

from __future__ import annotations

import strawberry

from gp_api import summary
from gp_api.graphql.context import Info
from gp_api.graphql.plan.types import Partnership, PlanStep
from gp_api.plan import service as plan_service


@strawberry.type(description="Read the plan and the partnership summary.")
class PlanQueries:
    @strawberry.field(description="The seed's plan of action, step by step, with derived status.")
    async def plan_steps(self, info: Info) -> list[PlanStep]:
        rows = await info.context.run(plan_service.list_steps)
        return [PlanStep.from_row(r) for r in rows]

    @strawberry.field(description="The partnership at a glance, for a dashboard's first screen.")
    async def partnership(self, info: Info) -> Partnership:
        return Partnership.from_summary(await info.context.run(summary.partnership))
