"""A resolution's adoption date, for the resolvers and, for many resolutions at once from
plain rows, for the compiled reads (gp_api.readmodel `Computed`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.db import among, plain_rows
from gp_api.ga.models import ActionOutcome, Allocation, DraftAction
from gp_api.principal import Principal

Key = tuple[Any, ...]

# The day of each draft's (of `ids`) adoption in plenary, if any. Built once.
_ADOPTED_ON = (
    select(DraftAction.resolution_id, func.max(DraftAction.taken_on))
    .where(
        among(DraftAction.resolution_id),
        DraftAction.amendment_id.is_(None),
        DraftAction.part.is_(None),
        DraftAction.forum == Allocation.PLENARY,
        DraftAction.outcome == ActionOutcome.ADOPTED,
    )
    .group_by(DraftAction.resolution_id)
)


async def adopted_on_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[Key]
) -> dict[Key, Any]:
    """When the plenary adopted each draft (its adoption action), if it has: one statement."""
    found = dict(await plain_rows(session, _ADOPTED_ON, {"ids": [k[0] for k in keys]}))
    return {k: None if (d := found.get(k[0])) is None else _iso(d) for k in keys}


def _iso(day: Any) -> str:
    # func.max bypasses the column type on SQLite, which returns the stored text.
    return day if isinstance(day, str) else str(day.isoformat())
