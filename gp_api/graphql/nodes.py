"""Resolving any Node by type name and primary key (for `node`, `nodes`, `Event.subject`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, NamedTuple

import strawberry

from gp_api.db import Base
from gp_api.errors import DomainError
from gp_api.events.catalog import visible
from gp_api.events.models import Event as EventRow
from gp_api.graphql import ids
from gp_api.graphql.context import Info
from gp_api.graphql.errors import PublicError, public
from gp_api.graphql.relay import Node
from gp_api.principal import Role


class Entry(NamedTuple):
    model: type[Base]
    convert: Callable[[Any], Node]
    # Whether a reader of this role may see the row (None: whoever may read at all).
    readable: Callable[[Role | None, Any], bool] | None = None


def _event_readable(role: Role | None, row: EventRow) -> bool:
    return visible(role, row.type)


def _registry() -> dict[str, Entry]:
    from gp_api import models
    from gp_api.graphql.actors import types as actors
    from gp_api.graphql.bodies import types as bodies
    from gp_api.graphql.commitments import types as commitments
    from gp_api.graphql.documents import types as documents
    from gp_api.graphql.events import types as events
    from gp_api.graphql.ga import types as ga
    from gp_api.graphql.people import types as people
    from gp_api.graphql.plan import types as plan
    from gp_api.graphql.sessions import types as sessions
    from gp_api.graphql.workflow import types as workflow

    return {
        "Actor": Entry(models.Actor, actors.Actor.from_row),
        "CoordinationBody": Entry(models.CoordinationBody, bodies.CoordinationBody.from_row),
        "Membership": Entry(models.Membership, bodies.Membership.from_row),
        "Meeting": Entry(models.Meeting, bodies.Meeting.from_row),
        "BodyChair": Entry(models.BodyChair, bodies.BodyChair.from_row),
        "Person": Entry(models.Person, people.Person.from_row),
        "Office": Entry(models.Office, people.Office.from_row),
        "Appointment": Entry(models.Appointment, people.Appointment.from_row),
        "Commitment": Entry(models.Commitment, commitments.Commitment.from_row),
        "Deliverable": Entry(models.Deliverable, commitments.Deliverable.from_row),
        "ProgressReport": Entry(models.ProgressReport, commitments.ProgressReport.from_row),
        "AgendaItem": Entry(models.AgendaItem, ga.AgendaItem.from_row),
        "AgendaItemAllocation": Entry(
            models.AgendaItemAllocation, ga.AgendaItemAllocation.from_row
        ),
        "Resolution": Entry(models.Resolution, ga.Resolution.from_row),
        "Sponsorship": Entry(models.Sponsorship, ga.Sponsorship.from_row),
        "DraftRevision": Entry(models.DraftRevision, ga.DraftRevision.from_row),
        "Amendment": Entry(models.Amendment, ga.Amendment.from_row),
        "DraftAction": Entry(models.DraftAction, ga.DraftAction.from_row),
        "Vote": Entry(models.Vote, ga.Vote.from_row),
        "Mandate": Entry(models.Mandate, ga.Mandate.from_row),
        "Session": Entry(models.Session, sessions.Session.from_row),
        "SessionPart": Entry(models.SessionPart, sessions.SessionPart.from_row),
        "Document": Entry(models.Document, documents.Document.from_row),
        "PlanStep": Entry(models.PlanStep, plan.PlanStep.from_row),
        "Event": Entry(models.Event, events.Event.from_row, _event_readable),
        "TransitionRecord": Entry(models.TransitionRecord, workflow.TransitionRecord.from_row),
        "TransitionDeviation": Entry(
            models.TransitionDeviation, workflow.TransitionDeviation.from_row
        ),
    }


_REGISTRY: dict[str, Entry] | None = None


def registry() -> dict[str, Entry]:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _registry()
    return _REGISTRY


def known(type_name: str) -> bool:
    return type_name in registry()


async def resolve(info: Info, type_name: str, pk: int) -> Node | None:
    entry = registry().get(type_name)
    if entry is None:
        return None
    row = await info.context.loaders.rows(entry.model).load(pk)
    if row is None:
        return None
    if entry.readable is not None and not entry.readable(info.context.principal.role, row):
        return None  # as if it did not exist: its existence is not for this reader either
    return entry.convert(row)


def decode_node_id(value: str) -> tuple[str, int]:
    try:
        type_name, pk = ids.decode(value)
    except DomainError as error:
        raise public(error) from None
    if not known(type_name):
        raise PublicError(f"{value!r} is the ID of an unknown type {type_name!r}", "BAD_USER_INPUT")
    return type_name, pk


MAX_NODES = 100


@strawberry.type(description="Fetch any object by global ID.")
class NodeQueries:
    @strawberry.field(description="Fetch any object by its global ID (null if it does not exist).")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global ID.")],
    ) -> Node | None:
        return await resolve(info, *decode_node_id(id))

    @strawberry.field(description="Fetch up to 100 objects by global ID, in the order given.")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global IDs.")],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise PublicError(f"at most {MAX_NODES} ids at once, got {len(ids)}", "BAD_USER_INPUT")
        decoded = [decode_node_id(i) for i in ids]
        return [await resolve(info, t, pk) for t, pk in decoded]
