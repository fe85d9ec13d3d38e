"""Relay building blocks: the Node interface, connections, and argument handling."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import reads
from gp_api.errors import DomainError
from gp_api.graphql import ids
from gp_api.graphql.context import Info
from gp_api.graphql.errors import public
from gp_api.graphql.loaders import frozen
from gp_api.pagination import Page, PageArgs
from gp_api.readmodel import ROOTS, Condition

T = TypeVar("T")
R = TypeVar("R")


@strawberry.interface(description="An object with a global ID, refetchable with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="The global ID of this object.")


@strawberry.type(description="Where a page of a connection sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More edges follow this page.")
    has_previous_page: bool = strawberry.field(description="More edges precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge.")


@strawberry.type(description="An edge of a connection: one node and its cursor.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The object at this edge.")
    cursor: str = strawberry.field(description="Opaque cursor for `after`/`before`.")


@strawberry.type(description="A page of a list (Relay connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The edges of this page.")
    page_info: PageInfo = strawberry.field(description="Pagination state of this page.")
    count_thunk: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many objects the whole list holds (all pages).")
    async def total_count(self) -> int:
        return await self.count_thunk()


def connection(
    page: Page[Any], convert: Callable[[Any], T], count_thunk: Callable[[], Awaitable[int]]
) -> Connection[T]:
    return Connection(
        edges=[
            Edge(node=convert(row), cursor=cursor)
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ],
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        count_thunk=count_thunk,
    )


async def root_connection(
    context: Any,
    args: PageArgs,
    fetch_page: Callable[[AsyncSession, PageArgs], Awaitable[Page[Any]]],
    fetch_count: Callable[[AsyncSession], Awaitable[int]],
    convert: Callable[[Any], T],
) -> Connection[T]:
    """A top-level connection: one page now, the total only if the client asks for it."""
    page = await publicly(context.run(lambda session: fetch_page(session, args)))

    async def total() -> int:
        count: int = await context.run(fetch_count)
        return count

    return connection(page, convert, total)


async def read_root(
    info: Info,
    name: str,
    arguments: dict[str, Any],
    convert: Callable[[Any], T],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[T]:
    """The root connection `name` its read model declares (gp_api.readmodel.ROOTS): the
    arguments' conditions (refused ones are the client's error), then the page."""
    try:
        found = reads.root_conditions(name, arguments, info.context.principal.role)
    except DomainError as error:
        raise public(error) from None
    return await read_rows(
        info, ROOTS[name].type_name, found, convert, page_args(first, after, last, before)
    )


async def read_rows(
    info: Info,
    type_name: str,
    found: Sequence[Condition],
    convert: Callable[[Any], T],
    args: PageArgs,
) -> Connection[T]:
    """A connection over the rows of a declared type that meet every condition."""
    return await root_connection(
        info.context,
        args,
        lambda s, a: reads.page(s, type_name, found, a),
        lambda s: reads.count(s, type_name, found),
        convert,
    )


async def read_children(
    info: Info,
    parent_type: str,
    field: str,
    pk: int,
    arguments: dict[str, Any],
    args: PageArgs,
    convert: Callable[[Any], T],
) -> Connection[T]:
    """The connection `parent_type.field` its read model declares (a `Children`) of the
    parent `pk`, through the request's loaders (one statement per batch of parents)."""
    pages, counts = info.context.loaders.children(parent_type, field)
    key = frozen(arguments)
    page = await pages.load((pk, (key, args)))
    return connection(page, convert, lambda: counts.load((pk, key)))


def page_args(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> PageArgs:
    """Checked pagination arguments; a bad one is a top-level BAD_USER_INPUT error."""
    try:
        return PageArgs(first=first, after=after, last=last, before=before).checked()
    except DomainError as error:
        raise public(error) from None


async def publicly(call: Awaitable[R]) -> R:
    """Await a service call from a query resolver; DomainError becomes a public error."""
    try:
        return await call
    except DomainError as error:
        raise public(error) from None


def decode_ids(
    values: Sequence[strawberry.ID] | None, type_name: str, field: str
) -> list[int] | None:
    if values is None:
        return None
    try:
        return [ids.decode_as(v, type_name, field) for v in values]
    except DomainError as error:
        raise public(error) from None


FIRST = "Return the first n edges (at most 100)."
AFTER = "Return edges after this cursor."
LAST = "Return the last n edges (at most 100)."
BEFORE = "Return edges before this cursor."
First = Annotated[int | None, strawberry.argument(description=FIRST)]
After = Annotated[str | None, strawberry.argument(description=AFTER)]
Last = Annotated[int | None, strawberry.argument(description=LAST)]
Before = Annotated[str | None, strawberry.argument(description=BEFORE)]
