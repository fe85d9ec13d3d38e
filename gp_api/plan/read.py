"""The plan's and the partnership's reads (see gp_api.readmodel): Query fields answered by a
service from plain rows and aggregates, in a fixed number of statements, on the fast path too."""

from __future__ import annotations

from gp_api import summary
from gp_api.plan import service
from gp_api.readmodel import Computed, declare

declare(
    values={
        "planSteps": Computed("Query.planSteps", (), service.steps_batch),
        "partnership": Computed("Query.partnership", (), summary.partnership_batch),
    }
)
