"""A resolution's adoption and adoption date: chosen among its adoptions, for the resolvers
and, for many resolutions at once from plain rows, for the compiled reads (gp_api.readmodel
`Computed`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.ga.models import Adoption, AdoptionForum, adoption_passes
from gp_api.global_ids import encode
from gp_api.principal import Principal

Key = tuple[Any, ...]


def latest(adoptions: Sequence[Any]) -> Any:
    """The latest adoption (in adoption order), the plenary's once it has decided."""
    plenary = [a for a in adoptions if a.forum is AdoptionForum.PLENARY]
    chosen = plenary or adoptions
    return chosen[-1] if chosen else None


def adopted_on(adoptions: Sequence[Any]) -> dt.date | None:
    """When the plenary adopted the resolution (its last passing decision), if it has."""
    plenary = [
        a
        for a in adoptions
        if a.forum is AdoptionForum.PLENARY and adoption_passes(a.method, a.yes_count, a.no_count)
    ]
    return plenary[-1].adopted_on if plenary else None


async def _adoptions(session: AsyncSession, keys: Sequence[Key]) -> dict[Key, list[Any]]:
    """Plain rows of the resolutions' adoptions, in adoption order: one statement."""
    rows = await session.execute(
        select(Adoption.__table__)
        .where(Adoption.resolution_id.in_([k[0] for k in keys]))
        .order_by(Adoption.adopted_on, Adoption.id)
    )
    found: dict[Key, list[Any]] = defaultdict(list)
    for row in rows:
        found[(row.resolution_id,)].append(row)
    return found


def _json(row: Any) -> dict[str, Any]:
    """An adoption as the GraphQL type `Adoption` answers it."""
    return {
        "id": encode("Adoption", row.id),
        "forum": row.forum.value,
        "method": row.method.value,
        "yesCount": row.yes_count,
        "noCount": row.no_count,
        "abstainCount": row.abstain_count,
        "adoptedOn": row.adopted_on.isoformat(),
        "documentSymbol": row.document_symbol,
        "passing": adoption_passes(row.method, row.yes_count, row.no_count),
        "sourceUrl": row.source_url,
        "confidence": None if row.confidence is None else row.confidence.value,
    }


async def adoption_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[Key]
) -> dict[Key, Any]:
    found = await _adoptions(session, keys)
    return {k: None if (a := latest(found.get(k, []))) is None else _json(a) for k in keys}


async def adopted_on_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[Key]
) -> dict[Key, Any]:
    found = await _adoptions(session, keys)
    return {k: None if (d := adopted_on(found.get(k, []))) is None else d.isoformat() for k in keys}
