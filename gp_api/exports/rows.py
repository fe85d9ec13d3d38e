"""The rows an export reads, a page at a time, through the read models (gp_api.reads).

Every row is read as the API reads it for the same role: the type's `reader` conditions apply,
and filters are the read models' own (a value they refuse raises DomainError). Each page is
read in its own session, so a slow client never holds a database connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gp_api import reads
from gp_api.pagination import MAX_PAGE_SIZE, PageArgs
from gp_api.principal import Role
from gp_api.readmodel import MODELS, Condition

Sessions = async_sessionmaker[AsyncSession]


class Reader:
    """Reads for one principal's role."""

    def __init__(self, sessions: Sessions, role: Role | None, page_size: int = MAX_PAGE_SIZE):
        self.sessions = sessions
        self.role = role
        self.page_size = page_size
        self.reads = 0  # reads completed so far

    @contextlib.asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session
        self.reads += 1

    def root(self, name: str, args: Mapping[str, Any]) -> list[Condition]:
        """The conditions of the root connection `name` with these filter arguments, for this
        reader (raises DomainError for a value the filter refuses)."""
        return reads.root_conditions(name, args, self.role)

    def only(self, type_name: str, *extra: Condition) -> list[Condition]:
        """Every row of `type_name` this reader may see, meeting the `extra` conditions."""
        return [*extra, *reads.visible(MODELS[type_name], self.role)]

    async def pages(self, type_name: str, found: Sequence[Condition]) -> AsyncIterator[list[Any]]:
        """The rows of `type_name` meeting every condition, in the type's order, a page at a
        time (keyset pagination: rows added meanwhile never repeat or shift a page)."""
        after: str | None = None
        while True:
            async with self._session() as session:
                page = await reads.page(
                    session, type_name, found, PageArgs(first=self.page_size, after=after)
                )
            if page.rows:
                yield page.rows
            if not page.has_next_page or not page.rows:
                return
            after = page.cursors[-1]

    async def each(self, type_name: str, found: Sequence[Condition]) -> AsyncIterator[Any]:
        async for rows in self.pages(type_name, found):
            for row in rows:
                yield row

    async def by_id(self, type_name: str, ids: Iterable[int | None]) -> dict[int, Any]:
        """The rows of `type_name` with these ids this reader may see."""
        wanted = sorted({i for i in ids if i is not None})
        if not wanted:
            return {}
        async with self._session() as session:
            return await reads.rows_by_id(session, type_name, wanted, self.role)

    async def by(self, type_name: str, column: str, keys: Iterable[Any]) -> dict[Any, Any]:
        wanted = sorted({k for k in keys if k is not None})
        if not wanted:
            return {}
        async with self._session() as session:
            return await reads.rows_by(session, type_name, column, wanted, self.role)

    async def lists(
        self, parent_type: str, field: str, parents: Sequence[int]
    ) -> dict[int, list[Any]]:
        """The rows `parent_type.field` (a Through or Rows list) lists for each parent."""
        if not parents:
            return {}
        async with self._session() as session:
            return await reads.lists(session, parent_type, field, parents, self.role)
