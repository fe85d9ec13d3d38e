"""Keyset pagination for Relay connections, for one list or for many parents in one query.

Cursors are opaque to clients: base64 of the JSON list of the row's sort-key values. Keyset
(not offset) cursors stay valid while rows are added before them.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from gp_api import validation
from gp_api.db import among, largest_int
from gp_api.errors import DomainError, ErrorCode

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

T = TypeVar("T")


@dataclass(frozen=True)
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def checked(self) -> PageArgs:
        """Refuse what a connection cannot answer; default to the first page."""
        for name, size in (("first", self.first), ("last", self.last)):
            if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
                raise DomainError(
                    ErrorCode.OUT_OF_RANGE,
                    f"{name} must be between 0 and {MAX_PAGE_SIZE}, got {size}",
                    [name],
                )
        if self.first is not None and self.last is not None:
            raise DomainError(ErrorCode.INVALID, "give either first or last, not both", ["last"])
        if self.first is None and self.last is None:
            if self.before is not None:
                return PageArgs(last=DEFAULT_PAGE_SIZE, after=self.after, before=self.before)
            return PageArgs(first=DEFAULT_PAGE_SIZE, after=self.after, before=self.before)
        return self

    @property
    def size(self) -> int:
        size = self.first if self.first is not None else self.last
        assert size is not None
        return size

    @property
    def backwards(self) -> bool:
        return self.last is not None


@dataclass
class Page(Generic[T]):
    rows: list[T]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "value"):  # enum
        return value.value
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_jsonable(v) for v in values], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(
    cursor: str, order: Sequence[InstrumentedAttribute[Any]], field: str
) -> list[Any]:
    bad = DomainError(ErrorCode.INVALID, f"{field} is not a cursor from this connection", [field])
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):  # or nested too deep
        raise bad from None
    if not isinstance(values, list) or len(values) != len(order):
        raise bad
    decoded: list[Any] = []
    for column, value in zip(order, values, strict=True):
        kind = column.type.python_type
        try:
            if value is None:
                raise bad
            if kind is dt.datetime:
                moment = dt.datetime.fromisoformat(value)
                if moment.tzinfo is None or validation.date_out_of_range(moment):
                    raise bad
                decoded.append(moment)
            elif kind is dt.date:
                day = dt.date.fromisoformat(value)
                if validation.date_out_of_range(day):
                    raise bad
                decoded.append(day)
            elif kind is int and isinstance(value, int) and not isinstance(value, bool):
                if not -largest_int(column.type) <= value <= largest_int(column.type):
                    raise bad
                decoded.append(value)
            elif kind is str and isinstance(value, str) and not validation.unstorable_text(value):
                decoded.append(value)
            else:
                raise bad
        except (TypeError, ValueError):
            raise bad from None
    return decoded


def _keyset(
    order: Sequence[InstrumentedAttribute[Any]], values: list[Any], *, after: bool
) -> ColumnElement[bool]:
    left = tuple_(*order)
    right = tuple_(*(literal(v, type_=c.type) for c, v in zip(order, values, strict=True)))
    return left > right if after else left < right


def _bounded(
    stmt: Select[Any], order: Sequence[InstrumentedAttribute[Any]], args: PageArgs
) -> Select[Any]:
    if args.after is not None:
        stmt = stmt.where(_keyset(order, decode_cursor(args.after, order, "after"), after=True))
    if args.before is not None:
        stmt = stmt.where(_keyset(order, decode_cursor(args.before, order, "before"), after=False))
    return stmt


def _directed(order: Sequence[InstrumentedAttribute[Any]], backwards: bool) -> list[Any]:
    return [c.desc() if backwards else c.asc() for c in order]


def _page(rows: list[Any], order_keys: list[str], args: PageArgs) -> Page[Any]:
    extra = len(rows) > args.size
    rows = rows[: args.size]
    if args.backwards:
        rows.reverse()
    cursors = [encode_cursor([getattr(r, k) for k in order_keys]) for r in rows]
    if args.backwards:
        return Page(rows, cursors, has_next_page=args.before is not None, has_previous_page=extra)
    return Page(rows, cursors, has_next_page=extra, has_previous_page=args.after is not None)


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    order: Sequence[InstrumentedAttribute[Any]],
    args: PageArgs,
) -> Page[Any]:
    """One page of `stmt` (selecting one entity), ordered by `order`, whose last key is unique."""
    args = args.checked()
    stmt = _bounded(stmt, order, args).order_by(*_directed(order, args.backwards))
    rows = list((await session.scalars(stmt.limit(args.size + 1))).all()) if args.size else []
    return _page(rows, [c.key for c in order], args)


async def paginate_grouped(
    session: AsyncSession,
    entity: type[T],
    stmt: Select[Any],
    group: InstrumentedAttribute[Any],
    keys: Sequence[Hashable],
    order: Sequence[InstrumentedAttribute[Any]],
    args: PageArgs,
) -> dict[Hashable, Page[T]]:
    """A page for each parent key, in one statement (a window per parent)."""
    args = args.checked()
    result: dict[Hashable, list[T]] = defaultdict(list)
    if args.size:
        rank = func.row_number().over(partition_by=group, order_by=_directed(order, args.backwards))
        inner = _bounded(stmt.where(among(group, "group_keys")), order, args).add_columns(
            rank.label("_rank")
        )
        sub = inner.subquery()
        alias = aliased(entity, sub)
        outer = (
            select(alias)
            .where(sub.c._rank <= args.size + 1)
            .order_by(sub.c[group.key], sub.c._rank)
        )
        for row in (await session.scalars(outer, {"group_keys": list(keys)})).all():
            result[getattr(row, group.key)].append(row)
    order_keys = [c.key for c in order]
    return {key: _page(result.get(key, []), order_keys, args) for key in keys}


async def count(session: AsyncSession, stmt: Select[Any]) -> int:
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return int(total or 0)


async def count_grouped(
    session: AsyncSession,
    stmt: Select[Any],
    group: InstrumentedAttribute[Any],
    keys: Sequence[Hashable],
) -> dict[Hashable, int]:
    sub = stmt.where(among(group, "group_keys")).order_by(None).subquery()
    rows = await session.execute(
        select(sub.c[group.key], func.count()).group_by(sub.c[group.key]),
        {"group_keys": list(keys)},
    )
    found: dict[Hashable, int] = {k: int(n) for k, n in rows}
    return {key: found.get(key, 0) for key in keys}
