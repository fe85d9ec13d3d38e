"""Loading rows that a use case needs, with NOT_FOUND naming the input field."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.db import Base, among
from gp_api.errors import DomainError, ErrorCode

M = TypeVar("M", bound=Base)


async def get_or_raise(session: AsyncSession, model: type[M], id_: int, field: str) -> M:
    row = await session.get(model, id_)
    if row is None:
        raise DomainError(
            ErrorCode.NOT_FOUND, f"no {model.__name__} with the id given in {field}", [field]
        )
    return row


async def rows_by_id(session: AsyncSession, model: type[M], ids: Sequence[int]) -> dict[int, M]:
    """The rows of `model` with these primary keys (those that exist), in one statement."""
    pk: Any = model.id  # type: ignore[attr-defined]
    found = await session.scalars(select(model).where(among(pk)), {"ids": list(ids)})
    return {cast(Any, row).id: row for row in found}


def snapshot(row: Base) -> dict[str, Any]:
    """The row's column values as JSON, for the event that records a change."""
    data: dict[str, Any] = {}
    for attr in inspect(row).mapper.column_attrs:
        value = getattr(row, attr.key)
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        data[attr.key] = value
    return data
