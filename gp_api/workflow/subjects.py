"""Which models are workflow subjects, under which definition, with which facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.bodies.models import CoordinationBody
from gp_api.commitments.models import Commitment
from gp_api.db import Base
from gp_api.ga.models import AgendaItem, Resolution
from gp_api.workflow import facts
from workflows import agenda_item, commitment, coordination_body, resolution
from workflows.base import Definition


@dataclass(frozen=True)
class Subject:
    model: type[Base]
    definition: Definition[Any]
    load_facts: Callable[[AsyncSession, Any, dt.datetime], Awaitable[Any]]


SUBJECTS: dict[str, Subject] = {
    "CoordinationBody": Subject(CoordinationBody, coordination_body.DEFINITION, facts.body_facts),
    "AgendaItem": Subject(AgendaItem, agenda_item.DEFINITION, facts.agenda_item_facts),
    "Resolution": Subject(Resolution, resolution.DEFINITION, facts.resolution_facts),
    "Commitment": Subject(Commitment, commitment.DEFINITION, facts.commitment_facts),
}
