"""Resolving any Node by type name and primary key (for `node`, `nodes`, `Event.subject`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from gp_api.db import Base
from gp_api.errors import DomainError
from gp_api.graphql import ids
from gp_api.graphql.context import Context
from gp_api.graphql.errors import PublicError, public
from gp_api.graphql.relay import Node

Info = strawberry.Info[Context, None]


def _registry() -> dict[str, tuple[type[Base], Callable[[Any], Node]]]:
    from gp_api import models
    from gp_api.graphql import actors, bodies, commitments, events, ga, plan, workflow

    return {
        "Actor": (models.Actor, actors.Actor.from_row),
        "CoordinationBody": (models.CoordinationBody, bodies.CoordinationBody.from_row),
        "Membership": (models.Membership, bodies.Membership.from_row),
        "Meeting": (models.Meeting, bodies.Meeting.from_row),
        "Commitment": (models.Commitment, commitments.Commitment.from_row),
        "Deliverable": (models.Deliverable, commitments.Deliverable.from_row),
        "ProgressReport": (models.ProgressReport, commitments.ProgressReport.from_row),
        "AgendaItem": (models.AgendaItem, ga.AgendaItem.from_row),
        "Resolution": (models.Resolution, ga.Resolution.from_row),
        "Sponsorship": (models.Sponsorship, ga.Sponsorship.from_row),
        "Adoption": (models.Adoption, ga.Adoption.from_row),
        "PlanStep": (models.PlanStep, plan.plan_step_from_row),
        "Event": (models.Event, events.Event.from_row),
        "TransitionRecord": (models.TransitionRecord, workflow.TransitionRecord.from_row),
    }


_REGISTRY: dict[str, tuple[type[Base], Callable[[Any], Node]]] | None = None


def registry() -> dict[str, tuple[type[Base], Callable[[Any], Node]]]:
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
    model, convert = entry
    row = await info.context.loaders.rows(model).load(pk)
    return convert(row) if row is not None else None


def decode_node_id(value: str) -> tuple[str, int]:
    try:
        type_name, pk = ids.decode(value)
    except DomainError as error:
        raise public(error) from None
    if not known(type_name):
        raise PublicError(f"{value!r} is the ID of an unknown type {type_name!r}", "BAD_USER_INPUT")
    return type_name, pk
