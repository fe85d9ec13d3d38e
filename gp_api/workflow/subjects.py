"""Which models are workflow subjects, under which definition, with which facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
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

# Facts of many subjects (ORM rows, or plain rows of `Subject.columns`), by id.
LoadMany = Callable[[AsyncSession, Sequence[Any], dt.datetime], Awaitable[dict[int, Any]]]


@dataclass(frozen=True)
class Subject:
    model: type[Base]
    definition: Definition[Any]
    load_many: LoadMany
    # The columns the facts and the moves read (a plain row of these is enough); the owner's
    # actor is `actor_id` where there is one.
    columns: tuple[str, ...]
    # Facts as of a past date, for an import; None: the definition's facts are not dated, and
    # an import evaluates its guards against the facts as they are today.
    load_as_of: LoadMany | None = None

    async def load_facts(self, session: AsyncSession, subject: Any, now: dt.datetime) -> Any:
        return (await self.load_many(session, [subject], now))[subject.id]


SUBJECTS: dict[str, Subject] = {
    "CoordinationBody": Subject(
        CoordinationBody,
        coordination_body.DEFINITION,
        facts.bodies_facts,
        ("id", "state", "suspended_from", "mandate", "mandate_symbol"),
        # The facts of a body are read as of the day asked for already.
        facts.bodies_facts,
    ),
    "AgendaItem": Subject(
        AgendaItem,
        agenda_item.DEFINITION,
        facts.agenda_items_facts,
        (
            "id",
            "state",
            "session",
            "origin",
            "proposer_id",
            "explanatory_memorandum",
            "mandated_by_symbol",
            "continues_id",
        ),
    ),
    "Resolution": Subject(
        Resolution,
        resolution.DEFINITION,
        facts.resolutions_facts,
        (
            "id",
            "state",
            "agenda_item_id",
            "kind",
            "forum",
            "draft_symbol",
            "report_symbol",
            "involves_expenditure",
            "budget_statement_symbol",
            "fifth_committee_symbol",
        ),
    ),
    "Commitment": Subject(
        Commitment,
        commitment.DEFINITION,
        facts.commitments_facts,
        ("id", "state", "due_on", "starts_on", "actor_id"),
    ),
}


def by_model(subject: Base) -> tuple[str, Subject]:
    """The subject type name and its entry, for a workflow subject row."""
    for name, kind in SUBJECTS.items():
        if isinstance(subject, kind.model):
            return name, kind
    raise KeyError(type(subject).__name__)
