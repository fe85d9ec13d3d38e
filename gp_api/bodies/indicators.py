"""Indicators of coordination bodies: what the record shows, never a guard.

Flow coverage: which of the seed's roles (countries of origin, transit and destination) the
body's current state members cover, as their actors record them. No licensed source provides
these roles, so the indicator says whether any role it counts is marked illustrative."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.actors.models import FLOW_FLAGS, Actor, ActorKind
from gp_api.bodies.models import Membership
from gp_api.db import among, plain_rows
from gp_api.principal import Principal

Key = tuple[Any, ...]

# The current state members of the bodies `ids`: whether their roles are illustrative, and
# their flow flags (in FLOW_FLAGS' order). Built once.
_STATE_MEMBERS = (
    select(
        Membership.body_id,
        Actor.flow_roles_illustrative,
        *(getattr(Actor, column) for column in FLOW_FLAGS.values()),
    )
    .join(Actor, Actor.id == Membership.actor_id)
    .where(among(Membership.body_id), Membership.until.is_(None), Actor.kind == ActorKind.STATE)
)


async def flow_coverage_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[Key]
) -> dict[Key, Any]:
    """Each body's flow coverage, as the GraphQL `FlowCoverage` answers it: one statement."""
    covered: dict[int, set[str]] = defaultdict(set)
    illustrative: dict[int, bool] = defaultdict(bool)
    states: dict[int, int] = defaultdict(int)
    for body_id, marked, *on in await plain_rows(
        session, _STATE_MEMBERS, {"ids": [k[0] for k in keys]}
    ):
        states[body_id] += 1
        roles = {role.value for role, flag in zip(FLOW_FLAGS, on, strict=True) if flag}
        covered[body_id] |= roles
        illustrative[body_id] |= bool(roles) and bool(marked)
    found: dict[Key, Any] = {}
    for key in keys:
        pk = key[0]
        found[key] = {
            "covered": [r.value for r in FLOW_FLAGS if r.value in covered[pk]],
            "missing": [r.value for r in FLOW_FLAGS if r.value not in covered[pk]],
            "stateMembers": states[pk],
            "illustrative": illustrative[pk],
        }
    return found
