"""The plan of action's steps as data: which subject reaching which state achieves each one."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement

from gp_api.bodies.models import CoordinationBody
from gp_api.db import Base
from gp_api.ga.models import TOPIC_FLAGS, AgendaItem, AgendaItemOrigin, Resolution, Topic
from workflows.agenda_item import AgendaItemState
from workflows.coordination_body import BodyState
from workflows.resolution import ResolutionState


class PlanStepStatus(enum.Enum):
    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    ACHIEVED = "ACHIEVED"
    ACHIEVED_WITH_DEVIATIONS = "ACHIEVED_WITH_DEVIATIONS"


@dataclass(frozen=True)
class StepTarget:
    key: str
    model: type[Base]
    state: enum.Enum
    # A subject in one of these states is on its way to the target: the step is IN_PROGRESS.
    on_the_way: tuple[enum.Enum, ...]
    # Further conditions on the subject, as data: an agenda item's origin and topic.
    origin: AgendaItemOrigin | None = None
    topic: Topic | None = None
    others: Callable[[], list[ColumnElement[bool]]] = field(default=lambda: [])

    def conditions(self) -> list[ColumnElement[bool]]:
        """The SQL conditions a subject reaching the target must meet."""
        model: Any = self.model
        found = list(self.others())
        if self.origin is not None:
            found.append(model.origin == self.origin)
        if self.topic is not None:
            found.append(getattr(model, TOPIC_FLAGS[self.topic]).is_(True))
        return found

    @property
    def subject_type(self) -> str:
        return self.model.__name__

    def state_column(self) -> Any:
        return self.model.state  # type: ignore[attr-defined]


STEP_TARGETS: tuple[StepTarget, ...] = (
    StepTarget("core_group", CoordinationBody, BodyState.CORE_GROUP, (BodyState.PROPOSED,)),
    StepTarget("task_force", CoordinationBody, BodyState.TASK_FORCE, (BodyState.CORE_GROUP,)),
    StepTarget(
        "interagency_working_group",
        CoordinationBody,
        BodyState.INTERAGENCY_WORKING_GROUP,
        (BodyState.TASK_FORCE,),
    ),
    # The seed asks for a new, dedicated item: one requested (rules 13-15), on trafficking in
    # human beings, and included in the agenda. Recurring (MANDATED) items and items on other
    # topics do not achieve it.
    StepTarget(
        "agenda_item",
        AgendaItem,
        AgendaItemState.INCLUDED,
        (
            AgendaItemState.LISTED,
            AgendaItemState.RECOMMENDED,
            AgendaItemState.NOT_RECOMMENDED,
        ),
        origin=AgendaItemOrigin.REQUESTED,
        topic=Topic.TRAFFICKING_IN_PERSONS,
    ),
    StepTarget(
        "omnibus_resolution",
        Resolution,
        ResolutionState.ADOPTED,
        (
            ResolutionState.DRAFTING,
            ResolutionState.SUBMITTED,
            ResolutionState.INTRODUCED,
            ResolutionState.ADOPTED_IN_COMMITTEE,
            ResolutionState.REPORTED,
            ResolutionState.DEFERRED,
        ),
        others=lambda: [Resolution.omnibus.is_(True)],
    ),
)

TARGETS_BY_KEY = {t.key: t for t in STEP_TARGETS}
