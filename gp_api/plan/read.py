"""The plan's and the partnership's reads (see gp_api.readmodel): a plan step is a node read
from its row (its target from the plan's data, its status computed for all steps at once); the
Query fields are answered by a service from plain rows and aggregates, in a fixed number of
statements, on the fast path too."""

from __future__ import annotations

from gp_api import summary
from gp_api.plan import service
from gp_api.plan.models import PlanStep
from gp_api.plan.steps import TARGETS_BY_KEY
from gp_api.principal import Role
from gp_api.readmodel import NODE, Column, Computed, ReadModel, Shaped, declare


def _target_type(_role: Role | None, key: str) -> str:
    return TARGETS_BY_KEY[key].subject_type


def _target_state(_role: Role | None, key: str) -> str:
    return str(TARGETS_BY_KEY[key].state.value)


PLAN_STEP = ReadModel(
    "PlanStep",
    PlanStep,
    (PlanStep.position, PlanStep.id),
    {
        **NODE,
        "key": Column("key", "text", description="Stable key, e.g. `core_group`."),
        "position": Column("position", "int", description="Order in the plan, from 1."),
        "title": Column("title", "text", description="The step."),
        "description": Column("description", "text", description="The step in the seed's words."),
        "targetType": Shaped(
            ("key",), _target_type, "Type of subject whose state achieves it.", returns=str
        ),
        "targetState": Shaped(("key",), _target_state, "State that achieves the step.", str),
        "achievedAt": Column(
            "achieved_at",
            "datetime",
            description="When the target was first reached, by the date history gives (an"
            " import's date).",
        ),
        "status": Computed("PlanStep.status", ("key",), service.status_batch),
        "evidence": Computed("PlanStep.evidence", ("key",), service.evidence_batch),
        "deviations": Computed("PlanStep.deviations", ("key",), service.deviations_batch),
    },
)

declare(
    PLAN_STEP,
    values={
        "planSteps": Computed("Query.planSteps", (), service.steps_batch),
        "partnership": Computed("Query.partnership", (), summary.partnership_batch),
    },
)
