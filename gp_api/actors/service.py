"""Actor use cases: find, create, update (their reads: gp_api.reads)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.kinds import sync_current_kind
from gp_api.actors.models import Actor, ActorKind, FlowRole
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.lookup import get_or_raise, snapshot
from gp_api.names.service import sync_current_name
from gp_api.principal import Principal

# The Charter entered into force; the original Member States were members from this day.
UN_FOUNDED = dt.date(1945, 10, 24)


async def find_by_name(session: AsyncSession, name: str) -> Actor | None:
    return await session.scalar(select(Actor).where(func.lower(Actor.name) == name.lower()))


async def _validated(
    session: AsyncSession, values: Mapping[str, Any], *, existing_id: int | None
) -> dict[str, Any]:
    name = validation.required_text(values.get("name"), "name", max_length=200)
    kind = values.get("kind")
    if not isinstance(kind, ActorKind):
        raise DomainError(ErrorCode.REQUIRED, "kind is required", ["kind"])
    codes = (values.get("iso_alpha2"), values.get("iso_alpha3"), values.get("m49"))
    flow_roles: Sequence[FlowRole] = values.get("flow_roles") or ()
    if kind is ActorKind.STATE:
        alpha2, alpha3, m49 = validation.country(alpha2=codes[0], alpha3=codes[1], m49=codes[2])
    else:
        if any(c is not None for c in codes):
            raise DomainError(ErrorCode.INVALID, "only a STATE has ISO 3166 codes", ["isoAlpha2"])
        if flow_roles:
            raise DomainError(
                ErrorCode.INVALID,
                "only a STATE has flow roles (origin, transit, destination)",
                ["flowRoles"],
            )
        alpha2 = alpha3 = m49 = None
        if values.get("un_member_since") is not None:
            raise DomainError(
                ErrorCode.INVALID, "only a STATE is a Member State", ["unMemberSince"]
            )
    admitted = values.get("un_member_since")
    if admitted is not None and admitted < UN_FOUNDED:
        raise DomainError(
            ErrorCode.INVALID,
            f"unMemberSince {admitted} is before the Charter entered into force ({UN_FOUNDED})",
            ["unMemberSince"],
        )
    clean = {
        "name": name,
        "short_name": validation.text(
            values.get("short_name"), "shortName", max_length=60, required=False
        ),
        "kind": kind,
        "iso_alpha2": alpha2,
        "iso_alpha3": alpha3,
        "m49": m49,
        "is_origin": FlowRole.ORIGIN in flow_roles,
        "is_transit": FlowRole.TRANSIT in flow_roles,
        "is_destination": FlowRole.DESTINATION in flow_roles,
        "flow_roles_illustrative": bool(values.get("flow_roles_illustrative", False)),
        "website": validation.url(values.get("website"), "website"),
        "un_member_since": values.get("un_member_since"),
        "source_url": validation.url(values.get("source_url"), "sourceUrl"),
        "confidence": values.get("confidence"),
    }
    others = select(Actor).where(Actor.id != existing_id) if existing_id else select(Actor)
    if await session.scalar(others.where(func.lower(Actor.name) == name.lower()).limit(1)):
        raise DomainError(ErrorCode.DUPLICATE, f"an actor named {name!r} already exists", ["name"])
    if alpha2 is not None:
        clash = await session.scalar(others.where(Actor.iso_alpha2 == alpha2).limit(1))
        if clash is not None:
            raise DomainError(
                ErrorCode.DUPLICATE,
                f"{clash.name} already has ISO 3166 code {alpha2}",
                ["isoAlpha2"],
            )
    return clean


async def create_actor(
    session: AsyncSession, *, principal: Principal, values: Mapping[str, Any]
) -> Actor:
    """Create an actor from `values` (model attribute names; flow_roles a list)."""
    actor = Actor(**await _validated(session, values, existing_id=None))
    session.add(actor)
    await _sync_record(session, actor)
    await events.append(session, principal=principal, type="actor.created", subject=actor)
    return actor


async def update_actor(
    session: AsyncSession, *, principal: Principal, actor_id: int, changes: Mapping[str, Any]
) -> Actor:
    """Change the given attributes only; the whole actor is validated again."""
    actor = await get_or_raise(session, Actor, actor_id, "id")
    current: dict[str, Any] = {
        "name": actor.name,
        "short_name": actor.short_name,
        "kind": actor.kind,
        "iso_alpha2": actor.iso_alpha2,
        "iso_alpha3": actor.iso_alpha3,
        "m49": actor.m49,
        "flow_roles": actor.flow_roles,
        "flow_roles_illustrative": actor.flow_roles_illustrative,
        "website": actor.website,
        "un_member_since": actor.un_member_since,
        "source_url": actor.source_url,
        "confidence": actor.confidence,
    }
    if any(k in changes for k in ("iso_alpha2", "iso_alpha3", "m49")) or changes.get(
        "kind"
    ) not in (
        None,
        ActorKind.STATE,
    ):
        # New codes replace the old set rather than being checked against it.
        current.update(iso_alpha2=None, iso_alpha3=None, m49=None)
    current.update(changes)
    for key, value in (await _validated(session, current, existing_id=actor.id)).items():
        setattr(actor, key, value)
    await _sync_record(session, actor)
    await events.append(
        session,
        principal=principal,
        type="actor.updated",
        subject=actor,
        data={"changed": sorted(changes), "actor": snapshot(actor)},
    )
    return actor


async def _sync_record(session: AsyncSession, actor: Actor) -> None:
    """Today's name and kind are also the open English name and the open kind period."""
    await session.flush()
    await sync_current_name(
        session,
        subject_type="Actor",
        subject_id=actor.id,
        name=actor.name,
        short_name=actor.short_name,
        source_url=actor.source_url,
        confidence=actor.confidence,
    )
    await sync_current_kind(session, actor=actor)
