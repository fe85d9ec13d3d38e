"""The reads the read models declare (gp_api.readmodel), for the resolvers.

One generic service over the declarations: the pages and counts of a root connection
(`ROOTS`), of a type's child connections (`Children`) for many parents in one statement, the
lists linked to many parents (`Through`, `Rows`), and rows by id (`Parent`). The filters'
conditions are rendered to SQLAlchemy here, once, and each type's `reader` condition is applied
wherever the type is read. The fast path (gp_api.fastpath.sql) renders the same conditions to
its own SQL; the differential tests hold both to the same answers.

Arguments the filters refuse raise DomainError (the resolvers make it a public error).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import exists

from gp_api import pagination
from gp_api.db import Base, among, json_elements
from gp_api.pagination import Page, PageArgs
from gp_api.principal import Role
from gp_api.readmodel import (
    MODELS,
    ROOTS,
    Both,
    Children,
    Compare,
    Condition,
    Contains,
    Either,
    Exists,
    HasAny,
    InInts,
    InText,
    Is,
    IsNull,
    ReadModel,
    Rows,
    Through,
    conditions,
    load_all,
)

load_all()

Arguments = Mapping[str, Any]


def where(model: ReadModel, condition: Condition) -> ColumnElement[bool]:
    """The condition on `model`'s rows, as SQLAlchemy renders it for every backend."""
    columns = model.model.__table__.c
    if isinstance(condition, InText | InInts):
        if not condition.values:
            return false()
        return columns[condition.column].in_(condition.values)
    if isinstance(condition, Is):
        return columns[condition.column].is_(condition.value)
    if isinstance(condition, IsNull):
        return columns[condition.column].is_(None)
    if isinstance(condition, Contains):
        found = [
            func.lower(columns[c]).contains(condition.needle, autoescape=True)
            for c in condition.columns
        ]
        if condition.named is not None:  # any recorded form of the name (gp_api.names)
            names = _table("localized_names")
            found.append(
                exists().where(
                    names.c.subject_type == condition.named,
                    names.c.subject_id == columns["id"],
                    or_(
                        func.lower(names.c.name).contains(condition.needle, autoescape=True),
                        func.lower(names.c.short_name).contains(condition.needle, autoescape=True),
                    ),
                )
            )
        return or_(*found)
    if isinstance(condition, Compare):
        column = columns[condition.column]
        if condition.op == "<":
            return column < condition.value
        if condition.op == ">":
            return column > condition.value
        if condition.op == "<=":
            return column <= condition.value
        return column >= condition.value
    if isinstance(condition, Both):
        return and_(where(model, condition.first), where(model, condition.second))
    if isinstance(condition, Either):
        return or_(where(model, condition.first), where(model, condition.second))
    if isinstance(condition, HasAny):
        if not condition.values:
            return false()
        elements = json_elements(columns[condition.column]).table_valued("value")
        return exists().where(elements.c.value.in_(condition.values))
    assert isinstance(condition, Exists)
    if not condition.values:
        return false()
    link = _table(condition.table)
    return exists().where(
        link.c[condition.fk] == columns["id"], link.c[condition.column].in_(condition.values)
    )


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def visible(model: ReadModel, role: Role | None) -> list[Condition]:
    """The rows of `model` a reader of `role` may see at all (no condition: every row)."""
    found = None if model.reader is None else model.reader(role)
    return [] if found is None else [found]


def _rows(model: ReadModel, found: Iterable[Condition]) -> Select[Any]:
    stmt = select(model.model)
    for condition in found:
        stmt = stmt.where(where(model, condition))
    return stmt


# ---- Connections --------------------------------------------------------------------------


def root_conditions(name: str, args: Arguments, role: Role | None) -> list[Condition]:
    """The conditions of the root connection `name` for these arguments and reader (raises
    DomainError for arguments its filters refuse)."""
    root = ROOTS[name]
    return conditions(root.filters, args) + visible(MODELS[root.type_name], role)


async def page(
    session: AsyncSession, type_name: str, found: Sequence[Condition], args: PageArgs
) -> Page[Any]:
    """A page of the rows of `type_name` that meet every condition, in the type's order."""
    model = MODELS[type_name]
    return await pagination.paginate(session, _rows(model, found), model.order, args)


async def count(session: AsyncSession, type_name: str, found: Sequence[Condition]) -> int:
    return await pagination.count(session, _rows(MODELS[type_name], found))


def _children(parent_type: str, field: str) -> tuple[Children, ReadModel]:
    read = MODELS[parent_type].fields[field]
    if not isinstance(read, Children):
        raise TypeError(f"{parent_type}.{field} is not a connection of children")
    return read, MODELS[read.type_name]


def _children_rows(
    parent_type: str, field: str, args: Arguments, role: Role | None
) -> tuple[Children, ReadModel, Select[Any]]:
    read, model = _children(parent_type, field)
    found = conditions(read.filters, args) + list(read.fixed) + visible(model, role)
    return read, model, _rows(model, found)


async def children_pages(
    session: AsyncSession,
    parent_type: str,
    field: str,
    parents: Sequence[Hashable],
    args: Arguments,
    page_args: PageArgs,
    role: Role | None,
) -> dict[Hashable, Page[Any]]:
    """The page of `parent_type.field` (a Children connection) of each parent, in one
    statement."""
    read, model, stmt = _children_rows(parent_type, field, args, role)
    group = getattr(model.model, read.fk)
    return await pagination.paginate_grouped(
        session, model.model, stmt, group, parents, model.order, page_args
    )


async def children_counts(
    session: AsyncSession,
    parent_type: str,
    field: str,
    parents: Sequence[Hashable],
    args: Arguments,
    role: Role | None,
) -> dict[Hashable, int]:
    read, model, stmt = _children_rows(parent_type, field, args, role)
    return await pagination.count_grouped(session, stmt, getattr(model.model, read.fk), parents)


# ---- Lists and rows by id -------------------------------------------------------------------


async def lists(
    session: AsyncSession,
    parent_type: str,
    field: str,
    parents: Sequence[int],
    role: Role | None,
) -> dict[int, list[Any]]:
    """The rows `parent_type.field` (Through or Rows) lists for each parent, in one statement,
    in the listed type's order."""
    read = MODELS[parent_type].fields[field]
    if not isinstance(read, Through | Rows):
        raise TypeError(f"{parent_type}.{field} is not a list of rows")
    model = MODELS[read.type_name]
    target = model.model
    if isinstance(read, Rows):
        key = getattr(target, read.fk)
        stmt = select(key, target).where(among(key, "parents"))
    else:
        link = _table(read.table)
        key = link.c[read.near]
        stmt = (
            select(key, target)
            .join(target, model.model.__table__.c["id"] == link.c[read.far])
            .where(among(key, "parents"))
        )
    for condition in visible(model, role):
        stmt = stmt.where(where(model, condition))
    found: dict[int, list[Any]] = {p: [] for p in parents}
    for parent, row in await session.execute(
        stmt.order_by(*model.order), {"parents": list(parents)}
    ):
        found[parent].append(row)
    return found


async def rows_by_id(
    session: AsyncSession, type_name: str, ids: Sequence[int], role: Role | None
) -> dict[int, Any]:
    """The rows of `type_name` with these ids that a reader of `role` may see (a `Parent`)."""
    return await rows_by(session, type_name, "id", ids, role)


async def rows_by(
    session: AsyncSession, type_name: str, column: str, keys: Sequence[Any], role: Role | None
) -> dict[Any, Any]:
    """The rows of `type_name` whose unique `column` is one of `keys` that a reader of `role`
    may see (a `Parent` by that column), by that column's value."""
    model = MODELS[type_name]
    stmt = _rows(model, visible(model, role)).where(among(model.model.__table__.c[column], "keys"))
    found = await session.scalars(stmt, {"keys": list(keys)})
    return {getattr(row, column): row for row in found}
